import { actorOf, type CallContext, type Deps, type WithIgnored } from '../context.js';
import { DomainError, invalidParameter, notFound } from '../errors.js';
import { validateForCreate } from '../model/validator.js';
import type { SearchParams } from '../search-params.js';
import type { InstanceRow } from '../../store/store.js';
import type { WriteSession } from '../../store/write-session.js';
import { addModulesOfSetTemplate, setTemplateForNewSet } from '../templates/set-template.js';
import { assertOrdinary, bizForTopologyWrite } from './guards.js';
import { searchInstances, updateInstance } from './instances.js';
import { presentInstance } from './present.js';

type Data = Record<string, unknown>;

/**
 * create_set. Stricter than bk-cmdb (and said so in the README): bk_parent_id must be the business itself,
 * the only parent a set has in Topograph's biz → set → module topology.
 */
export async function createSet(deps: Deps, ctx: CallContext, bizId: number, data: Data): Promise<WithIgnored<Data>> {
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTopologyWrite(w, ctx.principal, bizId, 'create_biz_topology');
    const attrs = await w.attributes('set');
    const { values, ignored } = validateForCreate(attrs, data, {
      strict: deps.strictFields,
      passThrough: new Set(['bk_biz_id', 'bk_supplier_account']),
    });
    assertOrdinary('default', values.default);
    if (values.bk_parent_id !== bizId) {
      throw new DomainError(
        'invalid_value',
        `'bk_parent_id' data parameter verification does not pass: a set's parent is its business, so it must be ${bizId} (bk_biz_id), not ${values.bk_parent_id}`,
        { field: 'bk_parent_id' },
      );
    }
    // A set made from a set template records the template's version and gets one module per service template.
    const templateId = (values.set_template_id as number | null) ?? 0;
    const template = templateId === 0 ? undefined : await setTemplateForNewSet(w, bizId, templateId);
    const set = await w.insertInstance('set', {
      ...values,
      bk_biz_id: bizId,
      set_template_id: templateId,
      set_template_version: template ? template.version : null,
      bk_supplier_account: '0',
    });
    if (template) await addModulesOfSetTemplate(w, set, template);
    return { result: presentInstance('set', set, attrs, deps.timeZone), ignored };
  });
}

/** search_set: the business's sets (its idle pool included), page.limit ≤ 1000. */
export function searchSet(deps: Deps, bizId: number, params: SearchParams) {
  return searchInstances(deps, 'set', params, { defaultLimit: 1000, maxLimit: 1000, filterParam: 'filter' }, [{ field: 'bk_biz_id', op: 'eq', value: bizId }]);
}

/** `set` (as read for `setId`) exists in the business and is not its idle pool. */
function checkOrdinary(set: InstanceRow | undefined, bizId: number, setId: number): InstanceRow {
  if (!set || set.bk_biz_id !== bizId) throw notFound(`set ${setId} does not exist in business ${bizId}`);
  if (set.default !== 0) {
    throw new DomainError('builtin_forbidden', `forbidden remove or update built in set or module: set ${setId} is the idle pool`, {
      field: 'bk_set_id',
      objId: 'set',
    });
  }
  return set;
}

async function ordinarySet(w: WriteSession, bizId: number, setId: number): Promise<InstanceRow> {
  return checkOrdinary(await w.getInstance('set', setId, 'update'), bizId, setId);
}

/** update_set: ids, parent and template are not the caller's to change; the name stays unique in the business. */
export async function updateSet(deps: Deps, ctx: CallContext, bizId: number, setId: number, data: Data): Promise<void> {
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTopologyWrite(w, ctx.principal, bizId, 'edit_biz_topology');
    const set = await ordinarySet(w, bizId, setId);
    await updateInstance(w, 'set', set, data, ['bk_biz_id', 'bk_set_id', 'bk_parent_id', 'set_template_id', 'bk_supplier_account', 'metadata']);
  });
}

/**
 * delete_set and batch_delete_set: every set is checked first (exists, not the idle pool, holds no host),
 * then the sets and their modules are deleted together, or nothing is.
 */
export async function deleteSets(deps: Deps, ctx: CallContext, bizId: number, setIds: number[]): Promise<void> {
  if (setIds.length === 0) throw invalidParameter('inst_ids', 'must name at least one set');
  if (setIds.length > MAX_SET_IDS) throw invalidParameter('inst_ids', `names ${setIds.length} sets, at most ${MAX_SET_IDS}`);
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTopologyWrite(w, ctx.principal, bizId, 'delete_biz_topology');
    const ids = [...new Set(setIds)];
    const found = new Map((await w.findInstancesIn('set', ids)).map((s) => [s.bk_set_id as number, s]));
    const sets = ids.map((id) => checkOrdinary(found.get(id), bizId, id));
    const hosts = await w.countHosts({ setIds: ids });
    if (hosts > 0) {
      throw new DomainError('has_hosts', `Having hosts under the target, deleting forbidden: ${hosts} host(s) are in modules of set(s) ${setIds.join(', ')}`, {
        field: 'bk_set_id',
      });
    }
    await w.deleteInstances('module', await w.findInstancesIn('module', ids, 'bk_set_id'));
    await w.deleteInstances('set', sets);
  });
}

/** bk-cmdb's cap on set ids per call. */
export const MAX_SET_IDS = 200;
