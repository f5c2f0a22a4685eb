import { actorOf, type CallContext, type Deps, type WithIgnored } from '../context.js';
import { DomainError, MAX_ID, invalidParameter, isDomainError, required } from '../errors.js';
import { validateForCreate } from '../model/validator.js';
import type { ModuleBrief } from '../../store/host-store.js';
import type { WriteSession } from '../../store/write-session.js';
import { tooMany } from '../id-list.js';
import { alreadyAssigned, cloudNotFound, duplicateInBatch, duplicateInStore, notPoolModule } from './errors.js';
import { bizForHostWrite, builtinModule, groupByHost, hostsOf, poolBiz } from './guards.js';
import { relationEvent, relationOf } from './relations.js';
import { ADDRESS_RULES, addressesOf, ruleFields } from './addresses.js';
import { isPlainObject } from '../json-shape.js';

/**
 * Adding hosts (bk-cmdb-detail.md §2.17). A batch is checked whole before anything is written: every row
 * against the host model, inner IP + cloud area unique within the batch and against the store (a host of
 * another business is 1106010), cloud areas existing. Then the hosts, their relations, their audit records
 * and events are written in one transaction with bulk statements, so 100,000 hosts are a few hundred
 * statements, not a few hundred thousand.
 */

/** A refusal about one row, its field path prefixed with the row's label: 'host_info[3].bk_cpu' must be … */
export function relabel(err: DomainError, label: string): DomainError {
  const field = err.details.field;
  const path = field ? `${label}.${field}` : label;
  const message =
    field && err.message.startsWith(`'${field}'`) ? `'${path}'${err.message.slice(field.length + 2)}` : `${path}: ${err.message}`;
  return new DomainError(err.kind, message, { ...err.details, field: path });
}

interface Row {
  label: string;
  values: Record<string, unknown>;
}

/** Each row validated against the host model (attributes loaded once); the first bad row stops the batch. */
function validateRows(
  attrs: Awaited<ReturnType<WriteSession['attributes']>>,
  rows: Array<{ label: string; input: unknown }>,
  strict: boolean,
  listField: string,
): { rows: Row[]; ignored: string[] } {
  const ignored = new Set<string>();
  const passThrough = new Set(['bk_supplier_account']);
  const out: Row[] = [];
  for (const { label, input } of rows) {
    if (!isPlainObject(input)) throw invalidParameter(label, 'must be an object of host attributes');
    let values: Record<string, unknown>;
    try {
      const r = validateForCreate(attrs, input, { strict, passThrough });
      values = r.values;
      for (const f of r.ignored) ignored.add(`${listField}[*].${f}`);
    } catch (err) {
      throw isDomainError(err) ? relabel(err, label) : err;
    }
    if (typeof values.bk_host_innerip !== 'string' || values.bk_host_innerip === '') throw required(`${label}.bk_host_innerip`);
    const cloud = values.bk_cloud_id;
    if (typeof cloud !== 'number' || cloud < 0 || cloud > MAX_ID) throw cloudNotFound(`${label}.bk_cloud_id`, cloud);
    out.push({ label, values });
  }
  return { rows: out, ignored: [...ignored] };
}

/**
 * Each address rule (ADDRESS_RULES): within the batch, then against the store. Answers the first clash with a
 * stored host, for the caller to word: an inner IP held in another business is bk-cmdb's 1106010.
 */
async function checkAddresses(w: WriteSession, rows: Row[], rule: (typeof ADDRESS_RULES)[number]) {
  const { field, perCloud } = rule;
  const fields = ruleFields(rule);
  const addresses = rows.map((r) => addressesOf(r.values[field]));
  const key = (r: Row, ip: string) => (perCloud ? `${r.values.bk_cloud_id as number}|${ip}` : ip);
  const what = (r: Row, ip: string) => (perCloud ? `${ip} in cloud area ${r.values.bk_cloud_id as number}` : ip);
  const seen = new Map<string, string>();
  rows.forEach((r, i) => {
    for (const ip of addresses[i]!) {
      const first = seen.get(key(r, ip));
      if (first !== undefined) throw duplicateInBatch(r.label, first, fields, what(r, ip));
      seen.set(key(r, ip), r.label);
    }
  });
  if (seen.size === 0) return undefined;
  const held = new Map<string, number>();
  for (const h of await hostsOf(w).addressHolders(field, addresses.flat())) held.set(perCloud ? `${h.bk_cloud_id}|${h.ip}` : h.ip, h.bk_host_id);
  for (const [i, r] of rows.entries()) {
    const ip = held.size ? addresses[i]!.find((a) => held.has(key(r, a))) : undefined;
    if (ip !== undefined) return { r, fields, what: what(r, ip), hostId: held.get(key(r, ip))! };
  }
  return undefined;
}

/** Uniqueness and references of a validated batch, checked with a few queries per chunk of rows. */
async function checkBatch(w: WriteSession, rows: Row[], targetBizId: number): Promise<void> {
  const hs = hostsOf(w);
  // Within the batch: bk_agent_id; empty values never collide.
  const seenAgent = new Map<string, string>();
  for (const r of rows) {
    const agent = r.values.bk_agent_id;
    if (typeof agent === 'string' && agent !== '') {
      const firstAgent = seenAgent.get(agent);
      if (firstAgent !== undefined) throw duplicateInBatch(r.label, firstAgent, ['bk_agent_id'], `agent ${agent}`);
      seenAgent.set(agent, r.label);
    }
  }

  // Cloud areas: one query for the distinct ids.
  const clouds = [...new Set(rows.map((r) => r.values.bk_cloud_id as number))];
  const existing = await hs.existingCloudIds(clouds);
  const missing = rows.find((r) => !existing.has(r.values.bk_cloud_id as number));
  if (missing) throw cloudNotFound(`${missing.label}.bk_cloud_id`, missing.values.bk_cloud_id);

  for (const rule of ADDRESS_RULES) {
    const clash = await checkAddresses(w, rows, rule);
    if (!clash) continue;
    if (rule.field === 'bk_host_innerip') {
      // The host already exists: in another business, that is bk-cmdb's "already assigned".
      const rels = groupByHost(await hs.relationsOfHosts([clash.hostId]));
      const otherBiz = rels.get(clash.hostId)?.find((x) => x.bk_biz_id !== targetBizId)?.bk_biz_id;
      if (otherBiz !== undefined) throw alreadyAssigned(`${clash.r.label}.bk_host_innerip`, clash.what, otherBiz);
    }
    throw duplicateInStore(clash.r.label, clash.fields, clash.what, clash.hostId);
  }
  if (seenAgent.size) {
    const taken = await hs.hostsByAgentIds([...seenAgent.keys()]);
    if (taken.length) {
      const t = taken[0]!;
      throw duplicateInStore(seenAgent.get(t.bk_agent_id)!, ['bk_agent_id'], `agent ${t.bk_agent_id}`, t.bk_host_id);
    }
  }
}

/** Writes a checked batch into one module: hosts (bulk), relations (bulk), an event per relation. Answers ids in row order. */
async function writeBatch(w: WriteSession, rows: Row[], target: ModuleBrief): Promise<number[]> {
  const ids = await w.insertInstances(
    'host',
    rows.map((r) => r.values),
    { default: 0, bk_supplier_account: '0' },
  );
  const relations = ids.map((id) => relationOf(id, target));
  await hostsOf(w).insertRelations(relations);
  for (const r of relations) relationEvent(w, 'create', r);
  return ids;
}

/**
 * The most hosts one add call takes: twice the 100,000 an import is built for. An import's memory grows with
 * its rows (about 1 GiB at its peak for 100,000 on SQLite), and a 64 MiB body could otherwise carry some two
 * million small rows, more than the process's heap holds.
 */
export const MAX_HOSTS_PER_ADD = 200_000;

/** host_info as bk-cmdb sends it: {"0": {...}, "1": {...}} (an array is taken too). */
function rowsOf(field: string, v: unknown): Array<{ label: string; input: unknown }> {
  if (v === undefined || v === null) throw required(field);
  if (!Array.isArray(v) && !isPlainObject(v)) throw invalidParameter(field, 'must be an object of row index → host attributes');
  const entries = Array.isArray(v) ? v.map((input, i) => [String(i), input] as const) : Object.entries(v);
  if (entries.length === 0) throw required(field);
  if (entries.length > MAX_HOSTS_PER_ADD) throw tooMany(field, entries.length, MAX_HOSTS_PER_ADD);
  return entries.map(([k, input]) => ({ label: `${field}[${k}]`, input }));
}

export interface AddToResourceParams {
  host_info?: unknown;
  bk_biz_id?: number;
  bk_module_id?: number;
  directory?: number;
}

/**
 * add_host_to_resource: new hosts into the resource pool's idle module, or the pool module bk_module_id
 * (or directory) names. With bk_biz_id of another business they go to that business's idle module, as
 * bk-cmdb's legacy call does. Answers {success: [row keys], bk_host_ids: [...]}.
 */
export async function addHostToResource(
  deps: Deps,
  ctx: CallContext,
  p: AddToResourceParams,
): Promise<WithIgnored<{ success: string[]; bk_host_ids: number[] }>> {
  const input = rowsOf('host_info', p.host_info);
  const moduleId = p.bk_module_id ?? p.directory;
  const moduleField = p.bk_module_id !== undefined ? 'bk_module_id' : 'directory';
  return deps.store.write(actorOf(ctx), async (w) => {
    const pool = await poolBiz(w);
    const poolId = pool.bk_biz_id as number;
    const bizId = p.bk_biz_id === undefined || p.bk_biz_id === 0 ? poolId : p.bk_biz_id;
    await bizForHostWrite(w, ctx.principal, bizId);
    let target: ModuleBrief;
    if (moduleId !== undefined && moduleId !== 0) {
      if (bizId !== poolId) throw invalidParameter(moduleField, 'names a resource-pool module: it applies only when the hosts go to the resource pool (no bk_biz_id)');
      const [mod] = await hostsOf(w).modulesByIds([moduleId]);
      if (!mod || mod.bk_biz_id !== poolId) throw notPoolModule(moduleField, moduleId);
      target = mod;
    } else {
      target = await builtinModule(w, bizId, 1);
    }
    const attrs = await w.attributes('host');
    const { rows, ignored } = validateRows(attrs, input, deps.strictFields, 'host_info');
    await checkBatch(w, rows, bizId);
    const ids = await writeBatch(w, rows, target);
    return { result: { success: input.map((r) => r.label.slice('host_info['.length, -1)), bk_host_ids: ids }, ignored };
  });
}

/** add_host_to_business_idle: new hosts into a business's idle module, all or none. Answers {bk_host_ids}. */
export async function addHostToBusinessIdle(
  deps: Deps,
  ctx: CallContext,
  bizId: number,
  list: unknown,
): Promise<WithIgnored<{ bk_host_ids: number[] }>> {
  if (list !== undefined && list !== null && !Array.isArray(list)) throw invalidParameter('bk_host_list', 'must be an array of hosts');
  const input = rowsOf('bk_host_list', list);
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForHostWrite(w, ctx.principal, bizId);
    const target = await builtinModule(w, bizId, 1);
    const attrs = await w.attributes('host');
    const { rows, ignored } = validateRows(attrs, input, deps.strictFields, 'bk_host_list');
    await checkBatch(w, rows, bizId);
    return { result: { bk_host_ids: await writeBatch(w, rows, target) }, ignored };
  });
}

/**
 * add_host_to_resource_pool: new hosts (an array; bk_host_innerip and bk_cloud_id each required) into the resource
 * pool's idle module or the pool module `directory` names. bk-cmdb adds the rows it can and lists the others under
 * `error`; Topograph checks the batch whole and writes all or none, so `error` is empty on success and a bad row
 * refuses the call with the row's index in the field path.
 */
export async function addHostToResourcePool(
  deps: Deps,
  ctx: CallContext,
  p: { host_info?: unknown; directory?: number },
): Promise<WithIgnored<{ success: Array<{ index: number; bk_host_id: number }>; error: never[] }>> {
  if (p.host_info !== undefined && p.host_info !== null && !Array.isArray(p.host_info)) throw invalidParameter('host_info', 'must be an array of hosts');
  (p.host_info ?? []).forEach((row: unknown, i: number) => {
    if (isPlainObject(row) && (row.bk_cloud_id === undefined || row.bk_cloud_id === null)) throw required(`host_info[${i}].bk_cloud_id`);
  });
  const { result, ignored } = await addHostToResource(deps, ctx, { host_info: p.host_info, directory: p.directory });
  return { result: { success: result.bk_host_ids.map((bk_host_id, index) => ({ index, bk_host_id })), error: [] }, ignored };
}
