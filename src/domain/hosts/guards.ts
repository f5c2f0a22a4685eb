import type { Principal } from '../context.js';
import { DomainError, invalidReference } from '../errors.js';
import { assertCanEditTopology } from '../permissions.js';
import type { HostRelation, ModuleBrief } from '../../store/host-store.js';
import type { InstanceRow } from '../../store/store.js';
import type { WriteSession } from '../../store/write-session.js';
import { archivedBusiness, moduleNotFound, notInBusiness } from './errors.js';

/** The host queries of a write, on its transaction. */
export const hostsOf = (w: WriteSession) => w.hosts;

/** The business hosts go into or move within: it exists, the caller maintains it, it is not archived (1110031). */
export async function bizForHostWrite(w: WriteSession, principal: Principal, bizId: number, field = 'bk_biz_id'): Promise<InstanceRow> {
  // Held to commit: a concurrent archive waits, then counts the hosts this write adds.
  const biz = await w.getInstance('biz', bizId, 'share');
  if (!biz) throw invalidReference(field, `business ${bizId} does not exist`);
  assertCanEditTopology(principal, biz, 'edit_biz_topology');
  if (biz.bk_data_status === 'disabled') throw archivedBusiness(bizId);
  return biz;
}

/** The resource-pool business (default = 1), which migration 0002 creates. */
export async function poolBiz(w: WriteSession): Promise<InstanceRow> {
  const id = await hostsOf(w).poolBizId();
  const biz = id === undefined ? undefined : await w.getInstance('biz', id);
  if (!biz) throw new DomainError('not_found', 'No relevant data found: the resource-pool business is missing');
  return biz;
}

/** A built-in module of a business's idle pool: 1 idle, 2 fault, 3 recycle. */
export async function builtinModule(w: WriteSession, bizId: number, kind: 1 | 2 | 3): Promise<ModuleBrief> {
  const mod = (await hostsOf(w).builtinModulesOf(bizId)).find((m) => m.default === kind);
  if (!mod) throw moduleNotFound([], bizId);
  return mod;
}

/** Each host's relations, and a refusal (1113002) naming the hosts that are not (only) in `bizId`. */
export async function relationsInBiz(w: WriteSession, hostIds: number[], bizId: number, field = 'bk_host_id'): Promise<Map<number, HostRelation[]>> {
  const byHost = groupByHost(await hostsOf(w).relationsOfHosts(hostIds));
  const strangers = hostIds.filter((id) => {
    const rels = byHost.get(id);
    return !rels || rels.some((r) => r.bk_biz_id !== bizId);
  });
  if (strangers.length) throw notInBusiness(strangers, bizId, field);
  return byHost;
}

export function groupByHost(rels: HostRelation[]): Map<number, HostRelation[]> {
  const out = new Map<number, HostRelation[]>();
  for (const r of rels) {
    const list = out.get(r.bk_host_id);
    if (list) list.push(r);
    else out.set(r.bk_host_id, [r]);
  }
  return out;
}

/** The maintainers of every business these hosts are in may change them; anyone else is refused (9900403). */
export async function assertMaintainsHosts(w: WriteSession, principal: Principal, rels: HostRelation[]): Promise<void> {
  if (principal.isAdmin) return;
  const bizs = await hostsOf(w).bizsByIds([...new Set(rels.map((r) => r.bk_biz_id))]);
  for (const biz of bizs.values()) assertCanEditTopology(principal, biz, 'edit_biz_topology');
}
