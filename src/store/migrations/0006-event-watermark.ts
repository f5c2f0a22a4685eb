import type { Kysely } from 'kysely';

/**
 * Events older than the retention are purged; the watermark remembers the highest purged id, so that a
 * cursor pointing into the purged range is told it expired rather than silently skipping events.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_watermark')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('purged_through', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('event_watermark').values({ id: 1, purged_through: 0 }).execute();
}
