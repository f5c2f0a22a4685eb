import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';

/**
 * One write transaction. On SQLite it is BEGIN IMMEDIATE: a deferred transaction that reads first and writes
 * later can't upgrade its lock when another process wrote in between (SQLITE_BUSY at once, busy_timeout or
 * not); taking the write lock up front makes concurrent writers wait their turn instead.
 */
export async function inTransaction<T>(
  database: Database,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fn: (trx: Kysely<any>) => Promise<T>,
): Promise<T> {
  if (database.dialect === 'postgres') return database.db.transaction().execute(fn);
  return database.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
  });
}
