import { sql, type Kysely } from 'kysely';
import { inChunks, rowsWhereIdIn } from './chunks.js';
import { goneMeanwhile } from './gone-meanwhile.js';
import { fromRow, type InstanceRow } from './instance-tables.js';
import { containsPattern, isRowId, onlyRowIds } from './template-store.js';
import type { WriteSession } from './write-session.js';

/**
 * Service instances (a host's place in a module where a service runs) and the reads of their processes. The
 * processes themselves are instances of the model's `process` object, written through WriteSession like every
 * instance; this file holds the service_instance table's own rows. Writes queue their audit records on the
 * session (audit_type business_resource, resource_type service_instance).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export interface ServiceInstanceRow {
  id: number;
  bk_biz_id: number;
  name: string;
  service_template_id: number;
  bk_host_id: number;
  bk_module_id: number;
  creator: string;
  modifier: string;
  create_time: number;
  last_time: number;
  bk_supplier_account: string;
}

/** A label selector: = and != one value, in and notin several, exists and ! none (Kubernetes' meaning). */
export interface LabelSelector {
  key: string;
  operator: '=' | '!=' | 'exists' | '!' | 'in' | 'notin';
  values: string[];
}

export type Labels = Record<string, string>;

export interface ServiceInstanceQuery {
  bizId: number;
  moduleId?: number;
  /** only instances in modules of sets made from this set template */
  setTemplateId?: number;
  selectors?: LabelSelector[];
  hostIds?: number[];
  ids?: number[];
  /** the name contains it (case-insensitive) */
  search?: string;
  start: number;
  limit: number;
  desc: boolean;
}

/** list_process_related_info's filters: each narrows (all must hold); absent ones do not. */
export interface ProcessRelatedQuery {
  bizId: number;
  setIds?: number[];
  moduleIds?: number[];
  instanceIds?: number[];
  names?: string[];
  funcIds?: string[];
  processIds?: number[];
  start: number;
  limit: number;
  /** process columns */
  sort: Array<{ field: string; desc: boolean }>;
}

/** A host's place in a module, the key a service instance stands on. */
export interface Placement {
  bk_host_id: number;
  bk_module_id: number;
}

const fromDb = (r: Record<string, unknown>): ServiceInstanceRow => ({
  id: Number(r.id),
  bk_biz_id: Number(r.bk_biz_id),
  name: String(r.name),
  service_template_id: Number(r.service_template_id),
  bk_host_id: Number(r.bk_host_id),
  bk_module_id: Number(r.bk_module_id),
  creator: String(r.creator),
  modifier: String(r.modifier),
  create_time: Number(r.create_time),
  last_time: Number(r.last_time),
  bk_supplier_account: String(r.bk_supplier_account),
});

export class ServiceInstanceReads {
  constructor(
    protected readonly db: Db,
    private readonly ilike: 'like' | 'ilike' = 'like',
  ) {}

  /** One count and one page query, whatever the filters; by id (newest first with `desc`). */
  async list(q: ServiceInstanceQuery): Promise<{ count: number; rows: ServiceInstanceRow[] }> {
    let base = this.db.selectFrom('service_instance').where('bk_biz_id', '=', q.bizId);
    if (q.moduleId !== undefined) base = base.where('bk_module_id', '=', q.moduleId);
    if (q.hostIds) base = base.where('bk_host_id', 'in', onlyRowIds(q.hostIds).length ? onlyRowIds(q.hostIds) : [-1]);
    if (q.ids) base = base.where('id', 'in', onlyRowIds(q.ids).length ? onlyRowIds(q.ids) : [-1]);
    if (q.search) base = base.where(sql<boolean>`${sql.ref('name')} ${sql.raw(this.ilike)} ${containsPattern(q.search)} escape '\\'`);
    if (q.setTemplateId !== undefined) {
      const setTemplateId = q.setTemplateId;
      base = base.where('bk_module_id', 'in', this.db.selectFrom('module').select('bk_module_id').where('bk_biz_id', '=', q.bizId).where('set_template_id', '=', setTemplateId));
    }
    for (const s of q.selectors ?? []) {
      base = base.where((eb) => {
        let label = eb.selectFrom('service_instance_label as l').select('l.key').whereRef('l.service_instance_id', '=', 'service_instance.id').where('l.key', '=', s.key);
        if (s.values.length) label = label.where('l.value', 'in', s.values);
        const present = eb.exists(label);
        return s.operator === '=' || s.operator === 'in' || s.operator === 'exists' ? present : eb.not(present);
      });
    }
    const { n } = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .selectAll()
      .orderBy('id', q.desc ? 'desc' : 'asc')
      .limit(q.limit)
      .offset(q.start)
      .execute();
    return { count: Number(n), rows: rows.map(fromDb) };
  }

  /** The business's instances among `ids`, by id: one query per chunk. */
  async inBusiness(bizId: number, ids: readonly number[]): Promise<ServiceInstanceRow[]> {
    const out: ServiceInstanceRow[] = [];
    for (const chunk of inChunks(onlyRowIds([...new Set(ids)]))) {
      const rows = await this.db.selectFrom('service_instance').selectAll().where('bk_biz_id', '=', bizId).where('id', 'in', chunk).orderBy('id').execute();
      out.push(...rows.map(fromDb));
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** The labels of these instances (an instance without any is left out): one query per chunk. */
  async labelsOf(ids: readonly number[]): Promise<Map<number, Labels>> {
    const out = new Map<number, Labels>();
    for (const chunk of inChunks([...new Set(ids)])) {
      const rows = await this.db.selectFrom('service_instance_label').selectAll().where('service_instance_id', 'in', chunk).orderBy('key').execute();
      for (const r of rows) {
        const id = Number(r.service_instance_id);
        const labels = out.get(id) ?? {};
        labels[String(r.key)] = String(r.value);
        out.set(id, labels);
      }
    }
    return out;
  }

  async byId(id: number): Promise<ServiceInstanceRow | undefined> {
    if (!isRowId(id)) return undefined;
    const row = await this.db.selectFrom('service_instance').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromDb(row) : undefined;
  }

  /** The processes of these service instances, by process id: one query per chunk of instances. */
  async processesOf(instanceIds: readonly number[], lock = false): Promise<InstanceRow[]> {
    const out: InstanceRow[] = [];
    for (const chunk of inChunks([...new Set(instanceIds)])) {
      let q = this.db.selectFrom('process').selectAll().where('service_instance_id', 'in', chunk).orderBy('bk_process_id');
      if (lock) q = q.forUpdate();
      out.push(...(await q.execute()).map((r) => fromRow('process', r)));
    }
    return out.sort((a, b) => (a.bk_process_id as number) - (b.bk_process_id as number));
  }

  /**
   * The processes on these hosts, each with the module its service instance is in, by process id: one query per
   * chunk of hosts, through service_instance's host index and process's instance index.
   */
  async processesOnHosts(hostIds: readonly number[]): Promise<Array<{ process: InstanceRow; moduleId: number }>> {
    const out: Array<{ process: InstanceRow; moduleId: number }> = [];
    for (const chunk of inChunks(onlyRowIds([...new Set(hostIds)]))) {
      const rows = await this.db
        .selectFrom('process')
        .innerJoin('service_instance as si', 'si.id', 'process.service_instance_id')
        .selectAll('process')
        .select('si.bk_module_id as instance_module_id')
        .where('si.bk_host_id', 'in', chunk)
        .execute();
      for (const { instance_module_id: moduleId, ...row } of rows) out.push({ process: fromRow('process', row), moduleId: Number(moduleId) });
    }
    return out.sort((a, b) => (a.process.bk_process_id as number) - (b.process.bk_process_id as number));
  }

  /**
   * A business's processes with their service instance's module and name, narrowed by set, module, instance, name,
   * function id and process id: one count and one page query (process's (bk_biz_id, bk_process_id) index, the
   * instance by its key, service_instance's module index).
   */
  async processesRelated(q: ProcessRelatedQuery): Promise<{ count: number; rows: Array<{ process: InstanceRow; moduleId: number; instanceName: string }> }> {
    let base = this.db.selectFrom('process').innerJoin('service_instance as si', 'si.id', 'process.service_instance_id').where('process.bk_biz_id', '=', q.bizId);
    if (q.setIds) base = base.where('si.bk_module_id', 'in', this.db.selectFrom('module').select('module.bk_module_id').where('module.bk_set_id', 'in', q.setIds));
    if (q.moduleIds) base = base.where('si.bk_module_id', 'in', q.moduleIds);
    if (q.instanceIds) base = base.where('process.service_instance_id', 'in', q.instanceIds);
    if (q.names) base = base.where('process.bk_process_name', 'in', q.names);
    if (q.funcIds) base = base.where('process.bk_func_id', 'in', q.funcIds);
    if (q.processIds) base = base.where('process.bk_process_id', 'in', q.processIds);
    const { n } = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    if (Number(n) === 0 || q.limit === 0) return { count: Number(n), rows: [] };
    let page = base.selectAll('process').select(['si.bk_module_id as instance_module_id', 'si.name as instance_name']);
    // nulls as the smallest value on both stores, as every sorted list here
    for (const s of q.sort) page = page.orderBy(`process.${s.field}`, (ob) => (s.desc ? ob.desc().nullsLast() : ob.asc().nullsFirst()));
    const rows = await page.orderBy('process.bk_process_id').limit(q.limit).offset(q.start).execute();
    return {
      count: Number(n),
      rows: rows.map(({ instance_module_id: moduleId, instance_name: instanceName, ...row }) => ({
        process: fromRow('process', row),
        moduleId: Number(moduleId),
        instanceName: String(instanceName),
      })),
    };
  }

  /** The business's processes among `ids`, by id. */
  async processesInBusiness(bizId: number, ids: readonly number[]): Promise<InstanceRow[]> {
    const out: InstanceRow[] = [];
    for (const chunk of inChunks(onlyRowIds([...new Set(ids)]))) {
      const rows = await this.db.selectFrom('process').selectAll().where('bk_biz_id', '=', bizId).where('bk_process_id', 'in', chunk).execute();
      out.push(...rows.map((r) => fromRow('process', r)));
    }
    return out.sort((a, b) => (a.bk_process_id as number) - (b.bk_process_id as number));
  }

  /** The instances made from these service templates, by id: one query per chunk. */
  async ofServiceTemplates(serviceTemplateIds: readonly number[]): Promise<ServiceInstanceRow[]> {
    return (await rowsWhereIdIn(this.db, 'service_instance', 'service_template_id', serviceTemplateIds)).map(fromDb).sort((a, b) => a.id - b.id);
  }

  /** The processes made from these process templates, by id: one query per chunk. */
  async processesOfTemplates(templateIds: readonly number[]): Promise<InstanceRow[]> {
    const rows = await rowsWhereIdIn(this.db, 'process', 'process_template_id', templateIds);
    return rows.map((r) => fromRow('process', r)).sort((a, b) => (a.bk_process_id as number) - (b.bk_process_id as number));
  }

  /** The instances standing on these (host, module) places: one query per module. */
  async onPlacements(places: readonly Placement[]): Promise<ServiceInstanceRow[]> {
    return this.readOnPlacements(places, false);
  }

  /** `lock` (PostgreSQL): FOR UPDATE, in id order; a row another write deletes meanwhile is not answered. */
  protected async readOnPlacements(places: readonly Placement[], lock: boolean): Promise<ServiceInstanceRow[]> {
    const out: ServiceInstanceRow[] = [];
    for (const [moduleId, hostIds] of hostsByModule(places)) {
      for (const chunk of inChunks([...new Set(hostIds)])) {
        let q = this.db.selectFrom('service_instance').selectAll().where('bk_module_id', '=', moduleId).where('bk_host_id', 'in', chunk);
        if (lock) q = q.orderBy('id').forUpdate();
        out.push(...(await q.execute()).map(fromDb));
      }
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** Which of these places exist (the host is in the module): one query per module. */
  async existingPlacements(places: readonly Placement[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const [moduleId, hostIds] of hostsByModule(places)) {
      for (const chunk of inChunks(onlyRowIds([...new Set(hostIds)]))) {
        const rows = await this.db.selectFrom('host_module').select('bk_host_id').where('bk_module_id', '=', moduleId).where('bk_host_id', 'in', chunk).execute();
        for (const r of rows) out.add(placementKey({ bk_host_id: Number(r.bk_host_id), bk_module_id: moduleId }));
      }
    }
    return out;
  }
}

export const placementKey = (p: Placement) => `${p.bk_host_id}:${p.bk_module_id}`;

function hostsByModule(places: readonly Placement[]): Map<number, number[]> {
  const byModule = new Map<number, number[]>();
  for (const p of places) {
    const list = byModule.get(p.bk_module_id);
    if (list) list.push(p.bk_host_id);
    else byModule.set(p.bk_module_id, [p.bk_host_id]);
  }
  return byModule;
}

/** Service instance writes inside one WriteSession, each row audited. */
export class ServiceInstanceWrites extends ServiceInstanceReads {
  constructor(private readonly w: WriteSession) {
    super(w.trx);
  }

  /** Holds the instances to commit (PostgreSQL, in id order), so a second delete or change decides on what the first left. */
  async lock(ids: readonly number[]): Promise<void> {
    const valid = onlyRowIds([...new Set(ids)]);
    if (this.w.dialect !== 'postgres' || valid.length === 0) return;
    for (const chunk of inChunks(valid.sort((a, b) => a - b))) {
      await this.db.selectFrom('service_instance').select('id').where('id', 'in', chunk).orderBy('id').forUpdate().execute();
    }
  }

  /**
   * The instances on these places, held to commit (PostgreSQL): a transfer taking a host out of a module waits
   * for a write on its instances there, then deletes what that write left.
   */
  async onPlacementsToChange(places: readonly Placement[]): Promise<ServiceInstanceRow[]> {
    return this.readOnPlacements(places, this.w.dialect === 'postgres');
  }

  /**
   * Holds the hosts (FOR SHARE, PostgreSQL) while instances are put on them: a transfer, which locks its hosts
   * FOR UPDATE, waits for this write or this write for it, so a host never leaves a module under a new instance.
   */
  async holdHosts(hostIds: readonly number[]): Promise<void> {
    const valid = onlyRowIds([...new Set(hostIds)]).sort((a, b) => a - b);
    if (this.w.dialect !== 'postgres' || valid.length === 0) return;
    for (const chunk of inChunks(valid)) await this.db.selectFrom('host').select('bk_host_id').where('bk_host_id', 'in', chunk).orderBy('bk_host_id').forShare().execute();
  }

  async insert(rows: ReadonlyArray<{ bizId: number; name: string; serviceTemplateId: number; hostId: number; moduleId: number }>): Promise<ServiceInstanceRow[]> {
    const out: ServiceInstanceRow[] = [];
    for (const chunk of inChunks([...rows], 500)) {
      const inserted = await this.db
        .insertInto('service_instance')
        .values(
          chunk.map((r) => ({
            bk_biz_id: r.bizId,
            name: r.name,
            service_template_id: r.serviceTemplateId,
            bk_host_id: r.hostId,
            bk_module_id: r.moduleId,
            ...this.w.newRecordStamp,
          })),
        )
        .returningAll()
        .execute();
      for (const r of inserted) {
        const row = fromDb(r);
        this.audit('create', row, null, row);
        out.push(row);
      }
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** Deletes the instances and their processes (each audited, the processes with their events). */
  async delete(rows: readonly ServiceInstanceRow[]): Promise<void> {
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    // locked (PostgreSQL): a process another write deletes meanwhile is waited for and then left out
    await this.w.deleteInstances('process', await this.processesOf(ids, this.w.dialect === 'postgres'));
    for (const chunk of inChunks(ids)) {
      const deleted = await this.db.deleteFrom('service_instance').where('id', 'in', chunk).returning('id').execute();
      if (deleted.length < chunk.length) goneMeanwhile('service instance', chunk, deleted.map((r) => Number(r.id)));
    }
    for (const r of rows) this.audit('delete', r, r, null);
  }

  /** New names for instances (id → name), each audited: one statement per chunk of instances. */
  async rename(rows: readonly ServiceInstanceRow[], names: ReadonlyMap<number, string>): Promise<void> {
    const changing = rows.filter((r) => names.has(r.id) && names.get(r.id) !== r.name);
    for (const chunk of inChunks(changing, 500)) {
      const name = sql`case ${sql.ref('id')} ${sql.join(chunk.map((r) => sql`when ${r.id} then ${names.get(r.id)!}`), sql` `)} end`;
      await this.db
        .updateTable('service_instance')
        .set({ name, modifier: this.w.actor.user, last_time: this.w.now })
        .where('id', 'in', chunk.map((r) => r.id))
        .execute();
    }
    for (const r of changing) {
      const after = { ...r, name: names.get(r.id)!, modifier: this.w.actor.user, last_time: this.w.now };
      this.audit('update', after, r, after, ['name']);
    }
  }

  /**
   * Sets the labels on the instances (a key there already takes the new value): one statement per chunk of
   * instances and key; each instance's change audited with its labels before and after.
   */
  async setLabels(rows: readonly ServiceInstanceRow[], labels: Labels): Promise<void> {
    const ids = rows.map((r) => r.id);
    const before = await this.labelsOf(ids);
    const keys = Object.keys(labels);
    for (const chunk of inChunks(ids)) await this.db.deleteFrom('service_instance_label').where('service_instance_id', 'in', chunk).where('key', 'in', keys).execute();
    const values = ids.flatMap((id) => keys.map((key) => ({ service_instance_id: id, key, value: labels[key]! })));
    for (const chunk of inChunks(values, 1000)) await this.db.insertInto('service_instance_label').values(chunk).execute();
    await this.touchLabels(rows, before, (id) => ({ ...before.get(id), ...labels }));
  }

  /** Takes the keys off the instances; an instance whose labels do not change is left alone. */
  async removeLabels(rows: readonly ServiceInstanceRow[], keys: readonly string[]): Promise<void> {
    const ids = rows.map((r) => r.id);
    const before = await this.labelsOf(ids);
    const changed = rows.filter((r) => keys.some((k) => Object.hasOwn(before.get(r.id) ?? {}, k)));
    for (const chunk of inChunks(changed.map((r) => r.id))) await this.db.deleteFrom('service_instance_label').where('service_instance_id', 'in', chunk).where('key', 'in', [...keys]).execute();
    await this.touchLabels(changed, before, (id) => Object.fromEntries(Object.entries(before.get(id) ?? {}).filter(([k]) => !keys.includes(k))));
  }

  /** The instances' modifier and time, and an audit record each with the labels before and after. */
  private async touchLabels(rows: readonly ServiceInstanceRow[], before: Map<number, Labels>, after: (id: number) => Labels): Promise<void> {
    for (const chunk of inChunks(rows.map((r) => r.id))) {
      await this.db.updateTable('service_instance').set({ modifier: this.w.actor.user, last_time: this.w.now }).where('id', 'in', chunk).execute();
    }
    for (const r of rows) {
      const cur = { ...r, modifier: this.w.actor.user, last_time: this.w.now };
      this.audit('update', cur, { ...r, labels: before.get(r.id) ?? null }, { ...cur, labels: after(r.id) }, ['labels']);
    }
  }

  private audit(action: 'create' | 'update' | 'delete', subject: ServiceInstanceRow, pre: unknown, cur: unknown, updateFields?: string[]): void {
    this.w.auditRecord({ auditType: 'business_resource', resourceType: 'service_instance' }, action, subject, pre, cur, updateFields);
  }
}
