import type { Deps } from '../context.js';
import { invalidReference } from '../errors.js';
import { existingBiz } from './guards.js';

export interface TopoNode {
  bk_inst_id: number;
  bk_inst_name: string;
  bk_obj_id: 'biz' | 'set' | 'module';
  bk_obj_name: string;
  default: number;
  child: TopoNode[];
}

/** search_biz_inst_topo: business → sets → modules, the idle pool left out (get_biz_internal_module has it). */
export async function searchBizInstTopo(deps: Deps, bizId: number): Promise<TopoNode[]> {
  const biz = await existingBiz(deps, bizId);
  const { sets, modules } = await deps.store.topologyOf(bizId);
  const setNodes = new Map<number, TopoNode>();
  for (const s of sets) {
    if (s.default !== 0) continue;
    setNodes.set(s.id, { bk_inst_id: s.id, bk_inst_name: s.name, bk_obj_id: 'set', bk_obj_name: 'set', default: s.default, child: [] });
  }
  for (const m of modules) {
    setNodes.get(m.setId)?.child.push({
      bk_inst_id: m.id,
      bk_inst_name: m.name,
      bk_obj_id: 'module',
      bk_obj_name: 'module',
      default: m.default,
      child: [],
    });
  }
  return [
    {
      bk_inst_id: bizId,
      bk_inst_name: String(biz.bk_biz_name),
      bk_obj_id: 'biz',
      bk_obj_name: 'business',
      default: biz.default as number,
      child: [...setNodes.values()],
    },
  ];
}

/** get_biz_internal_module: the idle-pool set and its built-in modules. */
export async function getBizInternalModule(deps: Deps, bizId: number) {
  await existingBiz(deps, bizId);
  const { sets, modules } = await deps.store.topologyOf(bizId);
  const idle = sets.find((s) => s.default === 1);
  if (!idle) throw invalidReference('bk_biz_id', `business ${bizId} has no idle pool`);
  return {
    bk_set_id: idle.id,
    bk_set_name: idle.name,
    module: modules
      .filter((m) => m.setId === idle.id)
      .map((m) => ({ bk_module_id: m.id, bk_module_name: m.name, default: m.default, host_apply_enabled: m.hostApplyEnabled })),
  };
}
