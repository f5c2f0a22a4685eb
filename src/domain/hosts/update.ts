import { actorOf, type CallContext, type Deps } from '../context.js';
import { DomainError, MAX_ID, invalidParameter, invalidReference, isDomainError, required } from '../errors.js';
import { validateForUpdate } from '../model/validator.js';
import { assertCanEditTopology } from '../permissions.js';
import { INSTANCE_TABLES, type InstanceRow } from '../../store/instance-tables.js';
import type { WriteSession } from '../../store/write-session.js';
import { HostLockWrites } from '../../store/host-lock-store.js';
import { leaveModules } from '../service-instances/follow.js';
import { relabel } from './add.js';
import { parseIdArray, tooMany } from '../id-list.js';
import { cloudNotFound, hostNotFound, notInBusiness, notInPool } from './errors.js';
import { assertMaintainsHosts, bizForHostWrite, groupByHost, hostsOf, poolBiz, relationsInBiz } from './guards.js';
import { parseHostIdList } from './params.js';
import { lockedHost } from './locks.js';
import { relationEvent } from './relations.js';
import { isPlainObject, shown } from '../json-shape.js';

type Data = Record<string, unknown>;

/** bk-cmdb's cap on batch_update_host items. */
export const MAX_BATCH_UPDATE = 500;
/** Keys a host update ignores: ids and the tenant are not the caller's to change. */
const STRIPPED = ['bk_host_id', 'bk_supplier_account', 'metadata'];

/** Validates one set of changes; unknown and non-editable fields are refused, as update_set does. */
function changesOf(attrs: Awaited<ReturnType<WriteSession['attributes']>>, data: unknown, where: string, allowCloud: boolean): Data {
  if (!isPlainObject(data)) throw invalidParameter(where, 'must be an object of host attributes');
  const input = { ...data };
  for (const k of STRIPPED) delete input[k];
  if (!allowCloud && 'bk_cloud_id' in input) {
    throw new DomainError('not_editable', `'bk_cloud_id' can't be updated here: batch_update_host does not move hosts between cloud areas`, { field: 'bk_cloud_id' });
  }
  const { values } = validateForUpdate(attrs, input, { strict: true });
  if ('bk_cloud_id' in values) {
    const c = values.bk_cloud_id;
    if (typeof c !== 'number' || c < 0 || c > MAX_ID) throw cloudNotFound('bk_cloud_id', c);
  }
  return values;
}

/** Hosts by id, refusing ids that do not exist (1110008); and their relations, for permissions and audit. */
export async function loadHosts(w: WriteSession, field: string, ids: number[]) {
  const hs = hostsOf(w);
  const hosts = await hs.hostsByIds(ids);
  if (hosts.length !== ids.length) {
    const found = new Set(hosts.map((h) => h.bk_host_id as number));
    throw hostNotFound(field, ids.filter((id) => !found.has(id)));
  }
  const rels = await hs.relationsOfHosts(ids);
  return { hosts, rels };
}

/**
 * Writes each host its own changes (one statement per chunk of hosts, however the changes differ) with an audit
 * record and an event per host, shaped as WriteSession's own instance updates.
 */
export async function writeChanges(w: WriteSession, items: ReadonlyArray<{ host: InstanceRow; changes: Data }>, bizOf: Map<number, number>): Promise<void> {
  const t = INSTANCE_TABLES.host;
  const changing = items.filter((i) => Object.keys(i.changes).length > 0);
  const clouds = [...new Set(changing.map((i) => i.changes.bk_cloud_id).filter((c): c is number => typeof c === 'number'))];
  if (clouds.length) {
    const exists = await hostsOf(w).existingCloudIds(clouds);
    const missing = clouds.find((c) => !exists.has(c));
    if (missing !== undefined) throw cloudNotFound('bk_cloud_id', missing);
  }
  const split = changing.map(({ host, changes }) => {
    const columns: Data = {};
    const custom: Data = {};
    for (const [k, v] of Object.entries(changes)) (t.columns.has(k) ? columns : custom)[k] = v;
    return { id: host.bk_host_id as number, columns, custom };
  });
  const after = await hostsOf(w).updateHosts(split, { last_time: w.now, bk_updated_by: w.actor.user });
  const pre = new Map(changing.map((i) => [i.host.bk_host_id as number, i]));
  for (const cur of after) {
    const id = cur.bk_host_id as number;
    const before = pre.get(id);
    w.audit({
      auditType: 'host',
      resourceType: 'host',
      action: 'update',
      bizId: bizOf.get(id) ?? null,
      resourceId: id,
      resourceName: String(cur.bk_host_innerip ?? ''),
      detail: { bk_obj_id: 'host', details: { pre_data: before?.host ?? null, cur_data: cur, update_fields: Object.keys(before?.changes ?? {}) } },
    });
    w.event({ resource: 'host', eventType: 'update', resourceId: id, detail: cur });
  }
}

/** The same changes for every host. */
const alike = (hosts: InstanceRow[], changes: Data) => hosts.map((host) => ({ host, changes }));

export const bizMap = (rels: { bk_host_id: number; bk_biz_id: number }[]) => new Map(rels.map((r) => [r.bk_host_id, r.bk_biz_id]));

/** update_host: the same attribute values written to every host of bk_host_id ("1,2,3"). */
export async function updateHost(deps: Deps, ctx: CallContext, p: { bk_host_id?: unknown; data?: unknown }): Promise<void> {
  const ids = parseHostIdList('bk_host_id', p.bk_host_id);
  if (p.data === undefined || p.data === null) throw required('data');
  await deps.store.write(actorOf(ctx), async (w) => {
    const attrs = await w.attributes('host');
    const changes = changesOf(attrs, p.data, 'data', true);
    const { hosts, rels } = await loadHosts(w, 'bk_host_id', ids);
    await assertMaintainsHosts(w, ctx.principal, rels);
    if (Object.keys(changes).length === 0) return;
    await writeChanges(w, alike(hosts, changes), bizMap(rels));
  });
}

/**
 * batch_update_host: up to 500 {bk_host_id, properties} items, every item checked (its index named) before
 * any is written, all of them in one statement per chunk. bk_cloud_id is not changed here.
 */
export async function batchUpdateHost(deps: Deps, ctx: CallContext, p: { update?: unknown }): Promise<void> {
  const items = p.update;
  if (items === undefined || items === null) throw required('update');
  if (!Array.isArray(items)) throw invalidParameter('update', 'must be an array of {bk_host_id, properties}');
  if (items.length === 0) throw required('update');
  if (items.length > MAX_BATCH_UPDATE) throw tooMany('update', items.length, MAX_BATCH_UPDATE);
  await deps.store.write(actorOf(ctx), async (w) => {
    const attrs = await w.attributes('host');
    const seen = new Map<number, number>();
    const parsed = items.map((item: unknown, i: number) => {
      const at = `update[${i}]`;
      if (!isPlainObject(item)) throw invalidParameter(at, 'must be an object {bk_host_id, properties}');
      const id = item.bk_host_id;
      if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0 || id > MAX_ID) {
        throw invalidParameter(`${at}.bk_host_id`, `must be a host id (got ${shown(id ?? null)})`);
      }
      const first = seen.get(id);
      if (first !== undefined) throw invalidParameter(`${at}.bk_host_id`, `repeats update[${first}].bk_host_id (host ${id})`);
      seen.set(id, i);
      if (item.properties === undefined || item.properties === null) throw required(`${at}.properties`);
      if (!isPlainObject(item.properties)) throw invalidParameter(`${at}.properties`, 'must be an object of host attributes');
      let changes: Data;
      try {
        changes = changesOf(attrs, item.properties, `${at}.properties`, false);
      } catch (err) {
        throw isDomainError(err) ? relabel(err, `${at}.properties`) : err;
      }
      return { id, changes };
    });
    const { hosts, rels } = await loadHosts(w, 'update[].bk_host_id', parsed.map((x) => x.id));
    await assertMaintainsHosts(w, ctx.principal, rels);
    const byId = new Map(hosts.map((h) => [h.bk_host_id as number, h]));
    await writeChanges(w, parsed.map(({ id, changes }) => ({ host: byId.get(id)!, changes })), bizMap(rels));
  });
}

/** bk-cmdb's cap on update_host_cloud_area_field's hosts. */
export const MAX_CLOUD_MOVE = 2000;

/**
 * update_host_cloud_area_field: up to 2000 hosts into one cloud area (which must exist), in bk_biz_id when it
 * is given (1113002 names the hosts outside it). Their inner IPs move with them; one already held in the
 * target area refuses the whole call (1199014).
 */
export async function updateHostCloudAreaField(
  deps: Deps,
  ctx: CallContext,
  p: { bk_host_ids?: unknown; bk_cloud_id?: number; bk_biz_id?: number },
): Promise<void> {
  const ids = parseIdArray('bk_host_ids', p.bk_host_ids, { required: true, max: MAX_CLOUD_MOVE })!;
  const bizId = p.bk_biz_id || undefined;
  await deps.store.write(actorOf(ctx), async (w) => {
    if (bizId !== undefined && !(await w.getInstance('biz', bizId))) throw invalidReference('bk_biz_id', `business ${bizId} does not exist`);
    const { hosts, rels } = await loadHosts(w, 'bk_host_ids', ids);
    if (bizId !== undefined) {
      const inBiz = new Set(rels.filter((r) => r.bk_biz_id === bizId).map((r) => r.bk_host_id));
      const outside = ids.filter((id) => !inBiz.has(id));
      if (outside.length) throw notInBusiness(outside, bizId, 'bk_host_ids');
    }
    await assertMaintainsHosts(w, ctx.principal, rels);
    await writeChanges(w, alike(hosts, { bk_cloud_id: p.bk_cloud_id! }), bizMap(rels));
  });
}

/**
 * What clone_host_property leaves as it is: what identifies a host (its ids, addresses, cloud area, agent) and
 * its hardware (serial number, asset id, MACs), which a copy can't share.
 */
const NOT_CLONED = new Set(['bk_host_innerip', 'bk_host_outerip', 'bk_cloud_id', 'bk_agent_id', 'bk_asset_id', 'bk_sn', 'bk_mac', 'bk_outer_mac']);

export interface CloneParams {
  bk_biz_id: number;
  bk_org_ip?: unknown;
  bk_dst_ip?: unknown;
  bk_org_id?: number;
  bk_dst_id?: number;
  bk_cloud_id?: number;
}

/** The source and target hosts of a clone, named by inner IPs (in bk_cloud_id) or by ids, not both. */
async function cloneHosts(w: WriteSession, p: CloneParams): Promise<{ source: number; targets: number[] }> {
  // null reads as absent, as for every optional parameter
  const [orgIpGiven, dstIpGiven] = [p.bk_org_ip ?? undefined, p.bk_dst_ip ?? undefined];
  const byIp = orgIpGiven !== undefined || dstIpGiven !== undefined;
  const byId = p.bk_org_id !== undefined || p.bk_dst_id !== undefined;
  if (byIp && byId) throw invalidParameter('bk_org_id', 'name the hosts by bk_org_ip and bk_dst_ip or by bk_org_id and bk_dst_id, not both');
  if (byId) {
    if (p.bk_org_id === undefined) throw required('bk_org_id');
    if (p.bk_dst_id === undefined) throw required('bk_dst_id');
    return { source: p.bk_org_id, targets: [p.bk_dst_id] };
  }
  const cloud = p.bk_cloud_id ?? 0;
  const ipOf = (field: string, v: unknown, many: boolean): string[] => {
    if (v === undefined || v === '') throw required(field);
    if (typeof v !== 'string') throw invalidParameter(field, 'must be an inner IP (a string)');
    const ips = v.split(',').map((x) => x.trim());
    if (!many && ips.length > 1) throw invalidParameter(field, 'names one host: a single inner IP');
    if (ips.length > MAX_BATCH_UPDATE) throw tooMany(field, ips.length, MAX_BATCH_UPDATE);
    return ips;
  };
  const [orgIp] = ipOf('bk_org_ip', orgIpGiven, false);
  const dstIps = ipOf('bk_dst_ip', dstIpGiven, true);
  const holders = new Map(
    (await hostsOf(w).addressHolders('bk_host_innerip', [orgIp!, ...dstIps])).filter((h) => h.bk_cloud_id === cloud).map((h) => [h.ip, h.bk_host_id]),
  );
  const hostOf = (field: string, ip: string) => {
    const id = holders.get(ip);
    if (id === undefined) throw invalidReference(field, `no host holds inner IP ${ip} in cloud area ${cloud}`);
    return id;
  };
  return { source: hostOf('bk_org_ip', orgIp!), targets: dstIps.map((ip) => hostOf('bk_dst_ip', ip)) };
}

/**
 * clone_host_property: the source host's attribute values copied to the target hosts, all of the business
 * (1113002 otherwise), except what identifies a host or its hardware (NOT_CLONED), in one statement to the
 * targets that differ from the source, with an audit record and an event each.
 */
export async function cloneHostProperty(deps: Deps, ctx: CallContext, p: CloneParams): Promise<void> {
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForHostWrite(w, ctx.principal, p.bk_biz_id);
    const { source, targets } = await cloneHosts(w, p);
    const [orgField, dstField] = p.bk_org_id !== undefined ? ['bk_org_id', 'bk_dst_id'] : ['bk_org_ip', 'bk_dst_ip'];
    const { hosts: [from] } = await loadHosts(w, orgField, [source]);
    const dstIds = [...new Set(targets)];
    const { hosts: tos, rels } = await loadHosts(w, dstField, dstIds);
    await relationsInBiz(w, [source], p.bk_biz_id, orgField);
    await relationsInBiz(w, dstIds, p.bk_biz_id, dstField);
    const fields = (await w.attributes('host')).filter((a) => a.editable && !a.isSystem && !NOT_CLONED.has(a.propertyId)).map((a) => a.propertyId);
    const same = (to: InstanceRow) => fields.every((f) => JSON.stringify(from![f] ?? null) === JSON.stringify(to[f] ?? null));
    // every clonable value in one statement, to the targets that differ from the source in any
    const changing = tos.filter((to) => !same(to));
    if (changing.length) await writeChanges(w, alike(changing, Object.fromEntries(fields.map((f) => [f, from![f] ?? null]))), bizMap(rels));
  });
}

/** delete_host: hosts of the resource pool only (1110055 names the others), with their relations. */
export async function deleteHost(deps: Deps, ctx: CallContext, p: { bk_host_id?: unknown }): Promise<void> {
  const ids = parseHostIdList('bk_host_id', p.bk_host_id);
  await deps.store.write(actorOf(ctx), async (w) => {
    const pool = await poolBiz(w);
    const poolId = pool.bk_biz_id as number;
    assertCanEditTopology(ctx.principal, pool, 'delete_biz_topology');
    const { hosts, rels } = await loadHosts(w, 'bk_host_id', ids);
    const byHost = groupByHost(rels);
    const inBusiness = ids.filter((id) => (byHost.get(id) ?? []).some((r) => r.bk_biz_id !== poolId));
    if (inBusiness.length) throw notInPool(inBusiness);
    await leaveModules(w, rels);
    await hostsOf(w).deleteRelations(rels);
    for (const r of rels) relationEvent(w, 'delete', r);
    // A lock goes with its host, audited as an unlock (the row itself would go by the key's cascade, unrecorded).
    await new HostLockWrites(w).unlock(hosts.map((h) => lockedHost(h, poolId)));
    await w.deleteInstances('host', hosts);
  });
}
