import { actorOf, type CallContext, type Deps } from '../context.js';
import { DomainError, duplicate, invalidParameter, notFound, required } from '../errors.js';
import { parseObjectConditions } from '../hosts/object-conditions.js';
import { allOf, assertFilterBudget, catalog, parseFields, parsePage } from '../hosts/params.js';
import { isPlainObject, typeName, shown } from '../json-shape.js';
import type { Attribute, ObjId } from '../model/attribute.js';
import { pageOf } from '../templates/params.js';
import { CONTROL_CHARS as CONTROL } from '../patterns.js';
import { formatTime } from '../time.js';
import { bizForTopologyWrite, existingBiz } from '../topology/guards.js';
import { presentInstance } from '../topology/present.js';
import type { FilterNode } from '../../store/host-store.js';
import { INSTANCE_TABLES } from '../../store/instance-tables.js';
import { DynamicGroupWrites, type DynamicGroupRow } from '../../store/dynamic-group-store.js';

/**
 * Dynamic groups (bk-cmdb v3.9.6+): a business's saved query for hosts (conditions on its sets, modules and
 * hosts) or for sets (conditions on its sets), run by execute_dynamic_group. The rule is checked against the
 * model when saved and again when run, so a group naming an attribute deleted since is refused, not misread.
 */

/** What each kind of group may put conditions on. */
const TARGETS: Readonly<Record<string, readonly ObjId[]>> = { host: ['set', 'module', 'host'], set: ['set'] };
/** The two lists of a rule: bk-cmdb's locked and variable conditions, both applied. */
const RULE_LISTS = ['condition', 'variable_condition'] as const;
/** bk-cmdb's page cap for search_dynamic_group and execute_dynamic_group. */
export const MAX_GROUP_PAGE = 200;
const NAME_MAX = 256;
const SORTABLE = ['id', 'name', 'bk_obj_id', 'create_user', 'modify_user', 'create_time', 'last_time'];
const SEARCHABLE = ['name', 'create_user', 'modify_user'] as const;

type Rule = Partial<Record<(typeof RULE_LISTS)[number], Array<{ bk_obj_id: string; condition: unknown[] }>>>;

function nameOf(v: unknown): string {
  if (v === undefined || v === null) throw required('name');
  if (typeof v !== 'string') throw new DomainError('not_string', `'name' must be a string type (got ${typeName(v)})`, { field: 'name' });
  const name = v.trim();
  if (name === '') throw required('name');
  if ([...name].length > NAME_MAX) throw new DomainError('name_too_long', `'name' field exceeds maximum length ${NAME_MAX} characters`, { field: 'name' });
  if (CONTROL.test(name)) throw invalidParameter('name', 'must not contain control characters');
  return name;
}

function targetOf(v: unknown): string {
  if (v === undefined || v === null) throw required('bk_obj_id');
  if (typeof v !== 'string' || !Object.hasOwn(TARGETS, v)) throw invalidParameter('bk_obj_id', `must be "host" or "set" (got ${shown(v)})`);
  return v;
}

/**
 * A rule, {condition: [{bk_obj_id, condition: [{field, operator, value}]}], variable_condition: [...]}, checked
 * against the objects the group's kind allows and their models; answers its filters per object (both lists'
 * conditions all true) and the rule as it is kept.
 */
async function parseRule(attributesOf: (objId: ObjId) => Promise<Attribute[]>, target: string, info: unknown): Promise<{ rule: Rule; filters: Map<ObjId, FilterNode> }> {
  if (info === undefined || info === null) throw required('info');
  if (!isPlainObject(info)) throw invalidParameter('info', `must be an object {condition: [...]} (got ${typeName(info)})`);
  const rule: Rule = {};
  const filters = new Map<ObjId, FilterNode>();
  for (const list of RULE_LISTS) {
    const raw = info[list];
    if (raw === undefined || raw === null) continue;
    const where = `info.${list}`;
    const conditions = await parseObjectConditions(attributesOf, where, raw, TARGETS[target]!);
    (raw as Array<Record<string, unknown>>).forEach((entry, i) => {
      if (!Array.isArray(entry.condition) || entry.condition.length === 0) throw required(`${where}[${i}].condition`);
    });
    rule[list] = (raw as Array<Record<string, unknown>>).map((e) => ({ bk_obj_id: String(e.bk_obj_id), condition: e.condition as unknown[] }));
    for (const [objId, c] of conditions) {
      const both = allOf(filters.get(objId), c.filter);
      if (both) filters.set(objId, both);
    }
  }
  if (!(rule.condition?.length || rule.variable_condition?.length)) throw required('info.condition');
  assertFilterBudget([...filters].map(([objId, f]) => [`info (${objId})`, f] as const));
  return { rule, filters };
}

const present = (g: DynamicGroupRow, timeZone: string) => ({
  bk_biz_id: g.bk_biz_id,
  id: g.id,
  name: g.name,
  bk_obj_id: g.bk_obj_id,
  info: g.info,
  create_user: g.create_user,
  create_time: formatTime(g.create_time, timeZone),
  modify_user: g.modify_user,
  last_time: formatTime(g.last_time, timeZone),
});

/** The longest id taken: ids are 20 characters; a longer one names nothing. */
const ID_MAX = 64;

const idOf = (v: unknown): string => {
  if (v === undefined || v === null || v === '') throw required('id');
  if (typeof v !== 'string') throw new DomainError('not_string', `'id' must be a string type (got ${typeName(v)})`, { field: 'id' });
  if (v.length > ID_MAX || CONTROL.test(v)) throw invalidParameter('id', `must be a dynamic group id: at most ${ID_MAX} characters, no control characters`);
  return v;
};

async function ownGroup(reads: { get(bizId: number, id: string, lock?: boolean): Promise<DynamicGroupRow | undefined> }, bizId: number, id: string, lock = false) {
  const g = await reads.get(bizId, id, lock);
  if (!g) throw notFound(`dynamic group id '${id}' does not exist in business ${bizId}`);
  return g;
}

const duplicateName = (name: string) => {
  const err = duplicate('dynamic_group', ['name']);
  return new DomainError(err.kind, `${err.message} (dynamic group name '${name}' is taken in this business)`, err.details);
};

interface WriteParams {
  bk_biz_id?: number;
  id?: unknown;
  name?: unknown;
  bk_obj_id?: unknown;
  info?: unknown;
}

/** create_dynamic_group: {id}. The name is unique in the business (1199014, by the table's unique index too). */
export async function createDynamicGroup(deps: Deps, ctx: CallContext, p: WriteParams) {
  const name = nameOf(p.name);
  const target = targetOf(p.bk_obj_id);
  const { rule } = await parseRule((o) => deps.store.attributes(o), target, p.info);
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTopologyWrite(w, ctx.principal, p.bk_biz_id!, 'create_biz_topology');
    const groups = new DynamicGroupWrites(w);
    if ((await groups.list({ bizId: p.bk_biz_id!, where: { name }, start: 0, limit: 1, sort: [] })).count) throw duplicateName(name);
    const row = await groups.insert({ bizId: p.bk_biz_id!, name, objId: target, info: rule });
    return { id: row.id };
  });
}

/**
 * update_dynamic_group: a new name, a new rule, a new kind, or several. A rule alone is checked against the
 * group's kind; a kind alone re-checks the group's rule against it (bk-cmdb asks for both together).
 */
export async function updateDynamicGroup(deps: Deps, ctx: CallContext, p: WriteParams): Promise<null> {
  const id = idOf(p.id);
  const name = p.name === undefined || p.name === null ? undefined : nameOf(p.name);
  const hasRule = p.info !== undefined && p.info !== null;
  const newTarget = p.bk_obj_id === undefined || p.bk_obj_id === null ? undefined : targetOf(p.bk_obj_id);
  if (name === undefined && !hasRule && newTarget === undefined) throw required('name');
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTopologyWrite(w, ctx.principal, p.bk_biz_id!, 'edit_biz_topology');
    const groups = new DynamicGroupWrites(w);
    const before = await ownGroup(groups, p.bk_biz_id!, id, true);
    const target = newTarget ?? before.bk_obj_id;
    const rule = hasRule || newTarget ? (await parseRule((o) => w.attributes(o), target, hasRule ? p.info : before.info)).rule : undefined;
    if (name !== undefined && name !== before.name && (await groups.list({ bizId: p.bk_biz_id!, where: { name }, start: 0, limit: 1, sort: [] })).count) {
      throw duplicateName(name);
    }
    await groups.update(before, { ...(name !== undefined && { name }), ...(newTarget && { objId: newTarget }), ...(hasRule && { info: rule }) });
  });
  return null;
}

export async function deleteDynamicGroup(deps: Deps, ctx: CallContext, p: WriteParams): Promise<null> {
  const id = idOf(p.id);
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTopologyWrite(w, ctx.principal, p.bk_biz_id!, 'delete_biz_topology');
    const groups = new DynamicGroupWrites(w);
    await groups.delete(await ownGroup(groups, p.bk_biz_id!, id, true));
  });
  return null;
}

export async function getDynamicGroup(deps: Deps, p: { bk_biz_id?: number; id?: unknown }) {
  const id = idOf(p.id);
  await existingBiz(deps, p.bk_biz_id!);
  return present(await ownGroup(deps.store.dynamicGroups, p.bk_biz_id!, id), deps.timeZone);
}

/** search_dynamic_group: a business's groups, by name, create_user or modify_user (equal); page.limit ≤ 200, by creation time. */
export async function searchDynamicGroups(deps: Deps, p: { bk_biz_id?: number; condition?: unknown; page?: unknown }) {
  const where: Partial<Record<(typeof SEARCHABLE)[number], string>> = {};
  if (p.condition !== undefined && p.condition !== null) {
    if (!isPlainObject(p.condition)) throw invalidParameter('condition', `must be an object {name, create_user, modify_user} (got ${typeName(p.condition)})`);
    for (const [k, v] of Object.entries(p.condition)) {
      const key = SEARCHABLE.find((s) => s === k);
      if (!key) throw invalidParameter(`condition.${k}`, `is not a condition: one of ${SEARCHABLE.join(', ')}`);
      if (typeof v !== 'string') throw invalidParameter(`condition.${k}`, `must be a string (got ${typeName(v)})`);
      if (v.includes('\u0000')) throw invalidParameter(`condition.${k}`, 'must not contain the NUL character');
      where[key] = v;
    }
  }
  const page = pageOf(p.page, { maxLimit: MAX_GROUP_PAGE, sortable: SORTABLE, defaultSort: 'create_time' });
  await existingBiz(deps, p.bk_biz_id!);
  const { count, rows } = await deps.store.dynamicGroups.list({ bizId: p.bk_biz_id!, where, ...page });
  return { count, info: rows.map((g) => present(g, deps.timeZone)) };
}

/**
 * execute_dynamic_group: the business's hosts (or sets) the group's rule finds, with the fields asked for (at
 * least one; the id is always kept; those the target lacks are answered in `ignored`); page.limit ≤ 200. A count
 * and a page query.
 */
export async function executeDynamicGroup(deps: Deps, p: { bk_biz_id?: number; id?: unknown; fields?: unknown; page?: unknown }) {
  const id = idOf(p.id);
  const bizId = p.bk_biz_id!;
  await existingBiz(deps, bizId);
  const group = await ownGroup(deps.store.dynamicGroups, bizId, id);
  const { filters } = await parseRule((o) => deps.store.attributes(o), group.bk_obj_id, group.info).catch((err: unknown) => {
    // The rule was valid when saved: what fails now is the model that changed under it.
    throw err instanceof DomainError ? new DomainError(err.kind, `the group's rule no longer fits the model: ${err.message}`, err.details) : err;
  });
  const objId: ObjId = group.bk_obj_id === 'set' ? 'set' : 'host';
  const attrs = await deps.store.attributes(objId);
  const cat = catalog(objId, attrs);
  // as bk-cmdb: a field the target does not have is left out (and named in X-Topograph-Ignored-Fields)
  const asked = Array.isArray(p.fields) ? p.fields : undefined;
  const ignored = asked ? asked.filter((f): f is string => typeof f === 'string' && !cat.has(f)) : [];
  const known = asked?.filter((f) => !ignored.includes(f as string));
  // fields naming only what the target lacks: the ids alone (an empty list would mean every field)
  const fields = known && asked!.length && !known.length ? [INSTANCE_TABLES[objId].idColumn] : parseFields(cat, known ?? p.fields, 'fields', { required: true });
  const page = parsePage(cat, p.page, MAX_GROUP_PAGE);
  const { count, rows } =
    objId === 'set'
      ? await deps.store.hosts.listSets({ bizId, filter: filters.get('set'), ...page })
      : await deps.store.hosts.listHosts({ bizId, setFilter: filters.get('set'), moduleFilter: filters.get('module'), hostFilter: filters.get('host'), ...page });
  return { count, info: rows.map((r) => presentInstance(objId, r, attrs, deps.timeZone, fields)), ignored };
}
