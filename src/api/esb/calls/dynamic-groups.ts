import { Type } from '@sinclair/typebox';
import {
  MAX_GROUP_PAGE,
  createDynamicGroup,
  deleteDynamicGroup,
  executeDynamicGroup,
  getDynamicGroup,
  searchDynamicGroups,
  updateDynamicGroup,
} from '../../../domain/dynamic-groups/dynamic-group.js';
import { defineCall, intParam, type EsbCall } from '../call.js';

/** Dynamic groups: thin adapters over src/domain/dynamic-groups. */

const RULE_HELP =
  '{condition: [{bk_obj_id, condition: [{field, operator, value}]}], variable_condition: [...]}: a host group takes conditions on set, module and host, a set group on set; operators $eq $ne $in $nin $lt $lte $gt $gte $regex';
const groupId = (description: string) => Type.String({ description });
const optional = (description: string) => Type.Optional(Type.Unknown({ description }));
const page = (sort: string) => optional(`{start, limit ≤ ${MAX_GROUP_PAGE} (0 or absent = ${MAX_GROUP_PAGE}), sort}; sort ${sort}, "-" before it for descending`);
const GROUP = 'dynamic group';

export const createDynamicGroupCall = defineCall({
  name: 'create_dynamic_group',
  group: GROUP,
  summary: "Save a query of a business's hosts or sets under a name unique in the business (1199014): {id}. The business's maintainer or the administrator.",
  params: {
    bk_biz_id: intParam('business ID'),
    bk_obj_id: Type.String({ description: 'what the group finds: "host" or "set"' }),
    name: Type.String({ description: 'the name, 1 to 256 characters, unique in the business' }),
    info: Type.Unknown({ description: `the rule: ${RULE_HELP}` }),
  },
  handle: (ctx, body) => createDynamicGroup(ctx.deps, ctx, body),
});

export const updateDynamicGroupCall = defineCall({
  name: 'update_dynamic_group',
  group: GROUP,
  summary: 'Rename a dynamic group, or give it a new rule (bk_obj_id and info together), or both.',
  params: {
    bk_biz_id: intParam('business ID'),
    id: groupId('the group'),
    name: Type.Optional(Type.String({ description: 'a new name, unique in the business' })),
    bk_obj_id: Type.Optional(Type.String({ description: 'with info: "host" or "set"' })),
    info: optional(`with bk_obj_id: the new rule, ${RULE_HELP}`),
  },
  handle: (ctx, body) => updateDynamicGroup(ctx.deps, ctx, body),
});

export const deleteDynamicGroupCall = defineCall({
  name: 'delete_dynamic_group',
  group: GROUP,
  summary: 'Delete a dynamic group.',
  params: { bk_biz_id: intParam('business ID'), id: groupId('the group') },
  handle: (ctx, body) => deleteDynamicGroup(ctx.deps, ctx, body),
});

export const getDynamicGroupCall = defineCall({
  name: 'get_dynamic_group',
  cacheable: true,
  group: GROUP,
  summary: 'A dynamic group: {bk_biz_id, id, name, bk_obj_id, info, create_user, create_time, modify_user, last_time}.',
  params: { bk_biz_id: intParam('business ID'), id: groupId('the group') },
  handle: (ctx, body) => getDynamicGroup(ctx.deps, body),
});

export const searchDynamicGroupCall = defineCall({
  name: 'search_dynamic_group',
  cacheable: true,
  group: GROUP,
  summary: "A business's dynamic groups, by name, create_user or modify_user: {count, info}; by creation time unless page.sort says otherwise.",
  params: {
    bk_biz_id: intParam('business ID'),
    condition: optional('{name, create_user, modify_user}: each the whole value'),
    disable_counter: Type.Optional(Type.Boolean({ description: 'accepted; the count is always answered' })),
    page: page('id, name, bk_obj_id, create_user, modify_user, create_time or last_time (default create_time)'),
  },
  handle: (ctx, body) => searchDynamicGroups(ctx.deps, body),
});

export const executeDynamicGroupCall = defineCall({
  name: 'execute_dynamic_group',
  cacheable: true,
  group: GROUP,
  summary: "Run a dynamic group: the business's hosts (or sets) its rule finds, {count, info} with the fields asked for.",
  params: {
    bk_biz_id: intParam('business ID'),
    id: groupId('the group'),
    fields: Type.Unknown({ description: 'the host (or set) fields to answer, at least one; the id is always kept; one the target lacks is left out (X-Topograph-Ignored-Fields)' }),
    disable_counter: Type.Optional(Type.Boolean({ description: 'accepted; the count is always answered' })),
    page: page('a host (or set) field'),
  },
  async handle(ctx, body) {
    const { ignored, ...answer } = await executeDynamicGroup(ctx.deps, body);
    ctx.ignore(ignored);
    return answer;
  },
});

export const DYNAMIC_GROUP_CALLS: EsbCall[] = [
  createDynamicGroupCall,
  updateDynamicGroupCall,
  deleteDynamicGroupCall,
  getDynamicGroupCall,
  searchDynamicGroupCall,
  executeDynamicGroupCall,
];
