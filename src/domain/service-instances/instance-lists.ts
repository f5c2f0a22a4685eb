import type { Deps } from '../context.js';
import { DomainError, invalidParameter } from '../errors.js';
import { groupBy } from '../group-by.js';
import { parseIdArray } from '../id-list.js';
import { isPlainObject } from '../json-shape.js';
import { existingBiz } from '../topology/guards.js';
import { intOf, optionalIntOf, searchTextOf } from '../templates/params.js';
import { parseSelectors } from './labels.js';
import { presentProcess, processRelation } from './process-values.js';
import { MAX_DETAIL_PAGE, MAX_HOST_IDS, MAX_INSTANCE_IDS, MAX_INSTANCE_PAGE, presentServiceInstance } from './service-instance.js';

/** The service instance lists: by business, module, hosts, ids, name, labels and set template; one count and one page query each. */

export interface ListParams {
  bk_biz_id?: unknown;
  bk_module_id?: unknown;
  bk_host_id?: unknown;
  bk_host_ids?: unknown;
  bk_host_list?: unknown;
  service_instance_ids?: unknown;
  selectors?: unknown;
  search_key?: unknown;
  page?: unknown;
}

export function pageOfList(v: unknown, max: number): { start: number; limit: number; desc: boolean } {
  if (v === undefined || v === null) return { start: 0, limit: max, desc: false };
  if (!isPlainObject(v)) throw invalidParameter('page', 'must be an object {start, limit, sort}');
  const start = v.start ?? 0;
  const limit = v.limit ?? 0;
  const sort = v.sort ?? '';
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 0 || start > 2_147_483_647) throw invalidParameter('page.start', 'must be an integer from 0 to 2147483647');
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) throw invalidParameter('page.limit', 'must be an integer ≥ 0');
  if (limit > max) throw new DomainError('page_limit', `page limit is exceeded: 'page.limit' is ${limit}, at most ${max}`, { field: 'page.limit' });
  if (sort !== '' && sort !== 'id' && sort !== '-id') throw invalidParameter('page.sort', 'pages go by id: "id" or "-id"');
  return { start, limit: limit === 0 ? max : limit, desc: sort === '-id' };
}

/** One count and one page query for the instances, one for their labels. Each list passes only the parameters its call takes. */
async function listInstances(deps: Deps, p: ListParams, hostIds: number[] | undefined, maxPage: number, setTemplateId?: number) {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  const moduleId = optionalIntOf('bk_module_id', p.bk_module_id);
  const ids = parseIdArray('service_instance_ids', p.service_instance_ids, { required: false, max: MAX_INSTANCE_IDS });
  const selectors = parseSelectors(p.selectors);
  const search = searchTextOf('search_key', p.search_key);
  const page = pageOfList(p.page, maxPage);
  await existingBiz(deps, bizId);
  const { count, rows } = await deps.store.serviceInstances.list({ bizId, moduleId, setTemplateId, hostIds, ids: ids?.length ? ids : undefined, search, selectors, ...page });
  const labels = await deps.store.serviceInstances.labelsOf(rows.map((r) => r.id));
  return { count, rows, info: rows.map((r) => presentServiceInstance(r, labels.get(r.id), deps.timeZone)) };
}

/** list_service_instance: the business's instances, by module, hosts (≤ 1000) and name (search_key: contains); page.limit ≤ 500. */
export async function listServiceInstances(deps: Deps, p: ListParams) {
  const hostIds = parseIdArray('bk_host_ids', p.bk_host_ids, { required: false, max: MAX_HOST_IDS });
  const { bk_biz_id, bk_module_id, selectors, search_key, page } = p;
  const { count, info } = await listInstances(deps, { bk_biz_id, bk_module_id, selectors, search_key, page }, hostIds?.length ? hostIds : undefined, MAX_INSTANCE_PAGE);
  return { count, info };
}

/** list_service_instance_by_host: one host's instances in the business; page.limit ≤ 500. */
export async function listServiceInstancesByHost(deps: Deps, p: ListParams) {
  const hostId = intOf('bk_host_id', p.bk_host_id);
  const { count, info } = await listInstances(deps, { bk_biz_id: p.bk_biz_id, page: p.page }, [hostId], MAX_INSTANCE_PAGE);
  return { count, info };
}

/** list_service_instance_by_set_template: the business's instances in modules of sets made from the set template; page.limit ≤ 500. */
export async function listServiceInstancesBySetTemplate(deps: Deps, p: ListParams & { set_template_id?: unknown }) {
  const setTemplateId = intOf('set_template_id', p.set_template_id);
  const { count, info } = await listInstances(deps, { bk_biz_id: p.bk_biz_id, page: p.page }, undefined, MAX_INSTANCE_PAGE, setTemplateId);
  return { count, info };
}

/**
 * list_service_instance_detail: as list_service_instance, with each instance's module's service category and its
 * processes ({process, relation}); bk_host_list (or the older bk_host_id) and service_instance_ids narrow it;
 * page.limit ≤ 1000. A fixed number of queries whatever the page (count, page, labels, modules, processes).
 */
export async function listServiceInstanceDetails(deps: Deps, p: ListParams) {
  const list = parseIdArray('bk_host_list', p.bk_host_list, { required: false, max: MAX_HOST_IDS });
  const single = optionalIntOf('bk_host_id', p.bk_host_id);
  const hostIds = list?.length ? list : single !== undefined ? [single] : undefined;
  const { count, rows, info } = await listInstances(deps, { ...p, search_key: undefined }, hostIds, MAX_DETAIL_PAGE);
  const [modules, processes, attrs] = await Promise.all([
    deps.store.hosts.rowsByIds('module', rows.map((r) => r.bk_module_id)),
    deps.store.serviceInstances.processesOf(rows.map((r) => r.id)),
    deps.store.attributes('process'),
  ]);
  const categoryOf = new Map(modules.map((m) => [m.bk_module_id as number, Number(m.service_category_id ?? 0)]));
  const byInstance = groupBy(processes, (proc) => proc.service_instance_id as number);
  return {
    count,
    info: rows.map((r, i) => ({
      ...info[i]!,
      service_category_id: categoryOf.get(r.bk_module_id) ?? 0,
      process_instances: (byInstance.get(r.id) ?? []).map((proc) => ({ process: presentProcess(proc, attrs, deps.timeZone), relation: processRelation(proc) })),
    })),
  };
}

