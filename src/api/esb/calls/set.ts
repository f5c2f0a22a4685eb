import { Type } from '@sinclair/typebox';
import { createSet, deleteSets, searchSet, updateSet } from '../../../domain/topology/set.js';
import { defineCall, intParam, modelData, modelField, filteredSearchParams } from '../call.js';

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

export const searchSetCall = defineCall({
  name: 'search_set',
  cacheable: true,
  group: 'set',
  summary: "Search a business's sets (idle pool included): {count, info}; page.limit ≤ 1000.",
  params: { bk_biz_id: intParam('business ID'), ...filteredSearchParams('filter') },
  handle: (ctx, body) => searchSet(ctx.deps, body.bk_biz_id, body),
});

export const updateSetCall = defineCall({
  name: 'update_set',
  group: 'set',
  summary: 'Change a set; the idle pool is built in; unknown and non-editable fields are refused.',
  params: { bk_biz_id: intParam('business ID'), bk_set_id: intParam('set ID'), data: modelData('attributes to change', {}) },
  async handle(ctx, body) {
    await updateSet(ctx.deps, ctx, body.bk_biz_id, body.bk_set_id, body.data);
    return null;
  },
});

export const deleteSetCall = defineCall({
  name: 'delete_set',
  group: 'set',
  summary: 'Delete a set and its modules; refused while a module holds hosts, and for the idle pool.',
  params: { bk_biz_id: intParam('business ID'), bk_set_id: intParam('set ID') },
  async handle(ctx, body) {
    await deleteSets(ctx.deps, ctx, body.bk_biz_id, [body.bk_set_id]);
    return null;
  },
});

export const batchDeleteSetCall = defineCall({
  name: 'batch_delete_set',
  group: 'set',
  summary: 'Delete up to 200 sets at once: all are checked first, then all are deleted, or none.',
  params: {
    bk_biz_id: intParam('business ID'),
    delete: Type.Object({ inst_ids: Type.Array(Type.Integer({ minimum: 0, maximum: 2147483647 }), { description: 'set ids, at most 200' }) }),
  },
  async handle(ctx, body) {
    await deleteSets(ctx.deps, ctx, body.bk_biz_id, body.delete.inst_ids);
    return null;
  },
});
