import type { Statement } from 'better-sqlite3';
import { sql } from 'kysely';
import type { Attribute, ObjId } from '../domain/model/attribute.js';
import { BUILTIN_ATTRIBUTES } from '../domain/model/builtin-attributes.js';
import { AttributeCache, bumpModelVersion } from './attribute-cache.js';
import { AuditStore } from './audit-store.js';
import { EventNotifier } from './event-notifier.js';
import { EventStore } from './event-store.js';
import { RegionStore } from './region-store.js';
import { attributeToRow } from './attribute-rows.js';
import { openDatabase, type Database, type DialectName, type OpenOptions } from './database.js';
import { translateDbError } from './db-errors.js';
import { TransactionRunner } from './transaction.js';
import { IdentityStore } from './identity-store.js';
import { ProcTemplateReads } from './proc-template-store.js';
import { ServiceInstanceReads } from './service-instance-store.js';
import { HostStore } from './host-store.js';
import { INSTANCE_TABLES, fromRow, type InstanceRow } from './instance-tables.js';
import { migrateToLatest } from './migrate.js';
import { InstanceSearch, type SearchQuery, type SearchResult } from './search.js';
import { DynamicGroupReads } from './dynamic-group-store.js';
import { HostLockReads } from './host-lock-store.js';
import { TemplateReads } from './template-store.js';
import { WriteSession, type Actor } from './write-session.js';

export type { Actor } from './write-session.js';
export type { InstanceRow } from './instance-tables.js';

/** Reads fail the same clean way writes do when a value can't fit its column (PostgreSQL's int4 ids). */
async function translated<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw translateDbError(err);
  }
}

export interface TopoNodeRow {
  id: number;
  name: string;
  default: number;
}

/** The only door to the database: reads, and writes that are each one transaction. */
export class Store {
  readonly identity: IdentityStore;
  readonly audit: AuditStore;
  readonly events: EventStore;
  readonly regions: RegionStore;
  readonly notifier: EventNotifier;
  readonly templates: TemplateReads;
  readonly dynamicGroups: DynamicGroupReads;
  readonly hostLocks: HostLockReads;
  readonly serviceInstances: ServiceInstanceReads;
  readonly procTemplates: ProcTemplateReads;
  /** Host queries (relations, lists with topology filters); writes build their own on the transaction. */
  readonly hosts: HostStore;
  private readonly searcher: InstanceSearch;
  private readonly attributeCache = new AttributeCache();
  private readonly transactions: TransactionRunner;
  private readonly dataVersion: Statement | undefined;

  private constructor(
    private readonly database: Database,
    url: string,
    checkWrites: boolean,
  ) {
    this.identity = new IdentityStore(database.db);
    this.audit = new AuditStore(database.db);
    this.events = new EventStore(database.db);
    this.regions = new RegionStore(database.db, database.dialect);
    this.notifier = new EventNotifier(database.dialect, url, () => this.events.latestId());
    this.dynamicGroups = new DynamicGroupReads(database.db, database.dialect);
    this.hostLocks = new HostLockReads(database.db);
    this.procTemplates = new ProcTemplateReads(database.db);
    this.serviceInstances = new ServiceInstanceReads(database.db, database.dialect === 'postgres' ? 'ilike' : 'like');
    this.templates = new TemplateReads(database.db, database.dialect === 'postgres' ? 'ilike' : 'like');
    this.hosts = new HostStore(database.db, database.dialect);
    this.searcher = new InstanceSearch(database.db, database.dialect, (objId, node) => this.hosts.filterExpression(objId, node));
    this.transactions = new TransactionRunner(database, undefined, checkWrites);
    this.dataVersion = database.sqlite?.prepare('pragma data_version').pluck();
  }

  static async open(url: string, opts: OpenOptions = {}): Promise<Store> {
    return new Store(openDatabase(url, opts), url, opts.checkWrites ?? false);
  }

  get dialect(): DialectName {
    return this.database.dialect;
  }

  async migrate(): Promise<string[]> {
    return migrateToLatest(this.database);
  }

  /** Inserts the built-in attributes that are not there yet (a no-op on every start but the first). */
  async seedBuiltinAttributes(): Promise<number> {
    const now = Date.now();
    let added = 0;
    for (const objId of Object.keys(BUILTIN_ATTRIBUTES) as ObjId[]) {
      const rows = BUILTIN_ATTRIBUTES[objId].map((a) => attributeToRow({ ...a, creator: 'system' }, now));
      const r = await this.database.db
        .insertInto('object_attribute')
        .values(rows)
        .onConflict((oc) => oc.columns(['bk_obj_id', 'bk_property_id']).doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    if (added) await bumpModelVersion(this.database.db);
    return added;
  }

  /** Runs fn in one transaction; its audit records and events commit with it or not at all. */
  async write<T>(actor: Actor, fn: (w: WriteSession) => Promise<T>): Promise<T> {
    try {
      let wroteEvents = false;
      const result = await this.transactions.run(async (trx) => {
        const session = new WriteSession(trx, actor, Date.now(), this.database.dialect, this.attributeCache);
        const value = await fn(session);
        wroteEvents = await session.flush();
        return value;
      });
      if (wroteEvents) this.notifier.ring();
      return result;
    } catch (err) {
      throw translateDbError(err);
    }
  }

  attributes(objId: ObjId): Promise<Attribute[]> {
    return this.attributeCache.get(this.database.db, objId);
  }

  async getInstance(objId: ObjId, id: number): Promise<InstanceRow | undefined> {
    const t = INSTANCE_TABLES[objId];
    const row = await translated(this.database.db.selectFrom(t.table).selectAll().where(t.idColumn, '=', id).executeTakeFirst());
    return row ? fromRow(objId, row) : undefined;
  }

  search(objId: ObjId, q: SearchQuery): Promise<SearchResult> {
    return translated(this.searcher.search(objId, q));
  }

  /** A business's sets and modules, narrow columns, two queries whatever the size of the tree. */
  async topologyOf(bizId: number): Promise<{ sets: TopoNodeRow[]; modules: Array<TopoNodeRow & { setId: number; hostApplyEnabled: boolean }> }> {
    const db = this.database.db;
    const sets = await db
      .selectFrom('topo_set')
      .select(['bk_set_id as id', 'bk_set_name as name', 'default'])
      .where('bk_biz_id', '=', bizId)
      .orderBy('bk_set_id')
      .execute();
    const modules = await db
      .selectFrom('module')
      .select(['bk_module_id as id', 'bk_module_name as name', 'default', 'bk_set_id as setId', 'host_apply_enabled as hostApplyEnabled'])
      .where('bk_biz_id', '=', bizId)
      .orderBy('bk_module_id')
      .execute();
    return {
      sets: sets as TopoNodeRow[],
      modules: modules.map((m) => ({ ...(m as TopoNodeRow & { setId: number }), hostApplyEnabled: Boolean(m.hostApplyEnabled) })),
    };
  }

  /**
   * A value that changes whenever stored data may have changed, by this process or another, or undefined
   * where that can't be told cheaply (PostgreSQL). SQLite: the writing statements this connection has run
   * (committed or not) and data_version, which moves when another connection commits. Read it first, then the
   * data: an answer is never stamped newer than the state it was computed from.
   */
  changeStamp(): string | undefined {
    if (!this.dataVersion) return undefined;
    return `${this.database.sqliteWrites!()}.${this.dataVersion.get() as number}`;
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.database.db);
  }

  async close(): Promise<void> {
    await this.notifier.close();
    await this.database.close();
  }
}
