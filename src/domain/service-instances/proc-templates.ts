import { parseIdArray } from '../id-list.js';
import { actorOf, type CallContext, type Deps, type WithIgnored } from '../context.js';
import { DomainError, invalidParameter, notFound } from '../errors.js';
import { bizForTemplateWrite, intOf, optionalIntOf } from '../templates/params.js';
import { existingBiz } from '../topology/guards.js';
import { formatTime } from '../time.js';
import type { Attribute } from '../model/attribute.js';
import type { InstanceRow } from '../../store/instance-tables.js';
import { ProcTemplateWrites, type ProcTemplateRow, type TemplateProperty } from '../../store/proc-template-store.js';
import { ServiceInstanceWrites } from '../../store/service-instance-store.js';
import { TemplateWrites } from '../../store/template-store.js';
import type { WriteSession } from '../../store/write-session.js';
import { MAX_PROCESSES, objectAt } from './process-values.js';
import { lockedFields, lockedValues, newProperty, parseSpec, processFromTemplate, templateLabel } from './proc-template-spec.js';
import { listOf, renameTemplateInstances } from './service-instance.js';
import { pageOfList } from './instance-lists.js';

/**
 * Process templates (bk-cmdb's proc_template): the processes every service instance of a service template runs.
 * Unlike bk-cmdb, where a template's instances wait for a separate sync, they follow at once, in the same
 * transaction: a new template adds its process to every instance, a change of a field the template holds
 * (as_default_value) reaches every process made from it, and a deleted template takes its processes along.
 */

export const MAX_PROC_TEMPLATE_IDS = 200;
export const MAX_PROC_TEMPLATE_PAGE = 1000;

export const presentProcTemplate = (t: ProcTemplateRow, timeZone: string) => ({
  id: t.id,
  bk_process_name: t.bk_process_name,
  bk_biz_id: t.bk_biz_id,
  service_template_id: t.service_template_id,
  property: t.property,
  creator: t.creator,
  modifier: t.modifier,
  create_time: formatTime(t.create_time, timeZone),
  last_time: formatTime(t.last_time, timeZone),
  bk_supplier_account: t.bk_supplier_account,
});

/** The business's service template, held to commit so its process templates change one write at a time. */
async function ownServiceTemplate(w: WriteSession, bizId: number, id: number) {
  const t = new TemplateWrites(w);
  await new ProcTemplateWrites(w).holdServiceTemplates([id], 'update');
  const tpl = await t.serviceTemplate(id);
  if (!tpl || tpl.bk_biz_id !== bizId) throw notFound(`service template ${id} does not exist in business ${bizId} ('service_template_id')`);
  return tpl;
}

/** The business's process templates among ids, held to commit with their service templates; each must exist (1199019). */
async function ownTemplates(w: WriteSession, bizId: number, ids: number[], field: string): Promise<ProcTemplateRow[]> {
  const writes = new ProcTemplateWrites(w);
  await writes.holdServiceTemplates((await writes.byIds(ids)).map((t) => t.service_template_id), 'update');
  await writes.lock(ids);
  const rows = (await writes.byIds(ids)).filter((r) => r.bk_biz_id === bizId);
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw notFound(`process template(s) ${missing.slice(0, 20).join(', ')} do not exist in business ${bizId} ('${field}')`);
  return rows;
}

/** The processes the templates add to each of the service template's instances: one bulk insert. */
async function addToInstances(w: WriteSession, attrs: Attribute[], templates: ProcTemplateRow[]): Promise<void> {
  if (templates.length === 0) return;
  const instances = await new ServiceInstanceWrites(w).ofServiceTemplates([templates[0]!.service_template_id]);
  const rows: InstanceRow[] = [];
  for (const si of instances) {
    for (const tpl of templates) {
      const { values } = processFromTemplate(attrs, tpl, templateLabel(tpl));
      rows.push({ ...values, bk_biz_id: si.bk_biz_id, service_instance_id: si.id, bk_host_id: si.bk_host_id });
    }
  }
  if (rows.length) await w.insertInstances('process', rows);
}

/**
 * batch_create_proc_template: up to 100 process templates of one service template, each `{spec}`; aliases
 * unique in the service template (1199014, by index). Answers the new ids in order.
 */
export async function batchCreateProcTemplates(
  deps: Deps,
  ctx: CallContext,
  p: { bk_biz_id?: unknown; service_template_id?: unknown; processes?: unknown },
): Promise<WithIgnored<number[]>> {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  const stId = intOf('service_template_id', p.service_template_id);
  const entries = listOf('processes', p.processes, MAX_PROCESSES).map((e, i) => ({ label: `processes[${i}].spec`, spec: objectAt(`processes[${i}]`, e).spec }));
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'edit_biz_topology');
    await ownServiceTemplate(w, bizId, stId);
    const attrs = await w.attributes('process');
    const ignored: string[] = [];
    const seen = new Map<string, string>();
    const properties: TemplateProperty[] = entries.map(({ label, spec }) => {
      const parsed = parseSpec(attrs, label, spec, deps.strictFields);
      ignored.push(...parsed.ignored);
      const property = newProperty(attrs, label, parsed.given);
      const name = String(property.bk_process_name!.value);
      if (seen.has(name)) throw new DomainError('duplicate', `duplicated instances exist, fields [bk_process_name] duplicated: '${name}' is the alias of ${seen.get(name)} too`, { field: `${label}.bk_process_name` });
      seen.set(name, label);
      return property;
    });
    const created = await new ProcTemplateWrites(w).insert(bizId, stId, properties);
    await addToInstances(w, attrs, created);
    await renameTemplateInstances(w, stId);
    return { result: created.map((c) => c.id), ignored };
  });
}

/**
 * update_proc_template: the fields process_property gives, each {value, as_default_value}; the others stay.
 * The processes made from the template take every field it now holds. Answers the template.
 */
export async function updateProcTemplate(deps: Deps, ctx: CallContext, p: { bk_biz_id?: unknown; process_template_id?: unknown; process_property?: unknown }) {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  const id = intOf('process_template_id', p.process_template_id);
  if (p.process_property === undefined || p.process_property === null) throw invalidParameter('process_property', 'must give the fields to change: {field: {value, as_default_value}}');
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'edit_biz_topology');
    const [before] = await ownTemplates(w, bizId, [id], 'process_template_id');
    const attrs = await w.attributes('process');
    const { given } = parseSpec(attrs, 'process_property', p.process_property, true);
    const changed = Object.keys(given).filter((k) => JSON.stringify(given[k]) !== JSON.stringify(before!.property[k]));
    if (changed.length === 0) return presentProcTemplate(before!, deps.timeZone);
    const property = newProperty(attrs, 'process_property', { ...before!.property, ...given });
    const after = await new ProcTemplateWrites(w).update(before!, property, changed);
    // Every process made from it takes the fields it holds; those already alike are left alone.
    const locked = lockedValues(attrs, after);
    const keys = lockedFields(after.property);
    const differing = (await new ServiceInstanceWrites(w).processesOfTemplates([id])).filter((proc) =>
      keys.some((k) => JSON.stringify(proc[k] ?? null) !== JSON.stringify(locked[k] ?? null)),
    );
    if (differing.length && keys.length) await w.updateInstances('process', differing, locked);
    await renameTemplateInstances(w, after.service_template_id);
    return presentProcTemplate(after, deps.timeZone);
  });
}

/** delete_proc_template: up to 200 of the business's process templates, with the processes made from them. */
export async function deleteProcTemplates(deps: Deps, ctx: CallContext, p: { bk_biz_id?: unknown; process_templates?: unknown }): Promise<void> {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  const ids = parseIdArray('process_templates', p.process_templates, { required: true, max: MAX_PROC_TEMPLATE_IDS })!;
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'edit_biz_topology');
    const rows = await ownTemplates(w, bizId, ids, 'process_templates');
    await w.deleteInstances('process', await new ServiceInstanceWrites(w).processesOfTemplates(ids));
    await new ProcTemplateWrites(w).delete(rows);
    for (const st of new Set(rows.map((r) => r.service_template_id))) await renameTemplateInstances(w, st);
  });
}

/** list_proc_template: of a service template and/or among process_template_ids (≤ 200), one of them at least; by id. */
export async function listProcTemplates(deps: Deps, p: { bk_biz_id?: unknown; service_template_id?: unknown; process_template_ids?: unknown; page?: unknown }) {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  const stId = optionalIntOf('service_template_id', p.service_template_id);
  const ids = parseIdArray('process_template_ids', p.process_template_ids, { required: false, max: MAX_PROC_TEMPLATE_IDS });
  if (stId === undefined && !ids?.length) throw invalidParameter('service_template_id', 'or process_template_ids must be given: at least one of them');
  const page = pageOfList(p.page, MAX_PROC_TEMPLATE_PAGE);
  await existingBiz(deps, bizId);
  const { count, rows } = await deps.store.procTemplates.list({ bizId, serviceTemplateId: stId, ids: ids?.length ? ids : undefined, ...page });
  return { count, info: rows.map((r) => presentProcTemplate(r, deps.timeZone)) };
}

/** get_proc_template: one process template by id (of bk_biz_id when it is given). */
export async function getProcTemplate(deps: Deps, p: { bk_biz_id?: unknown; process_template_id?: unknown }) {
  const bizId = optionalIntOf('bk_biz_id', p.bk_biz_id);
  const id = intOf('process_template_id', p.process_template_id);
  const [tpl] = await deps.store.procTemplates.byIds([id]);
  if (!tpl || (bizId !== undefined && tpl.bk_biz_id !== bizId)) throw notFound(`process template ${id} does not exist${bizId === undefined ? '' : ` in business ${bizId}`} ('process_template_id')`);
  return presentProcTemplate(tpl, deps.timeZone);
}
