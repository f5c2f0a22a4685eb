import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { esb, errorText, type Page, type Row } from '../api';
import { Field, InstanceForm, searchAll, type FieldProps } from '../model';
import { navigate, useLocation } from '../router';
import { Empty, ErrorBox, FilterActions, Loaded, Loading, Modal, Pager, Progress, useAsync, useNotify } from '../ui';
import { BusinessPicker } from './Businesses';

interface Host extends Row {
  bk_host_id: number;
  bk_host_innerip: string;
  bk_host_name: string | null;
  bk_cloud_id: number;
  bk_os_name: string | null;
}

interface HostTopo {
  host: Host;
  topo: Array<{ bk_set_id: number; bk_set_name: string; module: Array<{ bk_module_id: number; bk_module_name: string }> }>;
}

interface CloudArea extends Row {
  bk_cloud_id: number;
  bk_cloud_name: string;
}

interface SetBrief {
  bk_set_id: number;
  bk_set_name: string;
  default: number;
}

interface ModuleBrief {
  bk_module_id: number;
  bk_module_name: string;
  bk_set_id: number;
  default: number;
}

interface Filters {
  ip: string;
  name: string;
  cloud: string;
  set: string;
  module: string;
}

const EMPTY: Filters = { ip: '', name: '', cloud: '', set: '', module: '' };
/** Hosts moved or added per call: progress shows between calls. */
const CHUNK = 200;

function useCloudAreas() {
  return useAsync((signal) => esb<Page<CloudArea>>('search_cloud_area', { page: { start: 0, limit: 1000, sort: 'bk_cloud_id' } }, signal), []);
}

function hostFilter(f: Filters): Row | undefined {
  const rules: Row[] = [];
  if (f.ip.trim()) rules.push({ field: 'bk_host_innerip', operator: 'contains', value: f.ip.trim() });
  if (f.name.trim()) rules.push({ field: 'bk_host_name', operator: 'contains', value: f.name.trim() });
  if (f.cloud !== '') rules.push({ field: 'bk_cloud_id', operator: 'equal', value: Number(f.cloud) });
  return rules.length ? { condition: 'AND', rules } : undefined;
}

function listBody(bizId: number, f: Filters): Row {
  const body: Row = { bk_biz_id: bizId };
  const filter = hostFilter(f);
  if (filter) body.host_property_filter = filter;
  if (f.module) body.bk_module_ids = [Number(f.module)];
  else if (f.set) body.bk_set_ids = [Number(f.set)];
  return body;
}

/** A business's hosts: filters, paging, selection, moves to a module or the idle pool, and new hosts. */
export function Hosts() {
  const { query } = useLocation();
  const bizId = query.get('biz') ? Number(query.get('biz')) : undefined;
  return (
    <section>
      <div className="title-row">
        <h1>Hosts</h1>
        <BusinessPicker value={bizId} onChange={(id) => navigate(`/hosts?biz=${id}`)} />
      </div>
      {bizId === undefined ? (
        <Empty>Choose a business to see its hosts.</Empty>
      ) : (
        <BusinessHosts key={bizId} bizId={bizId} initialModule={query.get('module') ?? ''} />
      )}
    </section>
  );
}

function BusinessHosts({ bizId, initialModule }: { bizId: number; initialModule: string }) {
  const notify = useNotify();
  const clouds = useCloudAreas();
  const sets = useAsync(
    (signal) =>
      esb<Page<SetBrief>>('search_set', { bk_biz_id: bizId, fields: ['bk_set_id', 'bk_set_name', 'default'], page: { start: 0, limit: 1000, sort: 'bk_set_name' } }, signal),
    [bizId],
  );
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [ready, setReady] = useState(initialModule === '');
  // A link to one module (from the topology): find its set, then filter by both.
  useEffect(() => {
    if (!initialModule) return;
    esb<Page<ModuleBrief>>('search_module', { bk_biz_id: bizId, condition: { bk_module_id: Number(initialModule) }, fields: ['bk_module_id', 'bk_set_id'] })
      .then((r) => {
        const m = r.info[0];
        const f = m ? { ...EMPTY, set: String(m.bk_set_id), module: String(m.bk_module_id) } : EMPTY;
        setDraft(f);
        setFilters(f);
      })
      .catch(() => undefined)
      .finally(() => setReady(true));
  }, [bizId, initialModule]);

  const modules = useAsync(
    async (signal) =>
      draft.set
        ? esb<Page<ModuleBrief>>(
            'search_module',
            { bk_biz_id: bizId, bk_set_id: Number(draft.set), fields: ['bk_module_id', 'bk_module_name', 'bk_set_id', 'default'], page: { start: 0, limit: 1000, sort: 'bk_module_name' } },
            signal,
          )
        : undefined,
    [bizId, draft.set],
  );

  const [start, setStart] = useState(0);
  const [limit, setLimit] = useState(20);
  const list = useAsync(
    async (signal) => (ready ? esb<Page<HostTopo>>('list_biz_hosts_topo', { ...listBody(bizId, filters), page: { start, limit, sort: 'bk_host_id' } }, signal) : undefined),
    [bizId, filters, start, limit, ready],
  );

  const [selected, setSelected] = useState<Set<number>>(new Set());
  useEffect(() => setSelected(new Set()), [filters]);
  const [progress, setProgress] = useState<{ done: number; total: number; label: string }>();
  const [moving, setMoving] = useState(false);
  const [adding, setAdding] = useState(false);
  const cloudName = useMemo(() => new Map(clouds.data?.info.map((c) => [c.bk_cloud_id, c.bk_cloud_name])), [clouds.data]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setStart(0);
    setFilters(draft);
  };

  const selectAllMatching = async () => {
    try {
      const { rows } = await searchAll<Host>('list_biz_hosts', { ...listBody(bizId, filters), fields: ['bk_host_id'] }, {
        limit: 500,
        onProgress: (done, total) => setProgress({ done, total, label: 'Selecting hosts' }),
      });
      setSelected(new Set(rows.map((h) => h.bk_host_id)));
    } catch (err) {
      notify(errorText(err), 'error');
    } finally {
      setProgress(undefined);
    }
  };

  /** Runs a transfer over the selection, CHUNK hosts per call, with progress. */
  const transfer = async (call: string, extra: Row, what: string) => {
    const ids = [...selected];
    try {
      for (let i = 0; i < ids.length; i += CHUNK) {
        setProgress({ done: i, total: ids.length, label: `Moving hosts ${what}` });
        await esb(call, { bk_biz_id: bizId, bk_host_id: ids.slice(i, i + CHUNK), ...extra });
      }
      notify(`${ids.length} host${ids.length === 1 ? '' : 's'} moved ${what}`);
      setSelected(new Set());
      list.reload();
      return true;
    } catch (err) {
      notify(`Not all hosts were moved: ${errorText(err)}`, 'error');
      list.reload();
      return false;
    } finally {
      setProgress(undefined);
    }
  };

  const page = list.data;
  const pageIds = page?.info.map((h) => h.host.bk_host_id) ?? [];
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));

  return (
    <>
      <form className="filters" onSubmit={apply} aria-label="Host filters">
        <label className="inline-field">
          IP{' '}
          <input value={draft.ip} onChange={(e) => setDraft({ ...draft, ip: e.target.value })} placeholder="10.0." aria-label="Filter by IP" />
        </label>
        <label className="inline-field">
          Name <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} aria-label="Filter by name" />
        </label>
        <label className="inline-field">
          Cloud area{' '}
          <select value={draft.cloud} onChange={(e) => setDraft({ ...draft, cloud: e.target.value })} aria-label="Filter by cloud area">
            <option value="">any</option>
            {clouds.data?.info.map((c) => (
              <option key={c.bk_cloud_id} value={c.bk_cloud_id}>
                {c.bk_cloud_name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          Set{' '}
          <select value={draft.set} onChange={(e) => setDraft({ ...draft, set: e.target.value, module: '' })} aria-label="Filter by set">
            <option value="">any</option>
            {sets.data?.info.map((s) => (
              <option key={s.bk_set_id} value={s.bk_set_id}>
                {s.bk_set_name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          Module{' '}
          <select value={draft.module} disabled={!draft.set} onChange={(e) => setDraft({ ...draft, module: e.target.value })} aria-label="Filter by module">
            <option value="">{draft.set ? 'any' : 'choose a set first'}</option>
            {modules.data?.info.map((m) => (
              <option key={m.bk_module_id} value={m.bk_module_id}>
                {m.bk_module_name}
              </option>
            ))}
          </select>
        </label>
        <FilterActions
          onClear={() => {
            setDraft(EMPTY);
            setFilters(EMPTY);
            setStart(0);
          }}
        />
        <span className="spacer" />
        <button type="button" onClick={() => setAdding(true)}>
          Add hosts
        </button>
      </form>

      <div className="selection-bar" aria-live="polite">
        <span>{selected.size ? `${selected.size.toLocaleString()} selected` : 'Select hosts to move them.'}</span>
        {page && page.count > pageIds.length && selected.size < page.count && (
          <button type="button" onClick={selectAllMatching} disabled={!!progress}>
            Select all {page.count.toLocaleString()} matching
          </button>
        )}
        {selected.size > 0 && (
          <>
            <button type="button" className="primary" disabled={!!progress} onClick={() => setMoving(true)}>
              Move to module…
            </button>
            <button type="button" disabled={!!progress} onClick={() => transfer('transfer_host_to_idlemodule', {}, 'to the idle module')}>
              To idle
            </button>
            <button type="button" disabled={!!progress} onClick={() => transfer('transfer_host_to_faultmodule', {}, 'to the fault module')}>
              To fault
            </button>
            <button type="button" disabled={!!progress} onClick={() => transfer('transfer_host_to_recyclemodule', {}, 'to the recycle module')}>
              To recycle
            </button>
            <button type="button" className="ghost" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          </>
        )}
      </div>
      {progress && <Progress {...progress} />}

      {!ready ? (
        <Loading />
      ) : (
        <Loaded q={list} label="Loading hosts…">
          {(p) =>
            !p || p.info.length === 0 ? (
              <Empty>{hostFilter(filters) || filters.set ? 'No host matches these filters.' : 'This business has no host yet: “Add hosts” puts new ones in its idle module.'}</Empty>
            ) : (
              <>
                <table className="table">
                  <thead>
                    <tr>
                      <th>
                        <input
                          type="checkbox"
                          aria-label="Select every host on this page"
                          checked={allOnPage}
                          onChange={(e) =>
                            setSelected((old) => {
                              const next = new Set(old);
                              for (const id of pageIds) {
                                if (e.target.checked) next.add(id);
                                else next.delete(id);
                              }
                              return next;
                            })
                          }
                        />
                      </th>
                      <th>Inner IP</th>
                      <th>Name</th>
                      <th>Cloud area</th>
                      <th>Set / module</th>
                      <th>OS</th>
                      <th>ID</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.info.map(({ host, topo }) => (
                      <tr key={host.bk_host_id} className={selected.has(host.bk_host_id) ? 'selected' : undefined}>
                        <td>
                          <input
                            type="checkbox"
                            aria-label={`Select host ${host.bk_host_innerip}`}
                            checked={selected.has(host.bk_host_id)}
                            onChange={(e) =>
                              setSelected((old) => {
                                const next = new Set(old);
                                if (e.target.checked) next.add(host.bk_host_id);
                                else next.delete(host.bk_host_id);
                                return next;
                              })
                            }
                          />
                        </td>
                        <td className="mono">{host.bk_host_innerip}</td>
                        <td>{host.bk_host_name}</td>
                        <td>{cloudName.get(host.bk_cloud_id) ?? host.bk_cloud_id}</td>
                        <td>{topo.flatMap((t) => t.module.map((m) => `${t.bk_set_name} / ${m.bk_module_name}`)).join(', ')}</td>
                        <td>{host.bk_os_name}</td>
                        <td className="num">{host.bk_host_id}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div className="table-foot">
                  <Pager start={start} limit={limit} count={p.count} onChange={setStart} />
                  <label className="inline-field">
                    Per page{' '}
                    <select
                      value={limit}
                      onChange={(e) => {
                        setLimit(Number(e.target.value));
                        setStart(0);
                      }}
                    >
                      {[20, 50, 100, 500].map((n) => (
                        <option key={n}>{n}</option>
                      ))}
                    </select>
                  </label>
                </div>
              </>
            )
          }
        </Loaded>
      )}

      {moving && (
        <MoveDialog
          bizId={bizId}
          count={selected.size}
          sets={sets.data?.info.filter((s) => s.default === 0) ?? []}
          onClose={() => setMoving(false)}
          onMove={async (moduleId, name) => {
            setMoving(false);
            await transfer('transfer_host_module', { bk_module_id: [moduleId], is_increment: false }, `to ${name}`);
          }}
        />
      )}
      {adding && (
        <Modal title="Add hosts to the idle module" onClose={() => setAdding(false)} wide>
          {progress && <Progress {...progress} />}
          <InstanceForm
            objId="host"
            mode="create"
            extra={['bk_host_innerip']}
            multiline={['bk_host_innerip']}
            initial={{ bk_cloud_id: 0 }}
            hints={{ bk_host_innerip: 'required: one address a line adds one host each, with the values below' }}
            inputs={{ bk_cloud_id: (p) => <CloudField {...p} clouds={clouds.data?.info ?? []} /> }}
            submitLabel="Add"
            onCancel={() => setAdding(false)}
            onSubmit={async (values) => {
              const ips = String(values.bk_host_innerip ?? '')
                .split(/[\s,]+/)
                .filter(Boolean);
              const rows = (ips.length ? ips : ['']).map((ip) => ({ ...values, bk_host_innerip: ip }));
              try {
                for (let i = 0; i < rows.length; i += 500) {
                  setProgress({ done: i, total: rows.length, label: 'Adding hosts' });
                  await esb('add_host_to_business_idle', { bk_biz_id: bizId, bk_host_list: rows.slice(i, i + 500) });
                }
              } finally {
                setProgress(undefined);
              }
              notify(`${rows.length} host${rows.length === 1 ? '' : 's'} added to the idle module`);
              setAdding(false);
              list.reload();
            }}
          />
        </Modal>
      )}
    </>
  );
}

function CloudField(p: FieldProps & { clouds: CloudArea[] }) {
  // The model's bk_cloud_id is a reference: offer the cloud areas by name.
  const attr = { ...p.attr, bk_property_type: 'enum', option: p.clouds.map((c) => ({ id: String(c.bk_cloud_id), name: c.bk_cloud_name })) };
  return <Field {...p} attr={attr} />;
}

function MoveDialog({
  bizId,
  count,
  sets,
  onClose,
  onMove,
}: {
  bizId: number;
  count: number;
  sets: SetBrief[];
  onClose: () => void;
  onMove: (moduleId: number, name: string) => Promise<void>;
}) {
  const [setId, setSetId] = useState(sets[0] ? String(sets[0].bk_set_id) : '');
  const [moduleId, setModuleId] = useState('');
  const modules = useAsync(
    async (signal) =>
      setId
        ? esb<Page<ModuleBrief>>(
            'search_module',
            { bk_biz_id: bizId, bk_set_id: Number(setId), condition: { default: 0 }, fields: ['bk_module_id', 'bk_module_name', 'bk_set_id', 'default'], page: { start: 0, limit: 1000, sort: 'bk_module_name' } },
            signal,
          )
        : undefined,
    [bizId, setId],
  );
  useEffect(() => {
    const first = modules.data?.info[0];
    setModuleId(first ? String(first.bk_module_id) : '');
  }, [modules.data]);
  const chosen = modules.data?.info.find((m) => String(m.bk_module_id) === moduleId);
  const setName = sets.find((s) => String(s.bk_set_id) === setId)?.bk_set_name;
  return (
    <Modal title={`Move ${count} host${count === 1 ? '' : 's'} to a module`} onClose={onClose}>
      {sets.length === 0 ? (
        <Empty>This business has no set yet: build its topology first.</Empty>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) void onMove(chosen.bk_module_id, `${setName} / ${chosen.bk_module_name}`);
          }}
        >
          <div className="field">
            <label htmlFor="move-set">Set</label>
            <select id="move-set" value={setId} onChange={(e) => setSetId(e.target.value)}>
              {sets.map((s) => (
                <option key={s.bk_set_id} value={s.bk_set_id}>
                  {s.bk_set_name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="move-module">Module</label>
            {modules.error ? (
              <ErrorBox error={modules.error} />
            ) : (
              <select id="move-module" value={moduleId} onChange={(e) => setModuleId(e.target.value)} disabled={!modules.data}>
                {modules.data?.info.length === 0 && <option value="">no module in this set</option>}
                {modules.data?.info.map((m) => (
                  <option key={m.bk_module_id} value={m.bk_module_id}>
                    {m.bk_module_name}
                  </option>
                ))}
              </select>
            )}
            <div className="hint">The hosts leave every module they are in now (a replacing transfer).</div>
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={!chosen}>
              Move
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
