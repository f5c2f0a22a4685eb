import { ProcTemplateWrites } from '../../store/proc-template-store.js';
import { actorOf, type CallContext, type Deps, type WithIgnored } from '../context.js';
import { DomainError, invalidParameter, notFound } from '../errors.js';
import { validateForCreate } from '../model/validator.js';
import { assertAdmin, assertCanEditTopology } from '../permissions.js';
import type { SearchParams } from '../search-params.js';
import { DynamicGroupWrites } from '../../store/dynamic-group-store.js';
import { TemplateWrites } from '../../store/template-store.js';
import { createIdlePool } from './idle-pool.js';
import { searchInstances, updateInstance } from './instances.js';
import { presentInstance } from './present.js';

type Data = Record<string, unknown>;

/** create_business: the business, then its idle pool, in one transaction. */
export async function createBusiness(deps: Deps, ctx: CallContext, data: Data): Promise<WithIgnored<Data>> {
  assertAdmin(ctx.principal, 'create_business', typeof data.bk_biz_name === 'string' ? data.bk_biz_name : undefined);
  return deps.store.write(actorOf(ctx), async (w) => {
    const attrs = await w.attributes('biz');
    const { values, ignored } = validateForCreate(attrs, data, {
      strict: deps.strictFields,
      passThrough: new Set(['bk_supplier_account']),
    });
    const biz = await w.insertInstance('biz', { ...values, default: 0, bk_supplier_account: '0', bk_data_status: null });
    await createIdlePool(w, biz);
    return { result: presentInstance('biz', biz, attrs, deps.timeZone), ignored };
  });
}

/**
 * search_business: bk-cmdb's legacy condition (strings match as case-insensitive "contains", user fields
 * match whole names), never the resource pool, archived businesses only when bk_data_status is asked for.
 */
export function searchBusiness(deps: Deps, params: SearchParams) {
  const condition = (params.condition ?? {}) as Record<string, unknown>;
  const asksStatus = typeof condition === 'object' && condition !== null && 'bk_data_status' in condition;
  return searchInstances(
    deps,
    'biz',
    params,
    { defaultLimit: 20, maxLimit: 200, fuzzyStrings: true, filterParam: 'biz_property_filter' },
    [{ field: 'default', op: 'eq', value: 0 }, ...(asksStatus ? [] : [{ field: 'bk_data_status', op: 'null' as const }])],
  );
}

/** The business this write changes, locked to commit (an archive counts its hosts while no host can come in). */
async function existingBiz(w: import('../../store/write-session.js').WriteSession, bizId: number) {
  const biz = await w.getInstance('biz', bizId, 'update');
  if (!biz) throw notFound(`business ${bizId} does not exist`);
  return biz;
}

/** update_business: the administrator or a maintainer; the resource pool and archived businesses take no changes. */
export async function updateBusiness(deps: Deps, ctx: CallContext, bizId: number, data: Data): Promise<void> {
  await deps.store.write(actorOf(ctx), async (w) => {
    const biz = await existingBiz(w, bizId);
    assertCanEditTopology(ctx.principal, biz, 'edit_biz_topology');
    if (biz.default !== 0) throw new DomainError('builtin_forbidden', 'operate built-in object forbidden: the resource-pool business is built in', { objId: 'biz' });
    if (biz.bk_data_status === 'disabled') throw new DomainError('archived', `business ${bizId} is archived: restore it before changing it`);
    await updateInstance(w, 'biz', biz, data, ['bk_biz_id', 'bk_supplier_account', 'default', 'bk_data_status']);
  });
}

/** update_business_enable_status: archive ("disabled", refused while it holds hosts) or restore ("enable"). */
export async function setBusinessStatus(deps: Deps, ctx: CallContext, bizId: number, flag: string): Promise<void> {
  assertAdmin(ctx.principal, 'edit_business');
  if (flag !== 'disabled' && flag !== 'enable') throw invalidParameter('flag', 'must be "disabled" (archive) or "enable" (restore)');
  await deps.store.write(actorOf(ctx), async (w) => {
    const biz = await existingBiz(w, bizId);
    if (biz.default !== 0) throw new DomainError('builtin_forbidden', 'operate built-in object forbidden: the resource-pool business is built in', { objId: 'biz' });
    const archived = biz.bk_data_status === 'disabled';
    if (flag === 'disabled' && !archived) {
      const hosts = await w.countHosts({ bizId });
      if (hosts > 0) throw new DomainError('has_hosts', `you are archiving a business that has hosts: ${hosts} host(s) are in business ${bizId}`, { operation: 'archive' });
    }
    if ((flag === 'disabled') === archived) return;
    await w.updateInstance('biz', biz, { bk_data_status: flag === 'disabled' ? 'disabled' : null }, flag === 'disabled' ? 'archive' : 'recover');
  });
}

/** delete_business (Topograph's own): only an archived business, with its idle pool and any sets left. */
export async function deleteBusiness(deps: Deps, ctx: CallContext, bizId: number): Promise<void> {
  assertAdmin(ctx.principal, 'edit_business');
  await deps.store.write(actorOf(ctx), async (w) => {
    const biz = await existingBiz(w, bizId);
    if (biz.default !== 0) throw new DomainError('builtin_forbidden', 'forbidden remove built in business', { objId: 'biz', operation: 'delete' });
    if (biz.bk_data_status !== 'disabled') {
      throw new DomainError('archived', `forbidden remove unarchived business: archive business ${bizId} first (update_business_enable_status)`, { operation: 'delete' });
    }
    const hosts = await w.countHosts({ bizId });
    if (hosts > 0) throw new DomainError('has_hosts', `Having hosts under the target, deleting forbidden: ${hosts} host(s) in business ${bizId}`);
    await w.deleteInstances('module', await w.findInstances('module', { bk_biz_id: bizId }));
    await w.deleteInstances('set', await w.findInstances('set', { bk_biz_id: bizId }));
    const procTemplates = new ProcTemplateWrites(w);
    await procTemplates.delete(await procTemplates.ofBusiness(bizId));
    await new TemplateWrites(w).deleteAllOfBusiness(bizId);
    await new DynamicGroupWrites(w).deleteAllOfBusiness(bizId);
    await w.deleteInstances('biz', [biz]);
  });
}
