import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlitePath } from '../src/store/database.js';
import { TEST_DB } from './support/database.js';
import { startTopograph, type TestTopograph } from './support/server.js';

interface IndexInfo {
  table: string;
  name: string;
  columns: string[];
  unique: boolean;
  /** has a WHERE: it serves only queries that imply its predicate */
  partial: boolean;
}

/** Every index of the migrated schema, with its columns in order (expression columns as "(expr)"). */
async function indexesOf(url: string): Promise<IndexInfo[]> {
  if (TEST_DB === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<IndexInfo>(
        `select t.relname as "table", i.relname as name, ix.indisunique as "unique", ix.indpred is not null as partial,
                array(select pg_get_indexdef(ix.indexrelid, k + 1, true) from generate_subscripts(ix.indkey, 1) as k order by k) as columns
           from pg_index ix
           join pg_class i on i.oid = ix.indexrelid
           join pg_class t on t.oid = ix.indrelid
           join pg_namespace n on n.oid = t.relnamespace
          where n.nspname = 'public'`,
      );
      return rows.map((r) => ({ ...r, columns: r.columns.map((c) => c.replace(/"/g, '')) }));
    } finally {
      await client.end();
    }
  }
  const db = new Database(sqlitePath(url), { readonly: true });
  try {
    const list = db.prepare("select name, tbl_name as tbl from sqlite_master where type = 'index'").all() as Array<{ name: string; tbl: string }>;
    return list.map(({ name, tbl }) => ({
      table: tbl,
      name,
      ...((l) => ({ unique: l.u === 1, partial: l.p === 1 }))(
        db.prepare('select "unique" as u, partial as p from pragma_index_list(?) where name = ?').get(tbl, name) as { u: number; p: number },
      ),
      columns: (db.prepare('select name from pragma_index_info(?) order by seqno').all(name) as Array<{ name: string | null }>).map((c) => c.name ?? '(expr)'),
    }));
  } finally {
    db.close();
  }
}

describe(`indexes (${TEST_DB})`, () => {
  let t: TestTopograph;
  let indexes: IndexInfo[];
  beforeAll(async () => {
    t = await startTopograph();
    indexes = await indexesOf(t.db.url);
  });
  afterAll(async () => t?.stop());

  it('no index only repeats the leading columns of a wider one on the same table', () => {
    const redundant = indexes.flatMap((a) =>
      a.unique
        ? []
        : indexes
            .filter(
              (b) =>
                b !== a && !b.partial && b.table === a.table && b.columns.length > a.columns.length && a.columns.every((c, i) => b.columns[i] === c),
            )
            .map((b) => `${a.name} (${a.columns.join(', ')}) within ${b.name} (${b.columns.join(', ')})`),
    );
    expect(redundant).toEqual([]);
  });

  // A partial index serves only the queries that imply its WHERE, so it does not count for a plain filter.
  const leads = (table: string, ...columns: string[]) =>
    indexes.some((i) => i.table === table && !i.partial && columns.every((c, n) => i.columns[n] === c));

  it('the filters the dropped indexes served still lead an index that is not partial', () => {
    expect(leads('module', 'bk_biz_id')).toBe(true);
    expect(leads('host_module', 'bk_biz_id')).toBe(true);
    expect(leads('host', 'bk_cloud_id')).toBe(true);
    expect(indexes.map((i) => i.name)).not.toContain('ix_module__bk_biz_id');
  });

  it('the relation reads (find_host_biz_relations by host, find_module_host_relation by module) lead an index', () => {
    expect(leads('host_module', 'bk_host_id')).toBe(true);
    expect(leads('host_module', 'bk_module_id')).toBe(true);
  });

  it("the audit calls' filters each lead an index; by business, in the order the answer takes (id)", () => {
    for (const column of ['resource_id', 'resource_name', 'operator', 'operation_time', 'resource_type']) expect(leads('audit_log', column), column).toBe(true);
    expect(leads('audit_log', 'bk_biz_id', 'id')).toBe(true);
  });
});
