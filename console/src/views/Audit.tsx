import { useState, type FormEvent } from 'react';
import { esb, type Page, type Row } from '../api';
import { Link } from '../router';
import { Badge, Empty, ErrorBox, FilterActions, Loaded, Loading, Pager, useAsync } from '../ui';

interface AuditRecord {
  id: number;
  audit_type: string;
  user: string;
  resource_type: string;
  action: string;
  operation_time: string;
  bk_biz_id: number;
  resource_id: number | string;
  resource_name: string;
  code: string;
  rid: string;
  operation_detail: null | {
    bk_obj_id?: string;
    details?: { pre_data: Row | null; cur_data: Row | null; update_fields: Row | null };
    [k: string]: unknown;
  };
}

const RESOURCE_TYPES = ['business', 'set', 'module', 'host', 'cloud_area', 'model_attribute', 'region', 'service_category', 'service_template', 'set_template'];
const ACTIONS = ['create', 'update', 'delete'];
const LIMIT = 20;

interface Filters {
  biz: string;
  type: string;
  actions: string[];
  user: string;
  name: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { biz: '', type: '', actions: [], user: '', name: '', from: '', to: '' };

/** "2026-01-02T03:04" (datetime-local) → "2026-01-02 03:04:00" (the audit's wall clock). */
const wall = (v: string, end: boolean) => (v ? `${v.replace('T', ' ')}${v.length === 16 ? (end ? ':59' : ':00') : ''}` : undefined);

function conditionOf(f: Filters): Row {
  const c: Row = {};
  if (f.biz.trim() !== '' && Number.isInteger(Number(f.biz))) c.bk_biz_id = Number(f.biz);
  if (f.type) c.resource_type = f.type;
  if (f.actions.length) c.action = f.actions;
  if (f.user.trim()) c.user = f.user.trim();
  if (f.name.trim()) c.resource_name = f.name.trim();
  const start = wall(f.from, false);
  const end = wall(f.to, true);
  if (start || end) c.operation_time = { ...(start ? { start } : {}), ...(end ? { end } : {}) };
  return c;
}

const actionTone = (a: string) => (a === 'create' ? 'green' : a === 'delete' ? 'red' : 'amber');

/** The operation audit: who changed what, when, newest first. */
export function Audit() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [start, setStart] = useState(0);
  const q = useAsync(
    (signal) => esb<Page<AuditRecord>>('list_operation_audit', { condition: conditionOf(filters), page: { start, limit: LIMIT } }, signal),
    [filters, start],
  );
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setStart(0);
    setFilters(draft);
  };
  return (
    <section>
      <h1>Audit</h1>
      <form className="filters" onSubmit={apply} aria-label="Audit filters">
        <label className="inline-field">
          Business ID <input className="narrow" inputMode="numeric" value={draft.biz} onChange={(e) => setDraft({ ...draft, biz: e.target.value })} />
        </label>
        <label className="inline-field">
          Resource{' '}
          <select value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })} aria-label="Resource type">
            <option value="">any</option>
            {RESOURCE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <span className="inline-field" role="group" aria-label="Actions">
          {ACTIONS.map((a) => (
            <label className="check" key={a}>
              <input
                type="checkbox"
                checked={draft.actions.includes(a)}
                onChange={(e) => setDraft({ ...draft, actions: e.target.checked ? [...draft.actions, a] : draft.actions.filter((x) => x !== a) })}
              />
              {a}
            </label>
          ))}
        </span>
        <label className="inline-field">
          User <input className="narrow" value={draft.user} onChange={(e) => setDraft({ ...draft, user: e.target.value })} />
        </label>
        <label className="inline-field">
          Resource name <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label className="inline-field">
          From <input type="datetime-local" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label className="inline-field">
          To <input type="datetime-local" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <FilterActions
          onClear={() => {
            setDraft(EMPTY);
            setFilters(EMPTY);
            setStart(0);
          }}
        />
      </form>
      <Loaded q={q} label="Loading the audit…">
        {(page) =>
          page.info.length === 0 ? (
            <Empty>No audit record matches.</Empty>
          ) : (
            <>
              <table className="table">
                <thead>
                  <tr>
                    <th>Time</th>
                    <th>User</th>
                    <th>Action</th>
                    <th>Resource</th>
                    <th>Name</th>
                    <th>Business</th>
                    <th>Via</th>
                    <th aria-label="Details" />
                  </tr>
                </thead>
                <tbody>
                  {page.info.map((r) => (
                    <tr key={r.id}>
                      <td className="nowrap">{r.operation_time}</td>
                      <td>{r.user}</td>
                      <td>
                        <Badge tone={actionTone(r.action)}>{r.action}</Badge>
                      </td>
                      <td>{r.resource_type.replace('_', ' ')}</td>
                      <td>{r.resource_name}</td>
                      <td className="num">{r.bk_biz_id || ''}</td>
                      <td className="small">{r.code}</td>
                      <td>
                        <Link to={`/audit/${r.id}`} aria-label={`Details of audit record ${r.id}`}>
                          Details
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager start={start} limit={LIMIT} count={page.count} onChange={setStart} />
            </>
          )
        }
      </Loaded>
    </section>
  );
}

const show = (v: unknown) => (v === undefined ? '' : v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** One record: who, when, and its data before and after, field by field. */
export function AuditDetail({ id }: { id: number }) {
  const [onlyChanged, setOnlyChanged] = useState(false);
  const q = useAsync((signal) => esb<AuditRecord[]>('find_audit_by_id', { id: [id] }, signal), [id]);
  if (q.error) return <ErrorBox error={q.error} onRetry={q.reload} />;
  if (!q.data) return <Loading label="Loading the record…" />;
  const r = q.data[0];
  if (!r) return <Empty>There is no audit record {id}.</Empty>;
  const details = r.operation_detail?.details;
  const pre = details?.pre_data ?? null;
  const cur = details?.cur_data ?? null;
  const updated = new Set(Object.keys(details?.update_fields ?? {}));
  const keys = [...new Set([...Object.keys(pre ?? {}), ...Object.keys(cur ?? {})])].sort();
  const changed = (k: string) => show(pre?.[k]) !== show(cur?.[k]);
  const rows = onlyChanged && pre && cur ? keys.filter((k) => changed(k) || updated.has(k)) : keys;
  return (
    <section>
      <p>
        <Link to="/audit">‹ Audit</Link>
      </p>
      <h1>
        <Badge tone={actionTone(r.action)}>{r.action}</Badge> {r.resource_type.replace('_', ' ')} <span className="accent">{r.resource_name}</span>
      </h1>
      <dl className="facts">
        <dt>When</dt>
        <dd>{r.operation_time}</dd>
        <dt>Who</dt>
        <dd>
          {r.user} <span className="muted">via {r.code || 'an app'}</span>
        </dd>
        <dt>Resource</dt>
        <dd>
          {r.resource_type} {r.resource_id}
          {r.bk_biz_id ? ` in business ${r.bk_biz_id}` : ''}
        </dd>
        <dt>Request</dt>
        <dd className="mono small">{r.rid}</dd>
        <dt>Record</dt>
        <dd>
          {r.id} ({r.audit_type})
        </dd>
      </dl>
      {pre && cur && (
        <label className="check">
          <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} /> Changed fields only
        </label>
      )}
      {keys.length === 0 ? (
        <Empty>This record carries no data.</Empty>
      ) : (
        <table className="table diff" aria-label="Before and after">
          <thead>
            <tr>
              <th>Field</th>
              <th>Before</th>
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((k) => {
              const c = changed(k) || updated.has(k);
              return (
                <tr key={k} className={c ? 'changed' : undefined}>
                  <td className="mono">
                    {k}
                    {c && <span className="sr-only"> (changed)</span>}
                  </td>
                  <td className={`mono ${c && pre ? 'before' : ''}`}>{pre ? show(pre[k]) : <span className="muted">—</span>}</td>
                  <td className={`mono ${c && cur ? 'after' : ''}`}>{cur ? show(cur[k]) : <span className="muted">—</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
