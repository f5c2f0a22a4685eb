import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { ObjId } from '../domain/model/attribute.js';
import type { DialectName } from './database.js';
import { INSTANCE_TABLES, customMerged, fromRow, type InstanceRow } from './instance-tables.js';
import { chunksFor, inChunks } from './chunks.js';
import { insertRows } from './insert-rows.js';
import { escapeLike, ordered } from './dialect.js';
import { ADDRESS_TABLES, addressRows, type AddressRow } from './host-addresses.js';
import { addressesOf, type AddressField } from '../domain/hosts/addresses.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** One host ↔ module relation (a row of host_module). */
export interface HostRelation {
  bk_host_id: number;
  bk_module_id: number;
  bk_set_id: number;
  bk_biz_id: number;
}

export interface ModuleBrief {
  bk_module_id: number;
  bk_module_name: string;
  bk_set_id: number;
  bk_biz_id: number;
  default: number;
}

export type RuleOp =
  | 'eq'
  | 'ne'
  | 'in'
  | 'nin'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'contains'
  | 'not_contains'
  | 'begins_with'
  | 'not_begins_with'
  | 'ends_with'
  | 'not_ends_with'
  | 'empty'
  | 'not_empty'
  | 'null'
  | 'not_null';

/** A checked filter tree (the domain parses bk-cmdb's QueryBuilder into it): fields exist, operands fit them. */
export type FilterNode =
  | { combine: 'and' | 'or'; rules: FilterNode[] }
  | {
      field: string;
      op: RuleOp;
      value?: unknown;
      text: boolean;
      /** a field of several values (enummulti, organization): equality and membership look at each value */
      multi?: boolean;
    };

export interface HostListQuery {
  /** hosts with a relation in this business; undefined = any host */
  bizId?: number;
  setIds?: number[];
  moduleIds?: number[];
  /** on the biz rows of the hosts' businesses (search_host) */
  bizFilter?: FilterNode;
  /** on topo_set / module rows of the business */
  setFilter?: FilterNode;
  moduleFilter?: FilterNode;
  hostFilter?: FilterNode;
  /** on the plat row of each host's cloud area (search_host) */
  platFilter?: FilterNode;
  start: number;
  limit: number;
  sort: Array<{ field: string; desc: boolean }>;
}

/** One host's changes: built-in columns, and custom attributes merged into its JSON document. */
export interface HostChanges {
  id: number;
  columns: Record<string, unknown>;
  custom: Record<string, unknown>;
}

export interface RelationQuery {
  /** undefined = every business */
  bizId?: number;
  setIds?: number[];
  moduleIds?: number[];
  hostIds?: number[];
  start: number;
  limit: number;
  /** relation columns to order by before host and module id */
  sort?: Array<{ field: 'bk_biz_id' | 'bk_set_id' | 'bk_module_id' | 'bk_host_id'; desc: boolean }>;
}

/**
 * Host queries: relations, bulk relation writes, lists with topology filters, joins. It is handed the
 * Kysely handle it runs on: the store's database for reads, a write session's transaction for writes. Every
 * method runs a fixed number of queries per IN-list chunk, never one per host.
 */
export class HostStore {
  private readonly counts = new Map<string, { count: number; eventId: number }>();
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    /**
     * In a PostgreSQL write: lock the host rows (FOR UPDATE, in id order) before reading them or their
     * relations, so that two writes deciding on the same hosts (a transfer to one business and one to another,
     * a delete and a transfer) take turns, and the second decides on what the first committed.
     */
    private readonly opts: { lockHosts?: boolean } = {},
  ) {}

  private async lockHosts(ids: readonly number[]): Promise<void> {
    if (!this.opts.lockHosts) return;
    for (const chunk of inChunks([...new Set(ids)].sort((a, b) => a - b))) {
      await this.db.selectFrom('host').select('bk_host_id').where('bk_host_id', 'in', chunk).orderBy('bk_host_id').forUpdate().execute();
    }
  }

  // --- lookups ---------------------------------------------------------------------------------------

  async relationsOfHosts(hostIds: readonly number[]): Promise<HostRelation[]> {
    await this.lockHosts(hostIds);
    const out: HostRelation[] = [];
    for (const chunk of inChunks([...new Set(hostIds)])) {
      const rows = await this.db
        .selectFrom('host_module')
        .select(['bk_host_id', 'bk_module_id', 'bk_set_id', 'bk_biz_id'])
        .where('bk_host_id', 'in', chunk)
        .orderBy('bk_host_id')
        .orderBy('bk_module_id')
        .execute();
      out.push(...(rows as HostRelation[]));
    }
    return out;
  }

  async hostsByIds(hostIds: readonly number[]): Promise<InstanceRow[]> {
    await this.lockHosts(hostIds);
    const out: InstanceRow[] = [];
    for (const chunk of inChunks([...new Set(hostIds)])) {
      const rows = await this.db.selectFrom('host').selectAll().where('bk_host_id', 'in', chunk).orderBy('bk_host_id').execute();
      out.push(...rows.map((r) => fromRow('host', r)));
    }
    return out;
  }

  async existingHostIds(hostIds: readonly number[]): Promise<Set<number>> {
    const out = new Set<number>();
    for (const chunk of inChunks([...new Set(hostIds)])) {
      const rows = await this.db.selectFrom('host').select('bk_host_id').where('bk_host_id', 'in', chunk).execute();
      for (const r of rows) out.add(r.bk_host_id as number);
    }
    return out;
  }

  /** Who holds these addresses of `field` (a host may list several), with the cloud area for inner IPs. */
  async addressHolders(field: AddressField, ips: readonly string[]): Promise<AddressRow[]> {
    const out: AddressRow[] = [];
    for (const chunk of inChunks([...new Set(ips)])) {
      out.push(...((await this.db.selectFrom(ADDRESS_TABLES[field]).selectAll().where('ip', 'in', chunk).execute()) as AddressRow[]));
    }
    return out;
  }

  /** Existing hosts holding one of these agent ids (never empty: the condition lets the partial unique index serve). */
  async hostsByAgentIds(agentIds: readonly string[]): Promise<Array<{ bk_host_id: number; bk_agent_id: string }>> {
    const out: Array<{ bk_host_id: number; bk_agent_id: string }> = [];
    for (const chunk of inChunks(agentIds)) {
      const rows = await this.db
        .selectFrom('host')
        .select(['bk_host_id', 'bk_agent_id'])
        .where('bk_agent_id', 'in', chunk)
        .where('bk_agent_id', '<>', sql.lit(''))
        .execute();
      out.push(...(rows as typeof out));
    }
    return out;
  }

  async existingCloudIds(cloudIds: readonly number[]): Promise<Set<number>> {
    const out = new Set<number>();
    for (const chunk of inChunks([...new Set(cloudIds)])) {
      const rows = await this.db.selectFrom('plat').select('bk_cloud_id').where('bk_cloud_id', 'in', chunk).execute();
      for (const r of rows) out.add(r.bk_cloud_id as number);
    }
    return out;
  }

  async modulesByIds(moduleIds: readonly number[]): Promise<ModuleBrief[]> {
    const out: ModuleBrief[] = [];
    for (const chunk of inChunks([...new Set(moduleIds)])) {
      const rows = await this.db
        .selectFrom('module')
        .select(['bk_module_id', 'bk_module_name', 'bk_set_id', 'bk_biz_id', 'default'])
        .where('bk_module_id', 'in', chunk)
        .execute();
      out.push(...(rows as ModuleBrief[]));
    }
    return out;
  }

  /** The built-in modules (idle, fault, recycle) of a business's idle pool. */
  async builtinModulesOf(bizId: number): Promise<ModuleBrief[]> {
    const rows = await this.db
      .selectFrom('module')
      .select(['bk_module_id', 'bk_module_name', 'bk_set_id', 'bk_biz_id', 'default'])
      .where('bk_biz_id', '=', bizId)
      .where('default', '<>', 0)
      .orderBy('bk_module_id')
      .execute();
    return rows as ModuleBrief[];
  }

  async setNames(setIds: readonly number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const chunk of inChunks([...new Set(setIds)])) {
      const rows = await this.db.selectFrom('topo_set').select(['bk_set_id', 'bk_set_name']).where('bk_set_id', 'in', chunk).execute();
      for (const r of rows) out.set(r.bk_set_id as number, r.bk_set_name as string);
    }
    return out;
  }

  async bizsByIds(bizIds: readonly number[]): Promise<Map<number, InstanceRow>> {
    return this.rowsById('biz', bizIds);
  }

  /** The instances of `objId` with these ids, keyed by id (one query per chunk); ids of nothing are absent. */
  async rowsById(objId: ObjId, ids: readonly number[]): Promise<Map<number, InstanceRow>> {
    const idColumn = INSTANCE_TABLES[objId].idColumn;
    return new Map((await this.rowsByIds(objId, ids)).map((r) => [r[idColumn] as number, r]));
  }

  /** The instances of `objId` with these ids, in id order: one query per chunk. */
  async rowsByIds(objId: ObjId, ids: readonly number[]): Promise<InstanceRow[]> {
    const t = INSTANCE_TABLES[objId];
    const out: InstanceRow[] = [];
    for (const chunk of inChunks([...new Set(ids)].sort((a, b) => a - b))) {
      const rows = await this.db.selectFrom(t.table).selectAll().where(t.idColumn, 'in', chunk).orderBy(t.idColumn).execute();
      out.push(...rows.map((r) => fromRow(objId, r)));
    }
    return out;
  }

  /**
   * count_biz_host_cpu: per business, its hosts (each once, whatever its modules), their CPU cores, and those with
   * none recorded. One query over host_module's (bk_biz_id, bk_host_id) index; businesses without hosts are absent.
   */
  async cpuCounts(bizIds: readonly number[]): Promise<Array<{ bizId: number; hosts: number; cpus: number; noCpu: number }>> {
    if (bizIds.length === 0) return [];
    const pairs = this.db.selectFrom('host_module').select(['bk_biz_id', 'bk_host_id']).distinct().where('bk_biz_id', 'in', [...bizIds]).as('hm');
    const rows = await this.db
      .selectFrom(pairs)
      .innerJoin('host', 'host.bk_host_id', 'hm.bk_host_id')
      .select([
        'hm.bk_biz_id as bizId',
        sql<number>`count(*)`.as('hosts'),
        sql<number>`coalesce(sum(host.bk_cpu), 0)`.as('cpus'),
        sql<number>`sum(case when host.bk_cpu is null then 1 else 0 end)`.as('noCpu'),
      ])
      .groupBy('hm.bk_biz_id')
      .execute();
    return rows.map((r) => ({ bizId: Number(r.bizId), hosts: Number(r.hosts), cpus: Number(r.cpus), noCpu: Number(r.noCpu) }));
  }

  /** The resource-pool business (default = 1). */
  async poolBizId(): Promise<number | undefined> {
    const row = await this.db.selectFrom('biz').select('bk_biz_id').where('default', '=', 1).orderBy('bk_biz_id').executeTakeFirst();
    return row?.bk_biz_id as number | undefined;
  }

  // --- relation writes -------------------------------------------------------------------------------

  async insertRelations(rows: HostRelation[]): Promise<void> {
    await insertRows(this.db, this.dialect, 'host_module', rows as unknown as Record<string, unknown>[]);
  }

  /** Deletes exactly these (host, module) pairs: one statement per module and chunk of hosts. */
  async deleteRelations(rows: HostRelation[]): Promise<void> {
    const byModule = new Map<number, number[]>();
    for (const r of rows) {
      const list = byModule.get(r.bk_module_id);
      if (list) list.push(r.bk_host_id);
      else byModule.set(r.bk_module_id, [r.bk_host_id]);
    }
    for (const [moduleId, hostIds] of byModule) {
      for (const chunk of inChunks(hostIds)) {
        await this.db.deleteFrom('host_module').where('bk_module_id', '=', moduleId).where('bk_host_id', 'in', chunk).execute();
      }
    }
  }

  /**
   * Writes each host its own changes, in one statement per chunk whatever the number of hosts: a column every
   * host of the chunk sets alike is set plainly, one they set differently (or only some set) by a CASE on the
   * host id that keeps the others' value; custom attributes are merged into the JSON document the same way,
   * with the dialect's own JSON operator. `common` is set on every host. Answers the updated rows in id order.
   */
  async updateHosts(items: ReadonlyArray<HostChanges>, common: Record<string, unknown>): Promise<InstanceRow[]> {
    const perRow = 2 * Math.max(1, ...items.map((i) => Object.keys(i.columns).length + 1)) + 1;
    const out: InstanceRow[] = [];
    for (const chunk of chunksFor([...items], this.dialect, perRow)) {
      const ids = chunk.map((i) => i.id);
      const set: Record<string, unknown> = { ...common };
      for (const column of new Set(chunk.flatMap((i) => Object.keys(i.columns)))) {
        set[column] = this.perHost(chunk, column, (i) => (Object.hasOwn(i.columns, column) ? sql`${i.columns[column]}` : undefined));
      }
      if (chunk.some((i) => Object.keys(i.custom).length > 0)) {
        set.custom = this.perHost(chunk, 'custom', (i) => (Object.keys(i.custom).length ? customMerged(this.dialect, i.custom) : undefined));
      }
      const rows = await this.db.updateTable('host').set(set).where('bk_host_id', 'in', ids).returningAll().execute();
      out.push(...rows.map((r) => fromRow('host', r)));
      // The address rows follow: inner IPs move with their hosts' cloud area, new outer IPs replace the old.
      // An address another host holds fails on its table's key.
      const moved = chunk.filter((i) => Object.hasOwn(i.columns, 'bk_cloud_id'));
      if (moved.length) {
        await this.db
          .updateTable(ADDRESS_TABLES.bk_host_innerip)
          .set({ bk_cloud_id: this.perHost(moved, 'bk_cloud_id', (i) => sql`${i.columns.bk_cloud_id}`) })
          .where('bk_host_id', 'in', moved.map((i) => i.id))
          .execute();
      }
      const readdressed = new Set(chunk.filter((i) => Object.hasOwn(i.columns, 'bk_host_outerip')).map((i) => i.id));
      if (readdressed.size) {
        await this.db.deleteFrom(ADDRESS_TABLES.bk_host_outerip).where('bk_host_id', 'in', [...readdressed]).execute();
        const held = addressRows('bk_host_outerip', (rows as Array<{ bk_host_id: number; bk_cloud_id: number }>).filter((r) => readdressed.has(r.bk_host_id)));
        await insertRows(this.db, this.dialect, ADDRESS_TABLES.bk_host_outerip, held as unknown as Record<string, unknown>[]);
      }
    }
    return out.sort((a, b) => (a.bk_host_id as number) - (b.bk_host_id as number));
  }

  /**
   * The new value of `column` for each host of `items`: plain when every host gives the same one, else a CASE on
   * the host id, where a host that gives none (undefined) keeps its own.
   */
  private perHost(items: readonly HostChanges[], column: string, valueOf: (i: HostChanges) => Expression<unknown> | undefined): Expression<unknown> {
    const given = items.map((i) => ({ id: i.id, value: valueOf(i) }));
    const keys = new Set(given.map((g) => (g.value === undefined ? undefined : JSON.stringify(g.value.toOperationNode()))));
    if (keys.size === 1 && given[0]!.value !== undefined) return given[0]!.value;
    const whens = given.filter((g) => g.value !== undefined).map((g) => sql`when ${g.id} then ${g.value}`);
    return sql`case bk_host_id ${sql.join(whens, sql` `)} else ${sql.ref(column)} end`;
  }

  // --- lists -----------------------------------------------------------------------------------------

  /**
   * Hosts of a business (or of any), narrowed by sets, modules, set / module / host filters: one count and
   * one page query. The topology part is a sub-select on host_module (indexed on biz, set and module), so
   * the database starts from the relations, not from every host.
   */
  async listHosts(q: HostListQuery): Promise<{ count: number; rows: InstanceRow[] }> {
    const db = this.db;
    let base = db.selectFrom('host');
    const narrowed = q.bizId !== undefined || q.bizFilter || q.setIds || q.moduleIds || q.setFilter || q.moduleFilter;
    if (narrowed) {
      let rel = db.selectFrom('host_module').select('host_module.bk_host_id');
      if (q.bizId !== undefined) rel = rel.where('host_module.bk_biz_id', '=', q.bizId);
      if (q.bizFilter) rel = rel.where('host_module.bk_biz_id', 'in', db.selectFrom('biz').select('biz.bk_biz_id').where(this.compile('biz', q.bizFilter)));
      if (q.setIds) rel = rel.where('host_module.bk_set_id', 'in', q.setIds.length ? q.setIds : [-1]);
      if (q.moduleIds) rel = rel.where('host_module.bk_module_id', 'in', q.moduleIds.length ? q.moduleIds : [-1]);
      if (q.setFilter) {
        let sets = db.selectFrom('topo_set').select('topo_set.bk_set_id').where(this.compile('set', q.setFilter));
        if (q.bizId !== undefined) sets = sets.where('topo_set.bk_biz_id', '=', q.bizId);
        rel = rel.where('host_module.bk_set_id', 'in', sets);
      }
      if (q.moduleFilter) {
        let mods = db.selectFrom('module').select('module.bk_module_id').where(this.compile('module', q.moduleFilter));
        if (q.bizId !== undefined) mods = mods.where('module.bk_biz_id', '=', q.bizId);
        rel = rel.where('host_module.bk_module_id', 'in', mods);
      }
      // Paging by host id alone (the default) with no host filter: count and page the relations, then read
      // just that page of hosts, instead of matching every host of a large business against the relations.
      const byIdOnly = q.sort.every((x) => x.field === 'bk_host_id');
      if (!q.hostFilter && !q.platFilter && byIdOnly) {
        const desc = q.sort[0]?.desc ?? false;
        const count = await this.countRelatedHosts(rel);
        if (count === 0 || q.limit === 0) return { count, rows: [] };
        const ids = await rel
          .distinct()
          .orderBy('host_module.bk_host_id', desc ? 'desc' : 'asc')
          .limit(q.limit)
          .offset(q.start)
          .execute();
        if (ids.length === 0) return { count, rows: [] };
        const rows = await db
          .selectFrom('host')
          .selectAll()
          .where('bk_host_id', 'in', ids.map((r) => r.bk_host_id as number))
          .orderBy('bk_host_id', desc ? 'desc' : 'asc')
          .execute();
        return { count, rows: rows.map((r) => fromRow('host', r)) };
      }
      base = base.where('host.bk_host_id', 'in', rel);
    }
    if (q.hostFilter) base = base.where(this.compile('host', q.hostFilter));
    if (q.platFilter) base = base.where('host.bk_cloud_id', 'in', db.selectFrom('plat').select('plat.bk_cloud_id').where(this.compile('plat', q.platFilter)));
    const countRow = await base.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    const count = Number(countRow.count);
    if (count === 0 || q.limit === 0) return { count, rows: [] };
    let page = base.selectAll('host');
    // Missing values sort lowest on both databases, as bk-cmdb's MongoDB does (PostgreSQL's default is highest).
    for (const s of q.sort) page = page.orderBy(this.ref('host', s.field), (ob) => (s.desc ? ob.desc().nullsLast() : ob.asc().nullsFirst()));
    if (!q.sort.some((s) => s.field === 'bk_host_id')) page = page.orderBy('host.bk_host_id', 'asc');
    const rows = await page.limit(q.limit).offset(q.start).execute();
    return { count, rows: rows.map((r) => fromRow('host', r)) };
  }

  /**
   * How many hosts the relation query names. Counting distinct hosts among a million relations is most of a
   * list call's time, so the count is kept, keyed by the query, for as long as the event log has not moved:
   * every change of hosts or of their relations writes an event in its own transaction, so an unchanged
   * newest event id means an unchanged count, in this process or any other.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async countRelatedHosts(rel: SelectQueryBuilder<any, any, any>): Promise<number> {
    const counting = rel.clearSelect().select((eb) => eb.fn.count('host_module.bk_host_id').distinct().as('count'));
    const compiled = counting.compile();
    const key = `${compiled.sql}|${JSON.stringify(compiled.parameters)}`;
    const newest = await this.db.selectFrom('event').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    const eventId = Number(newest?.id ?? 0);
    const kept = this.counts.get(key);
    if (kept && kept.eventId === eventId) return kept.count;
    const count = Number((await counting.executeTakeFirstOrThrow()).count);
    if (this.counts.size > 1000) this.counts.clear();
    this.counts.set(key, { count, eventId });
    return count;
  }

  /** A business's sets matching a filter (a set dynamic group): one count and one page query. */
  async listSets(q: { bizId: number; filter?: FilterNode; start: number; limit: number; sort: Array<{ field: string; desc: boolean }> }) {
    let base = this.db.selectFrom('topo_set').where('topo_set.bk_biz_id', '=', q.bizId);
    if (q.filter) base = base.where(this.compile('set', q.filter));
    const count = Number((await base.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count);
    if (count === 0 || q.limit === 0) return { count, rows: [] as InstanceRow[] };
    let page = base.selectAll('topo_set');
    for (const s of q.sort) page = page.orderBy(this.ref('set', s.field), (ob) => (s.desc ? ob.desc().nullsLast() : ob.asc().nullsFirst()));
    const rows = await page.orderBy('topo_set.bk_set_id', 'asc').limit(q.limit).offset(q.start).execute();
    return { count, rows: rows.map((r) => fromRow('set', r)) };
  }

  /** The set / module topology of these hosts (optionally within one business), with names: one query per chunk. */
  async topologyOfHosts(
    hostIds: readonly number[],
    bizId?: number,
  ): Promise<Array<HostRelation & { bk_set_name: string; bk_module_name: string }>> {
    const out: Array<HostRelation & { bk_set_name: string; bk_module_name: string }> = [];
    for (const chunk of inChunks([...new Set(hostIds)])) {
      let q = this.db
        .selectFrom('host_module as hm')
        .innerJoin('topo_set as s', 's.bk_set_id', 'hm.bk_set_id')
        .innerJoin('module as m', 'm.bk_module_id', 'hm.bk_module_id')
        .select(['hm.bk_host_id', 'hm.bk_module_id', 'hm.bk_set_id', 'hm.bk_biz_id', 's.bk_set_name', 'm.bk_module_name'])
        .where('hm.bk_host_id', 'in', chunk);
      if (bizId !== undefined) q = q.where('hm.bk_biz_id', '=', bizId);
      const rows = await q.orderBy('hm.bk_host_id').orderBy('hm.bk_set_id').orderBy('hm.bk_module_id').execute();
      out.push(...(rows as typeof out));
    }
    return out;
  }

  private relationQuery(q: Omit<RelationQuery, 'start' | 'limit'>) {
    let base = this.db.selectFrom('host_module');
    if (q.bizId !== undefined) base = base.where('bk_biz_id', '=', q.bizId);
    if (q.setIds?.length) base = base.where('bk_set_id', 'in', q.setIds);
    if (q.moduleIds?.length) base = base.where('bk_module_id', 'in', q.moduleIds);
    if (q.hostIds?.length) base = base.where('bk_host_id', 'in', q.hostIds);
    return base;
  }

  private relationRows(base: ReturnType<HostStore['relationQuery']>) {
    return base.select(['bk_host_id', 'bk_module_id', 'bk_set_id', 'bk_biz_id']).orderBy('bk_host_id').orderBy('bk_module_id');
  }

  /** find_host_topo_relation: relation rows of a business, one count and one page query. */
  async relations(q: RelationQuery): Promise<{ count: number; rows: HostRelation[] }> {
    const base = this.relationQuery(q);
    const countRow = await base.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    const count = Number(countRow.count);
    if (count === 0 || q.limit === 0) return { count, rows: [] };
    let page = base.select(['bk_host_id', 'bk_module_id', 'bk_set_id', 'bk_biz_id']);
    for (const s of q.sort ?? []) page = page.orderBy(s.field, s.desc ? 'desc' : 'asc');
    const rows = await page.orderBy('bk_host_id').orderBy('bk_module_id').limit(q.limit).offset(q.start).execute();
    return { count, rows: rows as HostRelation[] };
  }

  /** The hosts with a relation in the scope (a set, a module), each once. */
  async hostIdsIn(q: Omit<RelationQuery, 'start' | 'limit' | 'hostIds'>): Promise<number[]> {
    const rows = await this.relationQuery(q).select('bk_host_id').distinct().orderBy('bk_host_id').execute();
    return rows.map((r) => r.bk_host_id);
  }

  /** The relations of a business, by host and module, at most `limit`, in one query (find_biz_tree_brief_info's tree). */
  async relationsOfBiz(bizId: number, limit: number): Promise<HostRelation[]> {
    return (await this.relationRows(this.relationQuery({ bizId })).limit(limit).execute()) as HostRelation[];
  }

  /** Every relation of the given hosts (at most a page of them), narrowed like `relations`, in one query. */
  async relationsOf(q: Omit<RelationQuery, 'start' | 'limit'> & { hostIds: number[] }): Promise<HostRelation[]> {
    if (q.hostIds.length === 0) return [];
    return (await this.relationRows(this.relationQuery(q)).execute()) as HostRelation[];
  }

  // --- filter compilation ----------------------------------------------------------------------------

  /**
   * A host whose address field (bk_host_innerip, bk_host_outerip) holds one of `values`: an address matches a host
   * that lists it among others (bk-cmdb keeps the fields as lists, and its equality matches an element), through
   * the field's address table; a value that is itself a list ("a,b") matches the field as written, found through
   * its first address.
   */
  private holdsAddress(field: AddressField, values: readonly string[]): Expression<SqlBool> {
    const table = sql.table(ADDRESS_TABLES[field]);
    const addresses = values.filter((v) => !v.includes(','));
    const parts: Expression<SqlBool>[] = [];
    if (addresses.length) parts.push(sql<SqlBool>`host.bk_host_id in (select bk_host_id from ${table} where ip in (${sql.join(addresses)}))`);
    for (const list of values.filter((v) => v.includes(','))) {
      const [first = ''] = addressesOf(list);
      parts.push(sql<SqlBool>`(host.bk_host_id in (select bk_host_id from ${table} where ip = ${first}) and ${sql.ref(`host.${field}`)} = ${list})`);
    }
    if (parts.length === 0) return sql<SqlBool>`${sql.lit(false)}`;
    return sql<SqlBool>`(${sql.join(parts, sql.raw(' or '))})`;
  }

  /**
   * A custom attribute of several values (a JSON array) holding one of `values`, as bk-cmdb's MongoDB matches an
   * element of an array; false, never null, when the attribute has no value.
   */
  private holdsElement(objId: ObjId, field: string, values: readonly unknown[]): Expression<SqlBool> {
    if (values.length === 0) return sql<SqlBool>`${sql.lit(false)}`;
    const custom = sql.ref(`${INSTANCE_TABLES[objId].table}.custom`);
    if (this.dialect === 'postgres') {
      const doc = this.customRef(objId, field, false);
      // jsonb containment: an array contains a scalar that is one of its elements (and a scalar itself)
      return sql<SqlBool>`coalesce((${sql.join(values.map((v) => sql`${doc} @> ${JSON.stringify(v)}::jsonb`), sql.raw(' or '))}), false)`;
    }
    const path = '$."' + field.replace(/"/g, '') + '"';
    const plain = values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
    return sql<SqlBool>`exists (select 1 from json_each(${custom}, ${path}) where value in (${sql.join(plain)}))`;
  }

  private ref(objId: ObjId, field: string): Expression<unknown> {
    const t = INSTANCE_TABLES[objId];
    if (t.columns.has(field)) return sql.ref(`${t.table}.${field}`);
    return this.customRef(objId, field, false);
  }

  /** A custom attribute inside the JSON column: as JSON (PostgreSQL, for comparisons) or as text / SQL value. */
  private customRef(objId: ObjId, field: string, asText: boolean): Expression<unknown> {
    const custom = sql.ref(`${INSTANCE_TABLES[objId].table}.custom`);
    if (this.dialect === 'postgres') return asText ? sql`(${custom}::jsonb ->> ${field})` : sql`(${custom}::jsonb -> ${field})`;
    return sql`json_extract(${custom}, ${'$."' + field.replace(/"/g, '') + '"'})`;
  }

  /** A filter as a condition on `objId`'s table (its columns named with the table), for the instance searches too. */
  filterExpression(objId: ObjId, node: FilterNode): Expression<SqlBool> {
    return this.compile(objId, node);
  }

  private compile(objId: ObjId, node: FilterNode): Expression<SqlBool> {
    if ('combine' in node) {
      if (node.rules.length === 0) return sql<SqlBool>`${sql.lit(node.combine === 'and')}`;
      const lookups = objId === 'host' && node.combine === 'or' ? addressLookups(node.rules) : [];
      if (lookups.length > 1) {
        // Address matches ORed together are one lookup: PostgreSQL plans `id in (a) or id in (b)` as a scan of
        // every host, `id in (a union all b)` through each address table's index.
        const union = sql.join(
          lookups.map(({ field, values }) => sql`select bk_host_id from ${sql.table(ADDRESS_TABLES[field])} where ip in (${sql.join(values)})`),
          sql.raw(' union all '),
        );
        const rest = node.rules.filter((r) => !lookups.some((l) => l.rule === r)).map((r) => this.compile(objId, r));
        return sql<SqlBool>`(${sql.join([sql<SqlBool>`host.bk_host_id in (${union})`, ...rest], sql.raw(' or '))})`;
      }
      const parts = node.rules.map((r) => this.compile(objId, r));
      return sql<SqlBool>`(${sql.join(parts, sql.raw(node.combine === 'and' ? ' and ' : ' or '))})`;
    }
    if (objId === 'host' && Object.hasOwn(ADDRESS_TABLES, node.field) && ['eq', 'ne', 'in', 'nin'].includes(node.op)) {
      const field = node.field as AddressField;
      const values = (node.op === 'eq' || node.op === 'ne' ? [node.value] : (node.value as unknown[])) as string[];
      return node.op === 'eq' || node.op === 'in' ? this.holdsAddress(field, values) : sql<SqlBool>`not ${this.holdsAddress(field, values)}`;
    }
    // (custom attributes only: that is where Topograph keeps such fields, as JSON arrays)
    if (node.multi && !INSTANCE_TABLES[objId].columns.has(node.field) && ['eq', 'ne', 'in', 'nin'].includes(node.op)) {
      const values = node.op === 'eq' || node.op === 'ne' ? [node.value] : (node.value as unknown[]);
      const holds = this.holdsElement(objId, node.field, values);
      return node.op === 'eq' || node.op === 'in' ? holds : sql<SqlBool>`not ${holds}`;
    }
    const like = this.dialect === 'postgres' ? sql.raw('ilike') : sql.raw('like');
    const s = typeof node.value === 'string' ? escapeLike(node.value) : '';
    /** the LIKE pattern of a text operator (a not_ one negates it) */
    const pat = ({ contains: `%${s}%`, begins_with: `${s}%`, ends_with: `%${s}` } as Partial<Record<RuleOp, string>>)[node.op.replace(/^not_/, '') as RuleOp];
    const negated = node.op.startsWith('not_');
    // A text search of an address field looks at each address a host lists, as bk-cmdb's list fields do.
    if (objId === 'host' && Object.hasOwn(ADDRESS_TABLES, node.field) && pat !== undefined) {
      const table = sql.table(ADDRESS_TABLES[node.field as AddressField]);
      const held = sql<SqlBool>`host.bk_host_id in (select bk_host_id from ${table} where ip ${like} ${pat} escape '\\')`;
      return negated ? sql<SqlBool>`not ${held}` : held;
    }
    const t = INSTANCE_TABLES[objId];
    const column = t.columns.has(node.field);
    const pgJson = !column && this.dialect === 'postgres';
    const expr = this.ref(objId, node.field);
    const text = column ? expr : this.customRef(objId, node.field, true);
    const val = (v: unknown) => {
      if (pgJson) return sql`${JSON.stringify(v)}::jsonb`;
      if (typeof v === 'boolean') return sql`${v ? 1 : 0}`;
      return sql`${v}`;
    };
    if (pat !== undefined) {
      const matches = sql<SqlBool>`${text} ${like} ${pat} escape '\\'`;
      return negated ? sql<SqlBool>`(${text} is null or not (${matches}))` : matches;
    }
    switch (node.op) {
      case 'eq':
        return sql<SqlBool>`${expr} = ${val(node.value)}`;
      case 'ne':
        return sql<SqlBool>`(${expr} is null or ${expr} <> ${val(node.value)})`;
      case 'in':
      case 'nin': {
        const list = (node.value as unknown[]).map(val);
        if (list.length === 0) return sql<SqlBool>`${sql.lit(node.op === 'nin')}`;
        return node.op === 'in'
          ? sql<SqlBool>`${expr} in (${sql.join(list)})`
          : sql<SqlBool>`(${expr} is null or ${expr} not in (${sql.join(list)}))`;
      }
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        return ordered(expr, node.op, val(node.value), pgJson);
      case 'null':
        return sql<SqlBool>`${text} is null`;
      case 'not_null':
        return sql<SqlBool>`${text} is not null`;
      // Empty: no value, an empty string, or (a custom list attribute) an empty list.
      case 'empty':
        if (!column) return sql<SqlBool>`(${text} is null or ${text} in ('', '[]'))`;
        return node.text ? sql<SqlBool>`(${text} is null or ${text} = '')` : sql<SqlBool>`${text} is null`;
      case 'not_empty':
        if (!column) return sql<SqlBool>`(${text} is not null and ${text} not in ('', '[]'))`;
        return node.text ? sql<SqlBool>`(${text} is not null and ${text} <> '')` : sql<SqlBool>`${text} is not null`;
      default:
        // the text operators were answered above
        throw new Error(`unreachable filter operator ${node.op}`);
    }
  }
}

/** The rules of an OR that hold a host by one of its plain addresses (equal / in, no "a,b" list value), with their addresses. */
function addressLookups(rules: readonly FilterNode[]): Array<{ rule: FilterNode; field: AddressField; values: string[] }> {
  const out: Array<{ rule: FilterNode; field: AddressField; values: string[] }> = [];
  for (const rule of rules) {
    if ('combine' in rule || !Object.hasOwn(ADDRESS_TABLES, rule.field) || (rule.op !== 'eq' && rule.op !== 'in')) continue;
    const values = (rule.op === 'eq' ? [rule.value] : (rule.value as unknown[])) as string[];
    if (values.length && values.every((v) => typeof v === 'string' && !v.includes(','))) out.push({ rule, field: rule.field as AddressField, values });
  }
  return out;
}
