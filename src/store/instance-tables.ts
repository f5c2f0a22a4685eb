import { sql, type RawBuilder } from 'kysely';
import type { ObjId } from '../domain/model/attribute.js';
import type { DialectName } from './database.js';

/**
 * Where each model object lives. Built-in attributes and system fields are real columns (so unique rules
 * are unique indexes and filters have indexes); custom attributes live in the `custom` JSON column.
 */
export interface InstanceTable {
  table: string;
  idColumn: string;
  nameColumn: string;
  columns: ReadonlySet<string>;
  boolColumns: ReadonlySet<string>;
  /** columns that hold a JSON document as text (a business set's bk_scope), an object or array in the domain */
  jsonColumns: ReadonlySet<string>;
}

const COMMON = ['default', 'bk_supplier_account', 'create_time', 'last_time', 'bk_created_by', 'bk_updated_by'];

function table(table: string, idColumn: string, nameColumn: string, columns: string[], bools: string[] = [], json: string[] = []): InstanceTable {
  return {
    table,
    idColumn,
    nameColumn,
    columns: new Set([idColumn, ...columns, ...json, ...COMMON]),
    boolColumns: new Set(bools),
    jsonColumns: new Set(json),
  };
}

export const INSTANCE_TABLES: Record<ObjId, InstanceTable> = {
  plat: table('plat', 'bk_cloud_id', 'bk_cloud_name', [
    'bk_cloud_name', 'bk_status', 'bk_status_detail', 'bk_cloud_vendor', 'bk_region', 'bk_vpc_id', 'bk_vpc_name',
    'bk_account_id', 'bk_creator', 'bk_last_editor',
  ]),
  biz: table('biz', 'bk_biz_id', 'bk_biz_name', [
    'bk_biz_name', 'life_cycle', 'bk_biz_maintainer', 'bk_biz_productor', 'bk_biz_tester', 'bk_biz_developer',
    'operator', 'time_zone', 'language', 'bk_data_status',
  ]),
  set: table('topo_set', 'bk_set_id', 'bk_set_name', [
    'bk_biz_id', 'bk_parent_id', 'bk_set_name', 'bk_set_desc', 'bk_set_env', 'bk_service_status', 'description',
    'bk_capacity', 'set_template_id', 'set_template_version',
  ]),
  module: table(
    'module',
    'bk_module_id',
    'bk_module_name',
    [
      'bk_biz_id', 'bk_set_id', 'bk_parent_id', 'bk_module_name', 'bk_module_type', 'operator', 'bk_bak_operator',
      'service_category_id', 'service_template_id', 'set_template_id', 'host_apply_enabled',
    ],
    ['host_apply_enabled'],
  ),
  host: table('host', 'bk_host_id', 'bk_host_innerip', [
    'bk_host_innerip', 'bk_host_outerip', 'bk_cloud_id', 'bk_host_name', 'bk_os_type', 'bk_os_name', 'bk_os_version',
    'bk_os_bit', 'bk_cpu', 'bk_cpu_module', 'bk_mem', 'bk_disk', 'bk_mac', 'bk_outer_mac', 'bk_sn', 'bk_asset_id',
    'operator', 'bk_bak_operator', 'bk_comment', 'bk_addressing', 'bk_agent_id', 'import_from',
  ]),
  // bk_scope: the businesses the set takes, {match_all, filter}.
  bk_biz_set_obj: table('biz_set', 'bk_biz_set_id', 'bk_biz_set_name', ['bk_biz_set_name', 'bk_biz_set_desc', 'bk_biz_maintainer'], [], ['bk_scope']),
  // bind_info: the addresses the process listens on, [{enable, ip, port, protocol, template_row_id}].
  process: table(
    'process',
    'bk_process_id',
    'bk_process_name',
    [
      'bk_biz_id', 'service_instance_id', 'bk_host_id', 'process_template_id', 'bk_process_name', 'bk_func_name',
      'bk_func_id', 'bk_start_param_regex', 'bk_start_check_secs', 'user', 'work_path', 'pid_file', 'priority',
      'proc_num', 'auto_start', 'timeout', 'start_cmd', 'stop_cmd', 'restart_cmd', 'reload_cmd', 'face_stop_cmd',
      'description',
    ],
    ['auto_start'],
    ['bind_info'],
  ),
};

export function objIdOfTable(name: string): ObjId | undefined {
  return (Object.keys(INSTANCE_TABLES) as ObjId[]).find((o) => INSTANCE_TABLES[o].table === name);
}

export type InstanceRow = Record<string, unknown>;

/** A stored row as the domain sees it: booleans restored, custom attributes merged in. */
export function fromRow(objId: ObjId, row: Record<string, unknown>): InstanceRow {
  const t = INSTANCE_TABLES[objId];
  const out: InstanceRow = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'custom') continue;
    out[k] = t.boolColumns.has(k) ? Boolean(v) : t.jsonColumns.has(k) && typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
  }
  if (typeof row.custom === 'string' && row.custom !== '{}') Object.assign(out, JSON.parse(row.custom));
  return out;
}

/** Values split into real columns (booleans as 0 / 1) and custom attributes. */
export function splitCustom(objId: ObjId, values: InstanceRow): { columns: Record<string, unknown>; custom: Record<string, unknown> } {
  const t = INSTANCE_TABLES[objId];
  const columns: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (t.columns.has(k)) columns[k] = t.boolColumns.has(k) ? (v ? 1 : 0) : t.jsonColumns.has(k) && typeof v !== 'string' ? JSON.stringify(v) : v;
    else custom[k] = v;
  }
  return { columns, custom };
}

/** A new row's columns, its custom attributes as the JSON document. */
export function toColumns(objId: ObjId, values: InstanceRow): Record<string, unknown> {
  const { columns, custom } = splitCustom(objId, values);
  return { ...columns, custom: JSON.stringify(custom) };
}

/**
 * An UPDATE's value for the custom column: the stored document with `custom` merged in by the database, so
 * that two updates of different custom attributes of one row, at once, both land (nothing is read first).
 * json_patch drops a key patched to null; a missing custom attribute reads as null all the same.
 */
export const customMerged = (dialect: DialectName, custom: Record<string, unknown>): RawBuilder<string> =>
  dialect === 'postgres' ? sql<string>`(custom::jsonb || ${JSON.stringify(custom)}::jsonb)::text` : sql<string>`json_patch(custom, ${JSON.stringify(custom)})`;
