import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * Service instances and their processes (bk-cmdb's service_instance table and process object).
 *
 * A service instance is a host's place in a module where a service runs, so it exists only while the host is
 * in the module: (bk_host_id, bk_module_id) references host_module's key, and the database refuses to take a
 * host out of a module while an instance still stands there (the transfer calls delete them first, audited).
 * A process belongs to one service instance and carries the relation's fields (host, template) itself:
 * bk-cmdb's process_instance_relation is one row per process, so Topograph keeps it on the process row. A
 * process template belongs to a service template; the processes made from it name it (process_template_id).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, d: DialectHelpers): Promise<void> {
  await db.schema
    .createTable('service_instance')
    .addColumn('id', 'integer', d.autoId)
    .addColumn('bk_biz_id', 'integer', (c) => c.notNull().references('biz.bk_biz_id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('service_template_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bk_host_id', 'integer', (c) => c.notNull())
    .addColumn('bk_module_id', 'integer', (c) => c.notNull())
    .addColumn('creator', 'text', (c) => c.notNull())
    .addColumn('modifier', 'text', (c) => c.notNull())
    .addColumn('create_time', d.bigint, (c) => c.notNull())
    .addColumn('last_time', d.bigint, (c) => c.notNull())
    .addColumn('bk_supplier_account', 'text', (c) => c.notNull().defaultTo('0'))
    .addForeignKeyConstraint('fk_service_instance__host_module', ['bk_host_id', 'bk_module_id'], 'host_module', ['bk_host_id', 'bk_module_id'])
    .execute();
  // Each list filters by business and pages by id; by module; by host (and the key's own lookups).
  await db.schema.createIndex('ix_service_instance__bk_biz_id__id').on('service_instance').columns(['bk_biz_id', 'id']).execute();
  await db.schema.createIndex('ix_service_instance__bk_module_id').on('service_instance').column('bk_module_id').execute();
  await db.schema.createIndex('ix_service_instance__bk_host_id__bk_module_id').on('service_instance').columns(['bk_host_id', 'bk_module_id']).execute();

  // An instance's labels, one row per key. The key finds an instance's label (label selectors test each instance
  // by it); (key, value) serves a selector that picks the instances by a label. They go with their instance.
  await db.schema
    .createTable('service_instance_label')
    .addColumn('service_instance_id', 'integer', (c) => c.notNull().references('service_instance.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_service_instance_label', ['service_instance_id', 'key'])
    .execute();
  await db.schema.createIndex('ix_service_instance_label__key__value').on('service_instance_label').columns(['key', 'value']).execute();

  await db.schema
    .createTable('process')
    .addColumn('bk_process_id', 'integer', d.autoId)
    .addColumn('bk_biz_id', 'integer', (c) => c.notNull().references('biz.bk_biz_id'))
    .addColumn('service_instance_id', 'integer', (c) => c.notNull().references('service_instance.id'))
    .addColumn('bk_host_id', 'integer', (c) => c.notNull())
    .addColumn('process_template_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bk_process_name', 'text', (c) => c.notNull())
    .addColumn('bk_func_name', 'text', (c) => c.notNull())
    .addColumn('bk_func_id', 'text')
    .addColumn('bk_start_param_regex', 'text')
    .addColumn('bk_start_check_secs', 'integer')
    .addColumn('user', 'text')
    .addColumn('work_path', 'text')
    .addColumn('pid_file', 'text')
    .addColumn('priority', 'integer')
    .addColumn('proc_num', 'integer')
    .addColumn('auto_start', 'integer')
    .addColumn('timeout', 'integer')
    .addColumn('start_cmd', 'text')
    .addColumn('stop_cmd', 'text')
    .addColumn('restart_cmd', 'text')
    .addColumn('reload_cmd', 'text')
    .addColumn('face_stop_cmd', 'text')
    .addColumn('description', 'text')
    .addColumn('bind_info', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bk_supplier_account', 'text', (c) => c.notNull().defaultTo('0'))
    .addColumn('create_time', d.bigint, (c) => c.notNull())
    .addColumn('last_time', d.bigint, (c) => c.notNull())
    .addColumn('bk_created_by', 'text')
    .addColumn('bk_updated_by', 'text')
    .addColumn('custom', d.jsonType, (c) => c.notNull().defaultTo('{}'))
    .execute();
  // A process's alias is unique in its service instance (bk-cmdb's rule); the index also finds an instance's processes.
  await db.schema.createIndex('uq_process__service_instance_id__bk_process_name').unique().on('process').columns(['service_instance_id', 'bk_process_name']).execute();
  await db.schema.createIndex('ix_process__bk_biz_id__bk_process_id').on('process').columns(['bk_biz_id', 'bk_process_id']).execute();
  await db.schema.createIndex('ix_process__process_template_id').on('process').column('process_template_id').execute();

  // A process template: what every service instance of its service template runs. property holds each process
  // field as {value, as_default_value} (as_default_value: the instances take the template's value), as JSON text.
  await db.schema
    .createTable('proc_template')
    .addColumn('id', 'integer', d.autoId)
    .addColumn('bk_biz_id', 'integer', (c) => c.notNull().references('biz.bk_biz_id'))
    .addColumn('service_template_id', 'integer', (c) => c.notNull().references('service_template.id'))
    .addColumn('bk_process_name', 'text', (c) => c.notNull())
    .addColumn('property', 'text', (c) => c.notNull())
    .addColumn('creator', 'text', (c) => c.notNull())
    .addColumn('modifier', 'text', (c) => c.notNull())
    .addColumn('create_time', d.bigint, (c) => c.notNull())
    .addColumn('last_time', d.bigint, (c) => c.notNull())
    .addColumn('bk_supplier_account', 'text', (c) => c.notNull().defaultTo('0'))
    .execute();
  await db.schema
    .createIndex('uq_proc_template__service_template_id__bk_process_name')
    .unique()
    .on('proc_template')
    .columns(['service_template_id', 'bk_process_name'])
    .execute();
  await db.schema.createIndex('ix_proc_template__bk_biz_id__id').on('proc_template').columns(['bk_biz_id', 'id']).execute();
  await db.schema.createIndex('ix_service_instance__service_template_id').on('service_instance').column('service_template_id').execute();
  // list_service_instance_by_set_template finds the modules of sets made from a set template.
  await db.schema.createIndex('ix_module__set_template_id').on('module').column('set_template_id').execute();
}
