import { sql, type Kysely } from 'kysely';
import { inChunks, rowsWhereIdIn } from './chunks.js';
import { goneMeanwhile } from './gone-meanwhile.js';
import { onlyRowIds } from './template-store.js';
import type { WriteSession } from './write-session.js';

/**
 * Process templates: what every service instance of a service template runs. `property` maps each process
 * field to {value, as_default_value}; it is JSON text in the table, an object here. Writes queue their audit
 * records on the session (audit_type business_resource, resource_type process_template).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export type TemplateProperty = Record<string, { value: unknown; as_default_value: boolean }>;

export interface ProcTemplateRow {
  id: number;
  bk_biz_id: number;
  service_template_id: number;
  bk_process_name: string;
  property: TemplateProperty;
  creator: string;
  modifier: string;
  create_time: number;
  last_time: number;
  bk_supplier_account: string;
}

const fromDb = (r: Record<string, unknown>): ProcTemplateRow => ({
  id: Number(r.id),
  bk_biz_id: Number(r.bk_biz_id),
  service_template_id: Number(r.service_template_id),
  bk_process_name: String(r.bk_process_name),
  property: JSON.parse(String(r.property)) as TemplateProperty,
  creator: String(r.creator),
  modifier: String(r.modifier),
  create_time: Number(r.create_time),
  last_time: Number(r.last_time),
  bk_supplier_account: String(r.bk_supplier_account),
});

export class ProcTemplateReads {
  constructor(protected readonly db: Db) {}

  async byIds(ids: readonly number[]): Promise<ProcTemplateRow[]> {
    return (await rowsWhereIdIn(this.db, 'proc_template', 'id', ids)).map(fromDb).sort((a, b) => a.id - b.id);
  }

  /** The process templates of these service templates, by id: one query per chunk. */
  async ofServiceTemplates(serviceTemplateIds: readonly number[]): Promise<ProcTemplateRow[]> {
    return (await rowsWhereIdIn(this.db, 'proc_template', 'service_template_id', serviceTemplateIds)).map(fromDb).sort((a, b) => a.id - b.id);
  }

  /** Every process template of the business, by id (delete_business takes them along). */
  async ofBusiness(bizId: number): Promise<ProcTemplateRow[]> {
    return (await this.db.selectFrom('proc_template').selectAll().where('bk_biz_id', '=', bizId).orderBy('id').execute()).map(fromDb);
  }

  /** The business's process templates, of one service template and/or among ids; a count and a page query. */
  async list(q: { bizId: number; serviceTemplateId?: number; ids?: number[]; start: number; limit: number; desc: boolean }): Promise<{ count: number; rows: ProcTemplateRow[] }> {
    let base = this.db.selectFrom('proc_template').where('bk_biz_id', '=', q.bizId);
    if (q.serviceTemplateId !== undefined) base = base.where('service_template_id', '=', q.serviceTemplateId);
    if (q.ids) base = base.where('id', 'in', onlyRowIds(q.ids).length ? onlyRowIds(q.ids) : [-1]);
    const { n } = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const rows = await base.selectAll().orderBy('id', q.desc ? 'desc' : 'asc').limit(q.limit).offset(q.start).execute();
    return { count: Number(n), rows: rows.map(fromDb) };
  }
}

export class ProcTemplateWrites extends ProcTemplateReads {
  constructor(private readonly w: WriteSession) {
    super(w.trx);
  }

  /**
   * Holds service templates to commit (PostgreSQL, id order): 'update' by a write that changes their process
   * templates (and so the processes made from them), 'share' by one that makes, changes or deletes service
   * instances or processes of theirs. So the two take turns, and what follows a template is never written from a
   * template another write is changing. Every write takes this before it locks service instances or processes.
   */
  async holdServiceTemplates(ids: readonly number[], mode: 'share' | 'update'): Promise<void> {
    const valid = onlyRowIds([...new Set(ids)]).sort((a, b) => a - b);
    if (this.w.dialect !== 'postgres' || valid.length === 0) return;
    for (const chunk of inChunks(valid)) {
      const q = this.db.selectFrom('service_template').select('id').where('id', 'in', chunk).orderBy('id');
      await (mode === 'share' ? q.forShare() : q.forUpdate()).execute();
    }
  }

  /** Holds the templates to commit (PostgreSQL, id order): a change or delete decides on what the last one left. */
  async lock(ids: readonly number[]): Promise<void> {
    const valid = onlyRowIds([...new Set(ids)]).sort((a, b) => a - b);
    if (this.w.dialect !== 'postgres' || valid.length === 0) return;
    for (const chunk of inChunks(valid)) await this.db.selectFrom('proc_template').select('id').where('id', 'in', chunk).orderBy('id').forUpdate().execute();
  }

  /** A process attribute deleted: its field leaves every template too (a later attribute of the same id starts empty). */
  async removeField(propertyId: string): Promise<void> {
    const removed =
      this.w.dialect === 'postgres' ? sql`(property::jsonb - ${propertyId})::text` : sql`json_remove(property, ${'$."' + propertyId + '"'})`;
    await this.db.updateTable('proc_template').set({ property: removed }).execute();
  }

  async insert(bizId: number, serviceTemplateId: number, properties: readonly TemplateProperty[]): Promise<ProcTemplateRow[]> {
    const inserted = await this.db
      .insertInto('proc_template')
      .values(
        properties.map((property) => ({
          bk_biz_id: bizId,
          service_template_id: serviceTemplateId,
          bk_process_name: String(property.bk_process_name?.value ?? ''),
          property: JSON.stringify(property),
          ...this.w.newRecordStamp,
        })),
      )
      .returningAll()
      .execute();
    const rows = inserted.map(fromDb).sort((a, b) => a.id - b.id);
    for (const r of rows) this.audit('create', r, null, r);
    return rows;
  }

  async update(before: ProcTemplateRow, property: TemplateProperty, changed: string[]): Promise<ProcTemplateRow> {
    const updated = await this.db
      .updateTable('proc_template')
      .set({ property: JSON.stringify(property), bk_process_name: String(property.bk_process_name?.value ?? ''), modifier: this.w.actor.user, last_time: this.w.now })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = fromDb(updated);
    this.audit('update', after, before, after, changed);
    return after;
  }

  async delete(rows: readonly ProcTemplateRow[]): Promise<void> {
    const ids = rows.map((r) => r.id);
    for (const chunk of inChunks(ids)) {
      const deleted = await this.db.deleteFrom('proc_template').where('id', 'in', chunk).returning('id').execute();
      if (deleted.length < chunk.length) goneMeanwhile('process template', chunk, deleted.map((r) => Number(r.id)));
    }
    for (const r of rows) this.audit('delete', r, r, null);
  }

  private audit(action: 'create' | 'update' | 'delete', subject: ProcTemplateRow, pre: unknown, cur: unknown, updateFields?: string[]): void {
    this.w.auditRecord({ auditType: 'business_resource', resourceType: 'process_template' }, action, { ...subject, name: subject.bk_process_name }, pre, cur, updateFields);
  }
}
