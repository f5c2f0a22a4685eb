import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Table = CreateTableBuilder<any, any>;

/** Columns every model-object table has besides its attributes. */
function instanceColumns(t: Table, d: DialectHelpers): Table {
  return t
    .addColumn('default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bk_supplier_account', 'text', (c) => c.notNull().defaultTo('0'))
    .addColumn('create_time', d.bigint, (c) => c.notNull())
    .addColumn('last_time', d.bigint, (c) => c.notNull())
    .addColumn('bk_created_by', 'text')
    .addColumn('bk_updated_by', 'text')
    .addColumn('custom', d.jsonType, (c) => c.notNull().defaultTo('{}'));
}

export async function up(db: Kysely<any>, d: DialectHelpers): Promise<void> {
  // --- identity -------------------------------------------------------------------------------------
  await db.schema
    .createTable('app')
    .addColumn('id', 'integer', d.autoId)
    .addColumn('bk_app_code', 'text', (c) => c.notNull())
    .addColumn('secret_salt', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('trusted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', d.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('uq_app__bk_app_code').unique().on('app').column('bk_app_code').execute();

  await db.schema
    .createTable('account')
    .addColumn('id', 'integer', d.autoId)
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enterprise_id', 'text', (c) => c.notNull())
    .addColumn('created_at', d.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('uq_account__username').unique().on('account').column('username').execute();

  await db.schema
    .createTable('access_token')
    .addColumn('id', 'integer', d.autoId)
    .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', d.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('uq_access_token__token_hash').unique().on('access_token').column('token_hash').execute();
  await db.schema.createIndex('ix_access_token__account_id').on('access_token').column('account_id').execute();

  // --- the model ------------------------------------------------------------------------------------
  await db.schema
    .createTable('object_attribute')
    .addColumn('id', 'integer', d.autoId)
    .addColumn('bk_obj_id', 'text', (c) => c.notNull())
    .addColumn('bk_property_id', 'text', (c) => c.notNull())
    .addColumn('bk_property_name', 'text', (c) => c.notNull())
    .addColumn('bk_property_type', 'text', (c) => c.notNull())
    .addColumn('option', d.jsonType, (c) => c.notNull())
    .addColumn('default', d.jsonType, (c) => c.notNull())
    .addColumn('isrequired', 'integer', (c) => c.notNull())
    .addColumn('editable', 'integer', (c) => c.notNull())
    .addColumn('isreadonly', 'integer', (c) => c.notNull())
    .addColumn('ismultiple', 'integer', (c) => c.notNull())
    .addColumn('ispre', 'integer', (c) => c.notNull())
    .addColumn('bk_issystem', 'integer', (c) => c.notNull())
    .addColumn('bk_isapi', 'integer', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('placeholder', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('bk_property_group', 'text', (c) => c.notNull().defaultTo('default'))
    .addColumn('bk_property_index', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('creator', 'text', (c) => c.notNull())
    .addColumn('create_time', d.bigint, (c) => c.notNull())
    .addColumn('last_time', d.bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('uq_object_attribute__bk_obj_id__bk_property_id')
    .unique()
    .on('object_attribute')
    .columns(['bk_obj_id', 'bk_property_id'])
    .execute();

  // --- instances ------------------------------------------------------------------------------------
  await instanceColumns(
    db.schema
      .createTable('plat')
      .addColumn('bk_cloud_id', 'integer', d.autoId)
      .addColumn('bk_cloud_name', 'text', (c) => c.notNull())
      .addColumn('bk_status', 'text')
      .addColumn('bk_status_detail', 'text')
      .addColumn('bk_cloud_vendor', 'text')
      .addColumn('bk_region', 'text')
      .addColumn('bk_vpc_id', 'text')
      .addColumn('bk_vpc_name', 'text')
      .addColumn('bk_account_id', 'integer')
      .addColumn('bk_creator', 'text')
      .addColumn('bk_last_editor', 'text'),
    d,
  ).execute();
  await db.schema.createIndex('uq_plat__bk_cloud_name').unique().on('plat').column('bk_cloud_name').execute();

  await instanceColumns(
    db.schema
      .createTable('biz')
      .addColumn('bk_biz_id', 'integer', d.autoId)
      .addColumn('bk_biz_name', 'text', (c) => c.notNull())
      .addColumn('life_cycle', 'text')
      .addColumn('bk_biz_maintainer', 'text')
      .addColumn('bk_biz_productor', 'text')
      .addColumn('bk_biz_tester', 'text')
      .addColumn('bk_biz_developer', 'text')
      .addColumn('operator', 'text')
      .addColumn('time_zone', 'text')
      .addColumn('language', 'text')
      .addColumn('bk_data_status', 'text'),
    d,
  ).execute();
  await db.schema.createIndex('uq_biz__bk_biz_name').unique().on('biz').column('bk_biz_name').execute();

  await instanceColumns(
    db.schema
      .createTable('topo_set')
      .addColumn('bk_set_id', 'integer', d.autoId)
      .addColumn('bk_biz_id', 'integer', (c) => c.notNull().references('biz.bk_biz_id'))
      .addColumn('bk_parent_id', 'integer', (c) => c.notNull())
      .addColumn('bk_set_name', 'text', (c) => c.notNull())
      .addColumn('bk_set_desc', 'text')
      .addColumn('bk_set_env', 'text')
      .addColumn('bk_service_status', 'text')
      .addColumn('description', 'text')
      .addColumn('bk_capacity', 'integer')
      .addColumn('set_template_id', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('set_template_version', 'integer'),
    d,
  ).execute();
  await db.schema
    .createIndex('uq_topo_set__bk_biz_id__bk_set_name')
    .unique()
    .on('topo_set')
    .columns(['bk_biz_id', 'bk_set_name'])
    .execute();

  await db.schema
    .createTable('service_category')
    .addColumn('id', 'integer', d.autoId)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bk_parent_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bk_root_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bk_biz_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_built_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bk_supplier_account', 'text', (c) => c.notNull().defaultTo('0'))
    .execute();
  await db.schema
    .createIndex('uq_service_category__bk_biz_id__bk_parent_id__name')
    .unique()
    .on('service_category')
    .columns(['bk_biz_id', 'bk_parent_id', 'name'])
    .execute();

  await instanceColumns(
    db.schema
      .createTable('module')
      .addColumn('bk_module_id', 'integer', d.autoId)
      .addColumn('bk_biz_id', 'integer', (c) => c.notNull().references('biz.bk_biz_id'))
      .addColumn('bk_set_id', 'integer', (c) => c.notNull().references('topo_set.bk_set_id'))
      .addColumn('bk_parent_id', 'integer', (c) => c.notNull())
      .addColumn('bk_module_name', 'text', (c) => c.notNull())
      .addColumn('bk_module_type', 'text')
      .addColumn('operator', 'text')
      .addColumn('bk_bak_operator', 'text')
      .addColumn('service_category_id', 'integer', (c) => c.notNull())
      .addColumn('service_template_id', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('set_template_id', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('host_apply_enabled', 'integer', (c) => c.notNull().defaultTo(0)),
    d,
  ).execute();
  await db.schema
    .createIndex('uq_module__bk_set_id__bk_module_name')
    .unique()
    .on('module')
    .columns(['bk_set_id', 'bk_module_name'])
    .execute();
  await db.schema.createIndex('ix_module__bk_biz_id').on('module').column('bk_biz_id').execute();

  await instanceColumns(
    db.schema
      .createTable('host')
      .addColumn('bk_host_id', 'integer', d.autoId)
      .addColumn('bk_host_innerip', 'text')
      .addColumn('bk_host_outerip', 'text')
      .addColumn('bk_cloud_id', 'integer', (c) => c.notNull().references('plat.bk_cloud_id'))
      .addColumn('bk_host_name', 'text')
      .addColumn('bk_os_type', 'text')
      .addColumn('bk_os_name', 'text')
      .addColumn('bk_os_version', 'text')
      .addColumn('bk_os_bit', 'text')
      .addColumn('bk_cpu', 'integer')
      .addColumn('bk_cpu_module', 'text')
      .addColumn('bk_mem', 'integer')
      .addColumn('bk_disk', 'integer')
      .addColumn('bk_mac', 'text')
      .addColumn('bk_outer_mac', 'text')
      .addColumn('bk_sn', 'text')
      .addColumn('bk_asset_id', 'text')
      .addColumn('operator', 'text')
      .addColumn('bk_bak_operator', 'text')
      .addColumn('bk_comment', 'text')
      .addColumn('bk_addressing', 'text')
      .addColumn('bk_agent_id', 'text')
      .addColumn('import_from', 'text'),
    d,
  ).execute();
  // Empty values never collide (bk-cmdb #8235): the unique rules are partial indexes.
  await db.schema
    .createIndex('uq_host__bk_cloud_id__bk_host_innerip')
    .unique()
    .on('host')
    .columns(['bk_cloud_id', 'bk_host_innerip'])
    .where(sql.ref('bk_host_innerip'), '<>', '')
    .execute();
  await db.schema
    .createIndex('uq_host__bk_agent_id')
    .unique()
    .on('host')
    .column('bk_agent_id')
    .where(sql.ref('bk_agent_id'), '<>', '')
    .execute();

  // A host sits in one or more modules of exactly one business.
  await db.schema
    .createTable('host_module')
    .addColumn('bk_host_id', 'integer', (c) => c.notNull().references('host.bk_host_id').onDelete('cascade'))
    .addColumn('bk_module_id', 'integer', (c) => c.notNull().references('module.bk_module_id'))
    .addColumn('bk_set_id', 'integer', (c) => c.notNull().references('topo_set.bk_set_id'))
    .addColumn('bk_biz_id', 'integer', (c) => c.notNull().references('biz.bk_biz_id'))
    .addPrimaryKeyConstraint('pk_host_module', ['bk_host_id', 'bk_module_id'])
    .execute();
  await db.schema.createIndex('ix_host_module__bk_module_id').on('host_module').column('bk_module_id').execute();
  await db.schema.createIndex('ix_host_module__bk_set_id').on('host_module').column('bk_set_id').execute();
  await db.schema.createIndex('ix_host_module__bk_biz_id').on('host_module').column('bk_biz_id').execute();

  // --- audit and events, written in the same transaction as every change -----------------------------
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', d.autoId)
    .addColumn('audit_type', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('bk_biz_id', 'integer')
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('resource_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('operator', 'text', (c) => c.notNull())
    .addColumn('app_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('request_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('operation_time', d.bigint, (c) => c.notNull())
    .addColumn('operation_detail', d.jsonType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_audit_log__operation_time').on('audit_log').column('operation_time').execute();
  await db.schema
    .createIndex('ix_audit_log__bk_biz_id__operation_time')
    .on('audit_log')
    .columns(['bk_biz_id', 'operation_time'])
    .execute();
  await db.schema
    .createIndex('ix_audit_log__resource_type__action')
    .on('audit_log')
    .columns(['resource_type', 'action'])
    .execute();
  await db.schema.createIndex('ix_audit_log__operator').on('audit_log').column('operator').execute();

  await db.schema
    .createTable('event')
    .addColumn('id', 'integer', d.autoId)
    .addColumn('bk_resource', 'text', (c) => c.notNull())
    .addColumn('bk_event_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('bk_detail', d.jsonType, (c) => c.notNull())
    .addColumn('created_at', d.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_event__bk_resource__id').on('event').columns(['bk_resource', 'id']).execute();
  await db.schema.createIndex('ix_event__created_at').on('event').column('created_at').execute();
}
