import { Type } from '@sinclair/typebox';
import {
  MAX_PROC_TEMPLATE_IDS,
  MAX_PROC_TEMPLATE_PAGE,
  batchCreateProcTemplates,
  deleteProcTemplates,
  getProcTemplate,
  listProcTemplates,
  updateProcTemplate,
} from '../../../domain/service-instances/proc-templates.js';
import { MAX_PROCESSES } from '../../../domain/service-instances/process-values.js';
import { MAX_DIFFERENCE_IDS, MAX_SYNC_MODULES, listServiceTemplateDifference, syncServiceTemplateToInstances } from '../../../domain/service-instances/template-sync.js';
import { defineCall, intParam, type EsbCall } from '../call.js';

/** Process templates, and the service-template sync calls: thin adapters over src/domain/service-instances/proc-templates.ts and template-sync.ts. */

const list = (description: string) => Type.Unknown({ description });
const optional = (description: string) => Type.Optional(Type.Unknown({ description }));
const page = (max: number) => optional(`{start, limit, sort}: limit ≤ ${max} (0 or absent = ${max}); sort "id" or "-id"`);

const TEMPLATE_GROUP = 'process template';
const spec = 'each process field as {value, as_default_value} (as_default_value: every process made from the template takes the value); bk_process_name and bk_func_name required; bind_info {value: [{enable, ip, port, protocol: {value, as_default_value}, row_id}], as_default_value}';

export const batchCreateProcTemplateCall = defineCall({
  name: 'batch_create_proc_template',
  group: TEMPLATE_GROUP,
  summary: `Create up to ${MAX_PROCESSES} process templates of a service template; every service instance made from it gets their processes at once. Answers the new ids.`,
  params: {
    bk_biz_id: intParam('business ID'),
    service_template_id: intParam('service template ID'),
    processes: list(`[{spec}], at most ${MAX_PROCESSES}; spec: ${spec}`),
  },
  async handle(ctx, body) {
    const { result, ignored } = await batchCreateProcTemplates(ctx.deps, ctx, body);
    ctx.ignore(ignored);
    return result;
  },
});

export const updateProcTemplateCall = defineCall({
  name: 'update_proc_template',
  group: TEMPLATE_GROUP,
  summary: 'Change a process template: the fields process_property gives; every process made from it takes the fields the template holds. Answers the template.',
  params: {
    bk_biz_id: intParam('business ID'),
    process_template_id: intParam('process template ID'),
    process_property: list(`the fields to change: ${spec}`),
  },
  handle: (ctx, body) => updateProcTemplate(ctx.deps, ctx, body),
});

export const deleteProcTemplateCall = defineCall({
  name: 'delete_proc_template',
  group: TEMPLATE_GROUP,
  summary: `Delete up to ${MAX_PROC_TEMPLATE_IDS} process templates with the processes made from them, all or none. Answers null.`,
  params: { bk_biz_id: intParam('business ID'), process_templates: list(`process template IDs, at most ${MAX_PROC_TEMPLATE_IDS}`) },
  async handle(ctx, body) {
    await deleteProcTemplates(ctx.deps, ctx, body);
    return null;
  },
});

export const listProcTemplateCall = defineCall({
  name: 'list_proc_template',
  group: TEMPLATE_GROUP,
  cacheable: true,
  summary: 'Process templates of a service template and/or among ids (one of the two at least): {count, info: [{id, bk_process_name, bk_biz_id, service_template_id, property, creator, modifier, create_time, last_time, bk_supplier_account}]}.',
  params: {
    bk_biz_id: intParam('business ID'),
    service_template_id: Type.Optional(intParam('only this service template')),
    process_template_ids: optional(`only these, at most ${MAX_PROC_TEMPLATE_IDS}`),
    page: page(MAX_PROC_TEMPLATE_PAGE),
  },
  handle: (ctx, body) => listProcTemplates(ctx.deps, body),
});

export const getProcTemplateCall = defineCall({
  name: 'get_proc_template',
  group: TEMPLATE_GROUP,
  cacheable: true,
  summary: 'One process template by id.',
  params: { bk_biz_id: Type.Optional(intParam('business ID (when given, the template must be of it)')), process_template_id: intParam('process template ID') },
  handle: (ctx, body) => getProcTemplate(ctx.deps, body),
});

export const syncServiceTemplateToServiceInstanceCall = defineCall({
  name: 'sync_service_template_to_service_instance',
  group: 'service template',
  summary: `Bring the service instances of modules (up to ${MAX_SYNC_MODULES}) made from a service template in line with it. Topograph's instances follow their templates in the write that changes them, so this checks the business, the template, the modules and the caller's right, and answers null.`,
  params: {
    bk_biz_id: intParam('business ID'),
    service_template_id: intParam('service template ID'),
    bk_module_ids: list(`modules made from the template, at most ${MAX_SYNC_MODULES}`),
  },
  handle: (ctx, body) => syncServiceTemplateToInstances(ctx.deps, ctx, body),
});

export const listServiceTemplateDifferenceCall = defineCall({
  name: 'list_service_template_difference',
  group: 'service template',
  cacheable: true,
  summary:
    "Whether service instances differ from their service templates: {service_templates: [{service_template_id, need_sync}]} (is_partial true) or {modules: [{bk_module_id, need_sync}]} (false). Always need_sync false: Topograph's instances follow their templates at once.",
  params: {
    bk_biz_id: intParam('business ID'),
    is_partial: Type.Boolean({ description: 'true: answer service_template_ids; false: answer bk_module_ids' }),
    service_template_ids: optional(`service template IDs (is_partial true), at most ${MAX_DIFFERENCE_IDS}`),
    bk_module_ids: optional(`module IDs (is_partial false), at most ${MAX_DIFFERENCE_IDS}`),
  },
  handle: (ctx, body) => listServiceTemplateDifference(ctx.deps, body),
});

export const PROC_TEMPLATE_CALLS: EsbCall[] = [
  batchCreateProcTemplateCall,
  updateProcTemplateCall,
  deleteProcTemplateCall,
  listProcTemplateCall,
  getProcTemplateCall,
  syncServiceTemplateToServiceInstanceCall,
  listServiceTemplateDifferenceCall,
];
