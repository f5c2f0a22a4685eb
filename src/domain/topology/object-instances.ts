import type { Deps } from '../context.js';
import { OBJECT_IDS, isObjId, type ObjId } from '../model/attribute.js';
import { invalidParameter, required } from '../errors.js';
import { allOf, assertFilterBudget, catalog, parseQueryFilter } from '../hosts/params.js';
import { shown } from '../json-shape.js';
import { parseTimeCondition } from '../time-condition.js';
import { searchInstances } from './instances.js';
import { INSTANCE_TABLES } from '../../store/instance-tables.js';

/**
 * bk-cmdb's generic instance reads (v3.10.1+), over any of the model's objects: count_object_instances and
 * search_object_instances. Every instance is seen, the built-in ones (the resource pool, the idle pools, area 0)
 * and archived businesses too, as bk-cmdb's generic calls see them.
 */

/** bk-cmdb's caps on search_object_instances' and search_inst_by_object's pages. */
export const MAX_OBJECT_INSTANCE_PAGE = 500;
export const MAX_INST_BY_OBJECT_PAGE = 200;

function objectOf(v: unknown): ObjId {
  if (v === undefined || v === null || v === '') throw required('bk_obj_id');
  if (!isObjId(v)) throw invalidParameter('bk_obj_id', `must be one of the model's objects (${OBJECT_IDS.join(', ')}); got ${shown(v)}`);
  return v;
}

/** count_object_instances: how many instances hold `conditions` (QueryBuilder) and `time_condition`: {count}. One query. */
export async function countObjectInstances(deps: Deps, p: { bk_obj_id?: unknown; conditions?: unknown; time_condition?: unknown }) {
  const objId = objectOf(p.bk_obj_id);
  const attrs = await deps.store.attributes(objId);
  const tree = allOf(parseQueryFilter(catalog(objId, attrs), 'conditions', p.conditions), parseTimeCondition('time_condition', p.time_condition, deps.timeZone));
  assertFilterBudget([['conditions + time_condition', tree]]);
  const { count } = await deps.store.search(objId, { filters: [], tree, start: 0, limit: 0, sort: [] });
  return { count };
}

/**
 * search_object_instances: a page (required, ≤ 500, sort) of the instances holding `conditions` and
 * `time_condition` (the ones count_object_instances counts), with `fields`: {info}.
 */
export async function searchObjectInstances(
  deps: Deps,
  p: { bk_obj_id?: unknown; conditions?: unknown; time_condition?: unknown; fields?: unknown; page?: unknown },
) {
  const objId = objectOf(p.bk_obj_id);
  if (p.page === undefined || p.page === null) throw required('page');
  const { info } = await searchInstances(
    deps,
    objId,
    { conditions: p.conditions, time_condition: p.time_condition, fields: p.fields, page: p.page },
    { defaultLimit: MAX_OBJECT_INSTANCE_PAGE, maxLimit: MAX_OBJECT_INSTANCE_PAGE, filterParam: 'conditions' },
  );
  return { info };
}

/**
 * search_inst_by_object (bk-cmdb's older generic search): the legacy `condition` (field → value or {$op}), `fields`
 * and page (≤ 200, sort) over any model object: {count, info}. Each record carries its own fields (a projection
 * keeps the id and the name) and, as bk-cmdb's generic instances do, bk_inst_id and bk_inst_name.
 */
export async function searchInstByObject(deps: Deps, p: { bk_obj_id?: unknown; condition?: unknown; fields?: unknown; page?: unknown }) {
  const objId = objectOf(p.bk_obj_id);
  const { idColumn, nameColumn } = INSTANCE_TABLES[objId];
  const { count, info } = await searchInstances(
    deps,
    objId,
    // the name is kept in a projection, as the id is, for bk_inst_name
    { condition: p.condition, fields: Array.isArray(p.fields) && p.fields.length ? [...p.fields, nameColumn] : p.fields, page: p.page },
    { defaultLimit: MAX_INST_BY_OBJECT_PAGE, maxLimit: MAX_INST_BY_OBJECT_PAGE },
  );
  return { count, info: info.map((r) => ({ ...r, bk_inst_id: r[idColumn], bk_inst_name: r[nameColumn] ?? null })) };
}
