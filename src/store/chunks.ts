import type { DialectName } from './database.js';

/**
 * Splits rows so one statement stays under the driver's bound-parameter limit (SQLite 32766, PostgreSQL
 * 65535), at `perRow` parameters a row (by default, as many as the first row has keys).
 */
export function chunksFor<T>(rows: T[], dialect: DialectName, perRow = Object.keys(rows[0] ?? {}).length): T[][] {
  if (rows.length === 0) return [];
  const size = Math.max(1, Math.floor((dialect === 'postgres' ? 60000 : 30000) / Math.max(1, perRow)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Values one IN list takes at most: well under either driver's bound-parameter limit. */
export const IN_CHUNK = 5000;

/** `values` in lists of at most `size`, for `where x in (…)` statements over any number of values. */
export function inChunks<T>(values: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
