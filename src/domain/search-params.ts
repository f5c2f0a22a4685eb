import type { Attribute, ObjId, PropertyType } from './model/attribute.js';
import { DomainError, MAX_ID, invalidParameter } from './errors.js';
import { checkPattern, checkStorableText } from './patterns.js';
import { INSTANCE_TABLES } from '../store/instance-tables.js';
import type { Filter, FilterOp, SearchQuery } from '../store/search.js';
import { isPlainObject, typeName } from './json-shape.js';
import { parseSortTerms } from './sort-terms.js';

/** bk-cmdb's search parameters, before they are checked. */
export interface SearchParams {
  condition?: unknown;
  fields?: unknown;
  page?: unknown;
  /** bk-cmdb's time ranges on create_time / last_time, where the call takes them */
  time_condition?: unknown;
  /** the call's QueryBuilder filter, under the name PageRules.filterParam gives it */
  [filterParam: string]: unknown;
}

export interface PageRules {
  defaultLimit: number;
  maxLimit: number;
  /** plain string values match as case-insensitive "contains" (search_business's legacy condition) */
  fuzzyStrings?: boolean;
  /**
   * The name of the call's QueryBuilder filter (search_business's biz_property_filter, search_set's filter); a
   * call that has one takes time_condition too. bk-cmdb takes the filter or the legacy condition, not both.
   */
  filterParam?: string;
}

const OPERATORS: Record<string, FilterOp> = {
  $eq: 'eq',
  $ne: 'ne',
  $in: 'in',
  $nin: 'nin',
  $lt: 'lt',
  $lte: 'lte',
  $gt: 'gt',
  $gte: 'gte',
  $regex: 'contains',
};

type OperandKind = 'number' | 'string' | 'boolean' | 'any';

const KIND_OF_TYPE: Partial<Record<PropertyType, OperandKind>> = {
  int: 'number',
  float: 'number',
  foreignkey: 'number',
  bool: 'boolean',
  enummulti: 'any',
  organization: 'any',
};

/** System columns that hold numbers: ids, the built-in kind, millisecond times. */
const NUMERIC_SYSTEM_FIELD = /_id$|^default$|^create_time$|^last_time$|^set_template_version$/;

/** Built-in times, integers of milliseconds: far past MAX_ID. */
const MS_TIME_FIELD = /^(create_time|last_time)$/;

/** bk-cmdb's cap on array operands. */
const MAX_IN_LIST = 500;

/** Turns condition / fields / page into a store query, refusing unknown fields and pages over the cap. */
export function parseSearch(
  objId: ObjId,
  attrs: Attribute[],
  params: SearchParams,
  rules: PageRules,
): { query: SearchQuery; fields: string[] } {
  const table = INSTANCE_TABLES[objId];
  const byId = new Map(attrs.map((a) => [a.propertyId, a]));
  const known = (f: string) => table.columns.has(f) || byId.has(f);
  const checkField = (f: string, where: string) => {
    if (!known(f)) throw invalidParameter(where, `names '${f}', which is not a field of ${objId}`);
  };

  const kindOf = (f: string): OperandKind => {
    const attr = byId.get(f);
    if (attr) return KIND_OF_TYPE[attr.type] ?? 'string';
    return NUMERIC_SYSTEM_FIELD.test(f) ? 'number' : 'string';
  };
  const operand = (where: string, f: string, v: unknown): unknown => {
    const kind = kindOf(f);
    if (kind === 'any') {
      // a value of the field's list (enummulti, organization) is one scalar; a list or object matches nothing the same way on both stores
      if (typeof v === 'string') return checkStorableText(where, v);
      if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') return v;
      throw invalidParameter(where, `must be a string, number or boolean (${f} holds a list of them), got ${typeName(v)}`);
    }
    if (typeof v !== kind || (kind === 'number' && !Number.isFinite(v))) {
      throw invalidParameter(where, `must be a ${kind} (${f} is a ${kind} field), got ${typeName(v)}`);
    }
    if (kind === 'string') checkStorableText(where, v as string);
    // A built-in number column holds integers (ids up to 2147483647, times in ms): anything else can't match,
    // and PostgreSQL would refuse to compare it.
    const integerColumn = table.columns.has(f) && (byId.has(f) ? ['int', 'foreignkey'].includes(byId.get(f)!.type) : NUMERIC_SYSTEM_FIELD.test(f));
    if (kind === 'number' && integerColumn) {
      const max = MS_TIME_FIELD.test(f) ? Number.MAX_SAFE_INTEGER : MAX_ID;
      if (!Number.isInteger(v) || Math.abs(v as number) > max) {
        throw invalidParameter(where, `must be an integer between -${max} and ${max}: '${f}' is an integer field (got ${String(v)})`);
      }
    }
    return v;
  };
  const operandList = (where: string, f: string, v: unknown): unknown[] => {
    if (!Array.isArray(v)) throw invalidParameter(where, 'must be an array');
    if (v.length > MAX_IN_LIST) throw invalidParameter(where, `holds ${v.length} values, at most ${MAX_IN_LIST}`);
    return v.map((x, i) => operand(`${where}[${i}]`, f, x));
  };

  const filters: Filter[] = [];
  if (params.condition !== undefined && params.condition !== null) {
    if (!isPlainObject(params.condition)) throw invalidParameter('condition', 'must be an object of field: value');
    for (const [field, value] of Object.entries(params.condition)) {
      checkField(field, 'condition');
      const userField = byId.get(field)?.type === 'objuser';
      if (isPlainObject(value)) {
        // An operator object with no operator would filter nothing: a client's bug, not a wish for every row.
        if (Object.keys(value).length === 0) {
          throw invalidParameter(`condition.${field}`, `is an empty object: give a value, or operators such as {"$in": [...]}`);
        }
        for (const [op, given] of Object.entries(value)) {
          const mapped = Object.hasOwn(OPERATORS, op) ? OPERATORS[op] : undefined;
          if (!mapped) {
            throw invalidParameter(`condition.${field}`, `uses unknown operator '${op}' (allowed: ${Object.keys(OPERATORS).join(', ')})`);
          }
          const where = `condition.${field}.${op}`;
          if (mapped === 'in' || mapped === 'nin') filters.push({ field, op: mapped, value: operandList(where, field, given) });
          else if (mapped === 'contains') {
            if (kindOf(field) !== 'string') throw invalidParameter(where, `applies to text fields; '${field}' is a ${kindOf(field)} field`);
            if (typeof given !== 'string') throw invalidParameter(where, 'must be a string');
            filters.push({ field, op: mapped, value: checkPattern(where, given) });
          } else filters.push({ field, op: mapped, value: operand(where, field, given) });
        }
      } else if (value === null) {
        filters.push({ field, op: 'null' });
      } else if (Array.isArray(value)) {
        filters.push({ field, op: 'in', value: operandList(`condition.${field}`, field, value) });
      } else if (typeof value === 'string' && userField) {
        for (const name of value.split(',').filter(Boolean)) filters.push({ field, op: 'list_has', value: checkPattern(`condition.${field}`, name) });
      } else if (typeof value === 'string' && rules.fuzzyStrings && kindOf(field) === 'string') {
        filters.push({ field, op: 'contains', value: checkPattern(`condition.${field}`, value) });
      } else {
        filters.push({ field, op: 'eq', value: operand(`condition.${field}`, field, value) });
      }
    }
  }

  let fields: string[] = [];
  if (params.fields !== undefined && params.fields !== null) {
    if (!Array.isArray(params.fields) || !params.fields.every((f) => typeof f === 'string')) {
      throw invalidParameter('fields', 'must be an array of field names');
    }
    fields = params.fields as string[];
    for (const f of fields) checkField(f, 'fields');
  }

  const page = params.page ?? {};
  if (!isPlainObject(page)) throw invalidParameter('page', 'must be an object {start, limit, sort}');
  const start = page.start ?? 0;
  const limit = page.limit ?? 0;
  if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0) {
    throw invalidParameter('page.start', 'must be an integer ≥ 0');
  }
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) {
    throw invalidParameter('page.limit', 'must be an integer ≥ 0');
  }
  if (limit > rules.maxLimit) {
    throw new DomainError('page_limit', `page limit is exceeded: 'page.limit' is ${limit}, at most ${rules.maxLimit}`, {
      field: 'page.limit',
    });
  }
  const sort: SearchQuery['sort'] = [];
  if (page.sort !== undefined && page.sort !== '') {
    if (typeof page.sort !== 'string') throw invalidParameter('page.sort', 'must be a field name, "-" before it for descending');
    for (const term of parseSortTerms(page.sort)) {
      checkField(term.field, 'page.sort');
      sort.push(term);
    }
  }
  return { query: { filters, start, limit: limit === 0 ? rules.defaultLimit : limit, sort }, fields };
}
