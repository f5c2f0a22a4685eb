import type { Kysely } from 'kysely';
import { isId } from '../domain/id-list.js';
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

/** The rows of `table` whose `column` holds one of the row ids (others name nothing and are left out): one query per chunk. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function rowsWhereIdIn(db: Kysely<any>, table: string, column: string, ids: readonly number[]): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const chunk of inChunks([...new Set(ids)].filter(isId))) out.push(...(await db.selectFrom(table).selectAll().where(column, 'in', chunk).execute()));
  return out;
}
