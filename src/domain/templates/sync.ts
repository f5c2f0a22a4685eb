import { actorOf, type CallContext, type Deps } from '../context.js';
import { DomainError, invalidParameter } from '../errors.js';
import { MAX_SET_IDS } from '../topology/set.js';
import { TemplateWrites, type ServiceTemplateRow, type SetTemplateRow, type TemplateModuleRow, type TemplateSetRow } from '../../store/template-store.js';
import { bizForTemplateWrite, idListOf, intOf } from './params.js';
import { addTemplateModules, ownSetTemplate } from './set-template.js';

/**
 * How a set made from a set template differs from the template: the service templates it has no module of
 * (to add), the modules whose service template is not (or no longer) in the template (to remove), and
 * whether it records an older version of the template. In sync = none of the three.
 */
export interface SetDiff {
  toAdd: ServiceTemplateRow[];
  toRemove: TemplateModuleRow[];
  versionBehind: boolean;
}

export function diffSet(
  template: Pick<SetTemplateRow, 'version'>,
  serviceTemplates: ServiceTemplateRow[],
  set: Pick<TemplateSetRow, 'set_template_version'>,
  modules: TemplateModuleRow[],
): SetDiff {
  const wanted = new Set(serviceTemplates.map((s) => s.id));
  const present = new Set(modules.map((m) => m.service_template_id));
  return {
    toAdd: serviceTemplates.filter((s) => !present.has(s.id)),
    toRemove: modules.filter((m) => !wanted.has(m.service_template_id)),
    versionBehind: (set.set_template_version ?? null) !== (template.version ?? null),
  };
}

export const inSync = (d: SetDiff) => !d.versionBehind && d.toAdd.length === 0 && d.toRemove.length === 0;

/** The sets a call names, each one made from the template in the business (1199006 'bk_set_ids' otherwise); all of them when none are named. */
function pickSets(all: TemplateSetRow[], named: number[] | undefined, setTemplateId: number): TemplateSetRow[] {
  if (named === undefined) return all;
  const missing = named.filter((id) => !all.some((s) => s.bk_set_id === id));
  if (missing.length) {
    throw invalidParameter('bk_set_ids', `names set(s) ${missing.join(', ')}, which are not sets of this business made from set template ${setTemplateId}`);
  }
  return all.filter((s) => named.includes(s.bk_set_id));
}

const groupBySet = (modules: TemplateModuleRow[]) => {
  const bySet = new Map<number, TemplateModuleRow[]>();
  for (const m of modules) bySet.set(m.bk_set_id, [...(bySet.get(m.bk_set_id) ?? []), m]);
  return bySet;
};

/**
 * list_set_template_sync_status: for each set made from the template (or each of bk_set_ids), whether it is
 * in sync and what differs: {count, info: [{bk_set_id, bk_set_name, set_template_id, set_template_version,
 * template_version, need_sync, modules_to_add, modules_to_remove}]}.
 */
export async function listSetTemplateSyncStatus(deps: Deps, params: { bk_biz_id?: unknown; set_template_id?: unknown; bk_set_ids?: unknown }) {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  const templateId = intOf('set_template_id', params.set_template_id);
  const named =
    params.bk_set_ids === undefined || params.bk_set_ids === null
      ? undefined
      : idListOf('bk_set_ids', params.bk_set_ids, { max: MAX_SET_IDS, allowEmpty: true });
  const store = deps.store.templates;
  const tpl = await ownSetTemplate(store, bizId, templateId);
  const serviceTemplates = await store.serviceTemplatesOf(templateId);
  const sets = pickSets(await store.setsOf(bizId, templateId), named, templateId);
  const bySet = groupBySet(await store.modulesOfSets(sets.map((s) => s.bk_set_id)));
  const info = sets.map((set) => {
    const d = diffSet(tpl, serviceTemplates, set, bySet.get(set.bk_set_id) ?? []);
    return {
      bk_set_id: set.bk_set_id,
      bk_set_name: set.bk_set_name,
      set_template_id: templateId,
      set_template_version: set.set_template_version,
      template_version: tpl.version,
      need_sync: !inSync(d),
      modules_to_add: d.toAdd.map((s) => ({ service_template_id: s.id, bk_module_name: s.name, service_category_id: s.service_category_id })),
      modules_to_remove: d.toRemove.map((m) => ({ bk_module_id: m.bk_module_id, bk_module_name: m.bk_module_name, service_template_id: m.service_template_id })),
    };
  });
  return { count: info.length, info };
}

/**
 * sync_set_template_to_set: brings each named set in line with its template in one transaction: removes the
 * modules whose service template left the template, adds a module for each new service template, and
 * records the template's version on the set. Refused as a whole (1101030), before any change, when a module
 * to remove holds hosts.
 */
export async function syncSetTemplateToSets(
  deps: Deps,
  ctx: CallContext,
  params: { bk_biz_id?: unknown; set_template_id?: unknown; bk_set_ids?: unknown },
): Promise<void> {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  const templateId = intOf('set_template_id', params.set_template_id);
  const named = idListOf('bk_set_ids', params.bk_set_ids, { max: MAX_SET_IDS, allowEmpty: false });
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'edit_biz_topology');
    const t = new TemplateWrites(w);
    const tpl = await ownSetTemplate(t, bizId, templateId);
    const serviceTemplates = await t.serviceTemplatesOf(templateId);
    const sets = pickSets(await t.setsOf(bizId, templateId), named, templateId);
    const bySet = groupBySet(await t.modulesOfSets(sets.map((s) => s.bk_set_id)));
    const diffs = sets.map((set) => ({ set, diff: diffSet(tpl, serviceTemplates, set, bySet.get(set.bk_set_id) ?? []) }));

    const leaving = diffs.flatMap(({ diff }) => diff.toRemove);
    const hosts = await w.countHosts({ moduleIds: leaving.map((m) => m.bk_module_id) });
    if (leaving.length > 0 && hosts > 0) {
      throw new DomainError(
        'has_hosts',
        `Having hosts under the target, deleting forbidden: ${hosts} host(s) are in module(s) ${leaving.map((m) => `${m.bk_module_id} (${m.bk_module_name})`).join(', ')}, which leave with the sync; move the hosts first`,
        { field: 'bk_set_ids' },
      );
    }

    // Every set's changes together: the leaving modules in one delete, the new ones in one insert, the
    // versions in one update (each row with its audit record and event).
    const changing = diffs.filter(({ diff }) => !inSync(diff));
    const setRows = new Map((await w.findInstancesIn('set', changing.map(({ set }) => set.bk_set_id))).map((r) => [r.bk_set_id as number, r]));
    await w.deleteInstances('module', await w.findInstancesIn('module', changing.flatMap(({ diff }) => diff.toRemove.map((m) => m.bk_module_id))));
    await addTemplateModules(
      w,
      templateId,
      changing.map(({ set, diff }) => ({ set: setRows.get(set.bk_set_id)!, serviceTemplates: diff.toAdd })),
    );
    const behind = changing.filter(({ diff }) => diff.versionBehind).map(({ set }) => setRows.get(set.bk_set_id)!);
    if (behind.length) await w.updateInstances('set', behind, { set_template_version: tpl.version });
  });
}
