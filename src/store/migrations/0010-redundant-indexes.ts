import type { Kysely } from 'kysely';

/**
 * Indexes whose column is the leading column of a wider index on the same table: every query they served,
 * the wider one serves, and each cost a B-tree write per inserted row (module: the tree index of 0008;
 * host_module: (bk_biz_id, bk_host_id) of 0005; host: the unique (bk_cloud_id, bk_host_innerip)).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const name of ['ix_module__bk_biz_id', 'ix_host_module__bk_biz_id', 'ix_host__bk_cloud_id']) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
