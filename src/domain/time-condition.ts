import { DomainError, invalidParameter, required } from './errors.js';
import { tooMany } from './id-list.js';
import { isPlainObject, typeName, shown } from './json-shape.js';
import { parseWallClock } from './time.js';
import type { FilterNode } from '../store/host-store.js';

/**
 * bk-cmdb's time_condition, {oper: "and", rules: [{field, start, end}]}: each rule keeps the records whose time
 * field lies from start to end (both included), all rules together. Times are "YYYY-MM-DD hh:mm:ss" in the
 * server's zone (TOPOGRAPH_TIMEZONE), as bk-cmdb reads them, or RFC 3339. The fields are the records' own
 * times, create_time and last_time (milliseconds in the store).
 */

const TIME_FIELDS = ['create_time', 'last_time'];
/** bk-cmdb's cap on a query's rules. */
const MAX_TIME_RULES = 20;

export function parseTimeCondition(where: string, input: unknown, timeZone: string): FilterNode | undefined {
  if (input === undefined || input === null) return undefined;
  if (!isPlainObject(input)) throw invalidParameter(where, `must be an object {oper: "and", rules: [{field, start, end}]} (got ${typeName(input)})`);
  if (input.oper === undefined || input.oper === null) throw required(`${where}.oper`);
  if (input.oper !== 'and') throw invalidParameter(`${where}.oper`, `must be "and", the one operator bk-cmdb defines (got ${shown(input.oper)})`);
  const rules = input.rules;
  if (rules === undefined || rules === null || (Array.isArray(rules) && rules.length === 0)) throw required(`${where}.rules`);
  if (!Array.isArray(rules)) throw invalidParameter(`${where}.rules`, `must be an array of {field, start, end} (got ${typeName(rules)})`);
  if (rules.length > MAX_TIME_RULES) throw tooMany(`${where}.rules`, rules.length, MAX_TIME_RULES);
  const nodes = rules.flatMap((r: unknown, i: number): FilterNode[] => {
    const at = `${where}.rules[${i}]`;
    if (!isPlainObject(r)) throw invalidParameter(at, `must be an object {field, start, end} (got ${typeName(r)})`);
    if (typeof r.field !== 'string' || !TIME_FIELDS.includes(r.field)) {
      throw invalidParameter(`${at}.field`, `must be one of ${TIME_FIELDS.join(', ')} (got ${shown(r.field ?? null)})`);
    }
    const start = parseWallClock(`${at}.start`, r.start, timeZone);
    const end = parseWallClock(`${at}.end`, r.end, timeZone);
    if (start === undefined) throw required(`${at}.start`);
    if (end === undefined) throw required(`${at}.end`);
    if (start > end) throw new DomainError('invalid_parameter', `'${at}.start' must not be later than its end`, { field: `${at}.start` });
    return [
      { field: r.field, op: 'gte', value: start, text: false },
      { field: r.field, op: 'lte', value: end, text: false },
    ];
  });
  return { combine: 'and', rules: nodes };
}
