import { actorOf, type CallContext, type Deps } from '../context.js';
import { DomainError, duplicate, invalidParameter, invalidReference, notFound } from '../errors.js';
import { validateForCreate } from '../model/validator.js';
import { TemplateWrites, type ServiceTemplateRow, type SetTemplateRow, type TemplateReads } from '../../store/template-store.js';
import type { InstanceRow } from '../../store/store.js';
import type { WriteSession } from '../../store/write-session.js';
import { bizForTemplateWrite, idListOf, intOf, pageOf, templateNameOf } from './params.js';
import { presentServiceTemplate, presentSetTemplate } from './present.js';
import { MAX_TEMPLATE_PAGE } from './service-template.js';

/** How many ids one call may name (bk-cmdb's write batch cap). */
export const MAX_TEMPLATE_IDS = 200;
/** How many service templates one set template may hold. */
export const MAX_SERVICE_TEMPLATES = 1000;

const duplicateName = (name: string) => {
  const err = duplicate('set_template', ['name']);
  return new DomainError(err.kind, `${err.message} (set template name '${name}' is taken in this business)`, err.details);
};

export async function ownSetTemplate(t: TemplateReads, bizId: number, id: number): Promise<SetTemplateRow> {
  const tpl = await t.setTemplate(id);
  if (!tpl || tpl.bk_biz_id !== bizId) throw notFound(`set template ${id} does not exist in business ${bizId}`);
  return tpl;
}

/** The service template ids of a set template's request: each one of the business's (1199006 otherwise). */
async function serviceTemplatesNamed(t: TemplateReads, bizId: number, raw: unknown): Promise<number[]> {
  const ids = idListOf('service_template_ids', raw, { max: MAX_SERVICE_TEMPLATES, allowEmpty: true });
  const found = new Set((await t.serviceTemplatesIn(bizId, ids)).map((s) => s.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) {
    throw new DomainError(
      'invalid_value',
      `'service_template_ids' data parameter verification does not pass: service template(s) ${missing.join(', ')} do not exist in business ${bizId}`,
      { field: 'service_template_ids' },
    );
  }
  return ids;
}

/** create_set_template: a name unique in the business (1199014) and service templates of the business. */
export async function createSetTemplate(
  deps: Deps,
  ctx: CallContext,
  params: { bk_biz_id?: unknown; name?: unknown; service_template_ids?: unknown },
) {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'create_biz_topology');
    const name = templateNameOf('name', params.name);
    const t = new TemplateWrites(w);
    const ids = await serviceTemplatesNamed(t, bizId, params.service_template_ids ?? []);
    if (await t.setTemplateNameTaken(bizId, name)) throw duplicateName(name);
    return presentSetTemplate(await t.insertSetTemplate({ bizId, name }, ids), deps.timeZone);
  });
}

const sameMembers = (a: number[], b: number[]) => a.length === b.length && a.every((id) => b.includes(id));

/**
 * update_set_template: name and/or service_template_ids (at least one). A changed list of service templates
 * bumps the template's version (null → 1 → 2 ...); the sets made from it keep their modules until
 * sync_set_template_to_set, and list_set_template_sync_status shows them out of sync meanwhile.
 */
export async function updateSetTemplate(
  deps: Deps,
  ctx: CallContext,
  params: { bk_biz_id?: unknown; set_template_id?: unknown; name?: unknown; service_template_ids?: unknown },
) {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  const id = intOf('set_template_id', params.set_template_id);
  const nameGiven = params.name !== undefined && params.name !== null && params.name !== '';
  const idsGiven = params.service_template_ids !== undefined && params.service_template_ids !== null;
  if (!nameGiven && !idsGiven) throw invalidParameter('name', 'or service_template_ids must be given: there is nothing to change');
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'edit_biz_topology');
    const t = new TemplateWrites(w);
    await t.lockRows('set_template', [id]);
    const before = await ownSetTemplate(t, bizId, id);
    const changes: { name?: string; serviceTemplateIds?: number[]; version?: number } = {};
    if (nameGiven) {
      const name = templateNameOf('name', params.name);
      if (name !== before.name) {
        if (await t.setTemplateNameTaken(bizId, name, id)) throw duplicateName(name);
        changes.name = name;
      }
    }
    const current = (await t.serviceTemplatesOf(id)).map((s) => s.id);
    if (idsGiven) {
      const ids = await serviceTemplatesNamed(t, bizId, params.service_template_ids);
      if (!sameMembers(ids, current)) {
        changes.serviceTemplateIds = ids;
        changes.version = (before.version ?? 0) + 1;
      }
    }
    if (Object.keys(changes).length === 0) return presentSetTemplate(before, deps.timeZone);
    return presentSetTemplate(await t.updateSetTemplate({ ...before, service_template_ids: current }, changes), deps.timeZone);
  });
}

/** delete_set_template: every id must be one of the business's; refused (1199056) while sets are made from any of them. */
export async function deleteSetTemplates(deps: Deps, ctx: CallContext, params: { bk_biz_id?: unknown; set_template_ids?: unknown }): Promise<void> {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  const ids = idListOf('set_template_ids', params.set_template_ids, { max: MAX_TEMPLATE_IDS, allowEmpty: false });
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'delete_biz_topology');
    const t = new TemplateWrites(w);
    await t.lockRows('set_template', ids);
    const rows = await t.setTemplatesIn(bizId, ids);
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw notFound(`set template(s) ${missing.join(', ')} do not exist in business ${bizId}`);
    const sets = await t.countSetsOf(ids);
    if (sets > 0) {
      throw new DomainError('in_use', `remove referenced record forbidden: ${sets} set(s) are made from set template(s) ${ids.join(', ')}`, {
        field: 'set_template_ids',
      });
    }
    const lists = await t.serviceTemplateIdsOf(rows.map((r) => r.id));
    await t.deleteSetTemplates(rows.map((r) => ({ ...r, service_template_ids: lists.get(r.id) ?? [] })));
  });
}

const SORTABLE = ['id', 'name', 'version', 'create_time', 'last_time'] as const;

/** list_set_template: the business's set templates, optionally only set_template_ids; page.limit ≤ 1000, by id unless page.sort says otherwise. */
export async function listSetTemplates(deps: Deps, params: { bk_biz_id?: unknown; set_template_ids?: unknown; page?: unknown }) {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  const ids =
    params.set_template_ids === undefined || params.set_template_ids === null
      ? undefined
      : idListOf('set_template_ids', params.set_template_ids, { max: MAX_TEMPLATE_PAGE, allowEmpty: true });
  const page = pageOf(params.page, { maxLimit: MAX_TEMPLATE_PAGE, sortable: SORTABLE, defaultSort: 'id' });
  const { count, rows } = await deps.store.templates.listSetTemplates({ bizId, ids, ...page });
  return { count, info: rows.map((r) => presentSetTemplate(r, deps.timeZone)) };
}

/** list_set_template_related_service_template: the service templates a set template is made of (an array). */
export async function listSetTemplateServiceTemplates(deps: Deps, params: { bk_biz_id?: unknown; set_template_id?: unknown }) {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  const id = intOf('set_template_id', params.set_template_id);
  await ownSetTemplate(deps.store.templates, bizId, id);
  return (await deps.store.templates.serviceTemplatesOf(id)).map((s) => presentServiceTemplate(s, deps.timeZone));
}

// --- sets made from a set template (create_set, sync) ----------------------------------------------------

/** For create_set: the business's set template set_template_id names (1199011 'set_template_id' otherwise). */
export async function setTemplateForNewSet(w: WriteSession, bizId: number, setTemplateId: number): Promise<SetTemplateRow> {
  const tpl = await new TemplateWrites(w).setTemplate(setTemplateId);
  if (!tpl || tpl.bk_biz_id !== bizId) {
    throw invalidReference('set_template_id', `set template ${setTemplateId} does not exist in business ${bizId}`);
  }
  return tpl;
}

/**
 * Creates, in sets made from a set template, the module of each given service template: named after it, of
 * its category, bound to it and to the set template; other attributes take their defaults. One bulk insert
 * for all the sets, each module with its audit record and event.
 */
export async function addTemplateModules(
  w: WriteSession,
  setTemplateId: number,
  additions: Array<{ set: InstanceRow; serviceTemplates: ServiceTemplateRow[] }>,
): Promise<void> {
  if (additions.every((a) => a.serviceTemplates.length === 0)) return;
  const attrs = await w.attributes('module');
  const rows: InstanceRow[] = [];
  for (const { set, serviceTemplates } of additions) {
    const setId = set.bk_set_id as number;
    for (const st of serviceTemplates) {
      const { values } = validateForCreate(attrs, { bk_parent_id: setId, bk_module_name: st.name }, { strict: false });
      rows.push({
        ...values,
        bk_biz_id: set.bk_biz_id,
        bk_set_id: setId,
        bk_parent_id: setId,
        bk_module_name: st.name,
        service_category_id: st.service_category_id,
        service_template_id: st.id,
        set_template_id: setTemplateId,
        host_apply_enabled: false,
      });
    }
  }
  await w.insertInstances('module', rows, { default: 0, bk_supplier_account: '0' });
}

/** For create_set: the modules of a set just made from a set template, one per service template. */
export async function addModulesOfSetTemplate(w: WriteSession, set: InstanceRow, tpl: SetTemplateRow): Promise<void> {
  await addTemplateModules(w, tpl.id, [{ set, serviceTemplates: await new TemplateWrites(w).serviceTemplatesOf(tpl.id) }]);
}
