import { Type } from '@sinclair/typebox';
import { findBriefBizTopoNodeRelation, findTopoNodePaths, getBizBriefCacheTopo, getBizInternalModule, getMainlineObjectTopo, searchBizInstTopo } from '../../../domain/topology/tree.js';
import { findBizTreeBriefInfo } from '../../../domain/topology/brief-tree.js';
import { defineCall, intParam } from '../call.js';

export const searchBizInstTopoCall = defineCall({
  name: 'search_biz_inst_topo',
  cacheable: true,
  group: 'topology',
  summary: 'The business tree: biz → sets → modules (bk_obj_id, bk_inst_id, bk_inst_name, child); the idle pool is left out.',
  params: { bk_biz_id: intParam('business ID'), level: Type.Optional(Type.Integer({ description: 'accepted and ignored, as bk-cmdb does' })) },
  handle: (ctx, body) => searchBizInstTopo(ctx.deps, body.bk_biz_id),
});

export const getBizInternalModuleCall = defineCall({
  name: 'get_biz_internal_module',
  cacheable: true,
  group: 'topology',
  summary: "The business's idle-pool set and its idle, fault and recycle modules.",
  params: { bk_biz_id: intParam('business ID') },
  handle: (ctx, body) => getBizInternalModule(ctx.deps, body.bk_biz_id),
});

export const getMainlineObjectTopoCall = defineCall({
  name: 'get_mainline_object_topo',
  cacheable: true,
  group: 'topology',
  summary: 'The mainline model: [{bk_obj_id, bk_obj_name, bk_next_obj, bk_next_name, bk_pre_obj_id, bk_pre_obj_name}], business → set → module → host.',
  params: {},
  handle: async () => getMainlineObjectTopo(),
});

export const findTopoNodePathsCall = defineCall({
  name: 'find_topo_node_paths',
  cacheable: true,
  group: 'topology',
  summary:
    "Each node's name and path from the business down to its parent: [{bk_obj_id, bk_inst_id, bk_inst_name, bk_paths: [[{bk_obj_id, bk_inst_id, bk_inst_name}]]}]; nodes the business does not hold are left out.",
  params: {
    bk_biz_id: intParam('business ID'),
    bk_nodes: Type.Unknown({ description: '[{bk_obj_id: "biz" | "set" | "module", bk_inst_id}], at most 1000' }),
  },
  handle: (ctx, body) => findTopoNodePaths(ctx.deps, body),
});

export const findBriefBizTopoNodeRelationCall = defineCall({
  name: 'find_brief_biz_topo_node_relation',
  cacheable: true,
  group: 'topology',
  summary:
    'For up to 200 nodes of one level, the nodes they are directly related to one level up or down, or their business: [{bk_biz_id, src_id, dest_id}] by dest_id; page.limit ≤ 500.',
  params: {
    src_biz_obj: Type.String({ description: '"biz", "set" or "module"' }),
    src_ids: Type.Unknown({ description: 'ids of src_biz_obj nodes, 1 to 200' }),
    dest_biz_obj: Type.String({ description: 'the level directly above or below src_biz_obj, or "biz"' }),
    page: Type.Optional(Type.Unknown({ description: '{start, limit ≤ 500 (0 or absent = 500)}; the order is dest_id' })),
  },
  handle: (ctx, body) => findBriefBizTopoNodeRelation(ctx.deps, body),
});

export const getBizBriefCacheTopoCall = defineCall({
  name: 'get_biz_brief_cache_topo',
  cacheable: true,
  group: 'topology',
  summary:
    "The business's whole tree in brief: {biz: {id, nm, dft, bk_supplier_account}, idle: [the idle-pool set], nds: [the other sets]}, each node {obj, id, nm, dft, nds} (a module's nds is null). Never stale: read from the store, not a cache.",
  params: { bk_biz_id: intParam('business ID') },
  handle: (ctx, body) => getBizBriefCacheTopo(ctx.deps, body.bk_biz_id),
});

export const findBizTreeBriefInfoCall = defineCall({
  name: 'find_biz_tree_brief_info',
  cacheable: true,
  group: 'topology',
  summary:
    "A business's whole tree with the fields asked for: [{set, modules: [{module, hosts: [...]}]}], every set (the idle pool too), by id at every level; a host in two modules is under both.",
  params: {
    bk_biz_id: intParam('business ID'),
    set_fields: Type.Unknown({ description: 'set fields to return, at least one (bk_set_id always)' }),
    module_fields: Type.Unknown({ description: 'module fields to return, at least one (bk_module_id always)' }),
    host_fields: Type.Unknown({ description: 'host fields to return, at least one (bk_host_id always)' }),
  },
  handle: (ctx, body) => findBizTreeBriefInfo(ctx.deps, body),
});
