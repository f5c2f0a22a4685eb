/** What a parsed JSON value is, for the parsers' checks and their messages. */

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value's JSON type as a message names it: null, array, object, string, number, boolean. */
export const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
