import type { HostRelation, ModuleBrief } from '../../store/host-store.js';
import type { WriteSession } from '../../store/write-session.js';
import { hostsOf } from './guards.js';
import { enterModules, leaveModules } from '../service-instances/follow.js';

/** One host's topology before and after a change. */
export interface RelationPlan {
  hostId: number;
  before: HostRelation[];
  after: HostRelation[];
}

export type TransferAction = 'transfer_host_module' | 'assign_host' | 'unassign_host';

export const relationOf = (hostId: number, m: Pick<ModuleBrief, 'bk_module_id' | 'bk_set_id' | 'bk_biz_id'>): HostRelation => ({
  bk_host_id: hostId,
  bk_module_id: m.bk_module_id,
  bk_set_id: m.bk_set_id,
  bk_biz_id: m.bk_biz_id,
});

const key = (r: HostRelation) => `${r.bk_host_id}:${r.bk_module_id}`;

/** A host_relation event for a relation created or removed (resource_watch's host_relation resource). */
export function relationEvent(w: WriteSession, eventType: 'create' | 'delete', r: HostRelation): void {
  w.event({
    resource: 'host_relation',
    eventType,
    resourceId: r.bk_host_id,
    detail: { bk_host_id: r.bk_host_id, bk_biz_id: r.bk_biz_id, bk_set_id: r.bk_set_id, bk_module_id: r.bk_module_id },
  });
}

interface TopoSnapshot {
  bk_biz_id: number;
  bk_biz_name: string;
  set: Array<{ bk_set_id: number; bk_set_name: string; module: Array<{ bk_module_id: number; bk_module_name: string }> }>;
}

/**
 * Writes a transfer: the relations that go are deleted and the new ones inserted (bulk, one statement per
 * module and chunk), a host_relation event for each, and one audit record per host whose topology changed,
 * with its topology before and after (names included). Hosts whose topology does not change are left alone.
 */
export async function applyPlans(w: WriteSession, plans: RelationPlan[], action: TransferAction): Promise<void> {
  const hs = hostsOf(w);
  const removed: HostRelation[] = [];
  const added: HostRelation[] = [];
  const changed: RelationPlan[] = [];
  for (const p of plans) {
    const before = new Set(p.before.map(key));
    const after = new Set(p.after.map(key));
    const gone = p.before.filter((r) => !after.has(key(r)));
    const come = p.after.filter((r) => !before.has(key(r)));
    if (gone.length === 0 && come.length === 0) continue;
    removed.push(...gone);
    added.push(...come);
    changed.push(p);
  }
  if (changed.length === 0) return;
  await leaveModules(w, removed);
  await hs.deleteRelations(removed);
  await hs.insertRelations(added);
  await enterModules(w, added);
  for (const r of removed) relationEvent(w, 'delete', r);
  for (const r of added) relationEvent(w, 'create', r);

  // Names for the audit records: three queries, whatever the number of hosts.
  const rels = changed.flatMap((p) => [...p.before, ...p.after]);
  const modules = new Map((await hs.modulesByIds(rels.map((r) => r.bk_module_id))).map((m) => [m.bk_module_id, m.bk_module_name]));
  const sets = await hs.setNames(rels.map((r) => r.bk_set_id));
  const bizs = await hs.bizsByIds(rels.map((r) => r.bk_biz_id));
  const hosts = new Map((await hs.hostsByIds(changed.map((p) => p.hostId))).map((h) => [h.bk_host_id as number, String(h.bk_host_innerip ?? '')]));
  const snapshot = (list: HostRelation[]): TopoSnapshot | null => {
    if (list.length === 0) return null;
    const bizId = list[0]!.bk_biz_id;
    const bySet = new Map<number, TopoSnapshot['set'][number]>();
    for (const r of list) {
      let s = bySet.get(r.bk_set_id);
      if (!s) {
        s = { bk_set_id: r.bk_set_id, bk_set_name: sets.get(r.bk_set_id) ?? '', module: [] };
        bySet.set(r.bk_set_id, s);
      }
      s.module.push({ bk_module_id: r.bk_module_id, bk_module_name: modules.get(r.bk_module_id) ?? '' });
    }
    return { bk_biz_id: bizId, bk_biz_name: String(bizs.get(bizId)?.bk_biz_name ?? ''), set: [...bySet.values()] };
  };
  for (const p of changed) {
    const ip = hosts.get(p.hostId) ?? '';
    const bizId = (p.after[0] ?? p.before[0])?.bk_biz_id ?? null;
    w.audit({
      auditType: 'host',
      resourceType: 'host',
      action,
      bizId,
      resourceId: p.hostId,
      resourceName: ip,
      detail: { bk_host_id: p.hostId, bk_host_innerip: ip, pre_data: snapshot(p.before), cur_data: snapshot(p.after) },
    });
  }
}
