import type { Deps } from '../context.js';
import { DomainError } from '../errors.js';
import { groupBy } from '../group-by.js';
import type { ObjId } from '../model/attribute.js';
import { catalog, parseFields } from '../hosts/params.js';
import { existingBiz } from './guards.js';
import { presentInstance } from './present.js';
import { EVERY_ROW } from '../../store/search.js';

/** Hosts read per store call: the answer is built a chunk at a time, so only projected hosts are held. */
const HOST_CHUNK = 5000;

/**
 * What one answer carries at most: host placements (a host once per module it is in) and characters of JSON.
 * The tree is built and serialised in memory, so a business past either is refused rather than risk the heap
 * (or V8's longest string, about 512 MiB); list_biz_hosts_topo reads it a page at a time.
 */
export const TREE_LIMITS = { maxPlacements: 200_000, maxChars: 64 * 2 ** 20 };

type Projected = Record<string, unknown>;

/**
 * find_biz_tree_brief_info (GSEKit's call): a business's whole tree, every set (the idle pool too) with its
 * modules and each module's hosts, each node projected to the fields asked for (its id always kept):
 * [{set, modules: [{module, hosts: [...]}]}], by id at every level. A host in two modules is under both.
 * Queries: the three models' attributes, the business, its sets, its modules, its relations, and one per
 * 5,000 hosts, whatever the size of the tree. A tree past `limits` is refused (1199035) before it is answered.
 */
export async function findBizTreeBriefInfo(
  deps: Deps,
  p: { bk_biz_id?: number; set_fields?: unknown; module_fields?: unknown; host_fields?: unknown },
  limits = TREE_LIMITS,
) {
  const bizId = p.bk_biz_id!;
  const [setAttrs, moduleAttrs, hostAttrs] = [await deps.store.attributes('set'), await deps.store.attributes('module'), await deps.store.attributes('host')];
  const setFields = parseFields(catalog('set', setAttrs), p.set_fields, 'set_fields', { required: true });
  const moduleFields = parseFields(catalog('module', moduleAttrs), p.module_fields, 'module_fields', { required: true });
  const hostFields = parseFields(catalog('host', hostAttrs), p.host_fields, 'host_fields', { required: true });
  await existingBiz(deps, bizId);

  const rowsOfBiz = async (objId: ObjId) => (await deps.store.search(objId, { filters: [{ field: 'bk_biz_id', op: 'eq', value: bizId }], start: 0, limit: EVERY_ROW, sort: [] })).rows;
  const sets = await rowsOfBiz('set');
  const modules = await rowsOfBiz('module');
  const relations = await deps.store.hosts.relationsOfBiz(bizId, limits.maxPlacements + 1);
  if (relations.length > limits.maxPlacements) {
    throw tooBig('bk_biz_id', limits.maxPlacements, `business ${bizId} holds more hosts in modules than one answer carries`);
  }

  // The answer's size, counted as it is projected: a host's JSON once per module it is under. The level whose
  // node passes the limit is the one named (hosts are counted first).
  let chars = 0;
  const counted = (fieldsParam: string, node: Projected, times = 1) => {
    chars += (JSON.stringify(node).length + 1) * times;
    if (chars > limits.maxChars) {
      throw tooBig(fieldsParam, limits.maxChars, `business ${bizId}'s tree with these fields is over ${limits.maxChars} characters of JSON; ask for fewer fields`);
    }
    return node;
  };
  const placements = new Map<number, number>();
  for (const r of relations) placements.set(r.bk_host_id, (placements.get(r.bk_host_id) ?? 0) + 1);
  const hostIds = [...placements.keys()];
  const hosts = new Map<number, Projected>();
  for (let i = 0; i < hostIds.length; i += HOST_CHUNK) {
    for (const h of await deps.store.hosts.hostsByIds(hostIds.slice(i, i + HOST_CHUNK))) {
      const id = h.bk_host_id as number;
      hosts.set(id, counted('host_fields', presentInstance('host', h, hostAttrs, deps.timeZone, hostFields), placements.get(id)));
    }
  }

  // a host deleted between the relations' read and its own is left out
  const hostsOf = groupBy(relations, (r) => r.bk_module_id, (r) => hosts.get(r.bk_host_id));
  const modulesOf = groupBy(modules, (m) => m.bk_set_id as number, (m) => ({
    module: counted('module_fields', presentInstance('module', m, moduleAttrs, deps.timeZone, moduleFields)),
    hosts: hostsOf.get(m.bk_module_id as number) ?? [],
  }));
  return sets.map((s) => ({
    set: counted('set_fields', presentInstance('set', s, setAttrs, deps.timeZone, setFields)),
    modules: modulesOf.get(s.bk_set_id as number) ?? [],
  }));
}

/** A tree past one of its limits (1199035): `field` names what to change, `what` says what is too big. */
const tooBig = (field: string, limit: number, what: string) =>
  new DomainError('invalid_parameter', `'${field}' exceed the limit ${limit}: ${what}; read it a page at a time with list_biz_hosts_topo`, {
    operation: 'too_many',
    field,
  });
