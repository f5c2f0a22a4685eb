import { sql, type Kysely } from 'kysely';
import { inChunks } from './chunks.js';
import { goneMeanwhile } from './gone-meanwhile.js';
import type { WriteSession } from './write-session.js';

/**
 * Service categories, service templates and set templates: their rows, the reads every template call needs
 * (TemplateReads, reachable as Store.templates and, inside a write, through TemplateWrites), and the writes,
 * each of which queues its audit record on the WriteSession so that it commits with the change or not at all.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** Row ids are 32-bit integers in both stores: a larger (or non-positive) id names nothing, and is never sent to SQL. */
export const MAX_ROW_ID = 2_147_483_647;
export const isRowId = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_ROW_ID;

export interface ServiceCategoryRow {
  id: number;
  name: string;
  bk_root_id: number;
  bk_parent_id: number;
  bk_biz_id: number;
  is_built_in: boolean;
  bk_supplier_account: string;
}

export interface ServiceTemplateRow {
  id: number;
  bk_biz_id: number;
  name: string;
  service_category_id: number;
  host_apply_enabled: boolean;
  creator: string;
  modifier: string;
  create_time: number;
  last_time: number;
  bk_supplier_account: string;
}

export interface SetTemplateRow {
  id: number;
  bk_biz_id: number;
  name: string;
  /** null until the template's service templates are first changed */
  version: number | null;
  creator: string;
  modifier: string;
  create_time: number;
  last_time: number;
  bk_supplier_account: string;
}

/** The narrow view of a set made from a set template. */
export interface TemplateSetRow {
  bk_set_id: number;
  bk_set_name: string;
  set_template_version: number | null;
}

/** The narrow view of a module of such a set. */
export interface TemplateModuleRow {
  bk_module_id: number;
  bk_module_name: string;
  bk_set_id: number;
  service_template_id: number;
}

export interface Sort {
  field: string;
  desc: boolean;
}

export interface ServiceTemplateQuery {
  bizId: number;
  /** any of these categories; undefined = no filter */
  categoryIds?: number[];
  /** name filter: case-insensitive "contains", or equality when exact */
  search?: string;
  exact?: boolean;
  ids?: number[];
  start: number;
  limit: number;
  sort: Sort[];
}

export interface SetTemplateQuery {
  bizId: number;
  ids?: number[];
  start: number;
  limit: number;
  sort: Sort[];
}

const num = (v: unknown): number => Number(v);

function categoryFromRow(r: Record<string, unknown>): ServiceCategoryRow {
  return {
    id: num(r.id),
    name: String(r.name),
    bk_root_id: num(r.bk_root_id),
    bk_parent_id: num(r.bk_parent_id),
    bk_biz_id: num(r.bk_biz_id),
    is_built_in: Boolean(r.is_built_in),
    bk_supplier_account: String(r.bk_supplier_account),
  };
}

function serviceTemplateFromRow(r: Record<string, unknown>): ServiceTemplateRow {
  return {
    id: num(r.id),
    bk_biz_id: num(r.bk_biz_id),
    name: String(r.name),
    service_category_id: num(r.service_category_id),
    host_apply_enabled: Boolean(r.host_apply_enabled),
    creator: String(r.creator),
    modifier: String(r.modifier),
    create_time: num(r.create_time),
    last_time: num(r.last_time),
    bk_supplier_account: String(r.bk_supplier_account),
  };
}

function setTemplateFromRow(r: Record<string, unknown>): SetTemplateRow {
  return {
    id: num(r.id),
    bk_biz_id: num(r.bk_biz_id),
    name: String(r.name),
    version: r.version === null || r.version === undefined ? null : num(r.version),
    creator: String(r.creator),
    modifier: String(r.modifier),
    create_time: num(r.create_time),
    last_time: num(r.last_time),
    bk_supplier_account: String(r.bk_supplier_account),
  };
}

/** `%text%` for LIKE, with the wildcards of the text itself escaped (ESCAPE '\'). */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const onlyRowIds = (ids: number[]) => ids.filter(isRowId);

export class TemplateReads {
  /** ilike: the dialect's case-insensitive LIKE (only the service template name search uses it) */
  constructor(
    protected readonly db: Db,
    private readonly ilike: 'like' | 'ilike' = 'like',
  ) {}

  // --- service categories ---------------------------------------------------------------------------

  /** The global categories and the business's own, by name (as bk-cmdb lists them). */
  async categoriesVisibleTo(bizId: number): Promise<ServiceCategoryRow[]> {
    const scope = isRowId(bizId) ? [0, bizId] : [0];
    const rows = await this.db.selectFrom('service_category').selectAll().where('bk_biz_id', 'in', scope).orderBy('name').orderBy('id').execute();
    return rows.map(categoryFromRow);
  }

  async category(id: number): Promise<ServiceCategoryRow | undefined> {
    if (!isRowId(id)) return undefined;
    const row = await this.db.selectFrom('service_category').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? categoryFromRow(row) : undefined;
  }

  async countCategoryChildren(id: number): Promise<number> {
    const row = await this.db
      .selectFrom('service_category')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('bk_parent_id', '=', id)
      .where('id', '<>', id)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** How many service templates and modules are of the category. */
  async categoryUsage(id: number): Promise<{ serviceTemplates: number; modules: number }> {
    const t = await this.db
      .selectFrom('service_template')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('service_category_id', '=', id)
      .executeTakeFirstOrThrow();
    const m = await this.db
      .selectFrom('module')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('service_category_id', '=', id)
      .executeTakeFirstOrThrow();
    return { serviceTemplates: Number(t.n), modules: Number(m.n) };
  }

  /**
   * Whether another category of the same level (roots, or second-level categories) visible to the business
   * already has the name: bk-cmdb's rule, which keeps the names a module shows unambiguous.
   */
  async categoryNameTaken(bizId: number, isRoot: boolean, name: string, exceptId?: number): Promise<boolean> {
    let q = this.db
      .selectFrom('service_category')
      .select('id')
      .where('bk_biz_id', 'in', [0, bizId])
      .where('name', '=', name)
      .where('bk_parent_id', isRoot ? '=' : '<>', 0);
    if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  // --- service templates ----------------------------------------------------------------------------

  async serviceTemplate(id: number): Promise<ServiceTemplateRow | undefined> {
    if (!isRowId(id)) return undefined;
    const row = await this.db.selectFrom('service_template').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? serviceTemplateFromRow(row) : undefined;
  }

  /** The business's service templates among ids, by id. */
  async serviceTemplatesIn(bizId: number, ids: number[]): Promise<ServiceTemplateRow[]> {
    const valid = onlyRowIds(ids);
    if (valid.length === 0) return [];
    const rows = await this.db
      .selectFrom('service_template')
      .selectAll()
      .where('bk_biz_id', '=', bizId)
      .where('id', 'in', valid)
      .orderBy('id')
      .execute();
    return rows.map(serviceTemplateFromRow);
  }

  async serviceTemplateNameTaken(bizId: number, name: string, exceptId?: number): Promise<boolean> {
    let q = this.db.selectFrom('service_template').select('id').where('bk_biz_id', '=', bizId).where('name', '=', name);
    if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async listServiceTemplates(query: ServiceTemplateQuery): Promise<{ count: number; rows: ServiceTemplateRow[] }> {
    let base = this.db.selectFrom('service_template').where('bk_biz_id', '=', query.bizId);
    if (query.categoryIds) base = base.where('service_category_id', 'in', query.categoryIds.length ? query.categoryIds : [-1]);
    if (query.ids) base = base.where('id', 'in', onlyRowIds(query.ids).length ? onlyRowIds(query.ids) : [-1]);
    if (query.search !== undefined && query.search !== '') {
      const search = query.search;
      base = query.exact
        ? base.where('name', '=', search)
        : base.where(sql<boolean>`${sql.ref('name')} ${sql.raw(this.ilike)} ${containsPattern(search)} escape '\\'`);
    }
    const { n } = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    let page = base.selectAll();
    for (const s of query.sort) page = page.orderBy(s.field, s.desc ? 'desc' : 'asc');
    const rows = await page.orderBy('id').limit(query.limit).offset(query.start).execute();
    return { count: Number(n), rows: rows.map(serviceTemplateFromRow) };
  }

  async countModulesOfServiceTemplate(id: number): Promise<number> {
    const row = await this.db
      .selectFrom('module')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('service_template_id', '=', id)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The set templates (ids) that include the service template. */
  async setTemplatesIncluding(serviceTemplateId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('set_template_service_template')
      .select('set_template_id')
      .where('service_template_id', '=', serviceTemplateId)
      .orderBy('set_template_id')
      .execute();
    return rows.map((r) => num(r.set_template_id));
  }

  // --- set templates --------------------------------------------------------------------------------

  async setTemplate(id: number): Promise<SetTemplateRow | undefined> {
    if (!isRowId(id)) return undefined;
    const row = await this.db.selectFrom('set_template').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? setTemplateFromRow(row) : undefined;
  }

  async setTemplatesIn(bizId: number, ids: number[]): Promise<SetTemplateRow[]> {
    const valid = onlyRowIds(ids);
    if (valid.length === 0) return [];
    const rows = await this.db.selectFrom('set_template').selectAll().where('bk_biz_id', '=', bizId).where('id', 'in', valid).orderBy('id').execute();
    return rows.map(setTemplateFromRow);
  }

  async setTemplateNameTaken(bizId: number, name: string, exceptId?: number): Promise<boolean> {
    let q = this.db.selectFrom('set_template').select('id').where('bk_biz_id', '=', bizId).where('name', '=', name);
    if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async listSetTemplates(query: SetTemplateQuery): Promise<{ count: number; rows: SetTemplateRow[] }> {
    let base = this.db.selectFrom('set_template').where('bk_biz_id', '=', query.bizId);
    if (query.ids) base = base.where('id', 'in', onlyRowIds(query.ids).length ? onlyRowIds(query.ids) : [-1]);
    const { n } = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    let page = base.selectAll();
    for (const s of query.sort) page = page.orderBy(s.field, s.desc ? 'desc' : 'asc');
    const rows = await page.orderBy('id').limit(query.limit).offset(query.start).execute();
    return { count: Number(n), rows: rows.map(setTemplateFromRow) };
  }

  /** The service templates a set template is made of, by id. */
  async serviceTemplatesOf(setTemplateId: number): Promise<ServiceTemplateRow[]> {
    const rows = await this.db
      .selectFrom('set_template_service_template as r')
      .innerJoin('service_template as t', 't.id', 'r.service_template_id')
      .selectAll('t')
      .where('r.set_template_id', '=', setTemplateId)
      .orderBy('t.id')
      .execute();
    return rows.map(serviceTemplateFromRow);
  }

  /** Each set template's service template ids (ascending), for many set templates in one statement per chunk. */
  async serviceTemplateIdsOf(setTemplateIds: readonly number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>(setTemplateIds.map((id) => [id, []]));
    for (const chunk of inChunks([...new Set(setTemplateIds)])) {
      const rows = await this.db
        .selectFrom('set_template_service_template')
        .select(['set_template_id', 'service_template_id'])
        .where('set_template_id', 'in', chunk)
        .orderBy('service_template_id')
        .execute();
      for (const r of rows) out.get(r.set_template_id as number)?.push(r.service_template_id as number);
    }
    return out;
  }

  /** How many sets are made from any of the set templates. */
  async countSetsOf(setTemplateIds: number[]): Promise<number> {
    const valid = onlyRowIds(setTemplateIds);
    if (valid.length === 0) return 0;
    const row = await this.db
      .selectFrom('topo_set')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('set_template_id', 'in', valid)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The business's sets made from the set template, by id. */
  async setsOf(bizId: number, setTemplateId: number): Promise<TemplateSetRow[]> {
    const rows = await this.db
      .selectFrom('topo_set')
      .select(['bk_set_id', 'bk_set_name', 'set_template_version'])
      .where('bk_biz_id', '=', bizId)
      .where('set_template_id', '=', setTemplateId)
      .orderBy('bk_set_id')
      .execute();
    return rows.map((r) => ({
      bk_set_id: num(r.bk_set_id),
      bk_set_name: String(r.bk_set_name),
      set_template_version: r.set_template_version === null ? null : num(r.set_template_version),
    }));
  }

  /** The modules of the sets, by id. */
  async modulesOfSets(setIds: number[]): Promise<TemplateModuleRow[]> {
    const valid = onlyRowIds(setIds);
    if (valid.length === 0) return [];
    const rows = await this.db
      .selectFrom('module')
      .select(['bk_module_id', 'bk_module_name', 'bk_set_id', 'service_template_id'])
      .where('bk_set_id', 'in', valid)
      .orderBy('bk_module_id')
      .execute();
    return rows.map((r) => ({
      bk_module_id: num(r.bk_module_id),
      bk_module_name: String(r.bk_module_name),
      bk_set_id: num(r.bk_set_id),
      service_template_id: num(r.service_template_id),
    }));
  }
}

const AUDIT_TYPE = 'business_resource';

/**
 * The template reads and writes of one write transaction. Each write queues its audit record (audit_type
 * business_resource; resource_type service_category / service_template / set_template) on the session.
 */
export class TemplateWrites extends TemplateReads {
  constructor(private readonly w: WriteSession) {
    super(w.trx);
  }

  /**
   * Holds the rows until the transaction ends (in id order), so that what is read of them next is what this
   * write replaces: two concurrent list changes of a set template get versions n+1 and n+2, not both n+1; a
   * second delete finds nothing to delete; an audit's pre_data is the row as the last change left it.
   * PostgreSQL only; on SQLite the writer's lock (BEGIN IMMEDIATE) already keeps writes apart.
   */
  async lockRows(table: 'set_template' | 'service_template' | 'service_category', ids: readonly number[]): Promise<void> {
    const valid = onlyRowIds([...ids]);
    if (this.w.dialect !== 'postgres' || valid.length === 0) return;
    await this.db.selectFrom(table).select('id').where('id', 'in', valid).orderBy('id').forUpdate().execute();
  }

  /** Deletes rows read by this write; when another request removed one meanwhile the whole write is undone (not found). */
  private async deleteRead(table: 'set_template' | 'service_template' | 'service_category', ids: number[]): Promise<void> {
    const deleted = await this.db.deleteFrom(table).where('id', 'in', ids).returning('id').execute();
    if (deleted.length < new Set(ids).size) goneMeanwhile(table, ids, deleted.map((r) => num(r.id)));
  }

  private audit(
    resourceType: 'service_category' | 'service_template' | 'set_template',
    action: 'create' | 'update' | 'delete',
    subject: { id: number; name: string; bk_biz_id: number },
    pre: unknown,
    cur: unknown,
    updateFields?: string[],
  ): void {
    this.w.auditRecord({ auditType: AUDIT_TYPE, resourceType }, action, subject, pre, cur, updateFields);
  }

  // --- service categories ---------------------------------------------------------------------------

  /** A root category (parentId 0) is its own root; a child takes its parent's root. */
  async insertCategory(values: { bizId: number; name: string; parentId: number; rootId: number }): Promise<ServiceCategoryRow> {
    const inserted = await this.db
      .insertInto('service_category')
      .values({
        name: values.name,
        bk_parent_id: values.parentId,
        bk_root_id: values.rootId,
        bk_biz_id: values.bizId,
        is_built_in: 0,
        bk_supplier_account: '0',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    let row = categoryFromRow(inserted);
    if (values.parentId === 0) {
      const updated = await this.db
        .updateTable('service_category')
        .set({ bk_root_id: row.id })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      row = categoryFromRow(updated);
    }
    this.audit('service_category', 'create', row, null, row);
    return row;
  }

  async renameCategory(before: ServiceCategoryRow, name: string): Promise<ServiceCategoryRow> {
    const updated = await this.db.updateTable('service_category').set({ name }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
    const after = categoryFromRow(updated);
    this.audit('service_category', 'update', after, before, after, ['name']);
    return after;
  }

  async deleteCategory(row: ServiceCategoryRow): Promise<void> {
    await this.deleteRead('service_category', [row.id]);
    this.audit('service_category', 'delete', row, row, null);
  }

  // --- service templates ----------------------------------------------------------------------------

  async insertServiceTemplate(values: { bizId: number; name: string; categoryId: number }): Promise<ServiceTemplateRow> {
    const inserted = await this.db
      .insertInto('service_template')
      .values({ bk_biz_id: values.bizId, name: values.name, service_category_id: values.categoryId, host_apply_enabled: 0, ...this.w.newRecordStamp })
      .returningAll()
      .executeTakeFirstOrThrow();
    const row = serviceTemplateFromRow(inserted);
    this.audit('service_template', 'create', row, null, row);
    return row;
  }

  async updateServiceTemplate(before: ServiceTemplateRow, changes: { name?: string; categoryId?: number }): Promise<ServiceTemplateRow> {
    const set: Record<string, unknown> = { modifier: this.w.actor.user, last_time: this.w.now };
    const fields: string[] = [];
    if (changes.name !== undefined) {
      set.name = changes.name;
      fields.push('name');
    }
    if (changes.categoryId !== undefined) {
      set.service_category_id = changes.categoryId;
      fields.push('service_category_id');
    }
    const updated = await this.db.updateTable('service_template').set(set).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
    const after = serviceTemplateFromRow(updated);
    this.audit('service_template', 'update', after, before, after, fields);
    return after;
  }

  async deleteServiceTemplate(row: ServiceTemplateRow): Promise<void> {
    await this.deleteRead('service_template', [row.id]);
    this.audit('service_template', 'delete', row, row, null);
  }

  // --- set templates --------------------------------------------------------------------------------

  private async insertRelations(template: SetTemplateRow, serviceTemplateIds: number[]): Promise<void> {
    if (serviceTemplateIds.length === 0) return;
    await this.db
      .insertInto('set_template_service_template')
      .values(serviceTemplateIds.map((id) => ({ set_template_id: template.id, service_template_id: id, bk_biz_id: template.bk_biz_id })))
      .execute();
  }

  async insertSetTemplate(values: { bizId: number; name: string }, serviceTemplateIds: number[]): Promise<SetTemplateRow> {
    const inserted = await this.db
      .insertInto('set_template')
      .values({ bk_biz_id: values.bizId, name: values.name, version: null, ...this.w.newRecordStamp })
      .returningAll()
      .executeTakeFirstOrThrow();
    const row = setTemplateFromRow(inserted);
    await this.insertRelations(row, serviceTemplateIds);
    this.audit('set_template', 'create', row, null, { ...row, service_template_ids: serviceTemplateIds });
    return row;
  }

  /**
   * Renames and/or replaces the service template list (with its new version). before carries the list as it
   * was, for the audit record.
   */
  async updateSetTemplate(
    before: SetTemplateRow & { service_template_ids: number[] },
    changes: { name?: string; serviceTemplateIds?: number[]; version?: number | null },
  ): Promise<SetTemplateRow> {
    const set: Record<string, unknown> = { modifier: this.w.actor.user, last_time: this.w.now };
    const fields: string[] = [];
    if (changes.name !== undefined) {
      set.name = changes.name;
      fields.push('name');
    }
    if (changes.version !== undefined) {
      set.version = changes.version;
      fields.push('version');
    }
    const updated = await this.db.updateTable('set_template').set(set).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
    const after = setTemplateFromRow(updated);
    let ids = before.service_template_ids;
    if (changes.serviceTemplateIds !== undefined) {
      await this.db.deleteFrom('set_template_service_template').where('set_template_id', '=', before.id).execute();
      await this.insertRelations(after, changes.serviceTemplateIds);
      ids = changes.serviceTemplateIds;
      fields.push('service_template_ids');
    }
    this.audit('set_template', 'update', after, before, { ...after, service_template_ids: ids }, fields);
    return after;
  }

  async deleteSetTemplates(rows: Array<SetTemplateRow & { service_template_ids: number[] }>): Promise<void> {
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    await this.db.deleteFrom('set_template_service_template').where('set_template_id', 'in', ids).execute();
    await this.deleteRead('set_template', ids);
    for (const r of rows) this.audit('set_template', 'delete', r, r, null);
  }

  /**
   * Everything template-like a business owns, for delete_business: set templates, service templates, then
   * categories (children before their roots), a statement or two each whatever their number, each row audited.
   */
  async deleteAllOfBusiness(bizId: number): Promise<void> {
    const setTemplates = (await this.db.selectFrom('set_template').selectAll().where('bk_biz_id', '=', bizId).execute()) as SetTemplateRow[];
    await this.db
      .deleteFrom('set_template_service_template')
      .where('set_template_id', 'in', this.db.selectFrom('set_template').select('id').where('bk_biz_id', '=', bizId))
      .execute();
    await this.db.deleteFrom('set_template').where('bk_biz_id', '=', bizId).execute();
    for (const r of setTemplates) this.audit('set_template', 'delete', r, r, null);
    const serviceTemplates = (await this.db.selectFrom('service_template').selectAll().where('bk_biz_id', '=', bizId).execute()) as ServiceTemplateRow[];
    await this.db.deleteFrom('service_template').where('bk_biz_id', '=', bizId).execute();
    for (const r of serviceTemplates) this.audit('service_template', 'delete', r, r, null);
    const categories = (await this.db.selectFrom('service_category').selectAll().where('bk_biz_id', '=', bizId).execute()) as ServiceCategoryRow[];
    await this.db.deleteFrom('service_category').where('bk_biz_id', '=', bizId).where('bk_parent_id', '<>', 0).execute();
    await this.db.deleteFrom('service_category').where('bk_biz_id', '=', bizId).execute();
    for (const r of [...categories.filter((c) => c.bk_parent_id !== 0), ...categories.filter((c) => c.bk_parent_id === 0)]) {
      this.audit('service_category', 'delete', r, r, null);
    }
  }
}
