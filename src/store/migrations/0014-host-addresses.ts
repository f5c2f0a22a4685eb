import { sql, type Kysely } from 'kysely';
import type { AddressField } from '../../domain/hosts/addresses.js';
import { inChunks } from '../chunks.js';
import type { DialectName } from '../database.js';
import { addressRows, ADDRESS_TABLES, type AddressRow } from '../host-addresses.js';
import { insertRows } from '../insert-rows.js';

/** Hosts read at a time while the tables are filled from the hosts already stored. */
const BACKFILL_CHUNK = 5_000;

/**
 * One row per address of a host. bk_host_innerip and bk_host_outerip hold comma-separated lists, and bk-cmdb's
 * unique rules hold every element: each inner IP of a cloud area, and each outer IP, belongs to one host. The
 * primary keys of host_innerip (ip, bk_cloud_id) and host_outerip (ip) enforce that in the database, and find a
 * host by any one of its addresses. So the indexes on the whole strings go: the unique (bk_cloud_id,
 * bk_host_innerip) is implied by a key, and lookups by address (the add calls' checks, host filters) go through
 * the new tables; each cost an insert into a B-tree of text keys per host, which a 100,000-host import feels.
 *
 * Hosts stored before this migration that share an address fail it, naming them: which one keeps the address
 * is for the operator to decide, not for a migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  // SQLite: the primary key is the table, one B-tree instead of a rowid table and an index.
  const withoutRowid = <T extends { modifyEnd(s: ReturnType<typeof sql>): T }>(t: T): T => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t);
  await db.schema
    .createTable('host_innerip')
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('bk_cloud_id', 'integer', (c) => c.notNull())
    .addColumn('bk_host_id', 'integer', (c) => c.notNull().references('host.bk_host_id').onDelete('cascade'))
    .addPrimaryKeyConstraint('uq_host_innerip__ip__bk_cloud_id', ['ip', 'bk_cloud_id'])
    .$call(withoutRowid)
    .execute();
  await db.schema
    .createTable('host_outerip')
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('bk_host_id', 'integer', (c) => c.notNull().references('host.bk_host_id').onDelete('cascade'))
    .addPrimaryKeyConstraint('uq_host_outerip__ip', ['ip'])
    .$call(withoutRowid)
    .execute();
  for (const table of Object.values(ADDRESS_TABLES)) {
    await db.schema.createIndex(`ix_${table}__bk_host_id`).on(table).column('bk_host_id').execute();
  }

  for (let after = 0; ; ) {
    const hosts = (await db
      .selectFrom('host')
      .select(['bk_host_id', 'bk_cloud_id', 'bk_host_innerip', 'bk_host_outerip'])
      .where('bk_host_id', '>', after)
      .orderBy('bk_host_id')
      .limit(BACKFILL_CHUNK)
      .execute()) as Array<{ bk_host_id: number; bk_cloud_id: number; bk_host_innerip: string | null; bk_host_outerip: string | null }>;
    if (hosts.length === 0) break;
    after = hosts[hosts.length - 1]!.bk_host_id;
    for (const [field, table] of Object.entries(ADDRESS_TABLES) as Array<[AddressField, string]>) {
      const rows = addressRows(field, hosts);
      const key = (r: { ip: unknown; bk_cloud_id?: unknown }) => `${String(r.bk_cloud_id ?? '')}|${String(r.ip)}`;
      const taken = new Map<string, number>();
      for (const chunk of inChunks([...new Set(rows.map((r) => r.ip))])) {
        for (const r of (await db.selectFrom(table).selectAll().where('ip', 'in', chunk).execute()) as AddressRow[]) taken.set(key(r), r.bk_host_id);
      }
      for (const r of rows) {
        const other = taken.get(key(r));
        if (other !== undefined) {
          const where = r.bk_cloud_id === undefined ? '' : ` in cloud area ${r.bk_cloud_id}`;
          throw new Error(
            `hosts ${other} and ${r.bk_host_id} share the address ${r.ip} (${field})${where}; an address belongs to one host. Remove or re-address one of them with the previous version, then start again.`,
          );
        }
        taken.set(key(r), r.bk_host_id);
      }
      await insertRows(db, dialect, table, rows as unknown as Record<string, unknown>[]);
    }
  }
  for (const index of ['uq_host__bk_cloud_id__bk_host_innerip', 'ix_host__bk_host_innerip', 'ix_host__bk_host_outerip']) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
}
