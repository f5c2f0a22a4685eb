import { invalidParameter } from '../errors.js';
import { isPlainObject, typeName, shown } from '../json-shape.js';
import type { Attribute, ObjId } from '../model/attribute.js';
import type { FilterNode } from '../../store/host-store.js';
import { catalog, parseCondList, parseFields, type CondOperator } from './params.js';

/**
 * bk-cmdb's per-object conditions, [{bk_obj_id, fields?, condition: [{field, operator, value}]}], as search_host
 * and the dynamic groups take them: each object at most once, each condition checked against the object's model
 * and turned into a filter, every condition of an entry true.
 */

/** bk-cmdb's regex metacharacters that Topograph cannot honour in "$regex" (it matches text, never runs patterns). */
const UNSUPPORTED_REGEX = new Set(['*', '+', '?', '[', ']', '(', ')', '{', '}', '|', '^', '$']);

/**
 * "$regex" as bk-cmdb's search_host takes it: text to find, case-insensitive as every "contains" here. A leading
 * ^ and a trailing $ anchor it (both: the whole value, an equality, case-sensitive); a backslash makes the next
 * punctuation literal; "." matches itself. Any other metacharacter, and a class such as \d, is refused, so that
 * no pattern silently matches less than the client meant.
 */
const regexAsText: CondOperator = (value, where) => {
  if (typeof value !== 'string') throw invalidParameter(where, `must be a string for "$regex" (got ${typeName(value)})`);
  let s = value;
  const begins = s.startsWith('^');
  if (begins) s = s.slice(1);
  const ends = s.endsWith('$') && !s.endsWith('\\$');
  if (ends) s = s.slice(0, -1);
  let text = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && i + 1 < s.length) {
      const next = s[++i]!;
      // \d, \w, \s, \b…: classes and assertions, not the letter
      if (/[A-Za-z0-9]/.test(next)) {
        throw invalidParameter(where, `"$regex" takes text with an optional leading ^ and trailing $; '\\${next}' is a pattern class Topograph does not run`);
      }
      text += next;
    }
    else if (UNSUPPORTED_REGEX.has(ch)) {
      throw invalidParameter(where, `"$regex" takes text with an optional leading ^ and trailing $; '${ch}' is a pattern character Topograph does not run (write \\${ch} to match it)`);
    } else text += ch;
  }
  const operator = begins && ends ? 'equal' : begins ? 'begins_with' : ends ? 'ends_with' : 'contains';
  return { operator, value: text };
};

/** The operators of a condition: bk-cmdb's MongoDB names ($neq is an old spelling of $ne). */
const OPERATORS: Readonly<Record<string, CondOperator>> = {
  $eq: 'equal',
  $ne: 'not_equal',
  $neq: 'not_equal',
  $in: 'in',
  $nin: 'not_in',
  $lt: 'less',
  $lte: 'less_or_equal',
  $gt: 'greater',
  $gte: 'greater_or_equal',
  $regex: regexAsText,
};

export interface ObjectCondition {
  attrs: Attribute[];
  filter?: FilterNode;
  /** the fields to answer (empty: all) */
  fields: string[];
}

/**
 * The entries of `input` (at `where`), for the objects `objects` lists, checked against the models
 * `attributesOf` reads (the store's, or a write's own). An `object` entry (a custom mainline level in bk-cmdb) is
 * allowed only empty: Topograph's mainline is biz, set, module.
 */
export async function parseObjectConditions(
  attributesOf: (objId: ObjId) => Promise<Attribute[]>,
  where: string,
  input: unknown,
  objects: readonly ObjId[],
): Promise<Map<ObjId, ObjectCondition>> {
  const out = new Map<ObjId, ObjectCondition>();
  if (input === undefined || input === null) return out;
  if (!Array.isArray(input)) throw invalidParameter(where, 'must be an array of {bk_obj_id, fields, condition}');
  for (const [i, entry] of input.entries()) {
    const at = `${where}[${i}]`;
    if (!isPlainObject(entry)) throw invalidParameter(at, 'must be an object {bk_obj_id, fields, condition}');
    const name = entry.bk_obj_id;
    if (name === 'object' && (entry.condition === undefined || entry.condition === null || (Array.isArray(entry.condition) && entry.condition.length === 0))) continue;
    if (name === 'object' && !Array.isArray(entry.condition)) throw invalidParameter(`${at}.condition`, `must be an array of {field, operator, value} (got ${typeName(entry.condition)})`);
    if (name === 'object') {
      throw invalidParameter(`${at}.bk_obj_id`, "is 'object', a custom mainline level: Topograph's mainline is biz, set, module, so only an empty condition is allowed");
    }
    if (entry.time_condition !== undefined && entry.time_condition !== null) {
      throw invalidParameter(`${at}.time_condition`, 'is not supported: compare create_time or last_time (milliseconds) with $gt / $lt in condition instead');
    }
    const objId = objects.find((o) => o === name);
    if (!objId) throw invalidParameter(`${at}.bk_obj_id`, `must be one of ${objects.join(', ')} (got ${shown(name ?? null)})`);
    if (out.has(objId)) throw invalidParameter(`${at}.bk_obj_id`, `names '${objId}' a second time: give each object one entry`);
    const attrs = await attributesOf(objId);
    const cat = catalog(objId, attrs);
    out.set(objId, {
      attrs,
      fields: parseFields(cat, entry.fields, `${at}.fields`),
      filter: parseCondList(cat, `${at}.condition`, entry.condition, OPERATORS),
    });
  }
  return out;
}
