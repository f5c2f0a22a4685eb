import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * Dynamic groups (bk-cmdb's saved host or set queries): a text id as bk-cmdb's, a name unique in its business,
 * the rule as JSON. search_dynamic_group filters a business's groups by name, create_user or modify_user and
 * sorts them by creation time by default: each has an index led by the business.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: DialectHelpers): Promise<void> {
  await db.schema
    .createTable('dynamic_group')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('bk_biz_id', 'integer', (c) => c.notNull().references('biz.bk_biz_id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bk_obj_id', 'text', (c) => c.notNull())
    .addColumn('info', 'text', (c) => c.notNull())
    .addColumn('create_user', 'text', (c) => c.notNull())
    .addColumn('modify_user', 'text', (c) => c.notNull())
    .addColumn('create_time', d.bigint, (c) => c.notNull())
    .addColumn('last_time', d.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('uq_dynamic_group__bk_biz_id__name').unique().on('dynamic_group').columns(['bk_biz_id', 'name']).execute();
  for (const column of ['create_user', 'modify_user', 'create_time']) {
    await db.schema.createIndex(`ix_dynamic_group__bk_biz_id__${column}`).on('dynamic_group').columns(['bk_biz_id', column]).execute();
  }
}
