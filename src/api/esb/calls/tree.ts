import { Type } from '@sinclair/typebox';
import { getBizInternalModule, searchBizInstTopo } from '../../../domain/topology/tree.js';
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
