import { DomainError, MAX_ID, invalidParameter, required } from './errors.js';
import { typeName, shown } from './json-shape.js';

/** Id lists as every area's calls take them (hosts, topology, templates' host lookups), and their cap. */

/** A row id: a positive integer the stores' 32-bit id columns hold. */
export const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= MAX_ID;

/** More values than a call takes at once (bk-cmdb's "exceed the limit", 1199035 on the ESB). */
export const tooMany = (field: string, given: number, max: number) =>
  new DomainError('invalid_parameter', `'${field}' exceed the limit ${max}: it holds ${given}`, { operation: 'too_many', field });

/** An array of ids (bk_host_id in transfers, bk_set_ids, bk_ids, …): required or optional, with a cap; duplicates dropped. */
export function parseIdArray(field: string, v: unknown, opts: { required: boolean; max?: number }): number[] | undefined {
  if (v === undefined || v === null) {
    if (opts.required) throw required(field);
    return undefined;
  }
  if (!Array.isArray(v)) throw invalidParameter(field, `must be an array of ids (got ${typeName(v)})`);
  if (opts.required && v.length === 0) throw required(field);
  if (opts.max !== undefined && v.length > opts.max) throw tooMany(field, v.length, opts.max);
  v.forEach((x, i) => {
    if (!isId(x)) throw invalidParameter(`${field}[${i}]`, `must be an id: a positive integer up to ${MAX_ID} (got ${shown(x)})`);
  });
  return [...new Set(v as number[])];
}

/** One id inside a request's list or object (processes[0].bk_process_id): a positive integer the stores hold. */
export function parseId(field: string, v: unknown): number {
  if (v === undefined || v === null) throw required(field);
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new DomainError('not_integer', `'${field}' parameters must be integral (got ${typeName(v)} ${shown(v) ?? ''})`.trimEnd(), { field });
  }
  if (!isId(v)) throw invalidParameter(field, `must be an id: a positive integer up to ${MAX_ID} (got ${v})`);
  return v;
}
