import type { Attribute, EnumOption, ObjId, PropertyType } from './attribute.js';

/**
 * bk-cmdb's built-in ("preset") attributes of the five objects, as its consolidated init data defines them
 * (../shared/reference/bk-cmdb-detail.md §5.4). They are seeded into object_attribute at every start
 * (missing ones only), so search_object_attribute lists them beside custom attributes. Each one is also a
 * real column of its object's table (src/store/migrations).
 */
export type BuiltinAttribute = Omit<Attribute, 'id' | 'creator' | 'createTime' | 'lastTime'>;

type Spec = Partial<BuiltinAttribute> & { type: PropertyType; propertyName: string };

const enumOf = (pairs: Array<[string, string]>, defaultId?: string): EnumOption[] =>
  pairs.map(([id, name]) => ({ id, name, type: 'text', is_default: id === defaultId }));

function define(objId: ObjId, specs: Record<string, Spec>): BuiltinAttribute[] {
  return Object.entries(specs).map(([propertyId, s], index) => ({
    objId,
    propertyId,
    propertyName: s.propertyName,
    type: s.type,
    option: s.option ?? (s.type === 'int' || s.type === 'float' ? {} : ''),
    defaultValue: s.defaultValue ?? null,
    isRequired: s.isRequired ?? false,
    editable: s.editable ?? true,
    isReadonly: s.isReadonly ?? false,
    isMultiple: s.isMultiple ?? s.type === 'objuser',
    isPre: true,
    isSystem: s.isSystem ?? false,
    isApi: s.isApi ?? false,
    unit: s.unit ?? '',
    placeholder: s.placeholder ?? '',
    description: s.description ?? '',
    group: s.group ?? 'default',
    index,
  }));
}

const system = { isSystem: true, editable: false } as const;

export const BUILTIN_ATTRIBUTES: Record<ObjId, BuiltinAttribute[]> = {
  biz: define('biz', {
    bk_biz_name: { type: 'singlechar', propertyName: 'business name', isRequired: true },
    life_cycle: {
      type: 'enum',
      propertyName: 'life cycle',
      option: enumOf([['1', 'testing'], ['2', 'online'], ['3', 'stopped']], '2'),
    },
    bk_biz_maintainer: { type: 'objuser', propertyName: 'maintainers', isRequired: true },
    bk_biz_productor: { type: 'objuser', propertyName: 'product owners' },
    bk_biz_tester: { type: 'objuser', propertyName: 'testers' },
    bk_biz_developer: { type: 'objuser', propertyName: 'developers' },
    operator: { type: 'objuser', propertyName: 'operators' },
    time_zone: {
      type: 'timezone',
      propertyName: 'time zone',
      isRequired: true,
      editable: false,
      defaultValue: 'Asia/Shanghai',
    },
    language: {
      type: 'enum',
      propertyName: 'language',
      isRequired: true,
      defaultValue: '1',
      option: enumOf([['1', 'Chinese'], ['2', 'English']], '1'),
    },
  }),
  set: define('set', {
    bk_set_name: { type: 'singlechar', propertyName: 'set name', isRequired: true },
    bk_set_desc: { type: 'singlechar', propertyName: 'set description' },
    bk_set_env: {
      type: 'enum',
      propertyName: 'environment type',
      option: enumOf([['1', 'test'], ['2', 'experience'], ['3', 'production']], '3'),
    },
    bk_service_status: {
      type: 'enum',
      propertyName: 'service status',
      option: enumOf([['1', 'open'], ['2', 'closed']], '1'),
    },
    description: { type: 'longchar', propertyName: 'description' },
    bk_capacity: { type: 'int', propertyName: 'design capacity', option: { min: 1, max: 999999999 } },
    bk_parent_id: { type: 'int', propertyName: 'parent id', isRequired: true, ...system },
    set_template_id: { type: 'int', propertyName: 'set template id', defaultValue: 0, ...system },
    default: { type: 'int', propertyName: 'built-in kind', defaultValue: 0, ...system },
  }),
  module: define('module', {
    bk_module_name: { type: 'singlechar', propertyName: 'module name', isRequired: true },
    bk_module_type: {
      type: 'enum',
      propertyName: 'module type',
      option: enumOf([['1', 'common'], ['2', 'database']], '1'),
    },
    operator: { type: 'objuser', propertyName: 'main maintainer' },
    bk_bak_operator: { type: 'objuser', propertyName: 'backup maintainer' },
    service_category_id: { type: 'int', propertyName: 'service category id', isApi: true, editable: false },
    service_template_id: { type: 'int', propertyName: 'service template id', isApi: true, editable: false },
    host_apply_enabled: { type: 'bool', propertyName: 'host apply enabled', isApi: true, editable: false },
    bk_parent_id: { type: 'int', propertyName: 'parent id', isRequired: true, ...system },
    set_template_id: { type: 'int', propertyName: 'set template id', defaultValue: 0, ...system },
    default: { type: 'int', propertyName: 'built-in kind', defaultValue: 0, ...system },
  }),
  plat: define('plat', {
    bk_cloud_name: { type: 'singlechar', propertyName: 'cloud area name', isRequired: true },
    bk_status: { type: 'enum', propertyName: 'status', option: enumOf([['1', 'normal'], ['2', 'abnormal']], '1') },
    bk_status_detail: { type: 'singlechar', propertyName: 'status detail' },
    bk_cloud_vendor: {
      type: 'enum',
      propertyName: 'cloud vendor',
      option: enumOf([
        ['1', 'AWS'], ['2', 'Tencent Cloud'], ['3', 'GCP'], ['4', 'Azure'], ['5', 'Private Cloud'],
        ['6', 'SalesForce'], ['7', 'Oracle Cloud'], ['8', 'IBM Cloud'], ['9', 'Alibaba Cloud'],
        ['10', 'China Telecom'], ['11', 'UCloud'], ['12', 'Meituan Cloud'], ['13', 'Kingsoft Cloud'],
        ['14', 'Baidu Cloud'], ['15', 'Huawei Cloud'], ['16', 'Capitalonline'],
      ]),
    },
    bk_region: { type: 'singlechar', propertyName: 'region' },
    bk_vpc_id: { type: 'singlechar', propertyName: 'VPC id' },
    bk_vpc_name: { type: 'singlechar', propertyName: 'VPC name' },
    bk_account_id: { type: 'int', propertyName: 'cloud account id' },
    bk_creator: { type: 'singlechar', propertyName: 'creator', ...system },
    bk_last_editor: { type: 'singlechar', propertyName: 'last editor', ...system },
  }),
  host: define('host', {
    bk_host_innerip: {
      type: 'singlechar',
      propertyName: 'inner IP',
      editable: false,
      option: '^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(,((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d))*$',
    },
    bk_host_outerip: {
      type: 'singlechar',
      propertyName: 'outer IP',
      option: '^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(,((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d))*$',
    },
    bk_cloud_id: { type: 'foreignkey', propertyName: 'cloud area', isRequired: true, defaultValue: 0 },
    bk_host_name: { type: 'singlechar', propertyName: 'host name' },
    bk_os_type: {
      type: 'enum',
      propertyName: 'OS type',
      option: enumOf([
        ['1', 'Linux'], ['2', 'Windows'], ['3', 'AIX'], ['4', 'Unix'], ['5', 'Solaris'], ['7', 'FreeBSD'], ['8', 'MacOS'],
      ]),
    },
    bk_os_name: { type: 'singlechar', propertyName: 'OS name' },
    bk_os_version: { type: 'singlechar', propertyName: 'OS version' },
    bk_os_bit: { type: 'singlechar', propertyName: 'OS bits' },
    bk_cpu: { type: 'int', propertyName: 'CPU cores', option: { min: 1, max: 1000000 } },
    bk_cpu_module: { type: 'singlechar', propertyName: 'CPU model' },
    bk_mem: { type: 'int', propertyName: 'memory', unit: 'MB', option: { min: 1, max: 100000000 } },
    bk_disk: { type: 'int', propertyName: 'disk', unit: 'GB', option: { min: 1, max: 100000000 } },
    bk_mac: { type: 'singlechar', propertyName: 'inner MAC' },
    bk_outer_mac: { type: 'singlechar', propertyName: 'outer MAC' },
    bk_sn: { type: 'singlechar', propertyName: 'serial number' },
    bk_asset_id: { type: 'singlechar', propertyName: 'asset id' },
    operator: { type: 'objuser', propertyName: 'main maintainer' },
    bk_bak_operator: { type: 'objuser', propertyName: 'backup maintainer' },
    bk_comment: { type: 'longchar', propertyName: 'comment' },
    bk_addressing: {
      type: 'enum',
      propertyName: 'addressing',
      option: enumOf([['static', 'static'], ['dynamic', 'dynamic']], 'static'),
    },
    bk_agent_id: { type: 'singlechar', propertyName: 'agent id', option: '^[a-zA-Z0-9]{0,64}$' },
    import_from: {
      type: 'enum',
      propertyName: 'import from',
      editable: false,
      option: enumOf([['1', 'excel'], ['2', 'agent'], ['3', 'api']], '3'),
    },
  }),
  // Last, so that a fresh install numbers the other objects' attributes as before business sets came.
  bk_biz_set_obj: define('bk_biz_set_obj', {
    bk_biz_set_name: { type: 'singlechar', propertyName: 'business set name', isRequired: true },
    bk_biz_set_desc: { type: 'longchar', propertyName: 'business set description' },
    bk_biz_maintainer: { type: 'objuser', propertyName: 'maintainers' },
  }),
  // After business sets, for the same reason. A process's service instance, host, business and template are
  // columns the calls set; its bind_info (bk-cmdb's one "table" attribute) is a JSON column with its own rule
  // (src/domain/service-instances/bind-info.ts).
  process: define('process', {
    bk_process_name: { type: 'singlechar', propertyName: 'process alias', isRequired: true },
    bk_func_name: { type: 'singlechar', propertyName: 'process name', isRequired: true },
    bk_func_id: { type: 'singlechar', propertyName: 'function id' },
    bk_start_param_regex: { type: 'longchar', propertyName: 'start parameter regex' },
    bk_start_check_secs: { type: 'int', propertyName: 'start check seconds', unit: 's', option: { min: 1, max: 600 } },
    user: { type: 'singlechar', propertyName: 'start user' },
    work_path: { type: 'singlechar', propertyName: 'work path' },
    pid_file: { type: 'singlechar', propertyName: 'PID file' },
    priority: { type: 'int', propertyName: 'start priority', option: { min: 1, max: 10000 } },
    proc_num: { type: 'int', propertyName: 'number to start', option: { min: 1, max: 10000 } },
    auto_start: { type: 'bool', propertyName: 'restart automatically', defaultValue: false },
    timeout: { type: 'int', propertyName: 'operation timeout', unit: 's', option: { min: 1, max: 10000 } },
    start_cmd: { type: 'longchar', propertyName: 'start command' },
    stop_cmd: { type: 'longchar', propertyName: 'stop command' },
    restart_cmd: { type: 'longchar', propertyName: 'restart command' },
    reload_cmd: { type: 'longchar', propertyName: 'reload command' },
    face_stop_cmd: { type: 'longchar', propertyName: 'forced stop command' },
    description: { type: 'longchar', propertyName: 'description' },
  }),
};

/** Fields of mainline objects that carry bk-cmdb's topology-name rule. */
export const TOPO_NAME_FIELDS: Partial<Record<ObjId, string>> = {
  biz: 'bk_biz_name',
  set: 'bk_set_name',
  module: 'bk_module_name',
};

export function builtinAttribute(objId: ObjId, propertyId: string): BuiltinAttribute | undefined {
  return BUILTIN_ATTRIBUTES[objId].find((a) => a.propertyId === propertyId);
}
