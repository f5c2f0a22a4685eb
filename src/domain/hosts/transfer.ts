import { actorOf, type CallContext, type Deps } from '../context.js';
import { invalidReference } from '../errors.js';
import { assertCanEditTopology } from '../permissions.js';
import {
  alreadyAssigned,
  alreadyInPool,
  builtinModuleMix,
  hostNotFound,
  moduleNotFound,
  notInIdlePool,
  notPoolModule,
} from './errors.js';
import { bizForHostWrite, builtinModule, groupByHost, hostsOf, poolBiz, relationsInBiz } from './guards.js';
import { parseIdArray } from '../id-list.js';
import { applyPlans, relationOf, type RelationPlan } from './relations.js';

/**
 * Moving hosts between modules (bk-cmdb-detail.md §2.18). Every call checks everything first and then
 * writes the whole change in one transaction: a host's relations always stay within one business.
 */

export interface TransferParams {
  bk_biz_id: number;
  bk_host_id?: unknown;
  bk_module_id?: unknown;
  is_increment?: unknown;
}

/**
 * transfer_host_module: to one or more modules of the business. is_increment=false replaces all of a
 * host's modules; true adds to them (a host leaves its built-in module when it gains ordinary ones).
 * A built-in module (idle, fault, recycle) can only be the single target of a replacing transfer (1113005).
 */
export async function transferHostModule(deps: Deps, ctx: CallContext, p: TransferParams): Promise<void> {
  const bizId = p.bk_biz_id;
  const hostIds = parseIdArray('bk_host_id', p.bk_host_id, { required: true })!;
  const moduleIds = parseIdArray('bk_module_id', p.bk_module_id, { required: true })!;
  const increment = p.is_increment === true;
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForHostWrite(w, ctx.principal, bizId);
    const hs = hostsOf(w);
    const targets = await hs.modulesByIds(moduleIds);
    const foreign = moduleIds.filter((id) => !targets.some((m) => m.bk_module_id === id && m.bk_biz_id === bizId));
    if (foreign.length) throw moduleNotFound(foreign, bizId);
    const builtins = targets.filter((m) => m.default !== 0).map((m) => m.bk_module_id);
    if (builtins.length && (targets.length > 1 || increment)) throw builtinModuleMix(builtins);
    const byHost = await relationsInBiz(w, hostIds, bizId);
    const builtinIds = new Set((await hs.builtinModulesOf(bizId)).map((m) => m.bk_module_id));
    const plans: RelationPlan[] = hostIds.map((hostId) => {
      const before = byHost.get(hostId)!;
      const kept = increment ? before.filter((r) => !builtinIds.has(r.bk_module_id)) : [];
      const after = [...kept];
      for (const m of targets) if (!after.some((r) => r.bk_module_id === m.bk_module_id)) after.push(relationOf(hostId, m));
      return { hostId, before, after };
    });
    await applyPlans(w, plans, 'transfer_host_module');
  });
}

/** transfer_host_to_idlemodule / _faultmodule / _recyclemodule: every relation replaced by that one built-in module. */
export async function transferHostToBuiltin(deps: Deps, ctx: CallContext, p: TransferParams, kind: 1 | 2 | 3): Promise<void> {
  const bizId = p.bk_biz_id;
  const hostIds = parseIdArray('bk_host_id', p.bk_host_id, { required: true })!;
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForHostWrite(w, ctx.principal, bizId);
    const target = await builtinModule(w, bizId, kind);
    const byHost = await relationsInBiz(w, hostIds, bizId);
    const plans = hostIds.map((hostId) => ({ hostId, before: byHost.get(hostId)!, after: [relationOf(hostId, target)] }));
    await applyPlans(w, plans, 'transfer_host_module');
  });
}

/**
 * transfer_host_to_resourcemodule: hosts of a business's idle pool (idle, fault or recycle module, 1110056
 * otherwise) go back to the resource pool: its idle module, or the pool module bk_module_id names (1110061).
 * The business is the source; returning hosts from the pool itself is 1110052.
 */
export async function transferHostToResourceModule(deps: Deps, ctx: CallContext, p: TransferParams): Promise<void> {
  const bizId = p.bk_biz_id;
  const hostIds = parseIdArray('bk_host_id', p.bk_host_id, { required: true })!;
  await deps.store.write(actorOf(ctx), async (w) => {
    const pool = await poolBiz(w);
    const poolId = pool.bk_biz_id as number;
    if (bizId === poolId) throw alreadyInPool();
    await bizForHostWrite(w, ctx.principal, bizId);
    const hs = hostsOf(w);
    let target;
    if (p.bk_module_id !== undefined && p.bk_module_id !== null && p.bk_module_id !== 0) {
      const [mod] = await hs.modulesByIds([p.bk_module_id as number]);
      if (!mod || mod.bk_biz_id !== poolId) throw notPoolModule('bk_module_id', p.bk_module_id as number);
      target = mod;
    } else {
      target = await builtinModule(w, poolId, 1);
    }
    const byHost = await relationsInBiz(w, hostIds, bizId);
    const idlePool = new Set((await hs.builtinModulesOf(bizId)).map((m) => m.bk_module_id));
    const busy = hostIds.filter((id) => byHost.get(id)!.some((r) => !idlePool.has(r.bk_module_id)));
    if (busy.length) throw notInIdlePool(busy, bizId);
    const plans = hostIds.map((hostId) => ({ hostId, before: byHost.get(hostId)!, after: [relationOf(hostId, target)] }));
    await applyPlans(w, plans, 'unassign_host');
  });
}

/**
 * transfer_resourcehost_to_idlemodule: hosts of the resource pool into the business's idle module. A host
 * already in a business is refused (1106010). The caller maintains both the business and the pool.
 */
export async function transferResourceHostToIdle(deps: Deps, ctx: CallContext, p: TransferParams): Promise<void> {
  const bizId = p.bk_biz_id;
  const hostIds = parseIdArray('bk_host_id', p.bk_host_id, { required: true })!;
  await deps.store.write(actorOf(ctx), async (w) => {
    const pool = await poolBiz(w);
    const poolId = pool.bk_biz_id as number;
    await bizForHostWrite(w, ctx.principal, bizId);
    assertCanEditTopology(ctx.principal, pool, 'edit_biz_topology');
    const byHost = groupByHost(await hostsOf(w).relationsOfHosts(hostIds));
    const missing = hostIds.filter((id) => !byHost.has(id));
    if (missing.length) throw hostNotFound('bk_host_id', missing);
    for (const id of hostIds) {
      const other = byHost.get(id)!.find((r) => r.bk_biz_id !== poolId);
      if (other) throw alreadyAssigned('bk_host_id', `host ${id}`, other.bk_biz_id);
    }
    const target = await builtinModule(w, bizId, 1);
    const plans = hostIds.map((hostId) => ({ hostId, before: byHost.get(hostId)!, after: [relationOf(hostId, target)] }));
    await applyPlans(w, plans, bizId === poolId ? 'transfer_host_module' : 'assign_host');
  });
}

/**
 * transfer_sethost_to_idle_module: empties a set of the business (bk_module_id 0) or one of its modules. A host
 * whose every module is being emptied goes to the business's idle module; a host also in other modules only
 * leaves the emptied ones, as bk-cmdb does.
 */
export async function transferSetHostToIdle(deps: Deps, ctx: CallContext, p: { bk_biz_id: number; bk_set_id: number; bk_module_id?: number }) {
  const { bk_biz_id: bizId, bk_set_id: setId } = p;
  const moduleId = p.bk_module_id || undefined;
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForHostWrite(w, ctx.principal, bizId);
    const set = await w.getInstance('set', setId);
    if (!set || set.bk_biz_id !== bizId) throw invalidReference('bk_set_id', `set ${setId} does not exist in business ${bizId}`);
    const hs = hostsOf(w);
    if (moduleId !== undefined) {
      const [mod] = await hs.modulesByIds([moduleId]);
      if (!mod || mod.bk_set_id !== setId) throw invalidReference('bk_module_id', `module ${moduleId} does not exist in set ${setId}`);
    }
    const emptied = (r: { bk_set_id: number; bk_module_id: number }) => (moduleId === undefined ? r.bk_set_id === setId : r.bk_module_id === moduleId);
    // Read, then locked: a host another write moved away in between is no longer this call's.
    const found = await hs.hostIdsIn({ bizId, setIds: [setId], moduleIds: moduleId === undefined ? undefined : [moduleId] });
    const byHost = groupByHost(await hs.relationsOfHosts(found));
    const hostIds = found.filter((id) => byHost.get(id)?.some(emptied));
    if (hostIds.length === 0) return;
    const idle = await builtinModule(w, bizId, 1);
    const plans = hostIds.map((hostId) => {
      const before = byHost.get(hostId)!;
      const kept = before.filter((r) => !emptied(r));
      return { hostId, before, after: kept.length ? kept : [relationOf(hostId, idle)] };
    });
    await applyPlans(w, plans, 'transfer_host_module');
  });
}

/** bk-cmdb's cap on transfer_host_across_biz's hosts. */
export const MAX_ACROSS_BIZ = 500;

/**
 * transfer_host_across_biz: hosts of one business's idle pool (idle, fault or recycle module; 1110056 otherwise)
 * into a module of another business's idle pool (bk_module_id). The caller maintains both businesses.
 */
export async function transferHostAcrossBiz(
  deps: Deps,
  ctx: CallContext,
  p: { src_bk_biz_id: number; dst_bk_biz_id: number; bk_host_id?: unknown; bk_module_id: number },
) {
  const { src_bk_biz_id: srcId, dst_bk_biz_id: dstId } = p;
  const hostIds = parseIdArray('bk_host_id', p.bk_host_id, { required: true, max: MAX_ACROSS_BIZ })!;
  await deps.store.write(actorOf(ctx), async (w) => {
    const pool = await poolBiz(w);
    for (const [field, id] of [['src_bk_biz_id', srcId], ['dst_bk_biz_id', dstId]] as const) {
      if (id === pool.bk_biz_id) throw invalidReference(field, 'the resource pool is not a business hosts move across: use the resource-pool calls');
      await bizForHostWrite(w, ctx.principal, id, field);
    }
    if (srcId === dstId) throw invalidReference('dst_bk_biz_id', `the hosts are already in business ${srcId}: use transfer_host_module`);
    const hs = hostsOf(w);
    const target = (await hs.builtinModulesOf(dstId)).find((m) => m.bk_module_id === p.bk_module_id);
    if (!target) throw invalidReference('bk_module_id', `module ${p.bk_module_id} is not an idle, fault or recycle module of business ${dstId}`);
    const byHost = await relationsInBiz(w, hostIds, srcId);
    const idlePool = new Set((await hs.builtinModulesOf(srcId)).map((m) => m.bk_module_id));
    const busy = hostIds.filter((id) => byHost.get(id)!.some((r) => !idlePool.has(r.bk_module_id)));
    if (busy.length) throw notInIdlePool(busy, srcId);
    const plans = hostIds.map((hostId) => ({ hostId, before: byHost.get(hostId)!, after: [relationOf(hostId, target)] }));
    await applyPlans(w, plans, 'assign_host');
  });
}
