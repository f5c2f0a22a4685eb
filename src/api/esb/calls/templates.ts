import { Type } from '@sinclair/typebox';
import { createServiceCategory, deleteServiceCategory, listServiceCategories, updateServiceCategory } from '../../../domain/templates/service-category.js';
import {
  createServiceTemplate,
  deleteServiceTemplate,
  getServiceTemplate,
  listServiceTemplates,
  updateServiceTemplate,
} from '../../../domain/templates/service-template.js';
import {
  createSetTemplate,
  deleteSetTemplates,
  listSetTemplateServiceTemplates,
  listSetTemplates,
  updateSetTemplate,
} from '../../../domain/templates/set-template.js';
import { listSetTemplateSyncStatus, syncSetTemplateToSets } from '../../../domain/templates/sync.js';
import { defineCall, intParam } from '../call.js';

/** Service categories, service templates and set templates: thin adapters over src/domain/templates. */

const idList = (description: string) => Type.Array(Type.Integer({ minimum: 0, maximum: 2147483647 }), { description });
const pageParam = (rule: string) =>
  Type.Optional(Type.Unknown({ description: `{start, limit, sort}: limit ≤ 1000 (0 or absent = 1000); sort ${rule}, "-" before it for descending` }));

// --- service categories --------------------------------------------------------------------------------

export const listServiceCategoryCall = defineCall({
  name: 'list_service_category',
  cacheable: true,
  group: 'service category',
  summary: "The global service categories and the business's own, by name: {count, info: [{id, name, bk_root_id, bk_parent_id, bk_biz_id, is_built_in, bk_supplier_account}]}.",
  params: { bk_biz_id: intParam('business ID') },
  handle: (ctx, body) => listServiceCategories(ctx.deps, body),
});

export const createServiceCategoryCall = defineCall({
  name: 'create_service_category',
  group: 'service category',
  summary: 'Create a service category: a root (bk_parent_id 0) or a child of a root; the name is unique among its level (1113017).',
  params: {
    bk_biz_id: intParam('business ID'),
    name: Type.String({ description: 'letters, digits, _, Chinese characters and : - ( ); at most 128 characters' }),
    bk_parent_id: Type.Optional(intParam('the parent (a root category); 0 or absent = a root')),
    parent_id: Type.Optional(intParam('the same as bk_parent_id (the name the bk-cmdb documentation shows)')),
  },
  handle: (ctx, body) => createServiceCategory(ctx.deps, ctx, body),
});

export const updateServiceCategoryCall = defineCall({
  name: 'update_service_category',
  group: 'service category',
  summary: "Rename one of the business's service categories; built-in ones are fixed (1199054).",
  params: { bk_biz_id: intParam('business ID'), id: intParam('service category ID'), name: Type.String({ description: 'the new name' }) },
  handle: (ctx, body) => updateServiceCategory(ctx.deps, ctx, body),
});

export const deleteServiceCategoryCall = defineCall({
  name: 'delete_service_category',
  group: 'service category',
  summary: 'Delete a service category; refused for built-in ones (1199054), ones with children (1199055) and ones in use (1199056).',
  params: { bk_biz_id: intParam('business ID'), id: intParam('service category ID') },
  async handle(ctx, body) {
    await deleteServiceCategory(ctx.deps, ctx, body);
    return null;
  },
});

// --- service templates ---------------------------------------------------------------------------------

export const createServiceTemplateCall = defineCall({
  name: 'create_service_template',
  group: 'service template',
  summary: 'Create a service template: a name unique in the business, a leaf service category.',
  params: {
    bk_biz_id: intParam('business ID'),
    name: Type.String({ description: 'service template name (the name of the modules made from it)' }),
    service_category_id: intParam('service category ID (a leaf category visible to the business)'),
  },
  handle: (ctx, body) => createServiceTemplate(ctx.deps, ctx, body),
});

export const listServiceTemplateCall = defineCall({
  name: 'list_service_template',
  cacheable: true,
  group: 'service template',
  summary: "The business's service templates: {count, info}; newest first by default.",
  params: {
    bk_biz_id: intParam('business ID'),
    service_category_id: Type.Optional(intParam('only templates of this category (and its child categories)')),
    search: Type.Optional(Type.String({ description: 'name filter: case-insensitive "contains"' })),
    is_exact: Type.Optional(Type.Boolean({ description: 'search matches the whole name exactly' })),
    page: pageParam('is id, name, service_category_id, create_time or last_time (default -id)'),
  },
  handle: (ctx, body) => listServiceTemplates(ctx.deps, body),
});

export const getServiceTemplateCall = defineCall({
  name: 'get_service_template',
  cacheable: true,
  group: 'service template',
  summary: 'One service template by id.',
  params: { service_template_id: intParam('service template ID') },
  handle: (ctx, body) => getServiceTemplate(ctx.deps, body),
});

export const updateServiceTemplateCall = defineCall({
  name: 'update_service_template',
  group: 'service template',
  summary: 'Rename a service template and/or change its category (at least one); the modules made from it follow.',
  params: {
    bk_biz_id: intParam('business ID'),
    id: intParam('service template ID'),
    name: Type.Optional(Type.String({ description: 'the new name' })),
    service_category_id: Type.Optional(intParam('the new service category (a leaf)')),
  },
  handle: (ctx, body) => updateServiceTemplate(ctx.deps, ctx, body),
});

export const deleteServiceTemplateCall = defineCall({
  name: 'delete_service_template',
  group: 'service template',
  summary: 'Delete a service template; refused (1199056) while modules are made from it or a set template includes it.',
  params: { bk_biz_id: intParam('business ID'), service_template_id: intParam('service template ID') },
  async handle(ctx, body) {
    await deleteServiceTemplate(ctx.deps, ctx, body);
    return null;
  },
});

// --- set templates -------------------------------------------------------------------------------------

export const createSetTemplateCall = defineCall({
  name: 'create_set_template',
  group: 'set template',
  summary: 'Create a set template from service templates of the business; a set made from it gets one module per service template.',
  params: {
    bk_biz_id: intParam('business ID'),
    name: Type.String({ description: 'set template name, unique in the business' }),
    service_template_ids: idList('service template IDs (may be empty)'),
  },
  handle: (ctx, body) => createSetTemplate(ctx.deps, ctx, body),
});

export const updateSetTemplateCall = defineCall({
  name: 'update_set_template',
  group: 'set template',
  summary: 'Rename a set template and/or replace its service templates (at least one); a changed list bumps its version.',
  params: {
    bk_biz_id: intParam('business ID'),
    set_template_id: intParam('set template ID'),
    name: Type.Optional(Type.String({ description: 'the new name' })),
    service_template_ids: Type.Optional(idList('the new list of service template IDs')),
  },
  handle: (ctx, body) => updateSetTemplate(ctx.deps, ctx, body),
});

export const deleteSetTemplateCall = defineCall({
  name: 'delete_set_template',
  group: 'set template',
  summary: 'Delete set templates (up to 200); refused (1199056) while sets are made from any of them.',
  params: { bk_biz_id: intParam('business ID'), set_template_ids: idList('set template IDs') },
  async handle(ctx, body) {
    await deleteSetTemplates(ctx.deps, ctx, body);
    return null;
  },
});

export const listSetTemplateCall = defineCall({
  name: 'list_set_template',
  cacheable: true,
  group: 'set template',
  summary: "The business's set templates: {count, info}.",
  params: {
    bk_biz_id: intParam('business ID'),
    set_template_ids: Type.Optional(idList('only these set templates')),
    page: pageParam('is id, name, version, create_time or last_time (default id)'),
  },
  handle: (ctx, body) => listSetTemplates(ctx.deps, body),
});

export const listSetTemplateRelatedServiceTemplateCall = defineCall({
  name: 'list_set_template_related_service_template',
  cacheable: true,
  group: 'set template',
  summary: 'The service templates a set template is made of (an array).',
  params: { bk_biz_id: intParam('business ID'), set_template_id: intParam('set template ID') },
  handle: (ctx, body) => listSetTemplateServiceTemplates(ctx.deps, body),
});

export const listSetTemplateSyncStatusCall = defineCall({
  name: 'list_set_template_sync_status',
  cacheable: true,
  group: 'set template',
  summary:
    'For each set made from a set template: need_sync, and the modules a sync would add and remove: {count, info: [{bk_set_id, bk_set_name, set_template_id, set_template_version, template_version, need_sync, modules_to_add, modules_to_remove}]}.',
  params: {
    bk_biz_id: intParam('business ID'),
    set_template_id: intParam('set template ID'),
    bk_set_ids: Type.Optional(idList('only these sets (each made from the template); absent = all of them')),
  },
  handle: (ctx, body) => listSetTemplateSyncStatus(ctx.deps, body),
});

export const syncSetTemplateToSetCall = defineCall({
  name: 'sync_set_template_to_set',
  group: 'set template',
  summary:
    'Bring sets (up to 200) in line with their set template in one transaction: add missing modules, remove modules whose service template left it (refused, 1101030, if one holds hosts), record the version.',
  params: {
    bk_biz_id: intParam('business ID'),
    set_template_id: intParam('set template ID'),
    bk_set_ids: idList('sets to synchronise, each made from the template'),
  },
  async handle(ctx, body) {
    await syncSetTemplateToSets(ctx.deps, ctx, body);
    return null;
  },
});

export const TEMPLATE_CALLS = [
  listServiceCategoryCall,
  createServiceCategoryCall,
  updateServiceCategoryCall,
  deleteServiceCategoryCall,
  createServiceTemplateCall,
  listServiceTemplateCall,
  getServiceTemplateCall,
  updateServiceTemplateCall,
  deleteServiceTemplateCall,
  createSetTemplateCall,
  updateSetTemplateCall,
  deleteSetTemplateCall,
  listSetTemplateCall,
  listSetTemplateRelatedServiceTemplateCall,
  listSetTemplateSyncStatusCall,
  syncSetTemplateToSetCall,
];
