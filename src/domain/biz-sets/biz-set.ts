import { actorOf, type CallContext, type Deps, type WithIgnored } from '../context.js';
import { DomainError, invalidParameter, notFound, required } from '../errors.js';
import { catalog, parseQueryFilter } from '../hosts/params.js';
import { isId, parseIdArray } from '../id-list.js';
import { isPlainObject, typeName, shown } from '../json-shape.js';
import type { Attribute, EnumOption } from '../model/attribute.js';
import { validateForCreate, validateForUpdate } from '../model/validator.js';
import { assertAdmin } from '../permissions.js';
import { searchInstances } from '../topology/instances.js';
import type { FilterNode } from '../../store/host-store.js';
import type { InstanceRow } from '../../store/store.js';
import { EVERY_ROW, type Filter } from '../../store/search.js';
import { INSTANCE_TABLES } from '../../store/instance-tables.js';

/**
 * Business sets (bk-cmdb v3.10.12+, object bk_biz_set_obj): a named group of businesses, given by a scope, either
 * every business ({match_all: true}) or those a filter on business fields picks ({match_all: false, filter}).
 * The set's own fields are model attributes (bk_biz_set_name, unique; bk_biz_set_desc; bk_biz_maintainer; and any
 * custom attribute), checked by the attribute validator; writes are the administrator's, each audited with an
 * event (resource_watch's biz_set). The scope is checked against the business model when saved and again when
 * read, so a scope naming an attribute deleted since is refused, not misread.
 */

const OBJ = 'bk_biz_set_obj';
/** bk-cmdb's caps: ids a batch update or delete takes, and a list's page. */
export const MAX_BIZ_SET_IDS = 200;
export const MAX_BIZ_SET_PAGE = 500;
/** The scope filter's operators, as bk-cmdb allows them: equality and membership, combined by AND. */
const SCOPE_OPS = new Set(['eq', 'in']);

interface Scope {
  match_all: boolean;
  filter?: Record<string, unknown>;
}

/** Every business, or the filter's: and only AND groups of equal / in rules on business fields. */
function scopeFilter(bizAttrs: Attribute[], scope: Scope, where: string): FilterNode | undefined {
  if (scope.match_all) return undefined;
  const node = parseQueryFilter(catalog('biz', bizAttrs), `${where}.filter`, scope.filter);
  if (!node) throw required(`${where}.filter`);
  const optionIds = new Map(
    bizAttrs.filter((a) => (a.type === 'enum' || a.type === 'enummulti') && Array.isArray(a.option)).map((a) => [a.propertyId, new Set((a.option as EnumOption[]).map((o) => o.id))]),
  );
  const check = (n: FilterNode, at: string): void => {
    if ('combine' in n) {
      if (n.combine !== 'and') throw invalidParameter(`${at}.condition`, 'must be "AND": a business set\'s scope combines its rules by AND only');
      n.rules.forEach((r, i) => check(r, `${at}.rules[${i}]`));
    } else if (!SCOPE_OPS.has(n.op)) {
      throw invalidParameter(`${at}.operator`, 'must be "equal" or "in": the operators a business set\'s scope takes');
    } else {
      // A saved scope naming an option the field does not have would silently take no business.
      const options = optionIds.get(n.field);
      const values = n.op === 'in' ? (n.value as unknown[]) : [n.value];
      const stray = options && values.find((v) => !options.has(v as string));
      if (stray !== undefined) throw invalidParameter(`${at}.value`, `names ${shown(stray)}, which is not an option of ${n.field} (${[...options!].join(', ')})`);
    }
  };
  check(node, `${where}.filter`);
  return node;
}

/** A scope as it is kept, and the filter on business rows it stands for. */
function parseScope(bizAttrs: Attribute[], v: unknown, where = 'bk_scope'): { scope: Scope; filter: FilterNode | undefined } {
  if (v === undefined || v === null) throw required(where);
  if (!isPlainObject(v)) throw invalidParameter(where, `must be an object {match_all, filter} (got ${typeName(v)})`);
  if (v.match_all === undefined || v.match_all === null) throw required(`${where}.match_all`);
  if (typeof v.match_all !== 'boolean') throw invalidParameter(`${where}.match_all`, `must be a boolean (got ${typeName(v.match_all)})`);
  const hasFilter = v.filter !== undefined && v.filter !== null && !(isPlainObject(v.filter) && Object.keys(v.filter).length === 0);
  if (v.match_all && hasFilter) throw invalidParameter(`${where}.filter`, 'must be left out when match_all is true (every business is in the set)');
  const scope: Scope = v.match_all ? { match_all: true } : { match_all: false, filter: v.filter as Record<string, unknown> };
  return { scope, filter: scopeFilter(bizAttrs, scope, where) };
}

/** The businesses of a set, as a filter on business rows: its scope, re-checked against today's business model. */
function storedScopeFilter(bizAttrs: Attribute[], set: InstanceRow): FilterNode | undefined {
  try {
    return scopeFilter(bizAttrs, set.bk_scope as Scope, 'bk_scope');
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    throw new DomainError('invalid_value', `business set ${String(set.bk_biz_set_id)}'s scope no longer fits the business model: ${err.message}`, {
      field: 'bk_biz_set_id',
    });
  }
}

function attrsOf(v: unknown, where: string): Record<string, unknown> {
  if (v === undefined || v === null) throw required(where);
  if (!isPlainObject(v)) throw invalidParameter(where, `must be an object of business set fields (got ${typeName(v)})`);
  return v;
}

const setIdsOf = (v: unknown) => parseIdArray('bk_biz_set_ids', v, { required: true, max: MAX_BIZ_SET_IDS })!;

/** create_business_set: the new set's id. The name is unique (1199014, by the table's unique index). */
export async function createBusinessSet(deps: Deps, ctx: CallContext, p: { bk_biz_set_attr?: unknown; bk_scope?: unknown }): Promise<WithIgnored<number>> {
  assertAdmin(ctx.principal, 'create_business_set');
  const input = attrsOf(p.bk_biz_set_attr, 'bk_biz_set_attr');
  return deps.store.write(actorOf(ctx), async (w) => {
    const { values, ignored } = validateForCreate(await w.attributes(OBJ), input, { strict: deps.strictFields });
    const { scope } = parseScope(await w.attributes('biz'), p.bk_scope);
    const created = await w.insertInstance(OBJ, { ...values, bk_scope: scope });
    return { result: created.bk_biz_set_id as number, ignored: ignored.map((f) => `bk_biz_set_attr.${f}`) };
  });
}

/** The sets of `ids`, every one of them (1199019 names those that don't exist). */
function existingSets(rows: InstanceRow[], ids: number[]): InstanceRow[] {
  const found = new Set(rows.map((r) => r.bk_biz_set_id as number));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw notFound(`business set(s) ${missing.join(', ')} do not exist ('bk_biz_set_ids')`);
  return rows;
}

/**
 * batch_update_business_set: the same changes to up to 200 sets; the name and the scope only one set at a time
 * (bk-cmdb's rule: a name is unique, and a scope is what makes a set). Unknown and non-editable fields are refused.
 */
export async function batchUpdateBusinessSet(deps: Deps, ctx: CallContext, p: { bk_biz_set_ids?: unknown; data?: unknown }): Promise<Record<string, never>> {
  assertAdmin(ctx.principal, 'edit_business_set');
  const ids = setIdsOf(p.bk_biz_set_ids);
  if (p.data === undefined || p.data === null) throw required('data');
  if (!isPlainObject(p.data)) throw invalidParameter('data', `must be an object {bk_biz_set_attr, bk_scope} (got ${typeName(p.data)})`);
  const { bk_biz_set_attr: attr, bk_scope: scopeInput } = p.data;
  const hasAttr = attr !== undefined && attr !== null;
  const hasScope = scopeInput !== undefined && scopeInput !== null;
  if (!hasAttr && !hasScope) throw required('data.bk_biz_set_attr or data.bk_scope');
  const input = hasAttr ? attrsOf(attr, 'data.bk_biz_set_attr') : {};
  if (ids.length > 1 && ('bk_biz_set_name' in input || hasScope)) {
    throw invalidParameter(hasScope ? 'data.bk_scope' : 'data.bk_biz_set_attr.bk_biz_set_name', 'changes one business set at a time: bk_biz_set_ids must hold one id');
  }
  await deps.store.write(actorOf(ctx), async (w) => {
    const { values } = validateForUpdate(await w.attributes(OBJ), input, { strict: true });
    const changes: InstanceRow = { ...values };
    if (hasScope) changes.bk_scope = parseScope(await w.attributes('biz'), scopeInput, 'data.bk_scope').scope;
    const befores = existingSets(await w.findInstancesIn(OBJ, ids, undefined, 'update'), ids);
    if (Object.keys(changes).length) await w.updateInstances(OBJ, befores, changes);
  });
  return {};
}

/** batch_delete_business_set: up to 200 sets, all of them or none; the businesses stay. */
export async function batchDeleteBusinessSet(deps: Deps, ctx: CallContext, p: { bk_biz_set_ids?: unknown }): Promise<Record<string, never>> {
  assertAdmin(ctx.principal, 'delete_business_set');
  const ids = setIdsOf(p.bk_biz_set_ids);
  await deps.store.write(actorOf(ctx), async (w) => {
    await w.deleteInstances(OBJ, existingSets(await w.findInstancesIn(OBJ, ids, undefined, 'update'), ids));
  });
  return {};
}

interface CountedPage {
  page?: unknown;
}

/**
 * bk-cmdb's page.enable_count: true asks for the count alone ({count, info: []}), false for the page alone
 * ({count: 0, info}), as its business-set calls answer.
 */
function countOnly(p: CountedPage): boolean {
  if (!isPlainObject(p.page)) return false;
  const flag = p.page.enable_count;
  if (flag === undefined || flag === null) return false;
  if (typeof flag !== 'boolean') throw invalidParameter('page.enable_count', `must be a boolean (got ${typeName(flag)})`);
  return flag;
}

async function counted(p: CountedPage, search: () => Promise<{ count: number; info: Record<string, unknown>[] }>) {
  const { count, info } = await search();
  return countOnly(p) ? { count, info: [] } : { count: 0, info };
}

/** list_business_set: bk_biz_set_filter (QueryBuilder on the set's fields), time_condition, fields, page ≤ 500 by id. */
export function listBusinessSet(deps: Deps, p: Record<string, unknown> & CountedPage) {
  return counted(p, () => searchInstances(deps, OBJ, p, { defaultLimit: MAX_BIZ_SET_PAGE, maxLimit: MAX_BIZ_SET_PAGE, filterParam: 'bk_biz_set_filter' }));
}

/** The businesses a scope takes: ordinary ones (not the resource pool), not archived, as bk-cmdb's business sets. */
const ORDINARY = [
  { field: 'default', op: 'eq' as const, value: 0 },
  { field: 'bk_data_status', op: 'null' as const },
];

/** The businesses a scope takes, narrowed by the call's filter (QueryBuilder), with fields and page ≤ 500. */
function businessesIn(deps: Deps, p: Record<string, unknown> & CountedPage, scope: FilterNode | undefined) {
  return counted(p, () =>
    searchInstances(deps, 'biz', { fields: p.fields, page: p.page, filter: p.filter }, { defaultLimit: MAX_BIZ_SET_PAGE, maxLimit: MAX_BIZ_SET_PAGE, filterParam: 'filter' }, ORDINARY, scope),
  );
}

/** list_business_in_business_set: the businesses of a set. */
export async function listBusinessInBusinessSet(deps: Deps, p: Record<string, unknown> & CountedPage & { bk_biz_set_id?: number }) {
  const set = await deps.store.getInstance(OBJ, p.bk_biz_set_id!);
  if (!set) throw notFound(`business set ${p.bk_biz_set_id} does not exist ('bk_biz_set_id')`);
  return businessesIn(deps, p, storedScopeFilter(await deps.store.attributes('biz'), set));
}

/** preview_business_set: the businesses a scope would take, before a set is saved with it. */
export async function previewBusinessSet(deps: Deps, p: Record<string, unknown> & CountedPage & { bk_scope?: unknown }) {
  return businessesIn(deps, p, parseScope(await deps.store.attributes('biz'), p.bk_scope).filter);
}

/** A business set's topology, as bk-cmdb walks it: the set → its businesses → their sets → their modules. */
const TOPO_CHILD = { [OBJ]: 'biz', biz: 'set', set: 'module' } as const;
type TopoParent = keyof typeof TOPO_CHILD;

/**
 * list_business_set_topo: the nodes directly under a node of a business set's topology,
 * [{bk_obj_id, bk_inst_id, bk_inst_name, default}] by id. The parent is the set itself (its businesses), one of
 * its businesses (that business's sets, the idle pool too) or a set of one of them (its modules). Topograph has
 * no custom levels (bk-cmdb's may sit between a business and its sets). A parent outside the set is refused.
 * Three queries at most: the set, the parent's place in its scope, the children.
 */
export async function listBusinessSetTopo(deps: Deps, p: { bk_biz_set_id?: number; bk_parent_obj_id?: string; bk_parent_id?: number }) {
  const setId = p.bk_biz_set_id!;
  const parentObj = p.bk_parent_obj_id!;
  const parentId = p.bk_parent_id!;
  if (!Object.hasOwn(TOPO_CHILD, parentObj)) {
    throw invalidParameter('bk_parent_obj_id', `must be "${OBJ}", "biz" or "set", a level of a business set's topology with one under it (got ${shown(parentObj)})`);
  }
  const parent = parentObj as TopoParent;
  if (parent === OBJ && parentId !== setId) throw invalidParameter('bk_parent_id', `must be the business set's own id, ${setId}, when the parent is the set (got ${shown(parentId)})`);
  const bizSet = await deps.store.getInstance(OBJ, setId);
  if (!bizSet) throw notFound(`business set ${setId} does not exist ('bk_biz_set_id')`);
  const scope = storedScopeFilter(await deps.store.attributes('biz'), bizSet);
  const businesses = async (filters: Filter[]) => (await deps.store.search('biz', { filters: [...ORDINARY, ...filters], tree: scope, start: 0, limit: EVERY_ROW, sort: [] })).rows;
  const node = (objId: 'biz' | 'set' | 'module', row: InstanceRow) => ({
    bk_obj_id: objId,
    bk_inst_id: row[INSTANCE_TABLES[objId].idColumn],
    bk_inst_name: row[INSTANCE_TABLES[objId].nameColumn],
    default: row.default,
  });
  if (parent === OBJ) return (await businesses([])).map((b) => node('biz', b));

  // the business the parent is, or is in, must be one of the set's
  const parentRow = parent === 'biz' ? undefined : isId(parentId) ? await deps.store.getInstance('set', parentId) : undefined;
  if (parent === 'set' && !parentRow) throw invalidParameter('bk_parent_id', `names no set: set ${shown(parentId)} does not exist`);
  const bizId = parent === 'biz' ? parentId : (parentRow!.bk_biz_id as number);
  if (!isId(bizId) || (await businesses([{ field: 'bk_biz_id', op: 'eq', value: bizId }])).length === 0) {
    throw invalidParameter('bk_parent_id', `names a ${parent} outside business set ${setId}: business ${shown(bizId)} is not one of its businesses`);
  }
  const child = TOPO_CHILD[parent];
  const filter: Filter = parent === 'biz' ? { field: 'bk_biz_id', op: 'eq', value: bizId } : { field: 'bk_set_id', op: 'eq', value: parentId };
  const { rows } = await deps.store.search(child, { filters: [filter], start: 0, limit: EVERY_ROW, sort: [] });
  return rows.map((r) => node(child, r));
}
