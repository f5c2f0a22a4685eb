import { Type } from '@sinclair/typebox';
import {
  MAX_BIZ_SET_IDS,
  MAX_BIZ_SET_PAGE,
  batchDeleteBusinessSet,
  batchUpdateBusinessSet,
  createBusinessSet,
  listBusinessInBusinessSet,
  listBusinessSet,
  listBusinessSetTopo,
  previewBusinessSet,
} from '../../../domain/biz-sets/biz-set.js';
import { defineCall, intParam, type EsbCall } from '../call.js';

/** Business sets: thin adapters over src/domain/biz-sets. */

const GROUP = 'business set';
const optional = (description: string) => Type.Optional(Type.Unknown({ description }));
const SCOPE = '{match_all: true} (every business) or {match_all: false, filter: {condition: "AND", rules: [{field, operator: "equal" | "in", value}]}} on business fields';
const QUERY = 'QueryBuilder {condition: "AND" | "OR", rules: [{field, operator, value} | group]}';
const page = optional(`{start, limit ≤ ${MAX_BIZ_SET_PAGE}, sort, enable_count}: enable_count true answers the count alone ({count, info: []}), false the page alone ({count: 0, info}), as bk-cmdb`);

export const createBusinessSetCall = defineCall({
  name: 'create_business_set',
  group: GROUP,
  summary: 'Create a business set (administrator); answers its id. bk_biz_set_name is unique (1199014).',
  params: {
    bk_biz_set_attr: Type.Unknown({ description: '{bk_biz_set_name (required), bk_biz_set_desc, bk_biz_maintainer, custom attributes}' }),
    bk_scope: Type.Unknown({ description: SCOPE }),
  },
  async handle(ctx, body) {
    const { result, ignored } = await createBusinessSet(ctx.deps, ctx, body);
    ctx.ignore(ignored);
    return result;
  },
});

export const batchUpdateBusinessSetCall = defineCall({
  name: 'batch_update_business_set',
  group: GROUP,
  summary: `Change up to ${MAX_BIZ_SET_IDS} business sets alike (administrator); the name and the scope one set at a time. Answers {}.`,
  params: {
    bk_biz_set_ids: Type.Unknown({ description: `business set ids, at most ${MAX_BIZ_SET_IDS}` }),
    data: Type.Unknown({ description: `{bk_biz_set_attr: {fields to change}, bk_scope: ${SCOPE}}` }),
  },
  handle: (ctx, body) => batchUpdateBusinessSet(ctx.deps, ctx, body),
});

export const batchDeleteBusinessSetCall = defineCall({
  name: 'batch_delete_business_set',
  group: GROUP,
  summary: `Delete up to ${MAX_BIZ_SET_IDS} business sets, all or none (administrator); their businesses stay. Answers {}.`,
  params: { bk_biz_set_ids: Type.Unknown({ description: `business set ids, at most ${MAX_BIZ_SET_IDS}` }) },
  handle: (ctx, body) => batchDeleteBusinessSet(ctx.deps, ctx, body),
});

export const listBusinessSetCall = defineCall({
  name: 'list_business_set',
  cacheable: true,
  group: GROUP,
  summary: 'Business sets: {count, info}, by id unless page.sort says otherwise.',
  params: {
    bk_biz_set_filter: optional(`${QUERY} on the sets' fields`),
    time_condition: optional('{oper: "and", rules: [{field: "create_time" | "last_time", start, end}]}'),
    fields: optional('fields to return; empty = all'),
    page,
  },
  handle: (ctx, body) => listBusinessSet(ctx.deps, body),
});

export const listBusinessInBusinessSetCall = defineCall({
  name: 'list_business_in_business_set',
  cacheable: true,
  group: GROUP,
  summary: "A business set's businesses (not the resource pool, not archived): {count, info}.",
  params: {
    bk_biz_set_id: intParam('business set id'),
    filter: optional(`${QUERY} on business fields`),
    fields: optional('business fields to return; empty = all'),
    page,
  },
  handle: (ctx, body) => listBusinessInBusinessSet(ctx.deps, body),
});

export const previewBusinessSetCall = defineCall({
  name: 'preview_business_set',
  cacheable: true,
  group: GROUP,
  summary: 'The businesses a scope would take, before a business set is saved with it: {count, info}.',
  params: {
    bk_scope: Type.Unknown({ description: SCOPE }),
    filter: optional(`${QUERY} on business fields`),
    fields: optional('business fields to return; empty = all'),
    page,
  },
  handle: (ctx, body) => previewBusinessSet(ctx.deps, body),
});

export const listBusinessSetTopoCall = defineCall({
  name: 'list_business_set_topo',
  cacheable: true,
  group: GROUP,
  summary:
    'The nodes directly under a node of a business set\'s topology, [{bk_obj_id, bk_inst_id, bk_inst_name, default}] by id: under the set its businesses, under one of them its sets, under such a set its modules.',
  params: {
    bk_biz_set_id: intParam('business set id'),
    bk_parent_obj_id: Type.String({ description: '"bk_biz_set_obj", "biz" or "set"' }),
    bk_parent_id: intParam("the parent's id: the set's own, one of its businesses', or a set of one of them"),
  },
  handle: (ctx, body) => listBusinessSetTopo(ctx.deps, body),
});

export const BIZ_SET_CALLS: EsbCall[] = [
  createBusinessSetCall,
  batchUpdateBusinessSetCall,
  batchDeleteBusinessSetCall,
  listBusinessSetCall,
  listBusinessInBusinessSetCall,
  previewBusinessSetCall,
  listBusinessSetTopoCall,
];
