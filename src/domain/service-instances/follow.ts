import type { HostRelation } from '../../store/host-store.js';
import { ServiceInstanceWrites } from '../../store/service-instance-store.js';
import type { WriteSession } from '../../store/write-session.js';
import { writeServiceInstances } from './service-instance.js';
import { processFromTemplate, templateLabel } from './proc-template-spec.js';
import { ProcTemplateWrites } from '../../store/proc-template-store.js';
import type { InstanceRow } from '../../store/instance-tables.js';

/**
 * Service instances follow their hosts, as in bk-cmdb: a host that leaves a module takes its service instances
 * there (and their processes) with it, and a host that enters a module made from a service template gets a
 * service instance there, running the template's processes. Called by every write that changes host_module rows, in the same transaction; the
 * database refuses the first half being forgotten (service_instance references host_module).
 */

/**
 * The service templates the modules are made from, held (shared) while their instances change: a write on the
 * templates' processes waits for this one, or this one for it (proc-template-store.ts). Answers module → template.
 */
async function holdTemplatesOf(w: WriteSession, relations: readonly HostRelation[]): Promise<Map<number, number>> {
  const templated = new Map(
    (await w.findInstancesIn('module', relations.map((r) => r.bk_module_id)))
      .filter((m) => Number(m.service_template_id ?? 0) > 0)
      .map((m) => [m.bk_module_id as number, Number(m.service_template_id)]),
  );
  await new ProcTemplateWrites(w).holdServiceTemplates([...templated.values()], 'share');
  return templated;
}

/** Before the relations go: their service instances are deleted, audited. */
export async function leaveModules(w: WriteSession, removed: readonly HostRelation[]): Promise<void> {
  if (removed.length === 0) return;
  await holdTemplatesOf(w, removed);
  const writes = new ServiceInstanceWrites(w);
  await writes.delete(await writes.onPlacementsToChange(removed));
}

/** After the relations come: one service instance per host entering a module made from a service template. */
export async function enterModules(w: WriteSession, added: readonly HostRelation[]): Promise<void> {
  if (added.length === 0) return;
  const templated = await holdTemplatesOf(w, added);
  const entering = added.filter((r) => templated.has(r.bk_module_id));
  if (entering.length === 0) return;
  // Each instance runs one process per process template of its service template, with the template's values.
  const templates = await new ProcTemplateWrites(w).ofServiceTemplates([...new Set(templated.values())]);
  const attrs = await w.attributes('process');
  const processesOf = new Map<number, InstanceRow[]>();
  for (const tpl of templates) {
    const list = processesOf.get(tpl.service_template_id) ?? [];
    list.push(processFromTemplate(attrs, tpl, templateLabel(tpl)).values);
    processesOf.set(tpl.service_template_id, list);
  }
  const items = entering.map((r) => {
    const serviceTemplateId = templated.get(r.bk_module_id)!;
    return { bizId: r.bk_biz_id, moduleId: r.bk_module_id, hostId: r.bk_host_id, serviceTemplateId, processes: processesOf.get(serviceTemplateId) ?? [] };
  });
  await writeServiceInstances(w, items);
}
