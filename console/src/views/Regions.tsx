import { useState, type FormEvent, type ReactNode } from 'react';
import { errorText, openapi } from '../api';
import { useSubmit } from '../model';
import { Badge, ConfirmButton, Empty, ErrorBox, Loaded, Loading, Modal, PageHeader, Pager, SearchBox, useAsync, useDebounced, useNotify } from '../ui';

interface Region {
  region_id: string;
  region_name: string;
  region_alias: string;
  url: string;
  wsurl: string;
  httpdomain: string;
  tcpdomain: string;
  scope: string;
  ssl_ca_cert: string | null;
  cert_file: string | null;
  key_file: null;
  token: null;
  status: string;
  desc: string;
  enterprise_id: string;
}

const STATUS: Record<string, { name: string; tone: 'green' | 'red' | 'amber' | 'grey' }> = {
  '0': { name: 'editing', tone: 'grey' },
  '1': { name: 'online', tone: 'green' },
  '2': { name: 'offline', tone: 'red' },
  '3': { name: 'maintenance', tone: 'amber' },
};

const PAGE_SIZE = 20;

export function StatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { name: status, tone: 'grey' as const };
  return <Badge tone={s.tone}>{s.name}</Badge>;
}

/** Data centers (Rainbond regions): list with status, add (with the connection test), edit, status, delete. */
export function Regions() {
  const notify = useNotify();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim());
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Region | 'new' | null>(null);
  const q = useAsync(
    (signal) => {
      const p = new URLSearchParams({ page: String(page), page_size: String(PAGE_SIZE) });
      if (query) p.set('query', query);
      if (status) p.set('status', status);
      return openapi<{ list: Region[]; total: number }>('GET', `/regions?${p}`, undefined, signal);
    },
    [query, status, page],
  );

  const changeStatus = async (r: Region, next: string) => {
    try {
      const updated = await openapi<Region>('PUT', `/regions/${encodeURIComponent(r.region_id)}/status`, { status: next });
      q.setData((d) => d && { ...d, list: d.list.map((x) => (x.region_id === r.region_id ? updated : x)) });
      notify(`${r.region_name} is now ${STATUS[next]?.name ?? next}`);
    } catch (err) {
      notify(errorText(err), 'error');
    }
  };

  return (
    <section>
      <PageHeader title="Data centers" action={{ label: 'Add data center', onClick: () => setEditing('new') }} />
      <div className="filters">
        <SearchBox
          label="Search data centers" placeholder="Search by name or alias…"
          value={text}
          onChange={(t) => {
            setText(t);
            setPage(1);
          }}
        />
        <select
          aria-label="Filter by status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            setPage(1);
          }}
        >
          <option value="">any status</option>
          {Object.entries(STATUS).map(([k, v]) => (
            <option key={k} value={k}>
              {v.name}
            </option>
          ))}
        </select>
      </div>
      <Loaded q={q} label="Loading data centers…">
        {(d) =>
          d.list.length === 0 ? (
            <Empty>{query || status ? 'No data center matches.' : 'No data center yet: add the first one.'}</Empty>
          ) : (
            <>
              <table className="table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Alias</th>
                    <th>API URL</th>
                    <th>Scope</th>
                    <th>Status</th>
                    <th aria-label="Actions" />
                  </tr>
                </thead>
                <tbody>
                  {d.list.map((r) => (
                    <tr key={r.region_id}>
                      <td className="mono">{r.region_name}</td>
                      <td>{r.region_alias}</td>
                      <td className="mono small">{r.url}</td>
                      <td>{r.scope}</td>
                      <td>
                        <StatusBadge status={r.status} />
                      </td>
                      <td className="row-actions">
                        <select aria-label={`Change the status of ${r.region_name}`} value={r.status} onChange={(e) => changeStatus(r, e.target.value)}>
                          {Object.entries(STATUS).map(([k, v]) => (
                            <option key={k} value={k}>
                              {v.name}
                            </option>
                          ))}
                        </select>
                        <button type="button" onClick={() => setEditing(r)} aria-label={`Edit ${r.region_name}`}>
                          Edit
                        </button>
                        <ConfirmButton
                          label="Delete"
                          confirm={`Delete ${r.region_name}?`}
                          onConfirm={async () => {
                            try {
                              await openapi('DELETE', `/regions/${encodeURIComponent(r.region_id)}`);
                              notify(`Data center ${r.region_name} deleted`);
                              q.reload();
                            } catch (err) {
                              notify(errorText(err), 'error');
                            }
                          }}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager start={(page - 1) * PAGE_SIZE} limit={PAGE_SIZE} count={d.total} onChange={(s) => setPage(s / PAGE_SIZE + 1)} />
            </>
          )
        }
      </Loaded>
      {editing && (
        <Modal title={editing === 'new' ? 'Add a data center' : `Edit ${editing.region_name}`} onClose={() => setEditing(null)} wide>
          <RegionForm
            region={editing === 'new' ? undefined : editing}
            onCancel={() => setEditing(null)}
            onSaved={(r) => {
              notify(editing === 'new' ? `Data center ${r.region_name} added` : `Data center ${r.region_name} saved`);
              setEditing(null);
              q.reload();
            }}
          />
        </Modal>
      )}
    </section>
  );
}

const TEXT_FIELDS: Array<{ id: keyof Region; label: string; required?: boolean; hint?: string; create?: boolean }> = [
  { id: 'region_name', label: 'Name', required: true, hint: 'letters, digits, - and _; cannot be changed later', create: true },
  { id: 'region_alias', label: 'Alias', required: true },
  { id: 'url', label: 'API URL', required: true, hint: 'https://host:8443' },
  { id: 'wsurl', label: 'WebSocket URL', required: true, hint: 'ws://host:6060' },
  { id: 'httpdomain', label: 'HTTP domain', required: true, hint: 'root domain of HTTP applications' },
  { id: 'tcpdomain', label: 'TCP domain', required: true, hint: 'an IPv4 address or host name' },
  { id: 'desc', label: 'Description' },
];

const PEM_FIELDS: Array<{ id: 'ssl_ca_cert' | 'cert_file'; label: string }> = [
  { id: 'ssl_ca_cert', label: 'CA certificate (PEM)' },
  { id: 'cert_file', label: 'Client certificate (PEM)' },
];

const ALL_FIELDS = [...TEXT_FIELDS.map((f) => f.id), 'scope', 'status', 'ssl_ca_cert', 'cert_file', 'key_file', 'token'];

function RegionForm({ region, onCancel, onSaved }: { region?: Region; onCancel: () => void; onSaved: (r: Region) => void }) {
  const isNew = !region;
  const [v, setV] = useState<Record<string, string>>(() => ({
    region_name: region?.region_name ?? '',
    region_alias: region?.region_alias ?? '',
    url: region?.url ?? '',
    wsurl: region?.wsurl ?? '',
    httpdomain: region?.httpdomain ?? '',
    tcpdomain: region?.tcpdomain ?? '',
    desc: region?.desc ?? '',
    scope: region?.scope ?? 'private',
    status: region?.status ?? '1',
    ssl_ca_cert: region?.ssl_ca_cert ?? '',
    cert_file: region?.cert_file ?? '',
    key_file: '',
    token: '',
  }));
  const [probe, setProbe] = useState(false);
  const [dropKey, setDropKey] = useState(false);
  const { fieldErrors, formError, busy, run } = useSubmit(ALL_FIELDS);
  const set = (k: string) => (e: { target: { value: string } }) => setV((old) => ({ ...old, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    for (const f of TEXT_FIELDS) {
      if (!isNew && f.create) continue;
      if (isNew || v[f.id] !== (region[f.id] ?? '')) body[f.id] = v[f.id];
    }
    for (const k of ['scope', 'status'] as const) if (isNew || v[k] !== region[k]) body[k] = v[k];
    for (const f of PEM_FIELDS) if (isNew ? v[f.id] : v[f.id] !== (region[f.id] ?? '')) body[f.id] = v[f.id] || null;
    // Write-only: sent when typed, never shown again.
    if (v.key_file) body.key_file = v.key_file;
    else if (dropKey) body.key_file = null;
    if (v.token) body.token = v.token;
    const suffix = probe ? '?probe=true' : '';
    await run(async () => {
      const r = isNew
        ? await openapi<Region>('POST', `/regions${suffix}`, body)
        : await openapi<Region>('PUT', `/regions/${encodeURIComponent(region.region_id)}${suffix}`, body);
      onSaved(r);
    });
  };

  const errorOf = (k: string): ReactNode =>
    fieldErrors[k] ? (
      <div className="field-error" id={`rf-${k}-error`} role="alert">
        {fieldErrors[k]}
      </div>
    ) : null;
  const aria = (k: string) => ({
    id: `rf-${k}`,
    'aria-invalid': fieldErrors[k] ? true : undefined,
    'aria-describedby': fieldErrors[k] ? `rf-${k}-error` : undefined,
  });

  return (
    <form className="form two-col" onSubmit={submit} noValidate>
      {formError !== undefined && <ErrorBox error={formError} title="Not saved" />}
      {busy && probe && <Loading label={`Testing the connection to ${v.url}…`} />}
      {TEXT_FIELDS.filter((f) => isNew || !f.create).map((f) => (
        <div key={f.id} className={`field ${fieldErrors[f.id] ? 'has-error' : ''}`}>
          <label htmlFor={`rf-${f.id}`}>
            {f.label}
            {f.required && (
              <abbr className="req" title="required">
                *
              </abbr>
            )}
          </label>
          <input {...aria(f.id)} value={v[f.id]} onChange={set(f.id)} autoComplete="off" aria-required={f.required || undefined} />
          {errorOf(f.id)}
          {f.hint && <div className="hint">{f.hint}</div>}
        </div>
      ))}
      <div className={`field ${fieldErrors.scope ? 'has-error' : ''}`}>
        <label htmlFor="rf-scope">Scope</label>
        <select {...aria('scope')} value={v.scope} onChange={set('scope')}>
          <option value="private">private</option>
          <option value="public">public</option>
        </select>
        {errorOf('scope')}
      </div>
      <div className={`field ${fieldErrors.status ? 'has-error' : ''}`}>
        <label htmlFor="rf-status">Status</label>
        <select {...aria('status')} value={v.status} onChange={set('status')}>
          {Object.entries(STATUS).map(([k, s]) => (
            <option key={k} value={k}>
              {s.name}
            </option>
          ))}
        </select>
        {errorOf('status')}
      </div>
      {PEM_FIELDS.map((f) => (
        <div key={f.id} className={`field wide ${fieldErrors[f.id] ? 'has-error' : ''}`}>
          <label htmlFor={`rf-${f.id}`}>{f.label}</label>
          <textarea {...aria(f.id)} rows={3} className="mono small" value={v[f.id]} onChange={set(f.id)} placeholder="-----BEGIN CERTIFICATE-----" />
          {errorOf(f.id)}
        </div>
      ))}
      <div className={`field wide ${fieldErrors.key_file ? 'has-error' : ''}`}>
        <label htmlFor="rf-key_file">Client private key (PEM, write-only)</label>
        <textarea
          {...aria('key_file')}
          rows={3}
          className="mono small"
          autoComplete="off"
          spellCheck={false}
          value={v.key_file}
          onChange={set('key_file')}
          placeholder={isNew ? '-----BEGIN PRIVATE KEY-----' : 'Never shown: leave empty to keep the stored key'}
        />
        {errorOf('key_file')}
        <div className="hint">Stored encrypted and never answered back, here or in the API.</div>
        {!isNew && (
          <label className="check">
            <input type="checkbox" checked={dropKey} onChange={(e) => setDropKey(e.target.checked)} disabled={!!v.key_file} /> Remove the stored key
          </label>
        )}
      </div>
      <div className={`field wide ${fieldErrors.token ? 'has-error' : ''}`}>
        <label htmlFor="rf-token">API token (write-only)</label>
        <input {...aria('token')} type="password" autoComplete="new-password" value={v.token} onChange={set('token')} placeholder={isNew ? '' : 'Never shown: leave empty to keep'} />
        {errorOf('token')}
      </div>
      <label className="check wide">
        <input type="checkbox" checked={probe} onChange={(e) => setProbe(e.target.checked)} /> Test the connection first (<code>GET {'{url}'}/v2/show</code> over TLS); nothing
        is saved if it fails
      </label>
      <div className="actions wide">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? (probe ? 'Testing…' : 'Saving…') : isNew ? 'Add' : 'Save'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
