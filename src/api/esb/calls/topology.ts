import { Type } from '@sinclair/typebox';
import { createBusiness, searchBusiness } from '../../../domain/topology/business.js';
import { createCloudArea } from '../../../domain/topology/cloud-area.js';
import { createModule } from '../../../domain/topology/module.js';
import { createSet } from '../../../domain/topology/set.js';
import { defineCall, intParam, modelData, modelField, withoutGeneralParams } from '../call.js';

const searchParams = {
  condition: Type.Optional(Type.Unknown({ description: 'field → value, or {"$in": [...]} style operators' })),
  fields: Type.Optional(Type.Unknown({ description: 'fields to return; empty = all' })),
  page: Type.Optional(Type.Unknown({ description: '{start, limit, sort}; sort is a field, "-" before it for descending' })),
};

export const createCloudAreaCall = defineCall({
  name: 'create_cloud_area',
  group: 'cloud area',
  summary: 'Create a cloud area (administrator). Answers {created: {origin_index, id}}.',
  params: { bk_cloud_name: modelField('string, required', 'cloud area name, unique') },
  async handle(ctx, body) {
    const { result, ignored } = await createCloudArea(ctx.deps, ctx, withoutGeneralParams(body));
    ctx.ignore(ignored);
    return { created: { origin_index: 0, id: result.id } };
  },
});

export const createBusinessCall = defineCall({
  name: 'create_business',
  group: 'business',
  summary: 'Create a business (administrator) with its idle pool; time_zone and language default to Asia/Shanghai and "1".',
  params: {
    data: modelData('business attributes', {
      bk_biz_name: modelField('string, required', 'business name, unique'),
      bk_biz_maintainer: modelField('string, required', 'comma-separated maintainers; they may change the topology'),
      time_zone: modelField('string', 'default Asia/Shanghai'),
      language: modelField('enum "1" | "2"', 'default "1"'),
      life_cycle: modelField('enum "1" | "2" | "3"', 'default "2"'),
    }),
  },
  async handle(ctx, body) {
    const { result, ignored } = await createBusiness(ctx.deps, ctx, body.data);
    ctx.ignore(ignored.map((f) => `data.${f}`));
    return result;
  },
});

export const searchBusinessCall = defineCall({
  name: 'search_business',
  group: 'business',
  summary: 'Search businesses: {count, info}. String conditions match as case-insensitive "contains"; page.limit ≤ 200.',
  params: searchParams,
  handle: (ctx, body) => searchBusiness(ctx.deps, body),
});

export const createSetCall = defineCall({
  name: 'create_set',
  group: 'set',
  summary: 'Create a set (cluster) in a business.',
  params: {
    bk_biz_id: intParam('business ID'),
    data: modelData('cluster data; other required fields are defined by the model', {
      bk_parent_id: modelField('int, required', 'the ID of the parent node: the business'),
      bk_set_name: modelField('string, required', 'cluster name, unique in the business'),
      default: modelField('int', '0 - common cluster (the only value a client may create)'),
      set_template_id: modelField('int', 'cluster template ID'),
      bk_capacity: modelField('int', 'design capacity, 1..999999999'),
      description: modelField('string', 'description of the data'),
      bk_set_desc: modelField('string', 'cluster description'),
      bk_set_env: modelField('enum "1" | "2" | "3"', 'environment, default "3"'),
      bk_service_status: modelField('enum "1" | "2"', 'service status, default "1"'),
    }),
  },
  async handle(ctx, body) {
    const { result, ignored } = await createSet(ctx.deps, ctx, body.bk_biz_id, body.data);
    ctx.ignore(ignored.map((f) => `data.${f}`));
    return result;
  },
});

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
    }),
  },
  async handle(ctx, body) {
    const { result, ignored } = await createModule(ctx.deps, ctx, body.bk_biz_id, body.bk_set_id, body.data);
    ctx.ignore(ignored.map((f) => `data.${f}`));
    return result;
  },
});
