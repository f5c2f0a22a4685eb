import type { Kysely } from 'kysely';

/** A counter every attribute change raises, so each process can keep the model in memory and know when it is stale. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('model_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('model_version').values({ id: 1, version: 1 }).execute();
}
