import type { Kysely } from 'kysely';

/**
 * search_biz_inst_topo and get_biz_internal_module read a business's whole tree; covering indexes let both
 * queries answer from the index alone instead of looking up every one of 10,000 module rows.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('ix_topo_set__tree')
    .on('topo_set')
    .columns(['bk_biz_id', 'bk_set_id', 'bk_set_name', 'default'])
    .execute();
  await db.schema
    .createIndex('ix_module__tree')
    .on('module')
    .columns(['bk_biz_id', 'bk_module_id', 'bk_set_id', 'bk_module_name', 'default', 'host_apply_enabled'])
    .execute();
}
