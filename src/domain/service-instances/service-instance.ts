import { actorOf, type CallContext, type Deps, type WithIgnored } from '../context.js';
import { DomainError, invalidParameter, invalidReference, notFound, required } from '../errors.js';
import { typeName } from '../json-shape.js';
import { CONTROL_CHARS, checkStorableText } from '../patterns.js';
import { parseId, parseIdArray, tooMany } from '../id-list.js';
import { bizForTemplateWrite, intOf, optionalIntOf } from '../templates/params.js';
import { formatTime } from '../time.js';
import type { InstanceRow } from '../../store/instance-tables.js';
import { ServiceInstanceWrites, placementKey, type Labels, type ServiceInstanceRow } from '../../store/service-instance-store.js';
import type { WriteSession } from '../../store/write-session.js';
import { MAX_PROCESSES, objectAt, processForCreate } from './process-values.js';
import { processFromTemplate, templateLabel } from './proc-template-spec.js';
import type { Attribute } from '../model/attribute.js';
import { ProcTemplateWrites, type ProcTemplateRow } from '../../store/proc-template-store.js';

/**
 * Service instances (bk-cmdb-detail.md: service template / service instance / process). A service instance is
 * a host's place in an ordinary module of a business where a service runs, with its processes. It lives as long
 * as the host stays in the module: the transfer calls delete it, audited, when the host leaves (follow.ts).
 */

export const MAX_INSTANCE_PAGE = 500;
export const MAX_DETAIL_PAGE = 1000;
export const MAX_HOST_IDS = 1000;
export const MAX_INSTANCE_IDS = 500;
const NAME_MAX = 256;

export const presentServiceInstance = (r: ServiceInstanceRow, labels: Labels | undefined, timeZone: string) => ({
  id: r.id,
  name: r.name,
  labels: labels ?? null,
  bk_biz_id: r.bk_biz_id,
  bk_module_id: r.bk_module_id,
  bk_host_id: r.bk_host_id,
  service_template_id: r.service_template_id,
  creator: r.creator,
  modifier: r.modifier,
  create_time: formatTime(r.create_time, timeZone),
  last_time: formatTime(r.last_time, timeZone),
  bk_supplier_account: r.bk_supplier_account,
});

/** bk-cmdb's default name: the host's inner IP, then its first process's alias and first port, joined by "_". */
export function defaultInstanceName(innerIp: string, firstProcess?: InstanceRow): string {
  const parts = [innerIp.split(',')[0] ?? ''];
  if (firstProcess?.bk_process_name) parts.push(String(firstProcess.bk_process_name));
  const port = (firstProcess?.bind_info as Array<{ port?: string }> | undefined)?.find((b) => b.port)?.port;
  if (firstProcess?.bk_process_name && port) parts.push(port);
  return parts.join('_');
}

function instanceNameOf(field: string, v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new DomainError('not_string', `'${field}' must be a string type (got ${typeName(v)})`, { field });
  const name = v.trim();
  if (name === '') return undefined;
  if ([...name].length > NAME_MAX) throw new DomainError('too_long', `'${field}' field exceeds maximum length ${NAME_MAX} characters`, { field });
  if (CONTROL_CHARS.test(name)) throw new DomainError('invalid_value', `'${field}' data parameter verification does not pass: no control characters`, { field });
  return checkStorableText(field, name);
}

/** A list parameter of at most `max` entries, at least one. */
export function listOf(field: string, v: unknown, max: number): unknown[] {
  if (v === undefined || v === null) throw required(field);
  if (!Array.isArray(v)) throw invalidParameter(field, `must be an array (got ${typeName(v)})`);
  if (v.length === 0) throw invalidParameter(field, 'must hold at least one entry');
  if (v.length > max) throw tooMany(field, v.length, max);
  return v;
}

export interface ProcessEntry {
  /** where the entry is in the request (instances[0].processes[1]) */
  at: string;
  /** 0: a hand-made process */
  templateId: number;
  info: unknown;
}

/** Processes of one new service instance (or of create_process_instance): {process_template_id, process_info} each. */
export function parseProcessList(field: string, v: unknown, opts: { required: boolean }): ProcessEntry[] {
  if (!opts.required && (v === undefined || v === null || (Array.isArray(v) && v.length === 0))) return [];
  return listOf(field, v, MAX_PROCESSES).map((entry, i) => {
    const at = `${field}[${i}]`;
    const e = objectAt(at, entry);
    const templateId = optionalIntOf(`${at}.process_template_id`, e.process_template_id) ?? 0;
    if (e.process_info === undefined || e.process_info === null) throw required(`${at}.process_info`);
    return { at, templateId, info: e.process_info };
  });
}

/** A hand-made process names no process template. */
export function handMade(entry: ProcessEntry): ProcessEntry {
  if (entry.templateId !== 0) {
    throw invalidReference(`${entry.at}.process_template_id`, `process template ${entry.templateId} does not exist here: a process of a module without a service template takes 0`);
  }
  return entry;
}

/**
 * The processes of a new instance of a module made from a service template: one per process template, each
 * taking from its entry (when the request names the template) the values the template leaves to instances.
 */
function templateProcesses(attrs: Attribute[], templates: ProcTemplateRow[], entries: ProcessEntry[], strict: boolean): { values: InstanceRow[]; ignored: string[] } {
  const byTemplate = new Map<number, ProcessEntry>();
  for (const e of entries) {
    if (!templates.some((t) => t.id === e.templateId)) {
      throw invalidReference(`${e.at}.process_template_id`, `process template ${e.templateId} is not one of the module's service template (${templates.map((t) => t.id).join(', ') || 'it has none'})`);
    }
    if (byTemplate.has(e.templateId)) throw invalidParameter(`${e.at}.process_template_id`, `names process template ${e.templateId} a second time: one process per template`);
    byTemplate.set(e.templateId, e);
  }
  const ignored: string[] = [];
  const values = templates.map((tpl) => {
    const e = byTemplate.get(tpl.id);
    const r = processFromTemplate(attrs, tpl, e ? `${e.at}.process_info` : templateLabel(tpl), e ? objectAt(`${e.at}.process_info`, e.info) : {}, strict);
    ignored.push(...r.ignored);
    return r.values;
  });
  return { values, ignored };
}

/** The module service instances go into: one of the business's ordinary modules (the idle pool's hold none). */
async function moduleForInstances(w: WriteSession, bizId: number, moduleId: number): Promise<InstanceRow> {
  const mod = await w.getInstance('module', moduleId, 'share');
  if (!mod || mod.bk_biz_id !== bizId) throw invalidReference('bk_module_id', `module ${moduleId} does not exist in business ${bizId}`);
  if (mod.default !== 0) {
    throw new DomainError('invalid_value', `'bk_module_id' data parameter verification does not pass: module ${moduleId} (${mod.bk_module_name}) is a built-in module of the idle pool, which holds no service instances`, {
      field: 'bk_module_id',
    });
  }
  return mod;
}

/**
 * The instances made from a service template are named after their host and first process, as their processes
 * change with the templates: an instance whose name no longer says so is renamed (audited). Three reads and a
 * statement per 500 instances renamed.
 */
export async function renameTemplateInstances(w: WriteSession, serviceTemplateId: number): Promise<void> {
  const writes = new ServiceInstanceWrites(w);
  const instances = await writes.ofServiceTemplates([serviceTemplateId]);
  if (instances.length === 0) return;
  const first = new Map<number, InstanceRow>();
  for (const p of await writes.processesOf(instances.map((i) => i.id))) if (!first.has(p.service_instance_id as number)) first.set(p.service_instance_id as number, p);
  const ips = new Map((await w.findInstancesIn('host', instances.map((i) => i.bk_host_id))).map((h) => [h.bk_host_id as number, String(h.bk_host_innerip ?? '')]));
  await writes.rename(instances, new Map(instances.map((i) => [i.id, defaultInstanceName(ips.get(i.bk_host_id) ?? '', first.get(i.id))])));
}

/**
 * Writes service instances and their processes (each audited; each process with its event). `names` holds a
 * name per instance or undefined for bk-cmdb's default. Answers the new instances in the order given.
 */
export async function writeServiceInstances(
  w: WriteSession,
  items: ReadonlyArray<{ bizId: number; moduleId: number; hostId: number; serviceTemplateId: number; name?: string; processes: InstanceRow[] }>,
): Promise<ServiceInstanceRow[]> {
  if (items.length === 0) return [];
  const ips = new Map((await w.findInstancesIn('host', items.map((i) => i.hostId))).map((h) => [h.bk_host_id as number, String(h.bk_host_innerip ?? '')]));
  const created = await new ServiceInstanceWrites(w).insert(
    items.map((i) => ({
      bizId: i.bizId,
      moduleId: i.moduleId,
      hostId: i.hostId,
      serviceTemplateId: i.serviceTemplateId,
      name: i.name ?? defaultInstanceName(ips.get(i.hostId) ?? '', i.processes[0]),
    })),
  );
  const rows = items.flatMap((item, k) =>
    item.processes.map((p) => ({ process_template_id: 0, ...p, bk_biz_id: item.bizId, service_instance_id: created[k]!.id, bk_host_id: item.hostId })),
  );
  if (rows.length) await w.insertInstances('process', rows);
  return created;
}

/**
 * create_service_instance: up to 100 instances in one module, each on a host that is in the module, with its
 * processes (up to 100 each). Checked whole, then written whole. In a module made from a service template each
 * instance runs one process per process template, taking from the request (an entry naming the template) only
 * the values the template leaves to instances. Answers the new ids in the order given.
 */
export async function createServiceInstances(
  deps: Deps,
  ctx: CallContext,
  p: { bk_biz_id?: unknown; bk_module_id?: unknown; instances?: unknown },
): Promise<WithIgnored<number[]>> {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  const moduleId = intOf('bk_module_id', p.bk_module_id);
  const parsed = listOf('instances', p.instances, MAX_PROCESSES).map((entry, i) => {
    const label = `instances[${i}]`;
    const e = objectAt(label, entry);
    return {
      label,
      hostId: parseId(`${label}.bk_host_id`, e.bk_host_id),
      name: instanceNameOf(`${label}.service_instance_name`, e.service_instance_name),
      processes: parseProcessList(`${label}.processes`, e.processes, { required: false }),
    };
  });
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'create_biz_topology');
    const mod = await moduleForInstances(w, bizId, moduleId);
    const templateId = Number(mod.service_template_id ?? 0);
    const writes = new ServiceInstanceWrites(w);
    await writes.holdHosts(parsed.map((x) => x.hostId));
    const placed = await writes.existingPlacements(parsed.map((x) => ({ bk_host_id: x.hostId, bk_module_id: moduleId })));
    const attrs = await w.attributes('process');
    const procTemplates = new ProcTemplateWrites(w);
    await procTemplates.holdServiceTemplates([templateId], 'share');
    const templates = templateId > 0 ? await procTemplates.ofServiceTemplates([templateId]) : [];
    const ignored: string[] = [];
    const items = parsed.map((x) => {
      if (!placed.has(placementKey({ bk_host_id: x.hostId, bk_module_id: moduleId }))) {
        throw invalidReference(`${x.label}.bk_host_id`, `host ${x.hostId} is not in module ${moduleId}: a service instance stands on a host of its module`);
      }
      let processes: InstanceRow[];
      if (templateId > 0) {
        const r = templateProcesses(attrs, templates, x.processes, deps.strictFields);
        ignored.push(...r.ignored);
        processes = r.values;
      } else {
        processes = x.processes.map(handMade).map(({ at, info }) => {
          const r = processForCreate(attrs, `${at}.process_info`, info, deps.strictFields);
          ignored.push(...r.ignored);
          return r.values;
        });
      }
      return { bizId, moduleId, hostId: x.hostId, serviceTemplateId: templateId, name: x.name, processes };
    });
    const created = await writeServiceInstances(w, items);
    return { result: created.map((c) => c.id), ignored };
  });
}

/**
 * The business's service instances among `ids`, each of them (1199019 names those that are not), held to commit
 * after the service templates they are made from (shared).
 */
export async function ownInstances(w: WriteSession, bizId: number, ids: number[], field: string): Promise<ServiceInstanceRow[]> {
  const writes = new ServiceInstanceWrites(w);
  await new ProcTemplateWrites(w).holdServiceTemplates((await writes.inBusiness(bizId, ids)).map((r) => r.service_template_id), 'share');
  await writes.lock(ids);
  const rows = await writes.inBusiness(bizId, ids);
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw notFound(`service instance(s) ${missing.slice(0, 20).join(', ')} do not exist in business ${bizId} ('${field}')`);
  return rows;
}

/** delete_service_instance: up to 500 of the business's instances with their processes, all or none. */
export async function deleteServiceInstances(deps: Deps, ctx: CallContext, p: { bk_biz_id?: unknown; service_instance_ids?: unknown }): Promise<void> {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  const ids = parseIdArray('service_instance_ids', p.service_instance_ids, { required: true, max: MAX_INSTANCE_IDS })!;
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'delete_biz_topology');
    await new ServiceInstanceWrites(w).delete(await ownInstances(w, bizId, ids, 'service_instance_ids'));
  });
}
