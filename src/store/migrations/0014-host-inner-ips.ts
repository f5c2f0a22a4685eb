import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { inChunks } from '../chunks.js';
import { innerIpRows } from '../host-ips.js';
import { insertRows } from '../insert-rows.js';

/** Hosts read at a time while the table is filled from the hosts already stored. */
const BACKFILL_CHUNK = 5_000;

/**
 * One row per inner IP of a host: bk_host_innerip holds a comma-separated list, and bk-cmdb holds each address
 * of a cloud area to one host (its MongoDB unique index covers every element of the list). The primary key
 * (ip, bk_cloud_id) enforces that in the database; it also finds a host by any one of its addresses. So the
 * two indexes on the whole bk_host_innerip string go: the unique one with the cloud area is implied by the key,
 * and lookups by address (the add calls' checks, host filters) now go through host_innerip; each cost an
 * insert into a B-tree of text keys per host, which a 100,000-host import feels.
 *
 * Hosts stored before this migration that share an address fail it, naming them: which one keeps the address
 * is for the operator to decide, not for a migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('host_innerip')
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('bk_cloud_id', 'integer', (c) => c.notNull())
    .addColumn('bk_host_id', 'integer', (c) => c.notNull().references('host.bk_host_id').onDelete('cascade'))
    .addPrimaryKeyConstraint('uq_host_innerip__ip__bk_cloud_id', ['ip', 'bk_cloud_id'])
    // SQLite: the primary key is the table, one B-tree instead of a rowid table and an index.
    .$call((t) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .execute();
  await db.schema.createIndex('ix_host_innerip__bk_host_id').on('host_innerip').column('bk_host_id').execute();

  for (let after = 0; ; ) {
    const hosts = await db
      .selectFrom('host')
      .select(['bk_host_id', 'bk_cloud_id', 'bk_host_innerip'])
      .where('bk_host_id', '>', after)
      .orderBy('bk_host_id')
      .limit(BACKFILL_CHUNK)
      .execute();
    if (hosts.length === 0) break;
    after = hosts[hosts.length - 1]!.bk_host_id as number;
    const rows = innerIpRows(hosts as Array<{ bk_host_id: number; bk_cloud_id: number; bk_host_innerip: string | null }>);
    const shared: Array<Record<string, unknown>> = [];
    for (const chunk of inChunks([...new Set(rows.map((r) => r.ip))])) {
      shared.push(...(await db.selectFrom('host_innerip').select(['ip', 'bk_cloud_id', 'bk_host_id']).where('ip', 'in', chunk).execute()));
    }
    const taken = new Map(shared.map((s) => [`${s.bk_cloud_id as number}|${s.ip as string}`, s.bk_host_id as number]));
    const seen = new Map<string, number>();
    for (const r of rows) {
      const key = `${r.bk_cloud_id}|${r.ip}`;
      const other = taken.get(key) ?? seen.get(key);
      if (other !== undefined) {
        throw new Error(
          `hosts ${other} and ${r.bk_host_id} share the inner IP ${r.ip} in cloud area ${r.bk_cloud_id}; an address belongs to one host of a cloud area. Remove or re-address one of them with the previous version, then start again.`,
        );
      }
      seen.set(key, r.bk_host_id);
    }
    await insertRows(db, dialect, 'host_innerip', rows as unknown as Record<string, unknown>[]);
  }
  await db.schema.dropIndex('uq_host__bk_cloud_id__bk_host_innerip').ifExists().execute();
  await db.schema.dropIndex('ix_host__bk_host_innerip').ifExists().execute();
}
