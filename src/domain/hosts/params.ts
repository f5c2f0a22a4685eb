import type { Attribute, ObjId } from '../model/attribute.js';
import { DomainError, MAX_ID, invalidParameter, required } from '../errors.js';
import { checkPattern, checkStorableText } from '../patterns.js';
import { INSTANCE_TABLES } from '../../store/instance-tables.js';
import type { FilterNode, RuleOp } from '../../store/host-store.js';
import { isId, tooMany } from '../id-list.js';
import { isPlainObject, typeName, shown } from '../json-shape.js';
import { parseSortTerms } from '../sort-terms.js';

/**
 * The parameters host calls share: id lists ("1,2" strings or arrays), bk-cmdb's QueryBuilder filters
 * (host_property_filter, set_property_filter, module_property_filter), set_cond / module_cond, fields and page.
 * Everything is checked here, so that the store only ever sees fields that exist and operands that fit them.
 */

/** bk-cmdb's QueryBuilder limits: array operands, rules per group, nesting of groups. */
export const MAX_IN_LIST = 500;
export const MAX_RULES_PER_GROUP = 20;
export const MAX_GROUP_DEPTH = 2;
/** BKMaxInstanceLimit: pages of list_biz_hosts and friends, id lists of find_host_topo_relation. */
export const MAX_HOST_PAGE = 500;
export const MAX_SET_IDS = 200;
export const MAX_MODULE_IDS = 500;

/** bk_host_id as update_host / delete_host take it: "1,2,3" (also a single id or an array of ids). */
export function parseHostIdList(field: string, v: unknown): number[] {
  let parts: unknown[];
  if (typeof v === 'string') {
    if (v.trim() === '') throw required(field);
    parts = v.split(',').map((s) => {
      const t = s.trim();
      return /^\d{1,10}$/.test(t) ? Number(t) : t;
    });
  } else if (typeof v === 'number') parts = [v];
  else if (Array.isArray(v)) parts = v;
  else if (v === undefined || v === null) throw required(field);
  else throw invalidParameter(field, `must be host ids joined by "," such as "1,2" (got ${typeName(v)})`);
  if (parts.length === 0) throw required(field);
  for (const p of parts) {
    if (!isId(p)) throw invalidParameter(field, `must be host ids joined by ",": ${shown(p)} is not a host id`);
  }
  return [...new Set(parts as number[])];
}

type Kind = 'number' | 'string' | 'boolean' | 'any';

/** System columns that hold numbers: ids, the built-in kind, millisecond times. */
const NUMERIC_SYSTEM_FIELD = /_id$|^default$|^create_time$|^last_time$|^set_template_version$/;
/** Integer columns wider than PostgreSQL's int4. */
const BIGINT_FIELDS = new Set(['create_time', 'last_time']);

export interface FieldCatalog {
  objId: ObjId;
  has(field: string): boolean;
  kind(field: string): Kind;
  /** a real integer column: operands must be integers it can hold */
  intColumn(field: string): boolean;
}

export function catalog(objId: ObjId, attrs: Attribute[]): FieldCatalog {
  const table = INSTANCE_TABLES[objId];
  const byId = new Map(attrs.map((a) => [a.propertyId, a]));
  const kind = (f: string): Kind => {
    const a = byId.get(f);
    if (a) {
      if (a.type === 'int' || a.type === 'float' || a.type === 'foreignkey') return 'number';
      if (a.type === 'bool') return 'boolean';
      if (a.type === 'enummulti' || a.type === 'organization') return 'any';
      return 'string';
    }
    return NUMERIC_SYSTEM_FIELD.test(f) ? 'number' : 'string';
  };
  return {
    objId,
    has: (f) => table.columns.has(f) || byId.has(f),
    kind,
    intColumn: (f) => table.columns.has(f) && kind(f) === 'number',
  };
}

const OPERATORS: Record<string, RuleOp> = {
  equal: 'eq',
  not_equal: 'ne',
  in: 'in',
  not_in: 'nin',
  less: 'lt',
  less_or_equal: 'lte',
  greater: 'gt',
  greater_or_equal: 'gte',
  contains: 'contains',
  not_contains: 'not_contains',
  begins_with: 'begins_with',
  not_begins_with: 'not_begins_with',
  ends_with: 'ends_with',
  not_ends_with: 'not_ends_with',
  is_empty: 'empty',
  is_not_empty: 'not_empty',
  is_null: 'null',
  is_not_null: 'not_null',
};
const PATTERN_OPS = new Set<RuleOp>(['contains', 'not_contains', 'begins_with', 'not_begins_with', 'ends_with', 'not_ends_with']);
const NO_OPERAND = new Set<RuleOp>(['empty', 'not_empty', 'null', 'not_null']);

/** One operand checked against its field: the right JSON type, and a value the column can hold. */
function operand(cat: FieldCatalog, field: string, where: string, v: unknown): unknown {
  const kind = cat.kind(field);
  if (kind === 'any') {
    if (typeof v === 'string') checkStorableText(where, v);
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
    throw invalidParameter(where, `must be a string, number or boolean (got ${typeName(v)})`);
  }
  if (typeof v !== kind || (kind === 'number' && !Number.isFinite(v))) {
    throw invalidParameter(where, `must be a ${kind}: '${field}' is a ${kind} field (got ${typeName(v)})`);
  }
  if (kind === 'string') checkStorableText(where, v as string);
  if (kind === 'number' && cat.intColumn(field)) {
    const n = v as number;
    const max = BIGINT_FIELDS.has(field) ? Number.MAX_SAFE_INTEGER : MAX_ID;
    if (!Number.isInteger(n) || Math.abs(n) > max) {
      throw invalidParameter(where, `must be an integer between -${max} and ${max}: '${field}' is an integer field (got ${n})`);
    }
  }
  return v;
}

/**
 * bk-cmdb's QueryBuilder, {condition: "AND" | "OR", rules: [{field, operator, value} | group]}: at most two
 * levels of groups (the top one and one nested), 20 rules per group, 500 values per array operand. An
 * absent or empty filter is no filter.
 */
export function parseQueryFilter(cat: FieldCatalog, where: string, input: unknown): FilterNode | undefined {
  if (input === undefined || input === null) return undefined;
  if (!isPlainObject(input)) throw invalidParameter(where, 'must be an object {condition: "AND" | "OR", rules: [...]}');
  if (Object.keys(input).length === 0) return undefined;
  return group(cat, where, input, 1);
}

function group(cat: FieldCatalog, where: string, g: Record<string, unknown>, depth: number): FilterNode {
  if (depth > MAX_GROUP_DEPTH) throw invalidParameter(where, `nests groups deeper than ${MAX_GROUP_DEPTH} levels`);
  const cond = g.condition;
  if (cond !== 'AND' && cond !== 'OR') throw invalidParameter(`${where}.condition`, 'must be "AND" or "OR"');
  if (!Array.isArray(g.rules)) throw invalidParameter(`${where}.rules`, 'must be an array of rules');
  if (g.rules.length > MAX_RULES_PER_GROUP) throw tooMany(`${where}.rules`, g.rules.length, MAX_RULES_PER_GROUP);
  const rules = g.rules.map((r: unknown, i: number): FilterNode => {
    const at = `${where}.rules[${i}]`;
    if (!isPlainObject(r)) throw invalidParameter(at, 'must be a rule {field, operator, value} or a group {condition, rules}');
    if ('condition' in r || 'rules' in r) return group(cat, at, r, depth + 1);
    return atom(cat, at, r);
  });
  return { combine: cond === 'AND' ? 'and' : 'or', rules };
}

/** One rule; `written` is the operator as the client wrote it, when it is not a QueryBuilder name ("$regex"). */
function atom(cat: FieldCatalog, where: string, r: Record<string, unknown>, written?: string): FilterNode {
  const field = r.field;
  if (typeof field !== 'string' || field === '') throw invalidParameter(`${where}.field`, 'must be a field name');
  if (!cat.has(field)) throw invalidParameter(`${where}.field`, `names '${field}', which is not a field of ${cat.objId}`);
  const op = typeof r.operator === 'string' && Object.hasOwn(OPERATORS, r.operator) ? OPERATORS[r.operator]! : undefined;
  if (!op) {
    throw invalidParameter(`${where}.operator`, `must be one of ${Object.keys(OPERATORS).join(', ')} (got ${shown(r.operator ?? null)})`);
  }
  const opName = written ?? r.operator;
  const text = cat.kind(field) === 'string';
  const multi = cat.kind(field) === 'any' ? { multi: true } : {};
  if (NO_OPERAND.has(op)) return { field, op, text };
  const v = r.value;
  if (op === 'in' || op === 'nin') {
    if (!Array.isArray(v)) throw invalidParameter(`${where}.value`, `must be an array for '${opName}'`);
    if (v.length > MAX_IN_LIST) throw tooMany(`${where}.value`, v.length, MAX_IN_LIST);
    return { field, op, text, ...multi, value: v.map((x, i) => operand(cat, field, `${where}.value[${i}]`, x)) };
  }
  if (PATTERN_OPS.has(op)) {
    if (!text) throw invalidParameter(`${where}.operator`, `'${opName}' applies to text fields; '${field}' is not one`);
    if (typeof v !== 'string') throw invalidParameter(`${where}.value`, `must be a string for '${opName}' (got ${typeName(v)})`);
    return { field, op, text, value: checkPattern(`${where}.value`, v) };
  }
  if ((op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte') && (cat.kind(field) === 'boolean' || cat.kind(field) === 'any')) {
    // as bk-cmdb: a yes/no, or a field of several values (enummulti, organization), has no order
    throw invalidParameter(`${where}.operator`, `'${opName}' does not apply to '${field}', a ${cat.kind(field) === 'boolean' ? 'boolean' : 'multi-value'} field`);
  }
  return { field, op, text, ...multi, value: operand(cat, field, `${where}.value`, v) };
}

/**
 * The most operand values one request's filters may carry together: each is a bound parameter of one statement,
 * and SQLite takes at most 32,766 (PostgreSQL 65,535), however the values are spread over rules and filters.
 */
export const MAX_FILTER_VALUES = 10_000;

const operandCount = (node: FilterNode | undefined): number =>
  !node ? 0 : 'combine' in node ? node.rules.reduce((n, r) => n + operandCount(r), 0) : Array.isArray(node.value) ? node.value.length : node.value === undefined ? 0 : 1;

/** Refuses (1199035) filters that together carry more than MAX_FILTER_VALUES values, naming those that carry any. */
export function assertFilterBudget(filters: ReadonlyArray<readonly [where: string, node: FilterNode | undefined]>): void {
  const counted = filters.map(([where, node]) => [where, operandCount(node)] as const).filter(([, n]) => n > 0);
  const total = counted.reduce((n, [, c]) => n + c, 0);
  if (total > MAX_FILTER_VALUES) throw tooMany(counted.map(([where]) => where).join(' + '), total, MAX_FILTER_VALUES);
}

/** Filters that must all hold; the absent ones are left out (none given: no filter). */
export function allOf(...nodes: Array<FilterNode | undefined>): FilterNode | undefined {
  const given = nodes.filter((n): n is FilterNode => n !== undefined);
  return given.length > 1 ? { combine: 'and', rules: given } : given[0];
}

/** An operator of a condition list: its QueryBuilder name, or a rewrite of the item into one (search_host's $regex). */
export type CondOperator = string | ((value: unknown, where: string) => { operator: string; value: unknown });

/**
 * A bk-cmdb condition list, [{field, operator, value}], all of them true. `operators` maps each operator the
 * call takes ("$eq", …) to its QueryBuilder name, whose operand rules then apply.
 */
export function parseCondList(cat: FieldCatalog, where: string, input: unknown, operators: Readonly<Record<string, CondOperator>>): FilterNode | undefined {
  if (input === undefined || input === null) return undefined;
  const names = Object.keys(operators).map((o) => `"${o}"`);
  const oneOf = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join('');
  if (!Array.isArray(input)) throw invalidParameter(where, `must be an array of {field, operator: ${names.join(' | ')}, value}`);
  if (input.length === 0) return undefined;
  if (input.length > MAX_RULES_PER_GROUP) throw tooMany(where, input.length, MAX_RULES_PER_GROUP);
  const rules = input.map((c: unknown, i: number): FilterNode => {
    const at = `${where}[${i}]`;
    if (!isPlainObject(c)) throw invalidParameter(at, 'must be {field, operator, value}');
    const spec = typeof c.operator === 'string' && Object.hasOwn(operators, c.operator) ? operators[c.operator] : undefined;
    if (!spec) throw invalidParameter(`${at}.operator`, `must be ${oneOf} (got ${shown(c.operator ?? null)})`);
    const { operator, value } = typeof spec === 'string' ? { operator: spec, value: c.value } : spec(c.value, `${at}.value`);
    return atom(cat, at, { field: c.field, operator, value }, c.operator as string);
  });
  return { combine: 'and', rules };
}

const TOPO_COND_OPERATORS = { $eq: 'equal', $ne: 'not_equal' };

/** set_cond / module_cond: [{field, operator: "$eq" | "$ne", value}], all of them true. */
export const parseTopoCond = (cat: FieldCatalog, where: string, input: unknown): FilterNode | undefined =>
  parseCondList(cat, where, input, TOPO_COND_OPERATORS);

/** fields: the attributes to answer (the id is always kept); empty or absent = all. */
/** A list of field names of `cat` (empty or absent = every field, unless `required`). */
export function parseFields(cat: FieldCatalog, v: unknown, where = 'fields', opts: { required?: boolean } = {}): string[] {
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) {
    if (opts.required) throw required(where);
    return [];
  }
  if (!Array.isArray(v) || !v.every((f) => typeof f === 'string')) throw invalidParameter(where, 'must be an array of field names');
  for (const f of v as string[]) if (!cat.has(f)) throw invalidParameter(where, `names '${f}', which is not a field of ${cat.objId}`);
  return v as string[];
}

/** ip.data of the host searches: the addresses sent, each a non-empty string, trimmed (what they may hold is the caller's check). */
export function ipTexts(data: unknown): string[] {
  if (!Array.isArray(data)) throw invalidParameter('ip.data', `must be an array of IP addresses (got ${typeName(data)})`);
  return data.map((v: unknown, i) => {
    if (typeof v !== 'string' || v.trim() === '') throw invalidParameter(`ip.data[${i}]`, `must be an IP address, a non-empty string (got ${shown(v)})`);
    return v.trim();
  });
}

export interface HostPage {
  start: number;
  limit: number;
  sort: Array<{ field: string; desc: boolean }>;
}

/** page {start, limit ≤ max, sort}; a missing or zero limit means the cap; sort is "field" or "-field", comma-separated. */
export function parsePage(cat: FieldCatalog | undefined, v: unknown, max: number): HostPage {
  const page = v ?? {};
  if (!isPlainObject(page)) throw invalidParameter('page', 'must be an object {start, limit, sort}');
  const start = page.start ?? 0;
  const limit = page.limit ?? 0;
  if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0) throw invalidParameter('page.start', 'must be an integer ≥ 0');
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) throw invalidParameter('page.limit', 'must be an integer ≥ 0');
  if (limit > max) {
    throw new DomainError('page_limit', `page limit is exceeded: 'page.limit' is ${limit}, at most ${max}`, { field: 'page.limit' });
  }
  const sort: HostPage['sort'] = [];
  if (cat && page.sort !== undefined && page.sort !== null && page.sort !== '') {
    if (typeof page.sort !== 'string') throw invalidParameter('page.sort', 'must be a field name, "-" before it for descending');
    for (const term of parseSortTerms(page.sort)) {
      if (!cat.has(term.field)) throw invalidParameter('page.sort', `names '${term.field}', which is not a field of ${cat.objId}`);
      sort.push(term);
    }
  }
  return { start, limit: limit === 0 ? max : limit, sort };
}
