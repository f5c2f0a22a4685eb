import type { Kysely } from 'kysely';

/**
 * list_process_related_info narrows a business's processes by name and by function id: an index for each, led by
 * the business as every read of processes is.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('ix_process__bk_biz_id__bk_process_name').on('process').columns(['bk_biz_id', 'bk_process_name']).execute();
  await db.schema.createIndex('ix_process__bk_biz_id__bk_func_id').on('process').columns(['bk_biz_id', 'bk_func_id']).execute();
}
