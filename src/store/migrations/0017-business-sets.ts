import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * Business sets (bk-cmdb v3.10.12+, object bk_biz_set_obj): a name unique among them, the businesses they take as
 * a scope (bk_scope, a JSON document as text), and the columns every instance table has. list_business_set
 * pages by id, the key; the name is unique by its index.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: DialectHelpers): Promise<void> {
  await db.schema
    .createTable('biz_set')
    .addColumn('bk_biz_set_id', 'integer', d.autoId)
    .addColumn('bk_biz_set_name', 'text', (c) => c.notNull())
    .addColumn('bk_biz_set_desc', 'text')
    .addColumn('bk_biz_maintainer', 'text')
    .addColumn('bk_scope', 'text', (c) => c.notNull())
    .addColumn('default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bk_supplier_account', 'text', (c) => c.notNull().defaultTo('0'))
    .addColumn('create_time', d.bigint, (c) => c.notNull())
    .addColumn('last_time', d.bigint, (c) => c.notNull())
    .addColumn('bk_created_by', 'text')
    .addColumn('bk_updated_by', 'text')
    .addColumn('custom', d.jsonType, (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('uq_biz_set__bk_biz_set_name').unique().on('biz_set').column('bk_biz_set_name').execute();
}
