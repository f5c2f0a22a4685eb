import { Type } from '@sinclair/typebox';
import { createCloudArea, deleteCloudArea, searchCloudArea, updateCloudArea } from '../../../domain/topology/cloud-area.js';
import { defineCall, intParam, modelField, searchParams, withoutGeneralParams } from '../call.js';

export const createCloudAreaCall = defineCall({
  name: 'create_cloud_area',
  group: 'cloud area',
  fieldsAtTopLevel: true,
  summary: 'Create a cloud area (administrator). Answers {created: {origin_index, id}}.',
  params: { bk_cloud_name: modelField('string, required', 'cloud area name, unique') },
  async handle(ctx, body) {
    const { result, ignored } = await createCloudArea(ctx.deps, ctx, withoutGeneralParams(body));
    ctx.ignore(ignored);
    return { created: { origin_index: 0, id: result.id } };
  },
});

export const searchCloudAreaCall = defineCall({
  name: 'search_cloud_area',
  cacheable: true,
  group: 'cloud area',
  summary: 'Search cloud areas: {count, info}; page.limit ≤ 1000; is_fuzzy makes string conditions "contains".',
  params: { ...searchParams, is_fuzzy: Type.Optional(Type.Boolean()) },
  handle: (ctx, body) => searchCloudArea(ctx.deps, body),
});

export const updateCloudAreaCall = defineCall({
  name: 'update_cloud_area',
  group: 'cloud area',
  fieldsAtTopLevel: true,
  summary: 'Rename or re-describe a cloud area (administrator); area 0 is built in.',
  params: {
    bk_cloud_id: intParam('cloud area id'),
    bk_cloud_name: modelField('string', 'new name, unique'),
    bk_cloud_vendor: modelField('enum', 'cloud vendor'),
    bk_region: modelField('string', 'region'),
  },
  async handle(ctx, body) {
    const { bk_cloud_id, ...rest } = withoutGeneralParams(body);
    await updateCloudArea(ctx.deps, ctx, bk_cloud_id as number, rest);
    return null;
  },
});

export const deleteCloudAreaCall = defineCall({
  name: 'delete_cloud_area',
  group: 'cloud area',
  summary: 'Delete a cloud area (administrator): never area 0, never while hosts use it.',
  params: { bk_cloud_id: intParam('cloud area id') },
  async handle(ctx, body) {
    await deleteCloudArea(ctx.deps, ctx, body.bk_cloud_id);
    return null;
  },
});
