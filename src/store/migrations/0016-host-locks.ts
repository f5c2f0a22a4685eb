import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * Host locks (bk-cmdb v3.8.6+): a mark other tools set on a host while they work on it, one row per locked
 * host, so the host id is the key and locking twice is one row. A deleted host takes its lock with it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: DialectHelpers): Promise<void> {
  await db.schema
    .createTable('host_lock')
    .addColumn('bk_host_id', 'integer', (c) => c.primaryKey().references('host.bk_host_id').onDelete('cascade'))
    .addColumn('bk_user', 'text', (c) => c.notNull())
    .addColumn('create_time', d.bigint, (c) => c.notNull())
    .execute();
}
