import { memo, useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { esb, errorText, fieldOfError, type Page, type Row } from '../api';
import { InstanceForm } from '../model';
import { Link, navigate } from '../router';
import { Badge, ConfirmButton, Empty, ErrorBox, Loading, Modal, Progress, useAsync, useDebounced, useNotify } from '../ui';
import { BusinessPicker, type Business } from './Businesses';

interface TopoNode {
  bk_inst_id: number;
  bk_inst_name: string;
  bk_obj_id: string;
  default: number;
  child: TopoNode[];
}

interface ModuleNode {
  id: number;
  name: string;
}

interface SetNode {
  id: number;
  name: string;
  modules: ModuleNode[];
}

interface Internal {
  bk_set_id: number;
  bk_set_name: string;
  module: Array<{ bk_module_id: number; bk_module_name: string; default: number }>;
}

interface Relation {
  bk_host_id: number;
  bk_module_id: number;
  bk_set_id: number;
}

/** Host counts per module and set, from the host ↔ module relations. */
interface Counts {
  byModule: Map<number, number>;
  bySet: Map<number, number>;
  /** every relation of the business was read (else counts come set by set, as sets open) */
  complete: boolean;
  hosts: number;
}

/** Relations read at once for a whole business; past that, counts are read per set when it opens. */
const RELATION_CAP = 10_000;
const PAGE = 500;
const SET_CHUNK = 200;
const MODULE_CHUNK = 200;

async function readRelations(
  body: Row,
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<{ rows: Relation[]; count: number }> {
  const rows: Relation[] = [];
  let count = 0;
  for (let start = 0; start < RELATION_CAP; start += PAGE) {
    const r = await esb<{ count: number; data: Relation[] }>('find_host_topo_relation', { ...body, page: { start, limit: PAGE } }, signal);
    count = r.count;
    rows.push(...r.data);
    onProgress(rows.length, Math.min(count, RELATION_CAP));
    if (r.data.length < PAGE || rows.length >= count) break;
  }
  return { rows, count };
}

function tally(rows: Relation[], into: Counts): void {
  const hostsBySet = new Map<number, Set<number>>();
  for (const r of rows) {
    into.byModule.set(r.bk_module_id, (into.byModule.get(r.bk_module_id) ?? 0) + 1);
    let s = hostsBySet.get(r.bk_set_id);
    if (!s) hostsBySet.set(r.bk_set_id, (s = new Set()));
    s.add(r.bk_host_id);
  }
  for (const [setId, hosts] of hostsBySet) into.bySet.set(setId, hosts.size);
}

export function TopologyPicker() {
  return (
    <section>
      <h1>Topology</h1>
      <p className="muted">Choose a business to see its sets and modules.</p>
      <BusinessPicker value={undefined} onChange={(id) => navigate(`/businesses/${id}/topology`)} />
    </section>
  );
}

/** A business's tree: sets (opened on demand) and their modules, edited in place; the idle pool apart. */
export function Topology({ bizId }: { bizId: number }) {
  const notify = useNotify();
  const q = useAsync(
    async (signal) => {
      const [biz, topo, internal] = await Promise.all([
        esb<Page<Business>>('search_business', { condition: { bk_biz_id: bizId }, page: { start: 0, limit: 1 } }, signal),
        esb<TopoNode[]>('search_biz_inst_topo', { bk_biz_id: bizId }, signal),
        esb<Internal>('get_biz_internal_module', { bk_biz_id: bizId }, signal),
      ]);
      const root = topo[0];
      const sets: SetNode[] = (root?.child ?? []).map((s) => ({
        id: s.bk_inst_id,
        name: s.bk_inst_name,
        modules: s.child.map((m) => ({ id: m.bk_inst_id, name: m.bk_inst_name })),
      }));
      return { biz: biz.info[0], name: root?.bk_inst_name ?? biz.info[0]?.bk_biz_name ?? `business ${bizId}`, sets, internal };
    },
    [bizId],
  );

  const [sets, setSets] = useState<SetNode[]>([]);
  useEffect(() => {
    if (q.data) setSets(q.data.sets);
  }, [q.data]);

  // Host counts: every relation of the business when there are at most RELATION_CAP.
  const [counts, setCounts] = useState<Counts>();
  const [countProgress, setCountProgress] = useState<{ done: number; total: number }>();
  const [countError, setCountError] = useState<unknown>();
  const [countTick, setCountTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setCountError(undefined);
    readRelations({ bk_biz_id: bizId }, ctl.signal, (done, total) => setCountProgress({ done, total }))
      .then(({ rows, count }) => {
        const c: Counts = { byModule: new Map(), bySet: new Map(), complete: rows.length >= count, hosts: new Set(rows.map((r) => r.bk_host_id)).size };
        tally(rows, c);
        setCounts(c);
      })
      .catch((err) => !ctl.signal.aborted && setCountError(err))
      .finally(() => !ctl.signal.aborted && setCountProgress(undefined));
    return () => ctl.abort();
  }, [bizId, countTick]);

  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const [filter, setFilter] = useState('');
  const needle = useDebounced(filter.trim().toLowerCase(), 200);
  const [shownSets, setShownSets] = useState(SET_CHUNK);
  const [creating, setCreating] = useState<{ kind: 'set' } | { kind: 'module'; set: SetNode } | null>(null);

  const toggle = useCallback(
    (set: SetNode) => {
      setExpanded((old) => {
        const next = new Set(old);
        if (next.has(set.id)) next.delete(set.id);
        else next.add(set.id);
        return next;
      });
      // A business too big to count at once: count this set's hosts as it opens.
      if (counts && !counts.complete && !counts.bySet.has(set.id)) {
        const ctl = new AbortController();
        readRelations({ bk_biz_id: bizId, bk_set_ids: [set.id] }, ctl.signal, () => undefined)
          .then(({ rows }) =>
            setCounts((c) => {
              if (!c) return c;
              const next: Counts = { ...c, byModule: new Map(c.byModule), bySet: new Map(c.bySet) };
              for (const m of set.modules) next.byModule.delete(m.id);
              tally(rows, next);
              if (!next.bySet.has(set.id)) next.bySet.set(set.id, 0);
              return next;
            }),
          )
          .catch(() => undefined);
      }
    },
    [bizId, counts],
  );

  const visible = useMemo(() => {
    if (!needle) return sets.map((s) => ({ set: s, modules: s.modules }));
    const out: Array<{ set: SetNode; modules: ModuleNode[] }> = [];
    for (const s of sets) {
      const setHit = s.name.toLowerCase().includes(needle);
      const mods = setHit ? s.modules : s.modules.filter((m) => m.name.toLowerCase().includes(needle));
      if (setHit || mods.length) out.push({ set: s, modules: mods });
    }
    return out;
  }, [sets, needle]);

  const renameSet = useCallback(
    async (set: SetNode, name: string) => {
      await esb('update_set', { bk_biz_id: bizId, bk_set_id: set.id, data: { bk_set_name: name } });
      setSets((old) => old.map((s) => (s.id === set.id ? { ...s, name } : s)));
      notify(`Set renamed to “${name}”`);
    },
    [bizId, notify],
  );
  const deleteSet = useCallback(
    async (set: SetNode) => {
      try {
        await esb('delete_set', { bk_biz_id: bizId, bk_set_id: set.id });
        setSets((old) => old.filter((s) => s.id !== set.id));
        notify(`Set “${set.name}” deleted`);
      } catch (err) {
        notify(errorText(err), 'error');
      }
    },
    [bizId, notify],
  );
  const renameModule = useCallback(
    async (set: SetNode, m: ModuleNode, name: string) => {
      await esb('update_module', { bk_biz_id: bizId, bk_set_id: set.id, bk_module_id: m.id, data: { bk_module_name: name } });
      setSets((old) => old.map((s) => (s.id === set.id ? { ...s, modules: s.modules.map((x) => (x.id === m.id ? { ...x, name } : x)) } : s)));
      notify(`Module renamed to “${name}”`);
    },
    [bizId, notify],
  );
  const deleteModule = useCallback(
    async (set: SetNode, m: ModuleNode) => {
      try {
        await esb('delete_module', { bk_biz_id: bizId, bk_set_id: set.id, bk_module_id: m.id });
        setSets((old) => old.map((s) => (s.id === set.id ? { ...s, modules: s.modules.filter((x) => x.id !== m.id) } : s)));
        notify(`Module “${m.name}” deleted`);
      } catch (err) {
        notify(errorText(err), 'error');
      }
    },
    [bizId, notify],
  );
  const addModule = useCallback((set: SetNode) => setCreating({ kind: 'module', set }), []);

  if (q.error) return <ErrorBox error={q.error} onRetry={q.reload} />;
  if (!q.data) return <Loading label="Loading the topology…" />;
  const { name, internal, biz } = q.data;
  const moduleTotal = sets.reduce((n, s) => n + s.modules.length, 0);
  const archived = biz?.bk_data_status === 'disabled';

  return (
    <section>
      <div className="title-row">
        <h1>
          Topology of <span className="accent">{name}</span>
        </h1>
        <Link to={`/hosts?biz=${bizId}`}>Hosts of this business</Link>
      </div>
      {archived && <div className="state info">This business is archived: it takes no changes until it is restored.</div>}
      <div className="topo-layout">
        <div className="panel">
          <div className="panel-head">
            <strong>{name}</strong>
            <span className="muted small">
              {plural(sets.length, 'set')} · {plural(moduleTotal, 'module')}
              {counts && ` · ${counts.complete ? counts.hosts.toLocaleString() : `${RELATION_CAP.toLocaleString()}+`} hosts placed`}
            </span>
            <span className="spacer" />
            <button type="button" className="primary" disabled={archived} onClick={() => setCreating({ kind: 'set' })}>
              New set
            </button>
          </div>
          {countProgress && countProgress.total > PAGE && <Progress done={countProgress.done} total={countProgress.total} label="Counting hosts" />}
          {countError !== undefined && (
            <div className="state error small" role="alert">
              Host counts are not shown: {errorText(countError)}{' '}
              <button type="button" onClick={() => setCountTick((t) => t + 1)}>
                Try again
              </button>
            </div>
          )}
          {counts && !counts.complete && <p className="muted small">This business has many hosts: a set&apos;s host counts appear when it is opened.</p>}
          {sets.length > 10 && (
            <input
              type="search"
              className="tree-filter"
              aria-label="Filter sets and modules"
              placeholder="Filter sets and modules…"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
          )}
          {sets.length === 0 ? (
            <Empty>No set yet. A business&apos;s hosts live in modules, and modules in sets: start with “New set”.</Empty>
          ) : visible.length === 0 ? (
            <Empty>Nothing matches “{filter}”.</Empty>
          ) : (
            <ul className="tree" aria-label={`Sets of ${name}`}>
              {visible.slice(0, shownSets).map(({ set, modules }) => (
                <SetRow
                  key={set.id}
                  set={set}
                  modules={modules}
                  open={expanded.has(set.id) || (needle !== '' && modules.length !== set.modules.length)}
                  counts={counts}
                  disabled={archived}
                  onToggle={toggle}
                  onRename={renameSet}
                  onDelete={deleteSet}
                  onAddModule={addModule}
                  onRenameModule={renameModule}
                  onDeleteModule={deleteModule}
                />
              ))}
            </ul>
          )}
          {visible.length > shownSets && (
            <button type="button" className="more" onClick={() => setShownSets((n) => n + SET_CHUNK)}>
              Show {Math.min(SET_CHUNK, visible.length - shownSets)} more sets ({(visible.length - shownSets).toLocaleString()} not shown)
            </button>
          )}
        </div>
        <aside className="panel idle-pool" aria-label="Idle pool">
          <div className="panel-head">
            <strong>{internal.bk_set_name}</strong>
            <Badge tone="blue">built in</Badge>
          </div>
          <p className="muted small">New hosts arrive in the idle module; fault and recycle hold hosts on their way out.</p>
          <ul className="plain">
            {internal.module.map((m) => (
              <li key={m.bk_module_id}>
                <Link to={`/hosts?biz=${bizId}&module=${m.bk_module_id}`}>{m.bk_module_name}</Link>
                <HostCount n={counts?.byModule.get(m.bk_module_id) ?? (counts?.complete ? 0 : undefined)} known={!!counts} />
              </li>
            ))}
          </ul>
        </aside>
      </div>
      {creating?.kind === 'set' && (
        <Modal title={`New set in ${name}`} onClose={() => setCreating(null)}>
          <InstanceForm
            objId="set"
            mode="create"
            submitLabel="Create"
            onCancel={() => setCreating(null)}
            onSubmit={async (values) => {
              const s = await esb<Row>('create_set', { bk_biz_id: bizId, data: { ...values, bk_parent_id: bizId } });
              const node: SetNode = { id: s.bk_set_id as number, name: s.bk_set_name as string, modules: [] };
              setSets((old) => [...old, node]);
              setExpanded((old) => new Set(old).add(node.id));
              setCounts((c) => (c ? { ...c, bySet: new Map(c.bySet).set(node.id, 0) } : c));
              notify(`Set “${node.name}” created`);
              setCreating(null);
            }}
          />
        </Modal>
      )}
      {creating?.kind === 'module' && (
        <Modal title={`New module in ${creating.set.name}`} onClose={() => setCreating(null)}>
          <InstanceForm
            objId="module"
            mode="create"
            submitLabel="Create"
            omit={['service_category_id', 'service_template_id']}
            onCancel={() => setCreating(null)}
            onSubmit={async (values) => {
              const setId = creating.set.id;
              const m = await esb<Row>('create_module', { bk_biz_id: bizId, bk_set_id: setId, data: { ...values, bk_parent_id: setId } });
              const node: ModuleNode = { id: m.bk_module_id as number, name: m.bk_module_name as string };
              setSets((old) => old.map((s) => (s.id === setId ? { ...s, modules: [...s.modules, node] } : s)));
              setExpanded((old) => new Set(old).add(setId));
              notify(`Module “${node.name}” created`);
              setCreating(null);
            }}
          />
        </Modal>
      )}
    </section>
  );
}

const plural = (n: number, what: string) => `${n.toLocaleString()} ${what}${n === 1 ? '' : 's'}`;

function HostCount({ n, known }: { n: number | undefined; known: boolean }) {
  if (!known) return null;
  return (
    <span className="count" title="hosts">
      {n === undefined ? '…' : plural(n, 'host')}
    </span>
  );
}

interface SetRowProps {
  set: SetNode;
  modules: ModuleNode[];
  open: boolean;
  counts: Counts | undefined;
  disabled: boolean;
  onToggle: (s: SetNode) => void;
  onRename: (s: SetNode, name: string) => Promise<void>;
  onDelete: (s: SetNode) => Promise<void>;
  onAddModule: (s: SetNode) => void;
  onRenameModule: (s: SetNode, m: ModuleNode, name: string) => Promise<void>;
  onDeleteModule: (s: SetNode, m: ModuleNode) => Promise<void>;
}

/** One set; its modules are rendered only while it is open, a chunk at a time. */
const SetRow = memo(function SetRow(p: SetRowProps) {
  const { set, modules, open, counts } = p;
  const [renaming, setRenaming] = useState(false);
  const [shown, setShown] = useState(MODULE_CHUNK);
  const setCount = counts?.bySet.get(set.id) ?? (counts?.complete ? 0 : undefined);
  return (
    <li className="set-node">
      <div className="node-row">
        <button type="button" className="caret" aria-expanded={open} aria-label={`${open ? 'Close' : 'Open'} set ${set.name}`} onClick={() => p.onToggle(set)}>
          {open ? '▾' : '▸'}
        </button>
        <span className="kind">set</span>
        {renaming ? (
          <RenameInput
            initial={set.name}
            field="bk_set_name"
            label={`New name of set ${set.name}`}
            onSave={async (name) => {
              await p.onRename(set, name);
              setRenaming(false);
            }}
            onCancel={() => setRenaming(false)}
          />
        ) : (
          <button type="button" className="node-name" onClick={() => p.onToggle(set)}>
            {set.name}
          </button>
        )}
        <span className="muted small">{plural(set.modules.length, 'module')}</span>
        <HostCount n={setCount} known={!!counts} />
        <span className="spacer" />
        {!renaming && (
          <span className="node-actions">
            <button type="button" disabled={p.disabled} onClick={() => p.onAddModule(set)} aria-label={`Add a module to ${set.name}`}>
              + Module
            </button>
            <button type="button" disabled={p.disabled} onClick={() => setRenaming(true)} aria-label={`Rename set ${set.name}`}>
              Rename
            </button>
            <ConfirmButton label="Delete" disabled={p.disabled} confirm={`Delete set “${set.name}” and its modules?`} onConfirm={() => p.onDelete(set)} />
          </span>
        )}
      </div>
      {open && (
        <ul className="modules">
          {modules.length === 0 && <li className="muted small empty-node">No module in this set yet.</li>}
          {modules.slice(0, shown).map((m) => (
            <ModuleRow key={m.id} {...p} module={m} count={counts?.byModule.get(m.id) ?? (setCount !== undefined ? 0 : undefined)} known={!!counts} />
          ))}
          {modules.length > shown && (
            <li>
              <button type="button" className="more" onClick={() => setShown((n) => n + MODULE_CHUNK)}>
                Show {Math.min(MODULE_CHUNK, modules.length - shown)} more modules ({(modules.length - shown).toLocaleString()} not shown)
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
});

function ModuleRow({
  set,
  module: m,
  count,
  known,
  disabled,
  onRenameModule,
  onDeleteModule,
}: SetRowProps & { module: ModuleNode; count: number | undefined; known: boolean }) {
  const [renaming, setRenaming] = useState(false);
  return (
    <li className="module-node">
      <div className="node-row">
        <span className="kind">module</span>
        {renaming ? (
          <RenameInput
            initial={m.name}
            field="bk_module_name"
            label={`New name of module ${m.name}`}
            onSave={async (name) => {
              await onRenameModule(set, m, name);
              setRenaming(false);
            }}
            onCancel={() => setRenaming(false)}
          />
        ) : (
          <span className="node-name">{m.name}</span>
        )}
        <HostCount n={count} known={known} />
        <span className="spacer" />
        {!renaming && (
          <span className="node-actions">
            <button type="button" disabled={disabled} onClick={() => setRenaming(true)} aria-label={`Rename module ${m.name}`}>
              Rename
            </button>
            <ConfirmButton label="Delete" disabled={disabled} confirm={`Delete module “${m.name}”?`} onConfirm={() => onDeleteModule(set, m)} />
          </span>
        )}
      </div>
    </li>
  );
}

/** A name edited in place: Enter saves, Escape cancels, the server's refusal shows beside it. */
function RenameInput({
  initial,
  field,
  label,
  onSave,
  onCancel,
}: {
  initial: string;
  field: string;
  label: string;
  onSave: (name: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (name === initial) return onCancel();
    setBusy(true);
    setError(undefined);
    try {
      await onSave(name);
    } catch (err) {
      setError(fieldOfError(err, [field]) ? errorText(err) : errorText(err));
      setBusy(false);
    }
  };
  return (
    <form className="rename" onSubmit={submit} noValidate>
      <input
        aria-label={label}
        value={name}
        autoFocus
        disabled={busy}
        aria-invalid={error ? true : undefined}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      />
      <button type="submit" className="primary" disabled={busy}>
        Save
      </button>
      <button type="button" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}
