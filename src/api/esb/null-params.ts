import type { TSchema } from '@sinclair/typebox';

/** A schema that states a JSON type (so refuses null); Type.Unknown, which the model's values use, states none. */
const statesType = (s: TSchema): boolean =>
  s.type !== undefined || ((s.anyOf ?? s.oneOf) as TSchema[] | undefined)?.every(statesType) === true;

/**
 * Drops, in place, the parameters sent as null that the call declares with a JSON type, down through declared
 * objects: the ESB's forms read such a null as the parameter not sent (an optional one takes its default, a
 * required one is "required"), as bk-cmdb's decoding does.
 * A record's values (`data`, a host's fields: declared without a type, checked by the model) keep their null,
 * which there is a value: "no value".
 */
export function dropNullParams(schema: TSchema, params: unknown): void {
  const props = schema.properties as Record<string, TSchema> | undefined;
  if (!props || typeof params !== 'object' || params === null || Array.isArray(params)) return;
  const given = params as Record<string, unknown>;
  for (const [key, prop] of Object.entries(props)) {
    if (!Object.hasOwn(given, key)) continue;
    if (given[key] === null) {
      if (statesType(prop)) delete given[key];
    } else if (prop.type === 'object') dropNullParams(prop, given[key]);
  }
}
