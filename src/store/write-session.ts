import { sql, type Kysely } from 'kysely';
import { bumpModelVersion, type AttributeCache } from './attribute-cache.js';
import { inChunks } from './chunks.js';
import { HostStore } from './host-store.js';
import { ADDRESS_TABLES, addressRows } from './host-addresses.js';
import { insertRows } from './insert-rows.js';
import type { DialectName } from './database.js';
import { goneMeanwhile } from './gone-meanwhile.js';
import type { Attribute, ObjId } from '../domain/model/attribute.js';
import type { BuiltinAttribute } from '../domain/model/builtin-attributes.js';
import { RECORD_NAMES } from '../domain/model/objects.js';
import { attributeFromRow, attributeToRow } from './attribute-rows.js';
import { INSTANCE_TABLES, customMerged, fromRow, splitCustom, toColumns, type InstanceRow } from './instance-tables.js';

/** Who is writing; every audit record carries it. */
export interface Actor {
  user: string;
  appCode: string;
  requestId: string;
}

export interface AuditEntry {
  auditType: string;
  resourceType: string;
  action: string;
  bizId: number | null;
  resourceId: string | number;
  resourceName: string;
  detail: unknown;
  /** the enterprise whose users alone may read the record (data centers'); unset: every user */
  enterpriseId?: string;
}

export interface EventEntry {
  resource: string;
  eventType: 'create' | 'update' | 'delete';
  resourceId: string | number;
  detail: unknown;
  /** the enterprise whose users alone may watch the event (data centers'); unset: every user */
  enterpriseId?: string;
}

/** A detail already serialised. */
class JsonText {
  constructor(readonly text: string) {}
}

const toJson = (v: unknown): string => (v instanceof JsonText ? v.text : JSON.stringify(v));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** Rows a bulk insert builds, writes and records at a time (see insertInstances). */
const INSERT_CHUNK_ROWS = 2000;

/**
 * One write transaction. Every instance change made through it queues its audit record and its event,
 * and both are inserted before the transaction commits, so the three stand or fall together.
 */
export class WriteSession {
  private audits: AuditEntry[] = [];
  private hostStore: HostStore | undefined;
  private events: EventEntry[] = [];
  /** this transaction changed an attribute definition (not yet committed) */
  private changedModel = false;

  constructor(
    readonly trx: Db,
    readonly actor: Actor,
    readonly now: number,
    readonly dialect: DialectName,
    private readonly attributeCache: AttributeCache,
  ) {}

  /**
   * Host reads and writes inside this transaction. On PostgreSQL its reads of hosts and their relations lock
   * the host rows first (see HostStore), so two writes that decide on the same hosts take turns.
   */
  get hosts(): HostStore {
    this.hostStore ??= new HostStore(this.trx, this.dialect, { lockHosts: this.dialect === 'postgres' });
    return this.hostStore;
  }

  attributes(objId: ObjId): Promise<Attribute[]> {
    return this.attributeCache.get(this.trx, objId, !this.changedModel);
  }

  /**
   * `lock`, on PostgreSQL, holds the row to commit: 'share' while this write relies on it staying as read
   * (a business hosts go into), 'update' when this write may change it or rules on what hangs below it (a
   * business archived only while it holds no host). SQLite runs one write at a time and needs neither.
   */
  async getInstance(objId: ObjId, id: number, lock?: 'share' | 'update'): Promise<InstanceRow | undefined> {
    const t = INSTANCE_TABLES[objId];
    let q = this.trx.selectFrom(t.table).selectAll().where(t.idColumn, '=', id);
    if (lock && this.dialect === 'postgres') q = lock === 'share' ? q.forShare() : q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? fromRow(objId, row) : undefined;
  }

  async findInstances(objId: ObjId, where: Record<string, unknown>): Promise<InstanceRow[]> {
    const t = INSTANCE_TABLES[objId];
    let q = this.trx.selectFrom(t.table).selectAll();
    for (const [k, v] of Object.entries(where)) q = q.where(k, '=', v);
    const rows = await q.orderBy(t.idColumn).execute();
    return rows.map((r) => fromRow(objId, r));
  }

  /**
   * The rows whose `column` (by default the id) is one of `values`, in id order: one statement per chunk of
   * values. `lock: 'update'` holds them to commit on PostgreSQL, as getInstance (taken in id order, so two
   * writes locking overlapping rows can't deadlock).
   */
  async findInstancesIn(objId: ObjId, values: readonly (number | string)[], column = INSTANCE_TABLES[objId].idColumn, lock?: 'update'): Promise<InstanceRow[]> {
    const t = INSTANCE_TABLES[objId];
    const out: InstanceRow[] = [];
    for (const chunk of inChunks([...new Set(values)])) {
      let q = this.trx.selectFrom(t.table).selectAll().where(column, 'in', chunk);
      if (lock && this.dialect === 'postgres') q = q.orderBy(t.idColumn).forUpdate();
      const rows = await q.execute();
      for (const r of rows) out.push(fromRow(objId, r));
    }
    return out.sort((a, b) => (a[t.idColumn] as number) - (b[t.idColumn] as number));
  }

  /** How many hosts sit in the given business, sets or modules (any one filter narrows it). */
  async countHosts(where: { bizId?: number; setIds?: number[]; moduleIds?: number[] }): Promise<number> {
    let q = this.trx.selectFrom('host_module').select((eb) => eb.fn.count('bk_host_id').distinct().as('n'));
    if (where.bizId !== undefined) q = q.where('bk_biz_id', '=', where.bizId);
    if (where.setIds) q = q.where('bk_set_id', 'in', where.setIds.length ? where.setIds : [-1]);
    if (where.moduleIds) q = q.where('bk_module_id', 'in', where.moduleIds.length ? where.moduleIds : [-1]);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countHostsInCloud(cloudId: number): Promise<number> {
    const row = await this.trx
      .selectFrom('host')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('bk_cloud_id', '=', cloudId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async serviceCategoryUsableIn(categoryId: number, bizId: number): Promise<boolean> {
    const row = await this.trx
      .selectFrom('service_category')
      .select('id')
      .where('id', '=', categoryId)
      .where('bk_biz_id', 'in', [0, bizId])
      .executeTakeFirst();
    return row !== undefined;
  }

  /** A new row's columns: the values, stamped with this write's time and user. */
  private newRow(objId: ObjId, values: InstanceRow): Record<string, unknown> {
    return toColumns(objId, {
      ...values,
      create_time: this.now,
      last_time: this.now,
      bk_created_by: this.actor.user,
      bk_updated_by: this.actor.user,
    });
  }

  /** Each address of new hosts, a row each: the tables' keys hold an address to one host (see host-addresses.ts). */
  private async insertAddresses(hosts: InstanceRow[]): Promise<void> {
    for (const [field, table] of Object.entries(ADDRESS_TABLES) as Array<[keyof typeof ADDRESS_TABLES, string]>) {
      const rows = addressRows(field, hosts as Array<{ bk_host_id: number; bk_cloud_id: number }>);
      await insertRows(this.trx, this.dialect, table, rows as unknown as Record<string, unknown>[]);
    }
  }

  async insertInstance(objId: ObjId, values: InstanceRow): Promise<InstanceRow> {
    const t = INSTANCE_TABLES[objId];
    const [inserted] = await insertRows(this.trx, this.dialect, t.table, [this.newRow(objId, values)], '*');
    const created = fromRow(objId, inserted!);
    if (objId === 'host') await this.insertAddresses([created]);
    this.noteChange(objId, 'create', created, undefined, created);
    return created;
  }

  /**
   * Many rows of one object at once: a few statements per chunk of rows, and the chunk's audit records written
   * before the next chunk is built, so a batch of 100,000 hosts never holds all its rows, their copies and
   * their records at once (events wait for flush, see there). `common` is given to every row. Answers the new
   * ids, in the order of `valuesList`.
   */
  async insertInstances(objId: ObjId, valuesList: InstanceRow[], common: InstanceRow = {}): Promise<number[]> {
    const t = INSTANCE_TABLES[objId];
    const ids: number[] = [];
    for (let start = 0; start < valuesList.length; start += INSERT_CHUNK_ROWS) {
      const stamped = valuesList.slice(start, start + INSERT_CHUNK_ROWS).map((values) => this.newRow(objId, { ...values, ...common }));
      // Only the ids come back (reading whole rows back is a visible share of a big batch); the audit record
      // and event carry what was written, with the columns' own defaults filled in.
      const returned = await insertRows(this.trx, this.dialect, t.table, stamped, t.idColumn);
      const rows = returned.map((r, i) => fromRow(objId, { default: 0, bk_supplier_account: '0', ...stamped[i], [t.idColumn]: r[t.idColumn] }));
      if (objId === 'host') await this.insertAddresses(rows);
      for (const row of rows) {
        this.noteChange(objId, 'create', row, undefined, row);
        ids.push(row[t.idColumn] as number);
      }
      await this.writeQueuedAudits();
    }
    return ids;
  }

  /** `action` names the audit record's action when it is not a plain update (archive, recover). */
  async updateInstance(objId: ObjId, before: InstanceRow, changes: InstanceRow, action = 'update'): Promise<InstanceRow> {
    const [after] = await this.updateInstances(objId, [before], changes, action);
    return after!;
  }

  /**
   * The same changes to many rows: one statement per chunk of ids, custom attributes merged by the database
   * (nothing is read first), an audit record (with the row before and after) and an event for each row.
   * `action` names the audit record's action when it is not a plain update (archive, recover).
   */
  async updateInstances(objId: ObjId, befores: InstanceRow[], changes: InstanceRow, action = 'update'): Promise<InstanceRow[]> {
    const t = INSTANCE_TABLES[objId];
    const { columns, custom } = splitCustom(objId, { ...changes, last_time: this.now, bk_updated_by: this.actor.user });
    const set = Object.keys(custom).length > 0 ? { ...columns, custom: customMerged(this.dialect, custom) } : columns;
    const beforeById = new Map(befores.map((b) => [b[t.idColumn] as number, b]));
    const out: InstanceRow[] = [];
    for (const chunk of inChunks([...beforeById.keys()])) {
      const rows = await this.trx.updateTable(t.table).set(set).where(t.idColumn, 'in', chunk).returningAll().execute();
      if (rows.length < chunk.length) goneMeanwhile(objId, chunk, rows.map((r) => r[t.idColumn] as number));
      for (const row of rows) {
        const after = fromRow(objId, row);
        this.noteChange(objId, 'update', after, beforeById.get(after[t.idColumn] as number), after, Object.keys(changes), action);
        out.push(after);
      }
    }
    return out.sort((a, b) => (a[t.idColumn] as number) - (b[t.idColumn] as number));
  }

  /** Deletes these rows (any number: one statement per chunk of ids), each with its audit record and event. */
  async deleteInstances(objId: ObjId, rows: InstanceRow[]): Promise<void> {
    const t = INSTANCE_TABLES[objId];
    for (const chunk of inChunks(rows)) {
      const ids = chunk.map((r) => r[t.idColumn] as number);
      const deleted = await this.trx.deleteFrom(t.table).where(t.idColumn, 'in', ids).returning(t.idColumn).execute();
      if (deleted.length < new Set(ids).size) goneMeanwhile(objId, ids, deleted.map((r) => (r as Record<string, number>)[t.idColumn]!));
      for (const r of chunk) this.noteChange(objId, 'delete', r, r, undefined);
    }
  }

  private noteChange(
    objId: ObjId,
    action: 'create' | 'update' | 'delete',
    subject: InstanceRow,
    pre: InstanceRow | undefined,
    cur: InstanceRow | undefined,
    updateFields?: string[],
    auditAction: string = action,
  ): void {
    const t = INSTANCE_TABLES[objId];
    const id = subject[t.idColumn] as number;
    // Each row is serialised once and the text shared by its audit record and its event: big batches
    // write 100,000s of both.
    const curJson = cur ? JSON.stringify(cur) : 'null';
    const preJson = !pre ? 'null' : pre === cur ? curJson : JSON.stringify(pre);
    this.audits.push({
      auditType: RECORD_NAMES[objId].auditType,
      resourceType: RECORD_NAMES[objId].resourceType,
      action: auditAction,
      bizId: objId === 'biz' ? id : ((subject.bk_biz_id as number | undefined) ?? null),
      resourceId: id,
      resourceName: String(subject[t.nameColumn] ?? ''),
      detail: new JsonText(
        `{"bk_obj_id":${JSON.stringify(objId)},"details":{"pre_data":${preJson},"cur_data":${curJson},"update_fields":${JSON.stringify(updateFields ?? null)}}}`,
      ),
    });
    this.events.push({ resource: RECORD_NAMES[objId].eventResource, eventType: action, resourceId: id, detail: new JsonText(cur ? curJson : preJson) });
  }

  audit(entry: AuditEntry): void {
    this.audits.push(entry);
  }

  /**
   * The audit record of a record that is not a model instance (a template, a service instance, a dynamic group):
   * its business, id and name, and the record before and after (null for none), as the instance records hold them.
   */
  auditRecord(
    names: { auditType: string; resourceType: string },
    action: 'create' | 'update' | 'delete',
    subject: { bk_biz_id: number; id: number | string; name: string },
    pre: unknown,
    cur: unknown,
    updateFields?: string[],
  ): void {
    this.audits.push({
      ...names,
      action,
      bizId: subject.bk_biz_id,
      resourceId: subject.id,
      resourceName: subject.name,
      detail: { details: { pre_data: pre ?? null, cur_data: cur ?? null, update_fields: updateFields ?? null } },
    });
  }

  /** Who made a new record and when (creator, modifier, create_time, last_time, bk_supplier_account). */
  get newRecordStamp() {
    const { user } = this.actor;
    return { creator: user, modifier: user, create_time: this.now, last_time: this.now, bk_supplier_account: '0' };
  }

  event(entry: EventEntry): void {
    this.events.push(entry);
  }

  private async bumpModel(): Promise<void> {
    this.changedModel = true;
    await bumpModelVersion(this.trx);
  }

  async insertAttribute(attr: BuiltinAttribute): Promise<Attribute> {
    await this.bumpModel();
    const row = await this.trx
      .insertInto('object_attribute')
      .values(attributeToRow({ ...attr, creator: this.actor.user }, this.now))
      .returningAll()
      .executeTakeFirstOrThrow();
    return attributeFromRow(row);
  }

  /** Writes a changed definition; who created it and when stay as they were. */
  async updateAttribute(id: number, definition: BuiltinAttribute): Promise<Attribute> {
    await this.bumpModel();
    const { creator, create_time, ...changes } = attributeToRow({ ...definition, creator: '' }, this.now);
    void creator, void create_time;
    const row = await this.trx
      .updateTable('object_attribute')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return attributeFromRow(row);
  }

  /** Removes a custom attribute's values from every instance of the object. */
  async removeCustomField(objId: ObjId, propertyId: string): Promise<void> {
    const t = INSTANCE_TABLES[objId];
    const removed =
      this.dialect === 'postgres'
        ? sql`(custom::jsonb - ${propertyId})::text`
        : sql`json_remove(custom, ${'$."' + propertyId + '"'})`;
    await this.trx.updateTable(t.table).set({ custom: removed }).execute();
  }

  async deleteAttribute(id: number): Promise<void> {
    await this.bumpModel();
    await this.trx.deleteFrom('object_attribute').where('id', '=', id).execute();
  }

  /**
   * An attribute this write will change or delete. The model's version is moved first: its row lock makes
   * every model write wait for the one before it to commit (PostgreSQL), so the attribute is read as the last
   * of them left it, not as it was before a change that would then be overwritten.
   */
  async getAttributeToChange(id: number): Promise<Attribute | undefined> {
    await this.bumpModel();
    const row = await this.trx.selectFrom('object_attribute').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? attributeFromRow(row) : undefined;
  }

  /**
   * Writes the audit records and events still queued; called by Store.write just before commit. Answers
   * whether this transaction wrote any event. On PostgreSQL the events are inserted under a transaction-scoped
   * advisory lock, so event ids grow in commit order (a watcher reading "after cursor N" can never miss an event
   * that commits late with a smaller id), and a NOTIFY wakes the watchers of every process when the
   * transaction commits.
   */
  async flush(): Promise<boolean> {
    await this.writeQueuedAudits();
    if (this.events.length === 0) return false;
    const events = this.events;
    this.events = [];
    // Taken here, last, and held to commit: a write that took it earlier and went on writing rows could
    // deadlock with a writer that holds one of those rows' unique keys and waits for the lock.
    if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${EVENT_LOCK_KEY})`.execute(this.trx);
    await insertRows(
      this.trx,
      this.dialect,
      'event',
      events.map((e) => ({
        bk_resource: e.resource,
        bk_event_type: e.eventType,
        resource_id: String(e.resourceId),
        bk_detail: toJson(e.detail ?? null),
        created_at: this.now,
        enterprise_id: e.enterpriseId,
      })),
    );
    if (this.dialect === 'postgres') await sql`select pg_notify(${EVENT_CHANNEL}, '')`.execute(this.trx);
    return true;
  }

  /** Inserts the queued audit records now, inside the transaction (big batches write theirs as they go). */
  private async writeQueuedAudits(): Promise<void> {
    const audits = this.audits;
    this.audits = [];
    await insertRows(
      this.trx,
      this.dialect,
      'audit_log',
      audits.map((a) => ({
        audit_type: a.auditType,
        resource_type: a.resourceType,
        action: a.action,
        bk_biz_id: a.bizId,
        resource_id: String(a.resourceId),
        resource_name: a.resourceName,
        operator: this.actor.user,
        app_code: this.actor.appCode,
        request_id: this.actor.requestId,
        operation_time: this.now,
        operation_detail: toJson(a.detail),
        enterprise_id: a.enterpriseId,
      })),
    );
  }
}

/** The advisory lock that orders event writers, and the channel that wakes watchers. */
export const EVENT_LOCK_KEY = 7_471_001;
export const EVENT_CHANNEL = 'topograph_events';

