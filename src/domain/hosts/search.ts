import { shown } from '../json-shape.js';
import type { Deps } from '../context.js';
import { invalidParameter, required } from '../errors.js';
import { parseIdArray } from '../id-list.js';
import type { FilterNode, HostListQuery, HostRelation, RelationQuery } from '../../store/host-store.js';
import { existingBiz } from '../topology/guards.js';
import { searchInstances } from '../topology/instances.js';
import { presentInstance } from '../topology/present.js';
import { hostNotFound } from './errors.js';
import {
  MAX_HOST_PAGE,
  MAX_MODULE_IDS,
  MAX_SET_IDS,
  allOf,
  assertFilterBudget,
  catalog,
  type FieldCatalog,
  parseFields,
  parsePage,
  parseQueryFilter,
  parseTopoCond,
} from './params.js';

/**
 * Host searches (bk-cmdb-detail.md §2.19): a count and one page query each (plus one topology query for
 * list_biz_hosts_topo), whatever the page size.
 */

export interface ListParams {
  bk_biz_id?: number;
  bk_set_ids?: unknown;
  bk_module_ids?: unknown;
  set_cond?: unknown;
  module_cond?: unknown;
  set_property_filter?: unknown;
  module_property_filter?: unknown;
  host_property_filter?: unknown;
  fields?: unknown;
  page?: unknown;
}

/**
 * The checked query and projection of a host list. `idSort`: the client's page.sort is checked, then replaced
 * by bk_host_id, as bk-cmdb does for list_hosts_without_biz.
 */
async function hostQuery(deps: Deps, p: ListParams, bizId: number | undefined, topo: boolean, idSort = false) {
  const attrs = await deps.store.attributes('host');
  const hostCat = catalog('host', attrs);
  const q: HostListQuery = { ...parsePage(hostCat, p.page, MAX_HOST_PAGE), bizId };
  if (idSort) q.sort = [{ field: 'bk_host_id', desc: false }];
  q.hostFilter = parseQueryFilter(hostCat, 'host_property_filter', p.host_property_filter);
  if (topo) {
    q.setIds = parseIdArray('bk_set_ids', p.bk_set_ids, { required: false, max: MAX_SET_IDS });
    q.moduleIds = parseIdArray('bk_module_ids', p.bk_module_ids, { required: false, max: MAX_MODULE_IDS });
    if (q.setIds?.length === 0) q.setIds = undefined;
    if (q.moduleIds?.length === 0) q.moduleIds = undefined;
    const setCat = catalog('set', await deps.store.attributes('set'));
    const moduleCat = catalog('module', await deps.store.attributes('module'));
    const setCond = parseTopoCond(setCat, 'set_cond', p.set_cond);
    const moduleCond = parseTopoCond(moduleCat, 'module_cond', p.module_cond);
    if (setCond && q.setIds) throw invalidParameter('set_cond', 'bk_set_ids and set_cond can only use one of them');
    if (moduleCond && q.moduleIds) throw invalidParameter('module_cond', 'bk_module_ids and module_cond can only use one of them');
    const setFilter = parseQueryFilter(setCat, 'set_property_filter', p.set_property_filter);
    const moduleFilter = parseQueryFilter(moduleCat, 'module_property_filter', p.module_property_filter);
    q.setFilter = allOf(setCond, setFilter);
    q.moduleFilter = allOf(moduleCond, moduleFilter);
  }
  assertFilterBudget([
    ['host_property_filter', q.hostFilter],
    ['set_cond / set_property_filter', q.setFilter],
    ['module_cond / module_property_filter', q.moduleFilter],
  ]);
  return { q, attrs, fields: parseFields(hostCat, p.fields) };
}

async function runList(deps: Deps, p: ListParams, bizId: number | undefined, topo: boolean, idSort = false) {
  const { q, attrs, fields } = await hostQuery(deps, p, bizId, topo, idSort);
  const { count, rows } = await deps.store.hosts.listHosts(q);
  return { count, rows, info: rows.map((r) => presentInstance('host', r, attrs, deps.timeZone, fields)) };
}

/**
 * list_biz_hosts: a business's hosts, narrowed by bk_set_ids (≤ 200) or set_cond, bk_module_ids (≤ 500) or
 * module_cond, and host_property_filter; fields; page.limit ≤ 500.
 */
export async function listBizHosts(deps: Deps, p: ListParams) {
  const bizId = p.bk_biz_id!;
  await existingBiz(deps, bizId);
  const { count, info } = await runList(deps, p, bizId, true);
  return { count, info };
}

/** list_hosts_without_biz: hosts of every business (bk-cmdb's "no business given"), bk_biz_id narrowing when given. */
export async function listHostsWithoutBiz(deps: Deps, p: ListParams) {
  if (p.bk_biz_id !== undefined && p.bk_biz_id !== 0) await existingBiz(deps, p.bk_biz_id);
  const { count, info } = await runList(deps, p, p.bk_biz_id || undefined, false, true);
  return { count, info };
}

/** list_resource_pool_hosts: the hosts of the resource pool. */
export async function listResourcePoolHosts(deps: Deps, p: ListParams) {
  const poolId = await deps.store.hosts.poolBizId();
  const { count, info } = await runList(deps, p, poolId ?? -1, false);
  return { count, info };
}

type TopoSet = { bk_set_id: number; bk_set_name: string; module: Array<{ bk_module_id: number; bk_module_name: string }> };

/** list_biz_hosts' hosts, each with its sets and their modules in the business (one more query for them all). */
async function hostsWithTopology(deps: Deps, p: ListParams) {
  const bizId = p.bk_biz_id!;
  await existingBiz(deps, bizId);
  const { count, rows, info } = await runList(deps, p, bizId, true);
  const topo = await deps.store.hosts.topologyOfHosts(
    rows.map((r) => r.bk_host_id as number),
    bizId,
  );
  const byHost = new Map<number, Map<number, TopoSet>>();
  for (const t of topo) {
    let sets = byHost.get(t.bk_host_id);
    if (!sets) byHost.set(t.bk_host_id, (sets = new Map()));
    let s = sets.get(t.bk_set_id);
    if (!s) sets.set(t.bk_set_id, (s = { bk_set_id: t.bk_set_id, bk_set_name: t.bk_set_name, module: [] }));
    s.module.push({ bk_module_id: t.bk_module_id, bk_module_name: t.bk_module_name });
  }
  return { count, hosts: info.map((host, i) => ({ host, sets: [...(byHost.get(rows[i]!.bk_host_id as number)?.values() ?? [])] })) };
}

/**
 * list_biz_hosts_topo: list_biz_hosts' hosts, each with its sets and modules in the business:
 * {count, info: [{host, topo: [{bk_set_id, bk_set_name, module: [{bk_module_id, bk_module_name}]}]}]}.
 */
export async function listBizHostsTopo(deps: Deps, p: ListParams) {
  const { count, hosts } = await hostsWithTopology(deps, p);
  return { count, info: hosts.map(({ host, sets }) => ({ host, topo: sets })) };
}

/**
 * list_host_total_mainline_topo: the same hosts and topology, as bk-cmdb's mainline tree of each host:
 * {count, info: [{host, topo: [{inst: {obj: "set", name, id}, children: [{inst: {obj: "module", …}, children: null}]}]}]}.
 * Topograph's mainline has no custom levels, so mainline_property_filters can name none.
 */
export async function listHostTotalMainlineTopo(deps: Deps, p: ListParams & { mainline_property_filters?: unknown }) {
  const levels = p.mainline_property_filters;
  if (levels !== undefined && levels !== null) {
    if (!Array.isArray(levels)) throw invalidParameter('mainline_property_filters', 'must be an array of {bk_obj_id, filter}');
    if (levels.length) {
      throw invalidParameter('mainline_property_filters[0].bk_obj_id', "names a custom mainline level: Topograph's mainline is business, set, module");
    }
  }
  const { count, hosts } = await hostsWithTopology(deps, p);
  const node = (obj: 'set' | 'module', id: number, name: string) => ({ obj, name, id });
  return {
    count,
    info: hosts.map(({ host, sets }) => ({
      host,
      topo: sets.map((s) => ({
        inst: node('set', s.bk_set_id, s.bk_set_name),
        children: s.module.map((m) => ({ inst: node('module', m.bk_module_id, m.bk_module_name), children: null })),
      })),
    })),
  };
}

/**
 * find_host_topo_relation: host ↔ module relations of a business, narrowed by bk_set_ids (≤ 200),
 * bk_module_ids (≤ 500), bk_host_ids (≤ 500); page.limit ≤ 500. Answers {count, page, data}.
 */
export async function findHostTopoRelation(
  deps: Deps,
  p: { bk_biz_id?: number; bk_set_ids?: unknown; bk_module_ids?: unknown; bk_host_ids?: unknown; page?: unknown },
) {
  const bizId = p.bk_biz_id!;
  const setIds = parseIdArray('bk_set_ids', p.bk_set_ids, { required: false, max: MAX_SET_IDS });
  const moduleIds = parseIdArray('bk_module_ids', p.bk_module_ids, { required: false, max: MAX_MODULE_IDS });
  const hostIds = parseIdArray('bk_host_ids', p.bk_host_ids, { required: false, max: MAX_HOST_PAGE });
  const page = parsePage(undefined, p.page, MAX_HOST_PAGE);
  await existingBiz(deps, bizId);
  const { count, rows } = await deps.store.hosts.relations({ bizId, setIds, moduleIds, hostIds, start: page.start, limit: page.limit });
  return {
    count,
    page: { start: page.start, limit: page.limit },
    data: rows.map((r: HostRelation) => ({ ...r, bk_supplier_account: '0' })),
  };
}

/** find_host_biz_relations: every relation of up to 500 hosts, in one business when bk_biz_id is given (0 = any). */
export async function findHostBizRelations(deps: Deps, p: { bk_host_id?: unknown; bk_biz_id?: number }) {
  const hostIds = parseIdArray('bk_host_id', p.bk_host_id, { required: true, max: MAX_HOST_PAGE })!;
  const bizId = p.bk_biz_id || undefined;
  if (bizId !== undefined) await existingBiz(deps, bizId);
  const rows = await deps.store.hosts.relationsOf({ bizId, hostIds });
  return rows.map((r) => ({ ...r, bk_supplier_account: '0' }));
}

/** bk-cmdb's caps for find_module_host_relation. */
const MAX_RELATION_MODULES = 200;
const MAX_RELATION_PAGE = 1000;

/**
 * find_module_host_relation: the hosts of up to 200 modules of a business, paged by host id (page.limit ≤ 1000),
 * each with those of the modules it is in: {count, relation: [{host, modules}]}, with the fields asked for (and
 * the ids, which every projection keeps).
 * Three queries for the hosts and their relations, one for the modules.
 */
export async function findModuleHostRelation(
  deps: Deps,
  p: { bk_biz_id?: number; bk_module_ids?: unknown; module_fields?: unknown; host_fields?: unknown; page?: unknown },
) {
  const bizId = p.bk_biz_id!;
  const moduleIds = parseIdArray('bk_module_ids', p.bk_module_ids, { required: true, max: MAX_RELATION_MODULES })!;
  const [hostAttrs, moduleAttrs] = [await deps.store.attributes('host'), await deps.store.attributes('module')];
  const moduleFields = parseFields(catalog('module', moduleAttrs), p.module_fields, 'module_fields', { required: true });
  const hostFields = parseFields(catalog('host', hostAttrs), p.host_fields, 'host_fields', { required: true });
  const { start, limit } = parsePage(undefined, p.page, MAX_RELATION_PAGE);
  await existingBiz(deps, bizId);
  const { count, rows } = await deps.store.hosts.listHosts({ bizId, moduleIds, start, limit, sort: [{ field: 'bk_host_id', desc: false }] });
  const rels = await deps.store.hosts.relationsOf({ bizId, moduleIds, hostIds: rows.map((h) => h.bk_host_id as number) });
  const { info: modules } = rels.length
    ? await searchInstances(deps, 'module', { fields: moduleFields }, MODULE_PAGE, [
        { field: 'bk_biz_id', op: 'eq', value: bizId },
        { field: 'bk_module_id', op: 'in', value: [...new Set(rels.map((r) => r.bk_module_id))] },
      ])
    : { info: [] };
  const moduleById = new Map(modules.map((m) => [m.bk_module_id as number, m]));
  const modulesOf = new Map<number, Record<string, unknown>[]>();
  for (const r of rels) {
    const m = moduleById.get(r.bk_module_id);
    if (m) modulesOf.set(r.bk_host_id, [...(modulesOf.get(r.bk_host_id) ?? []), m]);
  }
  return {
    count,
    relation: rows.map((h) => ({
      host: presentInstance('host', h, hostAttrs, deps.timeZone, hostFields),
      modules: modulesOf.get(h.bk_host_id as number) ?? [],
    })),
  };
}

const MODULE_PAGE = { defaultLimit: MAX_RELATION_MODULES, maxLimit: MAX_RELATION_MODULES };

/**
 * find_host_by_topo: the business's hosts under one set or module (bk_obj_id "set" | "module", bk_inst_id),
 * `fields` (at least one), page.limit ≤ 500, by host id; a node of another business holds none here.
 */
export async function findHostByTopo(deps: Deps, p: { bk_biz_id?: number; bk_obj_id?: unknown; bk_inst_id?: number; fields?: unknown; page?: unknown }) {
  if (p.bk_obj_id === undefined || p.bk_obj_id === null) throw required('bk_obj_id');
  if (p.bk_obj_id !== 'set' && p.bk_obj_id !== 'module') {
    throw invalidParameter('bk_obj_id', `must be "set" or "module", the topology levels under a business (got ${shown(p.bk_obj_id) ?? 'nothing'})`);
  }
  const bizId = p.bk_biz_id!;
  const attrs = await deps.store.attributes('host');
  const fields = parseFields(catalog('host', attrs), p.fields, 'fields', { required: true });
  const { start, limit } = parsePage(undefined, p.page, MAX_HOST_PAGE);
  await existingBiz(deps, bizId);
  const node = p.bk_obj_id === 'set' ? { setIds: [p.bk_inst_id!] } : { moduleIds: [p.bk_inst_id!] };
  const { count, rows } = await deps.store.hosts.listHosts({ bizId, start, limit, sort: [{ field: 'bk_host_id', desc: false }], ...node });
  return { count, info: rows.map((r) => presentInstance('host', r, attrs, deps.timeZone, fields)) };
}

/** bk-cmdb's caps for the template host lists' id lists. */
const MAX_TEMPLATE_IDS = 500;

const TEMPLATE_SCOPES = {
  set: { templates: 'bk_set_template_ids', templateField: 'set_template_id', scope: 'bk_set_ids' },
  module: { templates: 'bk_service_template_ids', templateField: 'service_template_id', scope: 'bk_module_ids' },
} as const;

/**
 * find_host_by_set_template / find_host_by_service_template: the business's hosts in the sets made from the
 * set templates (or the modules made from the service templates), narrowed to bk_set_ids / bk_module_ids when
 * given; `fields` (at least one), page.limit ≤ 500, by host id. A count and a page query.
 */
export async function findHostsByTemplate(deps: Deps, level: 'set' | 'module', p: Record<string, unknown> & { bk_biz_id?: number }) {
  const names = TEMPLATE_SCOPES[level];
  const bizId = p.bk_biz_id!;
  const templateIds = parseIdArray(names.templates, p[names.templates], { required: true, max: MAX_TEMPLATE_IDS })!;
  const scope = parseIdArray(names.scope, p[names.scope], { required: false, max: MAX_TEMPLATE_IDS });
  const attrs = await deps.store.attributes('host');
  const fields = parseFields(catalog('host', attrs), p.fields, 'fields', { required: true });
  const { start, limit } = parsePage(undefined, p.page, MAX_HOST_PAGE);
  await existingBiz(deps, bizId);
  const fromTemplates: FilterNode = { field: names.templateField, op: 'in', value: templateIds, text: false };
  const narrowed = scope?.length ? scope : undefined;
  const q: HostListQuery = {
    bizId,
    start,
    limit,
    sort: [{ field: 'bk_host_id', desc: false }],
    ...(level === 'set' ? { setFilter: fromTemplates, setIds: narrowed } : { moduleFilter: fromTemplates, moduleIds: narrowed }),
  };
  const { count, rows } = await deps.store.hosts.listHosts(q);
  return { count, info: rows.map((r) => presentInstance('host', r, attrs, deps.timeZone, fields)) };
}

/**
 * get_host_base_info: one host as a property list [{bk_property_id, bk_property_name, bk_property_value}],
 * every attribute of the host model in its order, then bk_host_id.
 */
export async function getHostBaseInfo(deps: Deps, hostId: number) {
  const row = await deps.store.getInstance('host', hostId);
  if (!row) throw hostNotFound('bk_host_id', [hostId]);
  const attrs = await deps.store.attributes('host');
  const shown = presentInstance('host', row, attrs, deps.timeZone);
  return [
    ...attrs.map((a) => ({ bk_property_id: a.propertyId, bk_property_name: a.propertyName, bk_property_value: shown[a.propertyId] ?? null })),
    { bk_property_id: 'bk_host_id', bk_property_name: 'host ID', bk_property_value: hostId },
  ];
}

/** The fields of a host ↔ module relation row, which find_host_relations_with_topo's `fields` choose among. */
const RELATION_FIELDS = ['bk_biz_id', 'bk_host_id', 'bk_module_id', 'bk_set_id', 'bk_supplier_account'];
/** What find_host_relations_with_topo's page.sort may name: the relation's ids. */
const RELATION_CATALOG: FieldCatalog = {
  objId: 'host',
  has: (f) => RELATION_FIELDS.includes(f) && f !== 'bk_supplier_account',
  kind: () => 'number',
  intColumn: () => true,
};
/** bk-cmdb's cap on find_host_relations_with_topo's nodes. */
const MAX_TOPO_NODES = 50;

/**
 * find_host_relations_with_topo: the host ↔ module relations under up to 50 sets or modules of a business
 * (bk_obj_id "set" | "module"; Topograph has no custom levels), with the relation fields asked for, in page.sort's
 * order (relation ids) then by host and module id; page.limit ≤ 500. A count and a page query.
 */
export async function findHostRelationsWithTopo(
  deps: Deps,
  p: { bk_biz_id?: number; bk_obj_id?: unknown; bk_inst_ids?: unknown; fields?: unknown; page?: unknown },
) {
  if (p.bk_obj_id === undefined || p.bk_obj_id === null) throw required('bk_obj_id');
  if (p.bk_obj_id !== 'set' && p.bk_obj_id !== 'module') {
    throw invalidParameter('bk_obj_id', `must be "set" or "module", a topology level under the business (got ${shown(p.bk_obj_id)})`);
  }
  const nodeIds = parseIdArray('bk_inst_ids', p.bk_inst_ids, { required: true, max: MAX_TOPO_NODES })!;
  if (p.fields === undefined || p.fields === null || (Array.isArray(p.fields) && p.fields.length === 0)) throw required('fields');
  if (!Array.isArray(p.fields)) throw invalidParameter('fields', 'must be an array of field names');
  for (const f of p.fields as unknown[]) {
    if (typeof f !== 'string' || !RELATION_FIELDS.includes(f)) {
      throw invalidParameter('fields', `names ${shown(f)}, which is not a relation field (${RELATION_FIELDS.join(', ')})`);
    }
  }
  const fields = [...new Set(p.fields as string[])];
  const { start, limit, sort } = parsePage(RELATION_CATALOG, p.page, MAX_HOST_PAGE);
  const bizId = p.bk_biz_id!;
  await existingBiz(deps, bizId);
  const node = p.bk_obj_id === 'set' ? { setIds: nodeIds } : { moduleIds: nodeIds };
  const { count, rows } = await deps.store.hosts.relations({ bizId, ...node, start, limit, sort: sort as RelationQuery['sort'] });
  return {
    count,
    info: rows.map((r) => {
      const row: Record<string, unknown> = { ...r, bk_supplier_account: '0' };
      return Object.fromEntries(fields.map((f) => [f, row[f]]));
    }),
  };
}
