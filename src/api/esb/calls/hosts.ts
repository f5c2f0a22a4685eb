import { Type } from '@sinclair/typebox';
import { addHostToBusinessIdle, addHostToResource, addHostToResourcePool } from '../../../domain/hosts/add.js';
import {
  findHostBizRelations,
  findHostByTopo,
  findHostRelationsWithTopo,
  findHostTopoRelation,
  findHostsByTemplate,
  findModuleHostRelation,
  getHostBaseInfo,
  listBizHosts,
  listBizHostsTopo,
  listHostTotalMainlineTopo,
  listHostsWithoutBiz,
  listResourcePoolHosts,
} from '../../../domain/hosts/search.js';
import { MAX_FUZZY_IPS, searchHost } from '../../../domain/hosts/search-host.js';
import { MAX_CPU_COUNT_PAGE, countBizHostCpu } from '../../../domain/hosts/cpu-count.js';
import { searchHostIdentifier } from '../../../domain/hosts/identifier.js';
import { MAX_AGENT_ITEMS, setHostAgents } from '../../../domain/hosts/agents.js';
import {
  transferHostAcrossBiz,
  transferHostModule,
  transferHostToBuiltin,
  transferHostToResourceModule,
  transferResourceHostToIdle,
  transferSetHostToIdle,
} from '../../../domain/hosts/transfer.js';
import { batchUpdateHost, cloneHostProperty, deleteHost, updateHost, updateHostCloudAreaField } from '../../../domain/hosts/update.js';
import { defineCall, intParam, type EsbCall } from '../call.js';

/** Bulk host imports read bodies up to 64 MiB (100,000 hosts are about 6 MiB); every other call keeps 1 MiB. */
export const HOST_IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

const idArray = (description: string) => Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), { description });
const optional = (description: string) => Type.Optional(Type.Unknown({ description }));
const required = (description: string) => Type.Unknown({ description });

const FILTER_HELP =
  'QueryBuilder {condition: "AND" | "OR", rules: [{field, operator, value} | group]}, two levels of groups at most; operators equal, not_equal, in, not_in, less, less_or_equal, greater, greater_or_equal, contains, not_contains, begins_with, not_begins_with, ends_with, not_ends_with, is_empty, is_not_empty, is_null, is_not_null';

const listParams = {
  host_property_filter: optional(`host filter: ${FILTER_HELP}`),
  fields: optional('host fields to return (bk_host_id is always kept); empty = all'),
  page: optional('{start, limit ≤ 500 (0 or absent = 500), sort}; sort is a field, "-" before it for descending'),
};

const topoListParams = {
  bk_biz_id: intParam('business ID'),
  bk_set_ids: optional('set ids, at most 200 (or set_cond)'),
  set_cond: optional('[{field, operator: "$eq" | "$ne", value}] on set fields (or bk_set_ids)'),
  bk_module_ids: optional('module ids, at most 500 (or module_cond)'),
  module_cond: optional('[{field, operator: "$eq" | "$ne", value}] on module fields (or bk_module_ids)'),
  set_property_filter: optional(`set filter: ${FILTER_HELP}`),
  module_property_filter: optional(`module filter: ${FILTER_HELP}`),
  ...listParams,
};

export const addHostToResourceCall = defineCall({
  name: 'add_host_to_resource',
  group: 'host',
  summary:
    'Add hosts to the resource pool (its idle module, or the pool module bk_module_id names; bk_biz_id sends them to that business\'s idle module). All or none; bodies up to 64 MiB. Answers {success: [row keys], bk_host_ids}.',
  bodyLimit: HOST_IMPORT_BODY_LIMIT,
  params: {
    host_info: required('row index → host attributes, e.g. {"0": {"bk_host_innerip": "10.0.0.1", "bk_cloud_id": 0}}; bk_host_innerip required, bk_cloud_id default 0'),
    bk_biz_id: Type.Optional(intParam('business whose idle module takes the hosts; default the resource pool')),
    bk_module_id: Type.Optional(intParam('a module of the resource pool; default its idle module')),
    directory: Type.Optional(intParam('the same as bk_module_id (bk-cmdb\'s newer name)')),
  },
  async handle(ctx, body) {
    const { result, ignored } = await addHostToResource(ctx.deps, ctx, body);
    ctx.ignore(ignored);
    return result;
  },
});

export const addHostToResourcePoolCall = defineCall({
  name: 'add_host_to_resource_pool',
  group: 'host',
  summary:
    'Add hosts to the resource pool (its idle module, or the pool module directory names), all or none; bodies up to 64 MiB. Answers {success: [{index, bk_host_id}], error: []}; a bad row refuses the whole call, naming its index.',
  bodyLimit: HOST_IMPORT_BODY_LIMIT,
  params: {
    host_info: required('hosts: [{bk_host_innerip, bk_cloud_id, bk_addressing (default "static"), ...}]; bk_host_innerip and bk_cloud_id required'),
    directory: Type.Optional(intParam('a module of the resource pool; default its idle module')),
  },
  async handle(ctx, body) {
    const { result, ignored } = await addHostToResourcePool(ctx.deps, ctx, body);
    ctx.ignore(ignored);
    return result;
  },
});

export const addHostToBusinessIdleCall = defineCall({
  name: 'add_host_to_business_idle',
  group: 'host',
  summary: "Add hosts to a business's idle module, all or none; bodies up to 64 MiB. Answers {bk_host_ids}.",
  bodyLimit: HOST_IMPORT_BODY_LIMIT,
  params: {
    bk_biz_id: intParam('business ID'),
    bk_host_list: required('hosts: [{bk_host_innerip, bk_cloud_id (default 0), bk_addressing (default "static"), ...}]'),
  },
  async handle(ctx, body) {
    const { result, ignored } = await addHostToBusinessIdle(ctx.deps, ctx, body.bk_biz_id, body.bk_host_list);
    ctx.ignore(ignored);
    return result;
  },
});

export const transferHostModuleCall = defineCall({
  name: 'transfer_host_module',
  group: 'host',
  summary:
    "Move hosts of a business to one or more of its modules: is_increment false replaces the hosts' modules, true adds to them. Built-in modules can't be combined (1113005).",
  params: {
    bk_biz_id: intParam('business ID'),
    bk_host_id: idArray('host ids, all in the business'),
    bk_module_id: idArray('target module ids of the business'),
    is_increment: Type.Optional(Type.Boolean({ description: 'true: add to the current modules; false (default): replace them' })),
  },
  async handle(ctx, body) {
    await transferHostModule(ctx.deps, ctx, body);
    return null;
  },
});

const builtinTransfer = (name: string, kind: 1 | 2 | 3, what: string): EsbCall =>
  defineCall({
    name,
    group: 'host',
    summary: `Move hosts of a business to its ${what} module, leaving all their other modules.`,
    params: {
      bk_biz_id: intParam('business ID'),
      bk_host_id: idArray('host ids, all in the business'),
      ...(kind === 3
        ? {
            bk_set_id: Type.Optional(intParam('accepted and not needed')),
            bk_module_id: Type.Optional(intParam('accepted and not needed')),
          }
        : {}),
    },
    async handle(ctx, body) {
      await transferHostToBuiltin(ctx.deps, ctx, body, kind);
      return null;
    },
  });

export const transferHostToIdleModuleCall = builtinTransfer('transfer_host_to_idlemodule', 1, 'idle');
export const transferHostToFaultModuleCall = builtinTransfer('transfer_host_to_faultmodule', 2, 'fault');
export const transferHostToRecycleModuleCall = builtinTransfer('transfer_host_to_recyclemodule', 3, 'recycle');

export const transferHostToResourceModuleCall = defineCall({
  name: 'transfer_host_to_resourcemodule',
  group: 'host',
  summary: "Return hosts of a business's idle pool to the resource pool (its idle module, or the pool module bk_module_id names).",
  params: {
    bk_biz_id: intParam('the business the hosts leave'),
    bk_host_id: idArray('host ids, all in the idle, fault or recycle module of the business'),
    bk_module_id: Type.Optional(intParam('a module of the resource pool; default its idle module')),
  },
  async handle(ctx, body) {
    await transferHostToResourceModule(ctx.deps, ctx, body);
    return null;
  },
});

export const transferResourceHostToIdleModuleCall = defineCall({
  name: 'transfer_resourcehost_to_idlemodule',
  group: 'host',
  summary: "Move hosts of the resource pool to a business's idle module; a host of another business is refused (1106010).",
  params: {
    bk_biz_id: intParam('business ID'),
    bk_host_id: idArray('host ids, all in the resource pool'),
  },
  async handle(ctx, body) {
    await transferResourceHostToIdle(ctx.deps, ctx, body);
    return null;
  },
});

export const transferSetHostToIdleModuleCall = defineCall({
  name: 'transfer_sethost_to_idle_module',
  group: 'host',
  summary:
    "Empty a set (bk_module_id 0) or one of its modules: hosts with no other module go to the business's idle module, the others only leave it.",
  params: {
    bk_biz_id: intParam('business ID'),
    bk_set_id: intParam('the set to empty (or the set of the module)'),
    bk_module_id: intParam('the module to empty; 0 = the whole set'),
  },
  async handle(ctx, body) {
    await transferSetHostToIdle(ctx.deps, ctx, body);
    return null;
  },
});

export const transferHostAcrossBizCall = defineCall({
  name: 'transfer_host_across_biz',
  group: 'host',
  summary: "Hosts of one business's idle pool into an idle, fault or recycle module of another business (≤ 500 hosts).",
  params: {
    src_bk_biz_id: intParam('the business the hosts are in (in its idle pool)'),
    dst_bk_biz_id: intParam('the business they move to'),
    bk_host_id: required('host ids, at most 500'),
    bk_module_id: intParam("a module of the target business's idle pool"),
  },
  async handle(ctx, body) {
    await transferHostAcrossBiz(ctx.deps, ctx, body);
    return null;
  },
});

export const updateHostCall = defineCall({
  name: 'update_host',
  group: 'host',
  summary: 'Write the same attribute values to hosts ("1,2,3"); unknown and non-editable fields are refused.',
  params: {
    bk_host_id: required('host ids joined by ",", e.g. "1,2"'),
    data: required('host attributes to change'),
  },
  async handle(ctx, body) {
    await updateHost(ctx.deps, ctx, body);
    return null;
  },
});

export const batchUpdateHostCall = defineCall({
  name: 'batch_update_host',
  group: 'host',
  summary: 'Change up to 500 hosts, each with its own properties; all are checked before any is written. bk_cloud_id is not changed here.',
  params: { update: required('[{bk_host_id, properties}], at most 500') },
  async handle(ctx, body) {
    await batchUpdateHost(ctx.deps, ctx, body);
    return null;
  },
});

export const updateHostCloudAreaFieldCall = defineCall({
  name: 'update_host_cloud_area_field',
  group: 'host',
  summary: 'Move up to 2000 hosts into one cloud area (their inner IPs with them; 1199014 if one is taken there), in bk_biz_id when given.',
  params: {
    bk_host_ids: required('host ids, at most 2000'),
    bk_cloud_id: intParam('the cloud area to move them into'),
    bk_biz_id: Type.Optional(intParam('business ID; the hosts must be in it (0 or absent = any)')),
  },
  async handle(ctx, body) {
    await updateHostCloudAreaField(ctx.deps, ctx, body);
    return null;
  },
});

export const cloneHostPropertyCall = defineCall({
  name: 'clone_host_property',
  group: 'host',
  summary:
    "Copy one host's attribute values to others of the business (not its addresses, cloud area, agent, serial number, asset id or MACs); hosts by inner IP (bk_org_ip, bk_dst_ip: one or a comma list, in bk_cloud_id) or by id (bk_org_id, bk_dst_id).",
  params: {
    bk_biz_id: intParam('business ID'),
    bk_org_ip: optional('the source host, by inner IP'),
    bk_dst_ip: optional('the target hosts, by inner IP: one, or several comma-separated'),
    bk_org_id: Type.Optional(intParam('the source host, by id')),
    bk_dst_id: Type.Optional(intParam('the target host, by id')),
    bk_cloud_id: Type.Optional(intParam('the cloud area of the IPs (default 0)')),
  },
  async handle(ctx, body) {
    await cloneHostProperty(ctx.deps, ctx, body);
    return null;
  },
});

export const deleteHostCall = defineCall({
  name: 'delete_host',
  group: 'host',
  summary: 'Delete hosts of the resource pool ("1,2,3"); hosts of a business are refused (1110055).',
  params: { bk_host_id: required('host ids joined by ",", e.g. "1,2"') },
  async handle(ctx, body) {
    await deleteHost(ctx.deps, ctx, body);
    return null;
  },
});

export const listBizHostsCall = defineCall({
  name: 'list_biz_hosts',
  cacheable: true,
  group: 'host',
  summary: "A business's hosts, narrowed by sets, modules and host_property_filter: {count, info}; page.limit ≤ 500.",
  params: topoListParams,
  handle: (ctx, body) => listBizHosts(ctx.deps, body),
});

export const listBizHostsTopoCall = defineCall({
  name: 'list_biz_hosts_topo',
  cacheable: true,
  group: 'host',
  summary: "list_biz_hosts with each host's sets and modules: {count, info: [{host, topo: [{bk_set_id, bk_set_name, module: [...]}]}]}.",
  params: topoListParams,
  handle: (ctx, body) => listBizHostsTopo(ctx.deps, body),
});

export const listHostTotalMainlineTopoCall = defineCall({
  name: 'list_host_total_mainline_topo',
  cacheable: true,
  group: 'host',
  summary:
    "A business's hosts (by set, module and host filters), each with its mainline tree: {count, info: [{host, topo: [{inst: {obj, name, id}, children}]}]}; page.limit ≤ 500, by host id.",
  params: {
    bk_biz_id: intParam('business ID'),
    mainline_property_filters: optional('filters on custom mainline levels: Topograph has none, so only [] is taken'),
    set_property_filter: optional(`set filter: ${FILTER_HELP}`),
    module_property_filter: optional(`module filter: ${FILTER_HELP}`),
    ...listParams,
  },
  handle: (ctx, body) => listHostTotalMainlineTopo(ctx.deps, body),
});

export const listHostsWithoutBizCall = defineCall({
  name: 'list_hosts_without_biz',
  cacheable: true,
  group: 'host',
  summary: 'Hosts without naming a business (all of them; bk_biz_id narrows), by host_property_filter: {count, info}; page.limit ≤ 500, sorted by bk_host_id.',
  params: { bk_biz_id: Type.Optional(intParam('business ID (optional)')), ...listParams },
  handle: (ctx, body) => listHostsWithoutBiz(ctx.deps, body),
});

export const listResourcePoolHostsCall = defineCall({
  name: 'list_resource_pool_hosts',
  cacheable: true,
  group: 'host',
  summary: 'The hosts of the resource pool, by host_property_filter: {count, info}; page.limit ≤ 500.',
  params: listParams,
  handle: (ctx, body) => listResourcePoolHosts(ctx.deps, body),
});

export const countBizHostCpuCall = defineCall({
  name: 'count_biz_host_cpu',
  cacheable: true,
  group: 'host',
  summary: `Per business: its hosts, their CPU cores and those with none recorded, [{bk_biz_id, host_count, cpu_count, no_cpu_host_count}]; one business (bk_biz_id) or a page of all by id (page.limit ≤ ${MAX_CPU_COUNT_PAGE}), not both.`,
  params: {
    bk_biz_id: Type.Optional(intParam('business ID')),
    page: Type.Optional(Type.Unknown({ description: `{start, limit ≤ ${MAX_CPU_COUNT_PAGE}}: businesses by id` })),
  },
  handle: (ctx, body) => countBizHostCpu(ctx.deps, body),
});

/** bind_host_agent and unbind_host_agent: the same call, setting or clearing bk_agent_id. */
const hostAgentCall = (bind: boolean) =>
  defineCall({
    name: bind ? 'bind_host_agent' : 'unbind_host_agent',
    group: 'host',
    summary: bind
      ? `Bind agents to hosts (bk_agent_id), up to ${MAX_AGENT_ITEMS}; a host bound to another agent, or an agent bound to another host, is refused. Answers null.`
      : `Unbind agents from hosts, up to ${MAX_AGENT_ITEMS}; each host must be bound to the agent named. Answers null.`,
    params: { list: Type.Unknown({ description: `[{bk_host_id, bk_agent_id}], 1 to ${MAX_AGENT_ITEMS}` }) },
    async handle(ctx, body) {
      await setHostAgents(ctx.deps, ctx, body, bind);
      return null;
    },
  });

export const bindHostAgentCall = hostAgentCall(true);
export const unbindHostAgentCall = hostAgentCall(false);

export const searchHostIdentifierCall = defineCall({
  name: 'search_hostidentifier',
  cacheable: true,
  group: 'host',
  summary:
    "Hosts' identities, as GSE reads them: {count, info: [{bk_host_id, bk_host_name, bk_cloud_id, bk_cloud_name, bk_host_innerip, bk_host_outerip, bk_os_type, bk_os_name, bk_mem, bk_cpu, bk_disk, associations: {<module id>: {bk_biz_id, bk_biz_name, bk_set_id, bk_set_name, bk_module_id, bk_module_name, bk_service_status, bk_set_env, layer}}, process: [...]}]}; page.limit ≤ 500.",
  params: {
    ip: Type.Optional(Type.Unknown({ description: '{data: [inner or outer IPs] (≤ 500; absent or empty: every host), bk_cloud_id}' })),
    page: Type.Optional(Type.Unknown({ description: '{start, limit ≤ 500, sort (host fields)}' })),
  },
  handle: (ctx, body) => searchHostIdentifier(ctx.deps, body),
});

export const searchHostCall = defineCall({
  name: 'search_host',
  cacheable: true,
  group: 'host',
  summary:
    "bk-cmdb's legacy host search: hosts by IP and by conditions on the host, its business, set, module and cloud area, each with the business, set and module records it is in: {count, info: [{host, biz, set, module}]}; page.limit ≤ 500.",
  params: {
    bk_biz_id: Type.Optional(Type.Integer({ minimum: -1, maximum: 2147483647, description: 'business ID: only its hosts (0, -1 or absent: every host, the resource pool included)' })),
    ip: optional(
      `{data: [addresses], exact: 1 (a host holding one of them) | 0 (a host whose address contains one, at most ${MAX_FUZZY_IPS}), flag: "bk_host_innerip" | "bk_host_outerip" | "bk_host_innerip|bk_host_outerip" (absent: both)}`,
    ),
    condition: optional(
      '[{bk_obj_id: host | biz | set | module | plat, fields: [...], condition: [{field, operator: $eq $ne $in $nin $lt $lte $gt $gte $regex, value}]}]; a biz, set or module list is answered only for an object named here',
    ),
    page: optional('{start, limit ≤ 500 (0 or absent = 500), sort}; sort is a host field, "-" before it for descending'),
    pattern: Type.Optional(Type.String({ description: 'accepted and ignored, as bk-cmdb does' })),
  },
  handle: (ctx, body) => searchHost(ctx.deps, body),
});

export const findHostTopoRelationCall = defineCall({
  name: 'find_host_topo_relation',
  cacheable: true,
  group: 'host',
  summary: 'Host ↔ module relations of a business: {count, page, data: [{bk_biz_id, bk_set_id, bk_module_id, bk_host_id}]}; page.limit ≤ 500.',
  params: {
    bk_biz_id: intParam('business ID'),
    bk_set_ids: optional('set ids, at most 200'),
    bk_module_ids: optional('module ids, at most 500'),
    bk_host_ids: optional('host ids, at most 500'),
    page: optional('{start, limit ≤ 500 (0 or absent = 500)}'),
  },
  handle: (ctx, body) => findHostTopoRelation(ctx.deps, body),
});

export const getHostBaseInfoCall = defineCall({
  name: 'get_host_base_info',
  cacheable: true,
  group: 'host',
  summary: 'One host as a property list: [{bk_property_id, bk_property_name, bk_property_value}].',
  params: { bk_host_id: intParam('host ID') },
  handle: (ctx, body) => getHostBaseInfo(ctx.deps, body.bk_host_id),
});

export const findHostBizRelationsCall = defineCall({
  name: 'find_host_biz_relations',
  cacheable: true,
  group: 'host',
  summary: 'Every host ↔ module relation of up to 500 hosts, in one business when bk_biz_id is given: [{bk_biz_id, bk_set_id, bk_module_id, bk_host_id, bk_supplier_account}].',
  params: {
    bk_host_id: required('host ids, at most 500'),
    bk_biz_id: Type.Optional(intParam('business ID; 0 or absent = any business')),
  },
  handle: (ctx, body) => findHostBizRelations(ctx.deps, body),
});

export const findModuleHostRelationCall = defineCall({
  name: 'find_module_host_relation',
  cacheable: true,
  group: 'host',
  summary:
    'The hosts of up to 200 modules of a business, paged by host id (page.limit ≤ 1000), each with those modules it is in: {count, relation: [{host, modules}]}, with the fields asked for.',
  params: {
    bk_biz_id: intParam('business ID'),
    bk_module_ids: required('module ids, at most 200'),
    module_fields: required('module fields to return (at least one)'),
    host_fields: required('host fields to return (at least one)'),
    page: optional('{start, limit ≤ 1000 (0 or absent = 1000)}; hosts in bk_host_id order'),
  },
  handle: (ctx, body) => findModuleHostRelation(ctx.deps, body),
});

export const findHostByTopoCall = defineCall({
  name: 'find_host_by_topo',
  cacheable: true,
  group: 'host',
  summary: "A business's hosts under one set or module, by host id: {count, info}; page.limit ≤ 500.",
  params: {
    bk_biz_id: intParam('business ID'),
    bk_obj_id: required('"set" or "module"'),
    bk_inst_id: intParam('the set or module ID'),
    fields: required('host fields to return (at least one)'),
    page: optional('{start, limit ≤ 500 (0 or absent = 500)}'),
  },
  handle: (ctx, body) => findHostByTopo(ctx.deps, body),
});

export const findHostRelationsWithTopoCall = defineCall({
  name: 'find_host_relations_with_topo',
  cacheable: true,
  group: 'host',
  summary: "The host ↔ module relations under up to 50 sets or modules of a business, with the relation fields asked for: {count, info}; page.limit ≤ 500.",
  params: {
    bk_biz_id: intParam('business ID'),
    bk_obj_id: Type.String({ description: '"set" or "module"' }),
    bk_inst_ids: required('set or module ids, at most 50'),
    fields: required('relation fields to return, among bk_biz_id, bk_host_id, bk_module_id, bk_set_id, bk_supplier_account'),
    page: optional('{start, limit ≤ 500 (0 or absent = 500)}'),
  },
  handle: (ctx, body) => findHostRelationsWithTopo(ctx.deps, body),
});

/** find_host_by_set_template and find_host_by_service_template: the same call over the two kinds of template. */
const hostsByTemplateCall = (level: 'set' | 'module') => {
  const [template, scope, made] = level === 'set' ? ['set', 'bk_set_ids', 'sets'] : ['service', 'bk_module_ids', 'modules'];
  return defineCall({
    name: `find_host_by_${template}_template`,
    cacheable: true,
    group: 'host',
    summary: `A business's hosts in the ${made} made from the ${template} templates (narrowed to ${scope} when given), by host id: {count, info}; page.limit ≤ 500.`,
    params: {
      bk_biz_id: intParam('business ID'),
      [`bk_${template}_template_ids`]: required(`${template} template ids, at most 500`),
      [scope]: optional(`${made} ids, at most 500`),
      fields: required('host fields to return (at least one)'),
      page: optional('{start, limit ≤ 500 (0 or absent = 500)}'),
    },
    handle: (ctx, body) => findHostsByTemplate(ctx.deps, level, body),
  });
};
export const findHostBySetTemplateCall = hostsByTemplateCall('set');
export const findHostByServiceTemplateCall = hostsByTemplateCall('module');

/** Every host call, in the order the README lists them. */
export const HOST_CALLS: EsbCall[] = [
  countBizHostCpuCall,
  searchHostIdentifierCall,
  bindHostAgentCall,
  unbindHostAgentCall,
  addHostToResourceCall,
  addHostToResourcePoolCall,
  addHostToBusinessIdleCall,
  transferHostModuleCall,
  transferHostToIdleModuleCall,
  transferHostToFaultModuleCall,
  transferHostToRecycleModuleCall,
  transferHostToResourceModuleCall,
  transferResourceHostToIdleModuleCall,
  transferSetHostToIdleModuleCall,
  transferHostAcrossBizCall,
  updateHostCall,
  batchUpdateHostCall,
  updateHostCloudAreaFieldCall,
  cloneHostPropertyCall,
  deleteHostCall,
  listBizHostsCall,
  listBizHostsTopoCall,
  listHostTotalMainlineTopoCall,
  listHostsWithoutBizCall,
  listResourcePoolHostsCall,
  searchHostCall,
  findHostTopoRelationCall,
  findHostBizRelationsCall,
  findModuleHostRelationCall,
  findHostByTopoCall,
  findHostRelationsWithTopoCall,
  findHostBySetTemplateCall,
  findHostByServiceTemplateCall,
  getHostBaseInfoCall,
];
