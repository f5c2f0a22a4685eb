import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_DB, type TestDatabase } from '../../test/support/database.js';
import { Store } from './store.js';

const ACTOR = { user: 'tester', appCode: 'test', requestId: 'bulk' };

/** More rows than insertInstances builds and records at a time, so the batch spans several chunks. */
const ROWS = 4_500;

/**
 * insertInstances writes a big batch a chunk at a time, each chunk's audit records and events inserted before
 * the next chunk is built. All of it is still one transaction: it commits whole or leaves nothing.
 */
describe(`bulk inserts across chunks (${TEST_DB})`, () => {
  let fresh: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    fresh = await freshDatabase();
    store = await Store.open(fresh.url);
    await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
    await fresh?.drop();
  });

  const clouds = (prefix: string) => Array.from({ length: ROWS }, (_, i) => ({ bk_cloud_name: `${prefix}-${i}` }));
  const named = async (prefix: string) =>
    (await store.search('plat', { filters: [{ field: 'bk_cloud_name', op: 'contains', value: `${prefix}-` }], start: 0, limit: ROWS + 1, sort: [] }))
      .rows;
  const auditedNames = async (prefix: string) =>
    (await store.audit.search({ resourceTypes: ['cloud_area'], start: 0, limit: 2 * ROWS, ascending: true }, false)).rows
      .map((r) => r.resourceName)
      .filter((n) => n.startsWith(`${prefix}-`));

  it('answers the ids in row order, each row with its audit record and event', async () => {
    const eventsBefore = await store.events.latestId();
    const ids = await store.write(ACTOR, (w) => w.insertInstances('plat', clouds('kept'), { bk_status: '1' }));
    expect(ids).toHaveLength(ROWS);
    const rows = await named('kept');
    expect(rows).toHaveLength(ROWS);
    const nameById = new Map(rows.map((r) => [r.bk_cloud_id as number, r.bk_cloud_name]));
    expect(ids.map((id) => nameById.get(id))).toEqual(clouds('kept').map((c) => c.bk_cloud_name));
    // the values common to every row reach every row
    expect(new Set(rows.map((r) => r.bk_status))).toEqual(new Set(['1']));
    expect(await auditedNames('kept')).toEqual(clouds('kept').map((c) => c.bk_cloud_name));
    expect((await store.events.latestId()) - eventsBefore).toBe(ROWS);
  });

  it('a batch that fails after its first chunks were written leaves no row, audit record or event', async () => {
    const eventsBefore = await store.events.latestId();
    const failing = store.write(ACTOR, async (w) => {
      await w.insertInstances('plat', clouds('dropped'));
      throw new Error('changed its mind after the last chunk');
    });
    await expect(failing).rejects.toThrow('changed its mind');
    expect(await named('dropped')).toEqual([]);
    expect(await auditedNames('dropped')).toEqual([]);
    expect(await store.events.latestId()).toBe(eventsBefore);
  });

  it('a row the database refuses in a later chunk undoes the chunks before it', async () => {
    const rows = clouds('clash');
    // The last row repeats the first name: the unique index refuses it, long after the first chunk was written.
    rows[ROWS - 1] = { bk_cloud_name: 'clash-0' };
    const eventsBefore = await store.events.latestId();
    await expect(store.write(ACTOR, (w) => w.insertInstances('plat', rows))).rejects.toMatchObject({ kind: 'duplicate' });
    expect(await named('clash')).toEqual([]);
    expect(await auditedNames('clash')).toEqual([]);
    expect(await store.events.latestId()).toBe(eventsBefore);
  });
});
