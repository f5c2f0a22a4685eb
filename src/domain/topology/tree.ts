import type { Deps } from '../context.js';
import { MAX_ID, invalidParameter, invalidReference, required } from '../errors.js';
import { isId, parseIdArray, tooMany } from '../id-list.js';
import { parsePage } from '../hosts/params.js';
import { isPlainObject, shown } from '../json-shape.js';
import { searchInstances } from './instances.js';
import { existingBiz } from './guards.js';
import { objectName } from '../model/objects.js';

/** The mainline model, top to bottom, with the names Topograph gives its objects. */
export const MAINLINE = (['biz', 'set', 'module', 'host'] as const).map((id) => ({ id, name: objectName(id) }));
const nameOf = (objId: string) => MAINLINE.find((o) => o.id === objId)!.name;

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
    setNodes.set(s.id, { bk_inst_id: s.id, bk_inst_name: s.name, bk_obj_id: 'set', bk_obj_name: nameOf('set'), default: s.default, child: [] });
  }
  for (const m of modules) {
    setNodes.get(m.setId)?.child.push({
      bk_inst_id: m.id,
      bk_inst_name: m.name,
      bk_obj_id: 'module',
      bk_obj_name: nameOf('module'),
      default: m.default,
      child: [],
    });
  }
  return [
    {
      bk_inst_id: bizId,
      bk_inst_name: String(biz.bk_biz_name),
      bk_obj_id: 'biz',
      bk_obj_name: nameOf('biz'),
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

/** A node of get_biz_brief_cache_topo's tree, in bk-cmdb's short keys. */
interface BriefNode {
  obj: 'set' | 'module';
  id: number;
  nm: string;
  dft: number;
  nds: BriefNode[] | null;
}

/**
 * get_biz_brief_cache_topo: the business's whole tree in bk-cmdb's brief form, {biz: {id, nm, dft,
 * bk_supplier_account}, idle: [the idle-pool set], nds: [the other sets, each with its modules]}. bk-cmdb answers
 * it from a cache refreshed by events; Topograph reads the tree (two queries), so it is never stale.
 */
export async function getBizBriefCacheTopo(deps: Deps, bizId: number) {
  const biz = await existingBiz(deps, bizId);
  const { sets, modules } = await deps.store.topologyOf(bizId);
  const modulesOf = new Map<number, BriefNode[]>();
  for (const m of modules) {
    const node: BriefNode = { obj: 'module', id: m.id, nm: m.name, dft: m.default, nds: null };
    const list = modulesOf.get(m.setId);
    if (list) list.push(node);
    else modulesOf.set(m.setId, [node]);
  }
  const setNode = (s: (typeof sets)[number]): BriefNode => ({ obj: 'set', id: s.id, nm: s.name, dft: s.default, nds: modulesOf.get(s.id) ?? [] });
  return {
    biz: { id: bizId, nm: String(biz.bk_biz_name), dft: biz.default as number, bk_supplier_account: '0' },
    idle: sets.filter((s) => s.default !== 0).map(setNode),
    nds: sets.filter((s) => s.default === 0).map(setNode),
  };
}

/** get_mainline_object_topo: the mainline model, business → set → module → host, each with its neighbours. */
export function getMainlineObjectTopo() {
  return MAINLINE.map((o, i) => ({
    bk_obj_id: o.id,
    bk_obj_name: o.name,
    bk_supplier_account: '0',
    bk_next_obj: MAINLINE[i + 1]?.id ?? '',
    bk_next_name: MAINLINE[i + 1]?.name ?? '',
    bk_pre_obj_id: MAINLINE[i - 1]?.id ?? '',
    bk_pre_obj_name: MAINLINE[i - 1]?.name ?? '',
  }));
}

/** bk-cmdb's cap on find_topo_node_paths' nodes. */
export const MAX_PATH_NODES = 1000;

type PathStep = { bk_obj_id: 'biz' | 'set' | 'module'; bk_inst_id: number; bk_inst_name: string };

/**
 * find_topo_node_paths: for each node (biz, set or module) of the business, its name and its path from the
 * business down to its parent (a business's own path is empty). Nodes the business does not hold are left out.
 * One read of the business's tree, whatever the number of nodes.
 */
export async function findTopoNodePaths(deps: Deps, p: { bk_biz_id?: number; bk_nodes?: unknown }) {
  const bizId = p.bk_biz_id!;
  const nodes = p.bk_nodes;
  if (nodes === undefined || nodes === null || (Array.isArray(nodes) && nodes.length === 0)) throw required('bk_nodes');
  if (!Array.isArray(nodes)) throw invalidParameter('bk_nodes', 'must be an array of {bk_obj_id, bk_inst_id}');
  if (nodes.length > MAX_PATH_NODES) throw tooMany('bk_nodes', nodes.length, MAX_PATH_NODES);
  const wanted = nodes.map((n: unknown, i) => {
    const at = `bk_nodes[${i}]`;
    if (typeof n !== 'object' || n === null || Array.isArray(n)) throw invalidParameter(at, 'must be an object {bk_obj_id, bk_inst_id}');
    const { bk_obj_id: objId, bk_inst_id: instId } = n as Record<string, unknown>;
    if (objId !== 'biz' && objId !== 'set' && objId !== 'module') throw invalidParameter(`${at}.bk_obj_id`, 'must be "biz", "set" or "module"');
    if (!isId(instId)) throw invalidParameter(`${at}.bk_inst_id`, `must be an id: a positive integer up to ${MAX_ID}`);
    return { objId, instId } as { objId: PathStep['bk_obj_id']; instId: number };
  });
  const biz = await existingBiz(deps, bizId);
  const { sets, modules } = await deps.store.topologyOf(bizId);
  const bizStep: PathStep = { bk_obj_id: 'biz', bk_inst_id: bizId, bk_inst_name: String(biz.bk_biz_name) };
  const setSteps = new Map(sets.map((s) => [s.id, { bk_obj_id: 'set', bk_inst_id: s.id, bk_inst_name: s.name } as PathStep]));
  const moduleSets = new Map(modules.map((m) => [m.id, { name: m.name, setId: m.setId }]));
  return wanted.flatMap(({ objId, instId }) => {
    if (objId === 'biz') return instId === bizId ? [{ ...bizStep, bk_paths: [[]] }] : [];
    if (objId === 'set') {
      const set = setSteps.get(instId);
      return set ? [{ ...set, bk_paths: [[bizStep]] }] : [];
    }
    const m = moduleSets.get(instId);
    const set = m && setSteps.get(m.setId);
    return m && set ? [{ bk_obj_id: 'module', bk_inst_id: instId, bk_inst_name: m.name, bk_paths: [[bizStep, set]] }] : [];
  });
}

/** bk-cmdb's caps for find_brief_biz_topo_node_relation. */
const MAX_BRIEF_SOURCES = 200;
const MAX_BRIEF_PAGE = 500;
const LEVELS = ['biz', 'set', 'module'] as const;
type Level = (typeof LEVELS)[number];
const ID_FIELD: Record<Level, string> = { biz: 'bk_biz_id', set: 'bk_set_id', module: 'bk_module_id' };

function levelOf(field: string, v: unknown): Level {
  if (v === undefined || v === null || v === '') throw required(field);
  if (!LEVELS.includes(v as Level)) throw invalidParameter(field, `must be "biz", "set" or "module" (got ${shown(v)})`);
  return v as Level;
}

/**
 * find_brief_biz_topo_node_relation: for up to 200 nodes of one level, the nodes of another level they are
 * directly related to: [{bk_biz_id, src_id, dest_id}] by dest_id, page.limit ≤ 500 (0 or absent = 500). As in
 * bk-cmdb, a business reaches every level below it and every level reaches its business; other levels reach the
 * one next to them, which with Topograph's three levels (no custom ones) is every pair but a level and itself.
 * Downwards, an empty page says the list is done; upwards, one page of at least as many rows as src_ids holds
 * every answer. One query on the lower level's table.
 */
export async function findBriefBizTopoNodeRelation(deps: Deps, p: { src_biz_obj?: unknown; src_ids?: unknown; dest_biz_obj?: unknown; page?: unknown }) {
  const src = levelOf('src_biz_obj', p.src_biz_obj);
  const dest = levelOf('dest_biz_obj', p.dest_biz_obj);
  if (src === dest) throw invalidParameter('dest_biz_obj', `must differ from src_biz_obj (both are "${src}")`);
  if (isPlainObject(p.page) && p.page.sort !== undefined && p.page.sort !== null && p.page.sort !== '') {
    throw invalidParameter('page.sort', 'must not be set: the answer is ordered by dest_id, as bk-cmdb orders it');
  }
  const srcIds = parseIdArray('src_ids', p.src_ids, { required: true, max: MAX_BRIEF_SOURCES })!;
  const { start, limit } = parsePage(undefined, p.page, MAX_BRIEF_PAGE);
  // The rows live in the lower of the two levels' tables, which names both ids.
  const table: 'set' | 'module' = src === 'module' || dest === 'module' ? 'module' : 'set';
  const { info } = await searchInstances(
    deps,
    table,
    { fields: [ID_FIELD[src], ID_FIELD[dest], 'bk_biz_id'], page: { start, limit, sort: ID_FIELD[dest] } },
    { defaultLimit: MAX_BRIEF_PAGE, maxLimit: MAX_BRIEF_PAGE },
    [{ field: ID_FIELD[src], op: 'in', value: srcIds }],
  );
  return info.map((r) => ({ bk_biz_id: r.bk_biz_id, src_id: r[ID_FIELD[src]], dest_id: r[ID_FIELD[dest]] }));
}
