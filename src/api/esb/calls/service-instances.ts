import { Type } from '@sinclair/typebox';
import {
  MAX_DETAIL_PAGE,
  MAX_HOST_IDS,
  MAX_INSTANCE_IDS,
  MAX_INSTANCE_PAGE,
  createServiceInstances,
  deleteServiceInstances,
} from '../../../domain/service-instances/service-instance.js';
import {
  listServiceInstanceDetails,
  listServiceInstances,
  listServiceInstancesByHost,
  listServiceInstancesBySetTemplate,
} from '../../../domain/service-instances/instance-lists.js';
import { MAX_ADD_IDS, MAX_LABELS, MAX_REMOVE_IDS, MAX_SELECTORS, addLabels, removeLabels } from '../../../domain/service-instances/labels.js';
import {
  MAX_PROCESS_IDS,
  createProcessInstances,
  deleteProcessInstances,
  listProcessDetails,
  listProcessInstances,
  updateProcessInstances,
} from '../../../domain/service-instances/processes.js';
import { MAX_PROCESSES } from '../../../domain/service-instances/process-values.js';
import { listProcessRelatedInfo } from '../../../domain/service-instances/process-related.js';
import { defineCall, intParam, type EsbCall } from '../call.js';

/** Service instances and their processes: thin adapters over src/domain/service-instances. */

const GROUP = 'service instance';
const list = (description: string) => Type.Unknown({ description });
const optional = (description: string) => Type.Optional(Type.Unknown({ description }));
const page = (max: number) => optional(`{start, limit, sort}: limit ≤ ${max} (0 or absent = ${max}); sort "id" or "-id"`);
const selectors = optional(`label selectors [{key, operator, values}], all true: = and != one value, in and notin one or more, exists and ! none; at most ${MAX_SELECTORS}`);
const processInfo = 'process fields: the process model\'s attributes (bk_process_name and bk_func_name required) and bind_info [{enable, ip, port, protocol, template_row_id}]';

export const createServiceInstanceCall = defineCall({
  name: 'create_service_instance',
  group: GROUP,
  summary: `Create up to ${MAX_PROCESSES} service instances in one module, each on a host of the module, with its processes. Answers the new ids.`,
  params: {
    bk_biz_id: intParam('business ID'),
    bk_module_id: intParam('module ID (an ordinary module of the business)'),
    instances: list(`[{bk_host_id, service_instance_name?, processes?: [{process_template_id: 0, process_info}]}], at most ${MAX_PROCESSES}; ${processInfo}`),
  },
  async handle(ctx, body) {
    const { result, ignored } = await createServiceInstances(ctx.deps, ctx, body);
    ctx.ignore(ignored);
    return result;
  },
});

export const listServiceInstanceCall = defineCall({
  name: 'list_service_instance',
  group: GROUP,
  cacheable: true,
  summary: "The business's service instances: {count, info: [{id, name, bk_biz_id, bk_module_id, bk_host_id, service_template_id, creator, modifier, create_time, last_time, bk_supplier_account}]}.",
  params: {
    bk_biz_id: intParam('business ID'),
    bk_module_id: Type.Optional(intParam('only this module')),
    bk_host_ids: optional(`only these hosts, at most ${MAX_HOST_IDS}`),
    search_key: optional('the name contains it (case-insensitive)'),
    selectors,
    page: page(MAX_INSTANCE_PAGE),
  },
  handle: (ctx, body) => listServiceInstances(ctx.deps, body),
});

export const listServiceInstanceByHostCall = defineCall({
  name: 'list_service_instance_by_host',
  group: GROUP,
  cacheable: true,
  summary: "One host's service instances in the business: {count, info}, as list_service_instance.",
  params: { bk_biz_id: intParam('business ID'), bk_host_id: intParam('host ID'), page: page(MAX_INSTANCE_PAGE) },
  handle: (ctx, body) => listServiceInstancesByHost(ctx.deps, body),
});

export const listServiceInstanceDetailCall = defineCall({
  name: 'list_service_instance_detail',
  group: GROUP,
  cacheable: true,
  summary: 'Service instances with their module\'s service_category_id and their processes: {count, info: [{…, process_instances: [{process, relation}]}]}.',
  params: {
    bk_biz_id: intParam('business ID'),
    bk_module_id: Type.Optional(intParam('only this module')),
    bk_host_list: optional(`only these hosts, at most ${MAX_HOST_IDS}`),
    bk_host_id: Type.Optional(intParam('only this host (the older form of bk_host_list)')),
    service_instance_ids: optional(`only these service instances, at most ${MAX_INSTANCE_IDS}`),
    selectors,
    page: page(MAX_DETAIL_PAGE),
  },
  handle: (ctx, body) => listServiceInstanceDetails(ctx.deps, body),
});

export const listServiceInstanceBySetTemplateCall = defineCall({
  name: 'list_service_instance_by_set_template',
  group: GROUP,
  cacheable: true,
  summary: 'The service instances in modules of sets made from a set template: {count, info}, as list_service_instance.',
  params: { bk_biz_id: intParam('business ID'), set_template_id: intParam('set template ID'), page: page(MAX_INSTANCE_PAGE) },
  handle: (ctx, body) => listServiceInstancesBySetTemplate(ctx.deps, body),
});

export const addLabelForServiceInstanceCall = defineCall({
  name: 'add_label_for_service_instance',
  group: GROUP,
  summary: `Put labels on up to ${MAX_ADD_IDS} service instances (a key there already takes the new value). Answers null.`,
  params: {
    bk_biz_id: intParam('business ID'),
    instance_ids: list(`service instance IDs, at most ${MAX_ADD_IDS}`),
    labels: list(`{key: value}, at most ${MAX_LABELS}; a key starts with a letter, a value with a letter or digit; letters, digits, - _ . ; ≤ 63 characters`),
  },
  async handle(ctx, body) {
    await addLabels(ctx.deps, ctx, body);
    return null;
  },
});

export const removeLabelFromServiceInstanceCall = defineCall({
  name: 'remove_label_from_service_instance',
  group: GROUP,
  summary: `Take label keys off up to ${MAX_REMOVE_IDS} service instances (a key an instance lacks is no error). Answers null.`,
  params: { bk_biz_id: intParam('business ID'), instance_ids: list(`service instance IDs, at most ${MAX_REMOVE_IDS}`), keys: list(`label keys, at most ${MAX_LABELS}`) },
  async handle(ctx, body) {
    await removeLabels(ctx.deps, ctx, body);
    return null;
  },
});

export const deleteServiceInstanceCall = defineCall({
  name: 'delete_service_instance',
  group: GROUP,
  summary: `Delete up to ${MAX_INSTANCE_IDS} of the business's service instances with their processes, all or none. Answers null.`,
  params: { bk_biz_id: intParam('business ID'), service_instance_ids: list(`service instance IDs, at most ${MAX_INSTANCE_IDS}`) },
  async handle(ctx, body) {
    await deleteServiceInstances(ctx.deps, ctx, body);
    return null;
  },
});

export const createProcessInstanceCall = defineCall({
  name: 'create_process_instance',
  group: GROUP,
  summary: `Add up to ${MAX_PROCESSES} processes to a service instance made by hand. Answers the new process ids.`,
  params: {
    bk_biz_id: intParam('business ID'),
    service_instance_id: intParam('service instance ID'),
    processes: list(`[{process_info}], at most ${MAX_PROCESSES}; ${processInfo}`),
  },
  async handle(ctx, body) {
    const { result, ignored } = await createProcessInstances(ctx.deps, ctx, body);
    ctx.ignore(ignored);
    return result;
  },
});

export const updateProcessInstanceCall = defineCall({
  name: 'update_process_instance',
  group: GROUP,
  summary: `Change up to ${MAX_PROCESSES} processes: [{bk_process_id, the fields to change}]; bind_info replaces the list. Answers the process ids.`,
  params: { bk_biz_id: intParam('business ID'), processes: list(`[{bk_process_id, …fields}], at most ${MAX_PROCESSES}`) },
  handle: (ctx, body) => updateProcessInstances(ctx.deps, ctx, body),
});

export const deleteProcessInstanceCall = defineCall({
  name: 'delete_process_instance',
  group: GROUP,
  summary: `Delete up to ${MAX_PROCESS_IDS} processes of service instances made by hand, all or none. Answers null.`,
  params: { bk_biz_id: intParam('business ID'), process_instance_ids: list(`process IDs, at most ${MAX_PROCESS_IDS}`) },
  async handle(ctx, body) {
    await deleteProcessInstances(ctx.deps, ctx, body);
    return null;
  },
});

export const listProcessInstanceCall = defineCall({
  name: 'list_process_instance',
  group: GROUP,
  cacheable: true,
  summary: "One service instance's processes: [{property: the process, relation: {bk_biz_id, bk_process_id, service_instance_id, process_template_id, bk_host_id, bk_supplier_account}}].",
  params: { bk_biz_id: intParam('business ID'), service_instance_id: intParam('service instance ID') },
  handle: (ctx, body) => listProcessInstances(ctx.deps, body),
});

export const listProcessDetailByIdsCall = defineCall({
  name: 'list_process_detail_by_ids',
  group: GROUP,
  cacheable: true,
  summary: `The business's processes among bk_process_ids (at most ${MAX_PROCESS_IDS}), with only \`fields\` when given (the id always).`,
  params: {
    bk_biz_id: intParam('business ID'),
    bk_process_ids: list(`process IDs, at most ${MAX_PROCESS_IDS}`),
    fields: optional('the process fields to answer (absent or empty = all)'),
  },
  handle: (ctx, body) => listProcessDetails(ctx.deps, body),
});

export const listProcessRelatedInfoCall = defineCall({
  name: 'list_process_related_info',
  group: GROUP,
  cacheable: true,
  summary:
    "A business's processes, each with its set, module, host, service instance and process template: {count, info: [{set, module, host, service_instance, process_template, process}]}; page.limit ≤ 500.",
  params: {
    bk_biz_id: intParam('business ID'),
    set: optional('{bk_set_ids}: in these sets'),
    module: optional('{bk_module_ids}: in these modules'),
    service_instance: optional('{ids}: of these service instances'),
    process: optional('{bk_process_names | bk_func_ids (one of them), bk_process_ids}'),
    fields: optional('process fields to answer (bk_process_id, bk_process_name, bk_func_id always); absent or empty = all'),
    page: optional('{start, limit ≤ 500, sort on built-in process fields (bk_process_id by default)}'),
  },
  handle: (ctx, body) => listProcessRelatedInfo(ctx.deps, body),
});

export const SERVICE_INSTANCE_CALLS: EsbCall[] = [
  createServiceInstanceCall,
  listServiceInstanceCall,
  listServiceInstanceByHostCall,
  listServiceInstanceDetailCall,
  listServiceInstanceBySetTemplateCall,
  addLabelForServiceInstanceCall,
  removeLabelFromServiceInstanceCall,
  deleteServiceInstanceCall,
  createProcessInstanceCall,
  updateProcessInstanceCall,
  deleteProcessInstanceCall,
  listProcessInstanceCall,
  listProcessDetailByIdsCall,
  listProcessRelatedInfoCall,
];
