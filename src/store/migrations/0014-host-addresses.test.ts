import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_DB, type TestDatabase } from '../../../test/support/database.js';
import { openDatabase, type Database } from '../database.js';
import { migrateToLatest } from '../migrate.js';

/** 0014 fills host_innerip and host_outerip from the hosts already stored, and refuses to guess when two share an address. */
describe(`migration 0014: one row per host address (${TEST_DB})`, () => {
  let fresh: TestDatabase | undefined;
  let database: Database | undefined;

  afterEach(async () => {
    await database?.close();
    await fresh?.drop();
    database = fresh = undefined;
  });

  /** A database migrated up to 0013, holding these hosts as that version would have written them. */
  async function before(hosts: Array<{ ip: string; cloud?: number; outer?: string }>): Promise<Database> {
    fresh = await freshDatabase();
    database = openDatabase(fresh.url);
    await migrateToLatest(database, '0013-cloud-area-ids');
    await database.db.insertInto('plat').values({ bk_cloud_id: 5, bk_cloud_name: 'other', create_time: 0, last_time: 0 }).execute();
    await database.db
      .insertInto('host')
      .values(hosts.map((h) => ({ bk_host_innerip: h.ip, bk_host_outerip: h.outer ?? '', bk_cloud_id: h.cloud ?? 0, create_time: 0, last_time: 0 })))
      .execute();
    return database;
  }

  it('gives every address of every host its row, and drops the two indexes on the whole list', async () => {
    const db = await before([{ ip: '10.0.0.1', outer: '1.2.3.4,1.2.3.5' }, { ip: '10.0.0.2, 10.0.0.3,10.0.0.2' }, { ip: '10.0.0.1', cloud: 5, outer: '1.2.3.6' }]);
    expect(await migrateToLatest(db, '0014-host-addresses')).toEqual(['0014-host-addresses']);
    const rows = await db.db.selectFrom('host_innerip').select(['ip', 'bk_cloud_id', 'bk_host_id']).orderBy('bk_host_id').orderBy('ip').execute();
    expect(rows).toEqual([
      { ip: '10.0.0.1', bk_cloud_id: 0, bk_host_id: 1 },
      { ip: '10.0.0.2', bk_cloud_id: 0, bk_host_id: 2 },
      { ip: '10.0.0.3', bk_cloud_id: 0, bk_host_id: 2 },
      { ip: '10.0.0.1', bk_cloud_id: 5, bk_host_id: 3 },
    ]);
    expect(await db.db.selectFrom('host_outerip').select(['ip', 'bk_host_id']).orderBy('ip').execute()).toEqual([
      { ip: '1.2.3.4', bk_host_id: 1 },
      { ip: '1.2.3.5', bk_host_id: 1 },
      { ip: '1.2.3.6', bk_host_id: 3 },
    ]);
    const catalog = TEST_DB === 'postgres' ? sql`select indexname as name from pg_indexes` : sql`select name from sqlite_master where type = 'index'`;
    const indexes = (await catalog.execute(db.db)).rows.map((r) => (r as { name: string }).name);
    expect(indexes).toEqual(expect.arrayContaining(['ix_host_innerip__bk_host_id', 'ix_host_outerip__bk_host_id']));
    for (const gone of ['uq_host__bk_cloud_id__bk_host_innerip', 'ix_host__bk_host_innerip', 'ix_host__bk_host_outerip']) expect(indexes).not.toContain(gone);
    // The key now holds each address of a cloud area to one host.
    await expect(db.db.insertInto('host_innerip').values({ ip: '10.0.0.3', bk_cloud_id: 0, bk_host_id: 1 }).execute()).rejects.toThrow();
  });

  it('stops, naming both hosts and the address, when two stored hosts share one', async () => {
    const db = await before([{ ip: '10.0.0.1,10.0.0.2' }, { ip: '10.0.0.9' }, { ip: '10.0.0.2' }]);
    await expect(migrateToLatest(db)).rejects.toThrow(/hosts 1 and 3 share the address 10\.0\.0\.2 \(bk_host_innerip\) in cloud area 0/);
  });

  it('stops, too, when two stored hosts share an outer IP, in whatever cloud areas', async () => {
    const db = await before([{ ip: '10.0.0.1', outer: '1.2.3.4' }, { ip: '10.0.0.2', cloud: 5, outer: '1.2.3.9,1.2.3.4' }]);
    await expect(migrateToLatest(db)).rejects.toThrow(/hosts 1 and 2 share the address 1\.2\.3\.4 \(bk_host_outerip\)/);
  });
});
