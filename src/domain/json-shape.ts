/** What a parsed JSON value is, for the parsers' checks and their messages. */

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value's JSON type as a message names it: null, array, object, string, number, boolean. */
export const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

const SHOWN_MAX_CHARS = 100;

/**
 * A client's value as an error message quotes it: its JSON, cut to 100 characters, so a message never
 * echoes a megabyte back; the type name for a value too deeply nested to serialise (JSON.stringify
 * overflows the stack on thousands of levels, which JSON.parse accepts). Undefined for undefined, as
 * JSON.stringify.
 */
export const shown = (v: unknown): string | undefined => {
  let json: string | undefined;
  try {
    json = JSON.stringify(v);
  } catch {
    return `an ${typeName(v)} nested too deeply to show`; // only arrays and objects nest
  }
  return json !== undefined && json.length > SHOWN_MAX_CHARS ? `${json.slice(0, SHOWN_MAX_CHARS)}…` : json;
};
