import type { TSchema } from '@sinclair/typebox';
import { DomainError } from '../../domain/errors.js';

/**
 * Top-level parameters a call does not define. Most are dropped and named in X-Topograph-Ignored-Fields, as the
 * model's unknown fields are; with TOPOGRAPH_STRICT_FIELDS=on they are refused. One whose name says it narrows the
 * answer (a filter or condition, such as a newer bk-cmdb version's `biz_property_filter` sent to a call that does
 * not take it) is always refused: dropping it would answer more than the client asked for, and a script acting
 * on the answer (updating or deleting what it found) would act on records it never meant.
 */

const NARROWING = /filter|condition|_conds?$/i;

/** An empty filter, list or text narrows nothing: dropping it changes no answer. */
const isEmpty = (v: unknown) => v === '' || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0);

/** The names a call's schema declares, built once per call. */
export const declaredParams = (schema: TSchema): ReadonlySet<string> => new Set(Object.keys((schema.properties ?? {}) as object));

/**
 * The call's undeclared parameters that carry a value (null is no value). Throws for one that narrows the answer
 * (an empty one narrows nothing), or for any in strict mode; answers the others, to report.
 */
export function undeclaredParams(callName: string, declared: ReadonlySet<string>, params: unknown, strict: boolean): string[] {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return [];
  let out: string[] | undefined;
  for (const [key, value] of Object.entries(params)) {
    if (declared.has(key) || value === null || value === undefined) continue;
    if (NARROWING.test(key) && !isEmpty(value)) {
      throw new DomainError(
        'invalid_parameter',
        `'${key}' is not a parameter of ${callName}: it would narrow the answer, so Topograph refuses it rather than answer without it`,
        { field: key },
      );
    }
    if (strict) throw new DomainError('invalid_parameter', `'${key}' is not a parameter of ${callName} (TOPOGRAPH_STRICT_FIELDS is on)`, { field: key });
    (out ??= []).push(key);
  }
  return out ?? [];
}
