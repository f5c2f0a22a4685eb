import { actorOf, type CallContext, type Deps, type WithIgnored } from '../context.js';
import { DomainError, invalidParameter, notFound, required } from '../errors.js';
import { ProcTemplateWrites } from '../../store/proc-template-store.js';
import { parseId, parseIdArray, tooMany } from '../id-list.js';
import { typeName } from '../json-shape.js';
import { existingBiz } from '../topology/guards.js';
import { bizForTemplateWrite, intOf } from '../templates/params.js';
import { catalog, parseFields } from '../hosts/params.js';
import type { InstanceRow } from '../../store/instance-tables.js';
import type { WriteSession } from '../../store/write-session.js';
import { MAX_PROCESSES, assertNotFromTemplate, objectAt, presentProcess, processChanges, processForCreate, processRelation } from './process-values.js';
import { handMade, ownInstances, parseProcessList } from './service-instance.js';

/**
 * The process calls. A process belongs to one service instance; those of a service instance made from a service
 * template follow the template's process templates and take no hand-made creations or deletions.
 */

export const MAX_PROCESS_IDS = 500;

/**
 * The business's processes among `ids`, held to commit on PostgreSQL after the service templates they follow
 * (shared; proc-template-store.ts); each must exist (1199019).
 */
async function ownProcesses(w: WriteSession, bizId: number, ids: number[], field: string): Promise<InstanceRow[]> {
  const templates = new ProcTemplateWrites(w);
  const made = (await w.findInstancesIn('process', ids)).map((r) => Number(r.process_template_id)).filter((id) => id > 0);
  await templates.holdServiceTemplates((await templates.byIds(made)).map((t) => t.service_template_id), 'share');
  const rows = (await w.findInstancesIn('process', ids, undefined, 'update')).filter((r) => r.bk_biz_id === bizId);
  const found = new Set(rows.map((r) => r.bk_process_id as number));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw notFound(`process(es) ${missing.slice(0, 20).join(', ')} do not exist in business ${bizId} ('${field}')`);
  return rows;
}

/** create_process_instance: up to 100 processes in one hand-made service instance. Answers their ids in order. */
export async function createProcessInstances(
  deps: Deps,
  ctx: CallContext,
  p: { bk_biz_id?: unknown; service_instance_id?: unknown; processes?: unknown },
): Promise<WithIgnored<number[]>> {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  const instanceId = intOf('service_instance_id', p.service_instance_id);
  const entries = parseProcessList('processes', p.processes, { required: true }).map(handMade);
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'edit_biz_topology');
    const [instance] = await ownInstances(w, bizId, [instanceId], 'service_instance_id');
    assertNotFromTemplate('service_instance_id', instance!.service_template_id, 'processes can not be added by hand');
    const attrs = await w.attributes('process');
    const ignored: string[] = [];
    const rows = entries.map(({ at, info }) => {
      const r = processForCreate(attrs, `${at}.process_info`, info, deps.strictFields);
      ignored.push(...r.ignored);
      return { ...r.values, bk_biz_id: bizId, service_instance_id: instanceId, bk_host_id: instance!.bk_host_id, process_template_id: 0 };
    });
    return { result: await w.insertInstances('process', rows), ignored };
  });
}

/**
 * update_process_instance: up to 100 processes, each {bk_process_id, the fields to change}; unknown and
 * non-editable fields are refused; bind_info replaces the list. Checked whole, then written. Answers the ids.
 */
export async function updateProcessInstances(deps: Deps, ctx: CallContext, p: { bk_biz_id?: unknown; processes?: unknown }): Promise<number[]> {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  if (p.processes === undefined || p.processes === null) throw required('processes');
  if (!Array.isArray(p.processes)) throw invalidParameter('processes', `must be an array (got ${typeName(p.processes)})`);
  if (p.processes.length === 0) throw invalidParameter('processes', 'must hold at least one entry');
  if (p.processes.length > MAX_PROCESSES) throw tooMany('processes', p.processes.length, MAX_PROCESSES);
  const entries = p.processes.map((entry, i) => {
    const label = `processes[${i}]`;
    const e = objectAt(label, entry);
    return { label, id: parseId(`${label}.bk_process_id`, e.bk_process_id), input: e };
  });
  const seen = new Set<number>();
  for (const e of entries) {
    if (seen.has(e.id)) throw invalidParameter(`${e.label}.bk_process_id`, `names process ${e.id} a second time: one entry per process`);
    seen.add(e.id);
  }
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'edit_biz_topology');
    const befores = new Map((await ownProcesses(w, bizId, [...seen], 'processes[].bk_process_id')).map((r) => [r.bk_process_id as number, r]));
    const attrs = await w.attributes('process');
    const changes = entries.map((e) => ({ before: befores.get(e.id)!, values: processChanges(attrs, e.label, e.input) }));
    // A process made from a template keeps the fields the template holds.
    const templates = new Map((await new ProcTemplateWrites(w).byIds(changes.map((c) => Number(c.before.process_template_id)).filter((id) => id > 0))).map((t) => [t.id, t]));
    for (const [i, { before, values }] of changes.entries()) {
      const tpl = templates.get(Number(before.process_template_id));
      const held = tpl ? Object.keys(values).filter((k) => tpl.property[k]?.as_default_value) : [];
      if (held.length) {
        throw new DomainError('template_forbidden', `'${entries[i]!.label}.${held[0]}' is held by process template ${tpl!.id}: change it there, and every process made from it follows`, {
          field: `${entries[i]!.label}.${held[0]}`,
        });
      }
    }
    for (const { before, values } of changes) if (Object.keys(values).length) await w.updateInstance('process', before, values);
    return entries.map((e) => e.id);
  });
}

/** delete_process_instance: up to 500 processes of hand-made service instances, all or none. */
export async function deleteProcessInstances(deps: Deps, ctx: CallContext, p: { bk_biz_id?: unknown; process_instance_ids?: unknown }): Promise<void> {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  const ids = parseIdArray('process_instance_ids', p.process_instance_ids, { required: true, max: MAX_PROCESS_IDS })!;
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'edit_biz_topology');
    const rows = await ownProcesses(w, bizId, ids, 'process_instance_ids');
    const made = rows.find((r) => Number(r.process_template_id) > 0);
    if (made) {
      throw new DomainError('template_forbidden', `process ${made.bk_process_id} is made from process template ${made.process_template_id}, which holds it: delete the template (delete_proc_template) and its processes go with it`, {
        field: 'process_instance_ids',
      });
    }
    await w.deleteInstances('process', rows);
  });
}

/** list_process_instance: one service instance's processes, [{property, relation}], by id. */
export async function listProcessInstances(deps: Deps, p: { bk_biz_id?: unknown; service_instance_id?: unknown }) {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  const instanceId = intOf('service_instance_id', p.service_instance_id);
  await existingBiz(deps, bizId);
  const instance = await deps.store.serviceInstances.byId(instanceId);
  if (!instance || instance.bk_biz_id !== bizId) throw notFound(`service instance ${instanceId} does not exist in business ${bizId} ('service_instance_id')`);
  const attrs = await deps.store.attributes('process');
  const rows = await deps.store.serviceInstances.processesOf([instanceId]);
  return rows.map((r) => ({ property: presentProcess(r, attrs, deps.timeZone), relation: processRelation(r) }));
}

/** list_process_detail_by_ids: the business's processes among bk_process_ids (≤ 500), with `fields` when given. */
export async function listProcessDetails(deps: Deps, p: { bk_biz_id?: unknown; bk_process_ids?: unknown; fields?: unknown }) {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  const ids = parseIdArray('bk_process_ids', p.bk_process_ids, { required: true, max: MAX_PROCESS_IDS })!;
  await existingBiz(deps, bizId);
  const attrs = await deps.store.attributes('process');
  const fields = parseFields(catalog('process', attrs), p.fields);
  const rows = await deps.store.serviceInstances.processesInBusiness(bizId, ids);
  return rows.map((r) => presentProcess(r, attrs, deps.timeZone, fields));
}
