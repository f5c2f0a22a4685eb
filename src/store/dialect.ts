import { sql, type ColumnDefinitionBuilder, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DialectName } from './database.js';

/** The few places where SQLite and PostgreSQL differ, in one file instead of `if (sqlite)` across queries. */
export interface DialectHelpers {
  /** an auto-increment integer primary key that also accepts an explicit id (cloud area 0) */
  autoId(col: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** the case-insensitive LIKE operator */
  ilike: 'like' | 'ilike';
  /** JSON text type used for JSON columns (stored as text in both) */
  jsonType: 'text';
  /** 8-byte integer type for millisecond timestamps */
  bigint: 'bigint' | 'integer';
}

/** A text as a LIKE pattern matches it literally (with `escape '\\'`): its \\, % and _ escaped. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function dialectHelpers(name: DialectName): DialectHelpers {
  if (name === 'postgres') {
    return {
      autoId: (c) => c.primaryKey().generatedByDefaultAsIdentity(),
      ilike: 'ilike',
      jsonType: 'text',
      bigint: 'bigint',
    };
  }
  return {
    autoId: (c) => c.primaryKey().autoIncrement(),
    ilike: 'like',
    jsonType: 'text',
    bigint: 'integer',
  };
}

/** After explicit ids were inserted, PostgreSQL's identity sequence must be moved past them. */
export async function resyncIdentity(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  dialect: DialectName,
  table: string,
  column: string,
): Promise<void> {
  if (dialect !== 'postgres') return;
  const { sql } = await import('kysely');
  // The next id is max + 1; with no row above 0 (cloud area 0 alone) it is 1, as on SQLite: setval(…, 1, false).
  await sql`select setval(pg_get_serial_sequence(${table}, ${column}), greatest(m.max, 1), m.max >= 1) from (select coalesce(max(${sql.ref(column)}), 0) as max from ${sql.table(table)}) m`.execute(
    db,
  );
}

const ORDER_SQL = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/**
 * A range comparison. On PostgreSQL a custom attribute is jsonb, whose order puts null (and strings) below every
 * number: only values of the operand's own JSON type compare, as SQLite's json_extract and bk-cmdb's MongoDB do.
 */
export function ordered(expr: Expression<unknown>, op: keyof typeof ORDER_SQL, operand: Expression<unknown>, jsonb: boolean): Expression<SqlBool> {
  const compared = sql<SqlBool>`${expr} ${sql.raw(ORDER_SQL[op])} ${operand}`;
  return jsonb ? sql<SqlBool>`(jsonb_typeof(${expr}) = jsonb_typeof(${operand}) and ${compared})` : compared;
}
