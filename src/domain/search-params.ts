import type { Attribute, ObjId } from './model/attribute.js';
import { DomainError, invalidParameter } from './errors.js';
import { INSTANCE_TABLES } from '../store/instance-tables.js';
import type { Filter, FilterOp, SearchQuery } from '../store/search.js';

/** bk-cmdb's search parameters, before they are checked. */
export interface SearchParams {
  condition?: unknown;
  fields?: unknown;
  page?: unknown;
}

export interface PageRules {
  defaultLimit: number;
  maxLimit: number;
  /** plain string values match as case-insensitive "contains" (search_business's legacy condition) */
  fuzzyStrings?: boolean;
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

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

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

  const filters: Filter[] = [];
  if (params.condition !== undefined && params.condition !== null) {
    if (!isPlainObject(params.condition)) throw invalidParameter('condition', 'must be an object of field: value');
    for (const [field, value] of Object.entries(params.condition)) {
      checkField(field, 'condition');
      const userField = byId.get(field)?.type === 'objuser';
      if (isPlainObject(value)) {
        for (const [op, operand] of Object.entries(value)) {
          const mapped = OPERATORS[op];
          if (!mapped) {
            throw invalidParameter(`condition.${field}`, `uses unknown operator '${op}' (allowed: ${Object.keys(OPERATORS).join(', ')})`);
          }
          if ((mapped === 'in' || mapped === 'nin') && !Array.isArray(operand)) {
            throw invalidParameter(`condition.${field}.${op}`, 'must be an array');
          }
          filters.push({ field, op: mapped, value: operand });
        }
      } else if (value === null) {
        filters.push({ field, op: 'null' });
      } else if (Array.isArray(value)) {
        filters.push({ field, op: 'in', value });
      } else if (typeof value === 'string' && userField) {
        for (const name of value.split(',').filter(Boolean)) filters.push({ field, op: 'list_has', value: name });
      } else if (typeof value === 'string' && rules.fuzzyStrings) {
        filters.push({ field, op: 'contains', value });
      } else {
        filters.push({ field, op: 'eq', value });
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
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) {
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
    for (const part of page.sort.split(',')) {
      const desc = part.startsWith('-');
      const field = part.replace(/^-/, '').split(':')[0]!.trim();
      checkField(field, 'page.sort');
      sort.push({ field, desc: desc || part.endsWith(':-1') });
    }
  }
  return { query: { filters, start, limit: limit === 0 ? rules.defaultLimit : limit, sort }, fields };
}
