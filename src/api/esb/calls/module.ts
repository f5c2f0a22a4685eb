import { Type } from '@sinclair/typebox';
import { createModule, deleteModule, searchModule, updateModule } from '../../../domain/topology/module.js';
import { findModuleWithRelation } from '../../../domain/topology/instances.js';
import { defineCall, intParam, modelData, modelField, filteredSearchParams } from '../call.js';

export const createModuleCall = defineCall({
  name: 'create_module',
  group: 'module',
  summary: 'Create a module in a set.',
  params: {
    bk_biz_id: intParam('business ID'),
    bk_set_id: intParam('cluster id'),
    data: modelData('module data', {
      bk_parent_id: modelField('int, required', 'the parent node: must equal bk_set_id'),
      bk_module_name: modelField('string, required', 'module name, unique in the set'),
      bk_module_type: modelField('enum "1" | "2"', 'module type, default "1"'),
      operator: modelField('string', 'main maintainer'),
      bk_bak_operator: modelField('string', 'backup maintainer'),
      service_category_id: modelField('int', 'service category, default 2 (Default/Default)'),
      service_template_id: modelField('int', 'service template; the module takes its name and category'),
    }),
  },
  async handle(ctx, body) {
    const { result, ignored } = await createModule(ctx.deps, ctx, body.bk_biz_id, body.bk_set_id, body.data);
    ctx.ignore(ignored.map((f) => `data.${f}`));
    return result;
  },
});

export const searchModuleCall = defineCall({
  name: 'search_module',
  cacheable: true,
  group: 'module',
  summary: "Search a business's (or one set's) modules, built-in ones included: {count, info}; page.limit ≤ 1000.",
  params: { bk_biz_id: intParam('business ID'), bk_set_id: Type.Optional(intParam('set ID; 0 or absent = the whole business')), ...filteredSearchParams('filter') },
  handle: (ctx, body) => searchModule(ctx.deps, body.bk_biz_id, body.bk_set_id, body),
});

export const updateModuleCall = defineCall({
  name: 'update_module',
  group: 'module',
  summary: 'Change a module; built-in modules are fixed; unknown and non-editable fields are refused.',
  params: {
    bk_biz_id: intParam('business ID'),
    bk_set_id: intParam('set ID'),
    bk_module_id: intParam('module ID'),
    data: modelData('attributes to change', {}),
  },
  async handle(ctx, body) {
    await updateModule(ctx.deps, ctx, body.bk_biz_id, body.bk_set_id, body.bk_module_id, body.data);
    return null;
  },
});

export const deleteModuleCall = defineCall({
  name: 'delete_module',
  group: 'module',
  summary: 'Delete a module; refused while it holds hosts, for built-in modules, and in sets made from a set template.',
  params: { bk_biz_id: intParam('business ID'), bk_set_id: intParam('set ID'), bk_module_id: intParam('module ID') },
  async handle(ctx, body) {
    await deleteModule(ctx.deps, ctx, body.bk_biz_id, body.bk_set_id, body.bk_module_id);
    return null;
  },
});

export const findModuleWithRelationCall = defineCall({
  name: 'find_module_with_relation',
  cacheable: true,
  group: 'module',
  summary: "A business's modules, narrowed to sets and to those made from service templates, with the fields asked for: {count, info}; page.limit ≤ 500.",
  params: {
    bk_biz_id: intParam('business ID'),
    bk_set_ids: Type.Optional(Type.Unknown({ description: 'set ids, at most 200' })),
    bk_service_template_ids: Type.Optional(Type.Unknown({ description: 'service template ids, at most 500' })),
    fields: Type.Unknown({ description: 'module fields to return (at least one)' }),
    page: Type.Optional(Type.Unknown({ description: '{start, limit ≤ 500, sort}' })),
  },
  handle: (ctx, body) => findModuleWithRelation(ctx.deps, body),
});
