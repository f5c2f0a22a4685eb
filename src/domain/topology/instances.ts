import type { Deps } from '../context.js';
import type { Attribute, ObjId } from '../model/attribute.js';
import { validateForUpdate } from '../model/validator.js';
import { parseSearch, type PageRules, type SearchParams } from '../search-params.js';
import type { Filter } from '../../store/search.js';
import type { InstanceRow } from '../../store/store.js';
import type { WriteSession } from '../../store/write-session.js';
import { presentInstance } from './present.js';
import { parseIdArray } from '../id-list.js';
import { invalidParameter, required } from '../errors.js';
import { allOf, assertFilterBudget, catalog, parseQueryFilter } from '../hosts/params.js';
import { isPlainObject } from '../json-shape.js';
import { parseTimeCondition } from '../time-condition.js';
import type { FilterNode } from '../../store/host-store.js';
import { existingBiz } from './guards.js';

/** The shared shape of every search call: parse, add the call's own fixed filters, one count and one page query. */
export async function searchInstances(
  deps: Deps,
  objId: ObjId,
  params: SearchParams,
  rules: PageRules,
  fixed: Filter[] = [],
  /** a filter of the call's own that holds too (a business set's scope) */
  fixedTree?: FilterNode,
): Promise<{ count: number; info: Record<string, unknown>[] }> {
  const attrs = await deps.store.attributes(objId);
  const { query, fields } = parseSearch(objId, attrs, params, rules);
  query.tree = allOf(rules.filterParam ? parseFilterParams(deps, objId, attrs, params, rules.filterParam) : undefined, fixedTree);
  const fixedFields = new Set(fixed.map((f) => f.field));
  query.filters = [...query.filters.filter((f) => !fixedFields.has(f.field)), ...fixed];
  const { count, rows } = await deps.store.search(objId, query);
  return { count, info: rows.map((r) => presentInstance(objId, r, attrs, deps.timeZone, fields)) };
}

/** A search's QueryBuilder filter (`filterParam`) and time_condition, both to hold; the filter and condition exclude each other. */
function parseFilterParams(deps: Deps, objId: ObjId, attrs: Attribute[], params: SearchParams, filterParam: string): FilterNode | undefined {
  const filter = parseQueryFilter(catalog(objId, attrs), filterParam, params[filterParam]);
  if (filter && isPlainObject(params.condition) && Object.keys(params.condition).length > 0) {
    throw invalidParameter(filterParam, 'and condition can only use one of them: condition is the legacy form of the same query');
  }
  const tree = allOf(filter, parseTimeCondition('time_condition', params.time_condition, deps.timeZone));
  assertFilterBudget([[filterParam, tree]]);
  return tree;
}

/**
 * The shared shape of every update: the keys the call strips (ids, parents) go first, everything else must be
 * an editable attribute (unknown and non-editable fields are refused, not dropped), values are validated as
 * on create, and the change is written with its audit record.
 */
export async function updateInstance(
  w: WriteSession,
  objId: ObjId,
  before: InstanceRow,
  data: Record<string, unknown>,
  strip: string[],
  /** server-set fields written with the change (e.g. bk_last_editor) */
  extra: InstanceRow = {},
): Promise<InstanceRow> {
  const input = { ...data };
  for (const k of strip) delete input[k];
  const attrs = await w.attributes(objId);
  const { values } = validateForUpdate(attrs, input, { strict: true });
  if (Object.keys(values).length === 0) return before;
  return w.updateInstance(objId, before, { ...values, ...extra });
}

/** The batch reads' `fields`: at least one (whether each is a field is the search's check). */
function requireFields(fields: unknown): void {
  if (fields === undefined || fields === null || (Array.isArray(fields) && fields.length === 0)) throw required('fields');
}

/** bk-cmdb's cap on find_set_batch / find_module_batch ids. */
export const MAX_BATCH_IDS = 500;

/**
 * find_set_batch / find_module_batch: the business's sets or modules among bk_ids (≤ 500), each with the
 * fields asked for (at least one); ids of other businesses or of nothing are left out. A count and a page query.
 */
export async function findInstanceBatch(deps: Deps, objId: 'set' | 'module', p: { bk_biz_id?: number; bk_ids?: unknown; fields?: unknown }) {
  const ids = parseIdArray('bk_ids', p.bk_ids, { required: true, max: MAX_BATCH_IDS })!;
  requireFields(p.fields);
  await existingBiz(deps, p.bk_biz_id!);
  const { info } = await searchInstances(deps, objId, { fields: p.fields, page: { limit: ids.length } }, { defaultLimit: MAX_BATCH_IDS, maxLimit: MAX_BATCH_IDS }, [
    { field: 'bk_biz_id', op: 'eq', value: p.bk_biz_id },
    { field: objId === 'set' ? 'bk_set_id' : 'bk_module_id', op: 'in', value: ids },
  ]);
  return info;
}

/**
 * find_module_with_relation: the business's modules, narrowed to bk_set_ids (≤ 200) and to those made from
 * bk_service_template_ids, with the fields asked for (at least one); page.limit ≤ 500. A count and a page query.
 */
export async function findModuleWithRelation(
  deps: Deps,
  p: { bk_biz_id?: number; bk_set_ids?: unknown; bk_service_template_ids?: unknown; fields?: unknown; page?: unknown },
) {
  const setIds = parseIdArray('bk_set_ids', p.bk_set_ids, { required: false, max: 200 });
  const templateIds = parseIdArray('bk_service_template_ids', p.bk_service_template_ids, { required: false, max: MAX_BATCH_IDS });
  requireFields(p.fields);
  await existingBiz(deps, p.bk_biz_id!);
  const fixed: Filter[] = [{ field: 'bk_biz_id', op: 'eq', value: p.bk_biz_id }];
  if (setIds?.length) fixed.push({ field: 'bk_set_id', op: 'in', value: setIds });
  if (templateIds?.length) fixed.push({ field: 'service_template_id', op: 'in', value: templateIds });
  return searchInstances(deps, 'module', { fields: p.fields, page: p.page }, { defaultLimit: MAX_BATCH_IDS, maxLimit: MAX_BATCH_IDS }, fixed);
}
