import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * Service templates, set templates and the list of service templates each set template is made of
 * (bk-cmdb-detail.md §1, §2.5, §2.9). Names are unique per business; every column a call filters on has an
 * index, including the template columns of the module and topo_set tables created by 0001.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: DialectHelpers): Promise<void> {
  await db.schema
    .createTable('service_template')
    .addColumn('id', 'integer', d.autoId)
    .addColumn('bk_biz_id', 'integer', (c) => c.notNull().references('biz.bk_biz_id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('service_category_id', 'integer', (c) => c.notNull().references('service_category.id'))
    .addColumn('host_apply_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('creator', 'text', (c) => c.notNull())
    .addColumn('modifier', 'text', (c) => c.notNull())
    .addColumn('create_time', d.bigint, (c) => c.notNull())
    .addColumn('last_time', d.bigint, (c) => c.notNull())
    .addColumn('bk_supplier_account', 'text', (c) => c.notNull().defaultTo('0'))
    .execute();
  await db.schema
    .createIndex('uq_service_template__bk_biz_id__name')
    .unique()
    .on('service_template')
    .columns(['bk_biz_id', 'name'])
    .execute();
  await db.schema
    .createIndex('ix_service_template__service_category_id')
    .on('service_template')
    .column('service_category_id')
    .execute();

  // version: null until the template's list of service templates is first changed, then 1, 2, ... A set made
  // from the template records the version it was made from or last synchronised to (topo_set.set_template_version).
  await db.schema
    .createTable('set_template')
    .addColumn('id', 'integer', d.autoId)
    .addColumn('bk_biz_id', 'integer', (c) => c.notNull().references('biz.bk_biz_id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('creator', 'text', (c) => c.notNull())
    .addColumn('modifier', 'text', (c) => c.notNull())
    .addColumn('create_time', d.bigint, (c) => c.notNull())
    .addColumn('last_time', d.bigint, (c) => c.notNull())
    .addColumn('bk_supplier_account', 'text', (c) => c.notNull().defaultTo('0'))
    .execute();
  await db.schema.createIndex('uq_set_template__bk_biz_id__name').unique().on('set_template').columns(['bk_biz_id', 'name']).execute();

  await db.schema
    .createTable('set_template_service_template')
    .addColumn('set_template_id', 'integer', (c) => c.notNull().references('set_template.id').onDelete('cascade'))
    .addColumn('service_template_id', 'integer', (c) => c.notNull().references('service_template.id').onDelete('cascade'))
    .addColumn('bk_biz_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_set_template_service_template', ['set_template_id', 'service_template_id'])
    .execute();
  await db.schema
    .createIndex('ix_set_template_service_template__service_template_id')
    .on('set_template_service_template')
    .column('service_template_id')
    .execute();

  // Filters of the template calls on tables made by 0001.
  await db.schema.createIndex('ix_topo_set__set_template_id').on('topo_set').column('set_template_id').execute();
  await db.schema.createIndex('ix_module__service_template_id').on('module').column('service_template_id').execute();
  await db.schema.createIndex('ix_module__service_category_id').on('module').column('service_category_id').execute();
  await db.schema.createIndex('ix_service_category__bk_parent_id').on('service_category').column('bk_parent_id').execute();
}
