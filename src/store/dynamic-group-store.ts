import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DialectName } from './database.js';
import type { Sort } from './template-store.js';
import type { WriteSession } from './write-session.js';

/**
 * Dynamic groups: their rows, the reads (Store.dynamicGroups) and the writes, each of which queues its audit
 * record on the WriteSession so that it commits with the change or not at all. The name is unique in its
 * business by the table's unique index.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export interface DynamicGroupRow {
  id: string;
  bk_biz_id: number;
  name: string;
  /** host or set: what the group finds */
  bk_obj_id: string;
  /** the rule, {condition: [...], variable_condition?: [...]}, as the domain checked it */
  info: unknown;
  create_user: string;
  modify_user: string;
  create_time: number;
  last_time: number;
}

export interface DynamicGroupQuery {
  bizId: number;
  /** equality on these columns */
  where: Partial<Record<'name' | 'create_user' | 'modify_user', string>>;
  start: number;
  limit: number;
  sort: Sort[];
}

const fromRow = (r: Record<string, unknown>): DynamicGroupRow => ({
  id: String(r.id),
  bk_biz_id: Number(r.bk_biz_id),
  name: String(r.name),
  bk_obj_id: String(r.bk_obj_id),
  info: JSON.parse(String(r.info)) as unknown,
  create_user: String(r.create_user),
  modify_user: String(r.modify_user),
  create_time: Number(r.create_time),
  last_time: Number(r.last_time),
});

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/** A new id shaped as bk-cmdb's (20 characters of 0-9 a-v), random: 100 bits, so no two collide in practice. */
export function newDynamicGroupId(): string {
  return [...randomBytes(20)].map((b) => ID_ALPHABET[b & 31]).join('');
}

export class DynamicGroupReads {
  constructor(
    protected readonly db: Db,
    protected readonly dialect: DialectName,
  ) {}

  /** `lock`, on PostgreSQL in a write, holds the row to commit, so that two changes of one group take turns. */
  async get(bizId: number, id: string, lock = false): Promise<DynamicGroupRow | undefined> {
    let q = this.db.selectFrom('dynamic_group').selectAll().where('bk_biz_id', '=', bizId).where('id', '=', id);
    if (lock && this.dialect === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /** A business's groups: one count and one page query. */
  async list(q: DynamicGroupQuery): Promise<{ count: number; rows: DynamicGroupRow[] }> {
    let base = this.db.selectFrom('dynamic_group').where('bk_biz_id', '=', q.bizId);
    for (const [column, value] of Object.entries(q.where)) base = base.where(column, '=', value);
    const { n } = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    let page = base.selectAll();
    for (const s of q.sort) page = page.orderBy(s.field, s.desc ? 'desc' : 'asc');
    const rows = await page.orderBy('id').limit(q.limit).offset(q.start).execute();
    return { count: Number(n), rows: rows.map(fromRow) };
  }
}

export class DynamicGroupWrites extends DynamicGroupReads {
  constructor(private readonly w: WriteSession) {
    super(w.trx, w.dialect);
  }

  private audit(action: 'create' | 'update' | 'delete', subject: DynamicGroupRow, pre: DynamicGroupRow | null, cur: DynamicGroupRow | null, fields?: string[]) {
    this.w.auditRecord({ auditType: 'dynamic_group', resourceType: 'dynamic_group' }, action, subject, pre, cur, fields);
  }

  async insert(values: { bizId: number; name: string; objId: string; info: unknown }): Promise<DynamicGroupRow> {
    const row: DynamicGroupRow = {
      id: newDynamicGroupId(),
      bk_biz_id: values.bizId,
      name: values.name,
      bk_obj_id: values.objId,
      info: values.info,
      create_user: this.w.actor.user,
      modify_user: this.w.actor.user,
      create_time: this.w.now,
      last_time: this.w.now,
    };
    await this.db.insertInto('dynamic_group').values({ ...row, info: JSON.stringify(row.info) }).execute();
    this.audit('create', row, null, row);
    return row;
  }

  async update(before: DynamicGroupRow, changes: { name?: string; objId?: string; info?: unknown }): Promise<DynamicGroupRow> {
    const after: DynamicGroupRow = {
      ...before,
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.objId !== undefined && { bk_obj_id: changes.objId }),
      ...(changes.info !== undefined && { info: changes.info }),
      modify_user: this.w.actor.user,
      last_time: this.w.now,
    };
    await this.db
      .updateTable('dynamic_group')
      .set({ name: after.name, bk_obj_id: after.bk_obj_id, info: JSON.stringify(after.info), modify_user: after.modify_user, last_time: after.last_time })
      .where('id', '=', before.id)
      .execute();
    const fields = Object.keys(changes).map((k) => (k === 'objId' ? 'bk_obj_id' : k));
    this.audit('update', after, before, after, fields);
    return after;
  }

  async delete(row: DynamicGroupRow): Promise<void> {
    await this.db.deleteFrom('dynamic_group').where('id', '=', row.id).execute();
    this.audit('delete', row, row, null);
  }

  /** Every group of a business, for delete_business: one statement, each row audited. */
  async deleteAllOfBusiness(bizId: number): Promise<void> {
    const rows = (await this.db.selectFrom('dynamic_group').selectAll().where('bk_biz_id', '=', bizId).execute()).map(fromRow);
    await this.db.deleteFrom('dynamic_group').where('bk_biz_id', '=', bizId).execute();
    for (const r of rows) this.audit('delete', r, r, null);
  }
}
