import type { Kysely } from 'kysely';
import { inChunks } from './chunks.js';
import type { WriteSession } from './write-session.js';

/**
 * Host locks: which of some hosts are locked (Store.hostLocks), and the writes, each of which queues its audit
 * record on the WriteSession so that it commits with the change or not at all. A fixed number of statements
 * per IN-list chunk, never one per host.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** What an audit record names a host by. */
export interface LockedHost {
  bk_host_id: number;
  bk_biz_id: number | null;
  bk_host_innerip: string;
}

export class HostLockReads {
  constructor(protected readonly db: Db) {}

  /** The locked hosts among `hostIds`. */
  async lockedAmong(hostIds: readonly number[]): Promise<Set<number>> {
    const out = new Set<number>();
    for (const chunk of inChunks([...new Set(hostIds)])) {
      const rows = await this.db.selectFrom('host_lock').select('bk_host_id').where('bk_host_id', 'in', chunk).execute();
      for (const r of rows) out.add(Number(r.bk_host_id));
    }
    return out;
  }
}

export class HostLockWrites extends HostLockReads {
  constructor(private readonly w: WriteSession) {
    super(w.trx);
  }

  private audit(action: 'create' | 'delete', host: LockedHost, lock: { bk_user: string; create_time: number }) {
    this.w.audit({
      auditType: 'host',
      resourceType: 'host_lock',
      action,
      bizId: host.bk_biz_id,
      resourceId: host.bk_host_id,
      resourceName: host.bk_host_innerip,
      detail: { details: action === 'create' ? { pre_data: null, cur_data: lock } : { pre_data: lock, cur_data: null } },
    });
  }

  /**
   * Locks the hosts not locked yet; a host already locked keeps its lock (and its first locker). The insert skips
   * a row another writer added since the read, so two lockers never fail on the key. Answers the hosts locked now.
   */
  async lock(hosts: readonly LockedHost[]): Promise<number[]> {
    const already = await this.lockedAmong(hosts.map((h) => h.bk_host_id));
    const fresh = hosts.filter((h) => !already.has(h.bk_host_id));
    const lock = { bk_user: this.w.actor.user, create_time: this.w.now };
    for (const chunk of inChunks(fresh)) {
      await this.db
        .insertInto('host_lock')
        .values(chunk.map((h) => ({ bk_host_id: h.bk_host_id, ...lock })))
        .onConflict((oc) => oc.column('bk_host_id').doNothing())
        .execute();
    }
    for (const h of fresh) this.audit('create', h, lock);
    return fresh.map((h) => h.bk_host_id);
  }

  /** Unlocks the hosts that are locked; answers those it unlocked. */
  async unlock(hosts: readonly LockedHost[]): Promise<number[]> {
    const byId = new Map(hosts.map((h) => [h.bk_host_id, h]));
    const unlocked: number[] = [];
    for (const chunk of inChunks([...byId.keys()])) {
      const rows = await this.db.deleteFrom('host_lock').where('bk_host_id', 'in', chunk).returning(['bk_host_id', 'bk_user', 'create_time']).execute();
      for (const r of rows) {
        const id = Number(r.bk_host_id);
        this.audit('delete', byId.get(id)!, { bk_user: String(r.bk_user), create_time: Number(r.create_time) });
        unlocked.push(id);
      }
    }
    return unlocked;
  }
}
