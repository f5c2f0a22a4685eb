import { actorOf, type CallContext, type Deps } from '../context.js';
import { invalidParameter } from '../errors.js';
import { parseIdArray } from '../id-list.js';
import type { HostRelation } from '../../store/host-store.js';
import type { InstanceRow } from '../../store/store.js';
import type { WriteSession } from '../../store/write-session.js';
import { HostLockWrites, type LockedHost } from '../../store/host-lock-store.js';
import { list } from './errors.js';
import { assertMaintainsHosts, groupByHost, hostsOf } from './guards.js';

/**
 * Host locks (bk-cmdb v3.8.6+): a mark that tools such as job or deployment systems set on hosts they are working
 * on and clear when done. As in bk-cmdb the mark is advisory: it changes no other call's behaviour. Locking and
 * unlocking need the right to edit the hosts (their business's maintainer, or the administrator), and each host
 * locked or unlocked leaves an audit record (resource_type host_lock); delete_host unlocks the hosts it deletes.
 */

/** Ids one lock call takes: bk-cmdb sets no cap; this one keeps a call's statements and audit records bounded. */
export const MAX_LOCK_IDS = 10_000;

const idListOf = (v: unknown) => parseIdArray('id_list', v, { required: true, max: MAX_LOCK_IDS })!;

/** A host as its lock's audit record names it. */
export const lockedHost = (host: InstanceRow, bizId: number | null): LockedHost => ({
  bk_host_id: host.bk_host_id as number,
  bk_biz_id: bizId,
  bk_host_innerip: String(host.bk_host_innerip ?? ''),
});

/** The hosts that exist among `ids` with their business (for the permission check and the audit), in one query each. */
async function hostsToLock(w: WriteSession, ids: number[]): Promise<Array<LockedHost & { rels: HostRelation[] }>> {
  const hosts = await hostsOf(w).hostsByIds(ids);
  const rels = await hostsOf(w).relationsOfHosts(hosts.map((h) => h.bk_host_id as number));
  const byHost = groupByHost(rels);
  return hosts.map((h) => {
    const own = byHost.get(h.bk_host_id as number) ?? [];
    return { ...lockedHost(h, own[0]?.bk_biz_id ?? null), rels: own };
  });
}

/** add_host_lock: every host must exist (1199006 names those that don't, as bk-cmdb); a host locked already stays locked. */
export async function addHostLock(deps: Deps, ctx: CallContext, p: { id_list?: unknown }): Promise<null> {
  const ids = idListOf(p.id_list);
  await deps.store.write(actorOf(ctx), async (w) => {
    const hosts = await hostsToLock(w, ids);
    if (hosts.length !== ids.length) {
      const found = new Set(hosts.map((h) => h.bk_host_id));
      throw invalidParameter('id_list', `names host(s) ${list(ids.filter((id) => !found.has(id)))} that do not exist`);
    }
    await assertMaintainsHosts(w, ctx.principal, hosts.flatMap((h) => h.rels));
    await new HostLockWrites(w).lock(hosts);
  });
  return null;
}

/** delete_host_lock: unlocks the hosts that are locked; an id that is no host, or a host not locked, is no error (as bk-cmdb). */
export async function deleteHostLock(deps: Deps, ctx: CallContext, p: { id_list?: unknown }): Promise<null> {
  const ids = idListOf(p.id_list);
  await deps.store.write(actorOf(ctx), async (w) => {
    const hosts = await hostsToLock(w, ids);
    await assertMaintainsHosts(w, ctx.principal, hosts.flatMap((h) => h.rels));
    await new HostLockWrites(w).unlock(hosts);
  });
  return null;
}

/** search_host_lock: {"<host id>": true | false} for every id asked about (false for an id that is no host). */
export async function searchHostLock(deps: Deps, p: { id_list?: unknown }): Promise<Record<string, boolean>> {
  const ids = idListOf(p.id_list);
  const locked = await deps.store.hostLocks.lockedAmong(ids);
  return Object.fromEntries(ids.map((id) => [String(id), locked.has(id)]));
}
