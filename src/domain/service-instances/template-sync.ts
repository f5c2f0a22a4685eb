import { actorOf, type CallContext, type Deps } from '../context.js';
import { invalidParameter, notFound } from '../errors.js';
import { parseIdArray } from '../id-list.js';
import { existingBiz } from '../topology/guards.js';
import { bizForTemplateWrite, intOf } from '../templates/params.js';
import { TemplateWrites } from '../../store/template-store.js';
import type { InstanceRow } from '../../store/instance-tables.js';

/**
 * bk-cmdb's calls for the gap between a service template and its service instances. Topograph has no such
 * gap: a change of a service template or of its process templates reaches the modules, instances and
 * processes made from it in the same transaction. So the calls check what they name and answer that nothing
 * is to be done, and clients written for bk-cmdb's separate sync work unchanged.
 */

/** list_service_template_difference takes at most 20 ids of either kind, as bk-cmdb. */
export const MAX_DIFFERENCE_IDS = 20;
/** sync_service_template_to_service_instance: as many modules as a set template's sync takes sets. */
export const MAX_SYNC_MODULES = 200;

/** Refuses, naming them, the ids among the modules found that are not the business's (made from the service template, when one is given). */
function assertModulesOf(found: InstanceRow[], bizId: number, templateId: number | undefined, ids: number[], field: string): void {
  const fits = new Set(found.filter((m) => m.bk_biz_id === bizId && (templateId === undefined || m.service_template_id === templateId)).map((m) => m.bk_module_id as number));
  const others = ids.filter((id) => !fits.has(id));
  if (others.length === 0) return;
  const what = templateId === undefined ? `modules of business ${bizId}` : `modules of business ${bizId} made from service template ${templateId}`;
  throw invalidParameter(field, `names ${others.slice(0, 20).join(', ')}${others.length > 20 ? ` (and ${others.length - 20} more)` : ''}, which are not ${what}`);
}

/**
 * sync_service_template_to_service_instance: the business, its service template and the modules made from it,
 * and the caller's right to change the business's topology, checked; answers null (everything is in sync).
 */
export async function syncServiceTemplateToInstances(deps: Deps, ctx: CallContext, p: { bk_biz_id?: unknown; service_template_id?: unknown; bk_module_ids?: unknown }): Promise<null> {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  const templateId = intOf('service_template_id', p.service_template_id);
  const moduleIds = parseIdArray('bk_module_ids', p.bk_module_ids, { required: true, max: MAX_SYNC_MODULES })!;
  // a write that changes nothing (no audit, no event), held to a write's rules: the business open, the caller its maintainer
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'edit_biz_topology');
    const template = await new TemplateWrites(w).serviceTemplate(templateId);
    if (!template || template.bk_biz_id !== bizId) throw notFound(`'service_template_id' names service template ${templateId}, which does not exist in business ${bizId}`);
    assertModulesOf(await w.findInstancesIn('module', moduleIds), bizId, templateId, moduleIds, 'bk_module_ids');
    return null;
  });
}

/**
 * list_service_template_difference: is_partial true answers the service templates named
 * ({service_templates: [{service_template_id, need_sync}]}), false the modules ({modules: [{bk_module_id,
 * need_sync}]}); need_sync is always false.
 */
export async function listServiceTemplateDifference(
  deps: Deps,
  p: { bk_biz_id?: unknown; bk_module_ids?: unknown; service_template_ids?: unknown; is_partial?: unknown },
) {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  if (typeof p.is_partial !== 'boolean') throw invalidParameter('is_partial', 'must be true (answer service_template_ids) or false (answer bk_module_ids)');
  await existingBiz(deps, bizId);
  if (p.is_partial) {
    const ids = parseIdArray('service_template_ids', p.service_template_ids, { required: true, max: MAX_DIFFERENCE_IDS })!;
    const found = new Set((await deps.store.templates.serviceTemplatesIn(bizId, ids)).map((t) => t.id));
    const others = ids.filter((id) => !found.has(id));
    if (others.length) throw invalidParameter('service_template_ids', `names ${others.join(', ')}, which are not service templates of business ${bizId}`);
    return { service_templates: ids.map((id) => ({ service_template_id: id, need_sync: false })) };
  }
  const ids = parseIdArray('bk_module_ids', p.bk_module_ids, { required: true, max: MAX_DIFFERENCE_IDS })!;
  assertModulesOf(await deps.store.hosts.rowsByIds('module', ids), bizId, undefined, ids, 'bk_module_ids');
  return { modules: ids.map((id) => ({ bk_module_id: id, need_sync: false })) };
}
