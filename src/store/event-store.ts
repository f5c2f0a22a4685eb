import { sql, type Kysely } from 'kysely';

export interface EventRow {
  id: number;
  resource: string;
  eventType: string;
  resourceId: string;
  detail: unknown;
  createdAt: number;
}

/** Reads of the event log and its retention. Events are written by WriteSession.flush, with their change. */
export class EventStore {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(private readonly db: Kysely<any>) {}

  /** `enterpriseId`: the reader's; events that belong to another enterprise (its data centers') are left out. */
  async after(afterId: number, resource: string, types: string[] | undefined, limit: number, enterpriseId?: string): Promise<EventRow[]> {
    let q = this.db.selectFrom('event').selectAll().where('bk_resource', '=', resource).where('id', '>', afterId);
    if (enterpriseId !== undefined) q = q.where((eb) => eb.or([eb('enterprise_id', 'is', null), eb('enterprise_id', '=', enterpriseId)]));
    if (types && types.length) q = q.where('bk_event_type', 'in', types);
    const rows = await q.orderBy('id').limit(limit).execute();
    return rows.map((r) => ({
      id: Number(r.id),
      resource: r.bk_resource,
      eventType: r.bk_event_type,
      resourceId: r.resource_id,
      detail: JSON.parse(r.bk_detail),
      createdAt: Number(r.created_at),
    }));
  }

  /** The newest event id of any resource (0 when there is none). */
  async latestId(): Promise<number> {
    const r = await this.db.selectFrom('event').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    return Math.max(Number(r?.id ?? 0), await this.purgedThrough());
  }

  /** The last event id written before the given time. */
  async lastIdBefore(ms: number): Promise<number> {
    const r = await this.db
      .selectFrom('event')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('created_at', '<', ms)
      .executeTakeFirst();
    return Math.max(Number(r?.id ?? 0), await this.purgedThrough());
  }

  async purgedThrough(): Promise<number> {
    const r = await this.db.selectFrom('event_watermark').select('purged_through').where('id', '=', 1).executeTakeFirst();
    return Number(r?.purged_through ?? 0);
  }

  /** Deletes events older than the cut-off and raises the watermark; answers how many went. */
  async purgeBefore(cutoffMs: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx.selectFrom('event').select((eb) => eb.fn.max('id').as('id')).where('created_at', '<', cutoffMs).executeTakeFirst();
      const through = Number(r?.id ?? 0);
      if (!through) return 0;
      const del = await trx.deleteFrom('event').where('id', '<=', through).executeTakeFirst();
      await trx
        .updateTable('event_watermark')
        .set({ purged_through: sql`case when purged_through > ${through} then purged_through else ${through} end` })
        .where('id', '=', 1)
        .execute();
      return Number(del.numDeletedRows);
    });
  }
}
