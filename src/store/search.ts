import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { ObjId } from '../domain/model/attribute.js';
import type { DialectName } from './database.js';
import { INSTANCE_TABLES, fromRow, type InstanceRow } from './instance-tables.js';
import { escapeLike, ordered } from './dialect.js';
import type { FilterNode } from './host-store.js';

/** Compiles a FilterNode on an object's table (HostStore's compiler: one for every filter Topograph takes). */
export type FilterCompiler = (objId: ObjId, node: FilterNode) => Expression<SqlBool>;

export type FilterOp = 'eq' | 'ne' | 'in' | 'nin' | 'lt' | 'lte' | 'gt' | 'gte' | 'contains' | 'list_has' | 'null' | 'not_null';

export interface Filter {
  field: string;
  op: FilterOp;
  value?: unknown;
}

export interface SearchQuery {
  filters: Filter[];
  /** a QueryBuilder filter (and time ranges) on top of `filters` */
  tree?: FilterNode;
  start: number;
  limit: number;
  sort: Array<{ field: string; desc: boolean }>;
}

/** A search's limit that reads every row: for the calls that answer unpaged, as bk-cmdb's do. */
export const EVERY_ROW = 2_147_483_647;

export interface SearchResult {
  count: number;
  rows: InstanceRow[];
}


/**
 * One count and one page query per search, whatever the page size. Built-in attributes are columns;
 * custom attributes are read from the JSON column with the dialect's own JSON operators.
 */
export class InstanceSearch {
  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private readonly db: Kysely<any>,
    private readonly dialect: DialectName,
    private readonly compileTree: FilterCompiler,
  ) {}

  private ref(objId: ObjId, field: string): { expr: Expression<unknown>; json: boolean } {
    const t = INSTANCE_TABLES[objId];
    if (t.columns.has(field)) return { expr: sql.ref(field), json: false };
    if (this.dialect === 'postgres') return { expr: sql`(custom::jsonb -> ${field})`, json: true };
    return { expr: sql`json_extract(custom, ${'$."' + field.replace(/"/g, '') + '"'})`, json: false };
  }

  private condition(objId: ObjId, f: Filter): Expression<SqlBool> {
    const { expr, json } = this.ref(objId, f.field);
    const text = json ? sql`(${expr} #>> '{}')` : expr;
    // Booleans are 0/1 in columns and in SQLite's JSON; only PostgreSQL's jsonb compares true itself.
    const val = (v: unknown) =>
      json ? sql`${JSON.stringify(v)}::jsonb` : sql`${typeof v === 'boolean' ? (v ? 1 : 0) : v}`;
    const op = this.dialect === 'postgres' ? sql.raw('ilike') : sql.raw('like');
    switch (f.op) {
      case 'eq':
        return sql<SqlBool>`${expr} = ${val(f.value)}`;
      case 'ne':
        return sql<SqlBool>`(${expr} is null or ${expr} <> ${val(f.value)})`;
      case 'in':
      case 'nin': {
        const list = (f.value as unknown[]).map(val);
        if (list.length === 0) return sql<SqlBool>`${sql.lit(f.op === 'nin')}`;
        const joined = sql.join(list);
        return f.op === 'in' ? sql<SqlBool>`${expr} in (${joined})` : sql<SqlBool>`(${expr} is null or ${expr} not in (${joined}))`;
      }
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        return ordered(expr, f.op, val(f.value), json);
      case 'contains':
        return sql<SqlBool>`${text} ${op} ${'%' + escapeLike(String(f.value)) + '%'} escape '\\'`;
      case 'list_has':
        return sql<SqlBool>`(',' || ${text} || ',') like ${'%,' + escapeLike(String(f.value)) + ',%'} escape '\\'`;
      case 'null':
        return sql<SqlBool>`${expr} is null`;
      case 'not_null':
        return sql<SqlBool>`${expr} is not null`;
    }
  }

  async search(objId: ObjId, q: SearchQuery): Promise<SearchResult> {
    const t = INSTANCE_TABLES[objId];
    let base = this.db.selectFrom(t.table);
    for (const f of q.filters) base = base.where(this.condition(objId, f));
    if (q.tree) base = base.where(this.compileTree(objId, q.tree));
    const countRow = await base.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    // a limit of 0 asks for the count alone (count_object_instances)
    if (q.limit === 0) return { count: Number(countRow.count), rows: [] };
    let page = base.selectAll();
    // Nulls sort as the smallest value on both stores, as in SQLite and bk-cmdb's MongoDB.
    for (const s of q.sort) {
      page = page.orderBy(this.ref(objId, s.field).expr, (ob) => (s.desc ? ob.desc().nullsLast() : ob.asc().nullsFirst()));
    }
    if (!q.sort.some((s) => s.field === t.idColumn)) page = page.orderBy(t.idColumn, 'asc');
    const rows = await page.limit(q.limit).offset(q.start).execute();
    return { count: Number(countRow.count), rows: rows.map((r) => fromRow(objId, r)) };
  }
}
