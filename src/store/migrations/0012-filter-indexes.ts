import type { Kysely } from 'kysely';

/**
 * Filters the calls offer that had no usable index:
 * - host.bk_cloud_id (delete_cloud_area's count, its foreign-key check, host filters by cloud area). 0010 dropped
 *   the index, counting on the unique (bk_cloud_id, bk_host_innerip); that one is partial (inner IP not empty), so
 *   neither engine may use it for a plain bk_cloud_id filter.
 * - audit_log.resource_id and resource_name (one instance's audit, by id or by name).
 * - audit_log by business, newest first: the answer is ordered by id, so (bk_biz_id, id) replaces
 *   (bk_biz_id, operation_time), which left every record of the business to be sorted.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('ix_host__bk_cloud_id').ifNotExists().on('host').column('bk_cloud_id').execute();
  await db.schema.createIndex('ix_audit_log__resource_id').on('audit_log').column('resource_id').execute();
  await db.schema.createIndex('ix_audit_log__resource_name').on('audit_log').column('resource_name').execute();
  await db.schema.dropIndex('ix_audit_log__bk_biz_id__operation_time').ifExists().execute();
  await db.schema.createIndex('ix_audit_log__bk_biz_id__id').on('audit_log').columns(['bk_biz_id', 'id']).execute();
}
