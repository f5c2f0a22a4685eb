import type { CallContext } from '../context.js';
import { DomainError, invalidParameter, invalidReference, required } from '../errors.js';
import { CONTROL_CHARS as CONTROL, checkPattern } from '../patterns.js';
import { TOPO_NAME_MAX } from '../model/validator.js';
import { bizForTopologyWrite } from '../topology/guards.js';
import { isRowId, type Sort } from '../../store/template-store.js';
import type { InstanceRow } from '../../store/store.js';
import type { WriteSession } from '../../store/write-session.js';
import { tooMany } from '../id-list.js';
import { typeName, shown } from '../json-shape.js';
import { parseSortTerms } from '../sort-terms.js';

/** Checks of the template calls' own parameters (they are not model attributes, so the validator does not see them). */

/** An integer parameter (any safe integer; whether it names something is the caller's check). */
export function intOf(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw new DomainError('not_integer', `'${field}' parameters must be integral (got ${typeName(v)} ${shown(v) ?? ''})`.trimEnd(), {
      field,
    });
  }
  return v;
}

/** An optional integer: undefined and null read as absent. */
export const optionalIntOf = (field: string, v: unknown): number | undefined => (v === undefined || v === null ? undefined : intOf(field, v));

/** A list of integer ids, duplicates dropped, order kept. */
export function idListOf(field: string, v: unknown, opts: { max: number; allowEmpty: boolean }): number[] {
  if (!Array.isArray(v)) throw invalidParameter(field, `must be an array of ids (got ${typeName(v)})`);
  const ids = [...new Set(v.map((x, i) => intOf(`${field}[${i}]`, x)))];
  if (ids.length === 0 && !opts.allowEmpty) throw invalidParameter(field, 'must name at least one id');
  if (ids.length > opts.max) throw tooMany(field, ids.length, opts.max);
  return ids;
}

/** bk-cmdb's mainline name rule, which service and set template names follow too. */
const TOPO_NAME_FORBIDDEN = /[\\|/:*,<>"?#\s]/;

/** A service or set template name: trimmed, 1..256 characters, no white space nor \ | / : * , < > " ? #. */
export function templateNameOf(field: string, v: unknown): string {
  if (v === undefined || v === null) throw required(field);
  if (typeof v !== 'string') throw new DomainError('not_string', `'${field}' must be a string type (got ${typeName(v)})`, { field });
  const name = v.trim();
  if (name === '') throw required(field);
  if ([...name].length > TOPO_NAME_MAX) {
    throw new DomainError('name_too_long', `'${field}' field exceeds maximum length ${TOPO_NAME_MAX} characters`, { field });
  }
  if (TOPO_NAME_FORBIDDEN.test(name) || CONTROL.test(name)) {
    throw new DomainError(
      'invalid_value',
      `'${field}' data parameter verification does not pass: a name must not contain white space, control characters or any of \\ | / : * , < > " ? #`,
      { field },
    );
  }
  return name;
}

export const CATEGORY_NAME_MAX = 128;
/** bk-cmdb's service category name rule: letters, digits, _, Chinese characters and : - ( ). */
const CATEGORY_NAME = /^([\w\p{Script=Han}]|[:\-()])+$/u;

export function categoryNameOf(field: string, v: unknown): string {
  if (v === undefined || v === null) throw required(field);
  if (typeof v !== 'string') throw new DomainError('not_string', `'${field}' must be a string type (got ${typeName(v)})`, { field });
  const name = v.trim();
  if (name === '') throw required(field);
  if ([...name].length > CATEGORY_NAME_MAX) {
    throw new DomainError('invalid_value', `'${field}' data parameter verification does not pass: at most ${CATEGORY_NAME_MAX} characters`, { field });
  }
  if (!CATEGORY_NAME.test(name)) {
    throw new DomainError(
      'invalid_value',
      `'${field}' data parameter verification does not pass: a service category name takes letters, digits, _, Chinese characters and : - ( ) only`,
      { field },
    );
  }
  return name;
}

/** A free-text search string (no NUL, which neither store keeps). */
export function searchTextOf(field: string, v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new DomainError('not_string', `'${field}' must be a string type (got ${typeName(v)})`, { field });
  return checkPattern(field, v);
}

export function optionalBoolOf(field: string, v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new DomainError('not_bool', `'${field}' must be boolean (got ${typeName(v)})`, { field });
  return v;
}

export interface Page {
  start: number;
  limit: number;
  sort: Sort[];
}

/**
 * {start, limit, sort} of the list calls: limit 0 or absent = the cap; a larger limit is refused (1199059);
 * sort is a field of `sortable`, "-" before it for descending.
 */
export function pageOf(v: unknown, rules: { maxLimit: number; sortable: readonly string[]; defaultSort: string }): Page {
  const p = v === undefined || v === null ? {} : v;
  if (typeof p !== 'object' || Array.isArray(p)) throw invalidParameter('page', 'must be an object {start, limit, sort}');
  // null reads as absent, as for every optional parameter
  const { start: s, limit: l, sort: o } = p as Record<string, unknown>;
  const [start, limit, sort] = [s ?? 0, l ?? 0, o ?? ''];
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 0 || start > 2_147_483_647) {
    throw invalidParameter('page.start', 'must be an integer from 0 to 2147483647');
  }
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) throw invalidParameter('page.limit', 'must be an integer ≥ 0');
  if (limit > rules.maxLimit) {
    throw new DomainError('page_limit', `page limit is exceeded: 'page.limit' is ${limit}, at most ${rules.maxLimit}`, { field: 'page.limit' });
  }
  if (typeof sort !== 'string') throw invalidParameter('page.sort', 'must be a field name, "-" before it for descending');
  const sorts: Sort[] = [];
  for (const term of parseSortTerms(sort || rules.defaultSort)) {
    if (!rules.sortable.includes(term.field)) {
      throw invalidParameter('page.sort', `names '${term.field}', which is not one of ${rules.sortable.join(', ')}`);
    }
    sorts.push(term);
  }
  return { start, limit: limit === 0 ? rules.maxLimit : limit, sort: sorts };
}

/**
 * The business a template write happens in: exists, not archived, not the resource pool, and the caller is
 * its maintainer or the administrator (guards.ts). Ids outside the stores' range name no business.
 */
export async function bizForTemplateWrite(
  w: WriteSession,
  ctx: CallContext,
  bizId: number,
  action: 'create_biz_topology' | 'edit_biz_topology' | 'delete_biz_topology',
): Promise<InstanceRow> {
  if (!isRowId(bizId)) throw invalidReference('bk_biz_id', `business ${bizId} does not exist`);
  return bizForTopologyWrite(w, ctx.principal, bizId, action);
}
