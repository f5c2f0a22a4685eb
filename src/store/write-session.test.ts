import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStore, TEST_DB, type FreshStore } from '../../test/support/database.js';
import type { BuiltinAttribute } from '../domain/model/builtin-attributes.js';
import type { Store } from './store.js';

const ACTOR = { user: 'tester', appCode: 'test', requestId: 'bulk' };

/** More rows than insertInstances builds and records at a time, so the batch spans several chunks. */
const ROWS = 4_500;

/**
 * insertInstances writes a big batch a chunk at a time, each chunk's audit records inserted before the next
 * chunk is built. All of it is still one transaction: it commits whole or leaves nothing.
 */
describe(`bulk inserts across chunks (${TEST_DB})`, () => {
  let fresh: FreshStore;
  let store: Store;
  beforeAll(async () => {
    fresh = await freshStore();
    store = fresh.store;
  });
  afterAll(() => fresh?.drop());

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

  it('deletes more rows than one statement can name (SQLite takes 32,766 values, PostgreSQL 65,535)', { timeout: 120_000 }, async () => {
    const many = Array.from({ length: 70_000 }, (_, i) => ({ bk_cloud_name: `many-${i}` }));
    await store.write(ACTOR, (w) => w.insertInstances('plat', many));
    const rows = await named('many');
    expect(rows).toHaveLength(ROWS + 1); // the search's limit: there are more
    const all = await store.write(ACTOR, (w) => w.findInstances('plat', {}));
    const mine = all.filter((r) => String(r.bk_cloud_name).startsWith('many-'));
    expect(mine).toHaveLength(70_000);
    const eventsBefore = await store.events.latestId();
    await store.write(ACTOR, (w) => w.deleteInstances('plat', mine));
    expect(await named('many')).toEqual([]);
    expect((await store.events.latestId()) - eventsBefore).toBe(70_000);
  });

  it('two updates of different custom attributes of one row at once both land (merged by the database)', async () => {
    const ids = await store.write(ACTOR, (w) => w.insertInstances('plat', Array.from({ length: 20 }, (_, i) => ({ bk_cloud_name: `merge-${i}` }))));
    const rows = await named('merge');
    // Each pair starts from the same row read before either wrote, as two calls racing on PostgreSQL do.
    await Promise.all(
      rows.flatMap((before) => [
        store.write(ACTOR, (w) => w.updateInstance('plat', before, { owner_a: `a-${String(before.bk_cloud_id)}` })),
        store.write(ACTOR, (w) => w.updateInstance('plat', before, { owner_b: `b-${String(before.bk_cloud_id)}` })),
      ]),
    );
    const after = await named('merge');
    expect(after).toHaveLength(ids.length);
    for (const r of after) expect([r.owner_a, r.owner_b]).toEqual([`a-${String(r.bk_cloud_id)}`, `b-${String(r.bk_cloud_id)}`]);
  });

  it("a transaction's own uncommitted attribute is never kept for others, even once another change takes its version", async () => {
    const attribute = (propertyId: string): BuiltinAttribute => ({
      objId: 'plat', propertyId, propertyName: propertyId, type: 'singlechar', option: null, defaultValue: null,
      isRequired: false, editable: true, isReadonly: false, isMultiple: false, isPre: false, isSystem: false, isApi: false,
      unit: '', placeholder: '', description: '', group: 'default', index: 1000,
    });
    const names = (list: Array<{ propertyId: string }>) => list.map((a) => a.propertyId).filter((p) => p.startsWith('cache_'));
    // Adds an attribute, reads the model inside (as validation does), then changes its mind.
    const rolledBack = store.write(ACTOR, async (w) => {
      await w.insertAttribute(attribute('cache_phantom'));
      expect(names(await w.attributes('plat'))).toEqual(['cache_phantom']);
      throw new Error('undone');
    });
    await expect(rolledBack).rejects.toThrow('undone');
    // Another change commits the model version the rolled-back one had used.
    await store.write(ACTOR, (w) => w.insertAttribute(attribute('cache_kept')));
    expect(names(await store.attributes('plat'))).toEqual(['cache_kept']);
    expect(names(await store.write(ACTOR, (w) => w.attributes('plat')))).toEqual(['cache_kept']);
  });

  // Two writers at once need PostgreSQL: SQLite runs one write at a time, so the second could not start.
  it.skipIf(TEST_DB !== 'postgres')('a big batch racing a small write for one of its names: one wins, neither deadlocks', async () => {
    let bigHalfway!: () => void;
    const halfway = new Promise<void>((resolve) => (bigHalfway = resolve));
    let smallInserted!: () => void;
    const inserted = new Promise<void>((resolve) => (smallInserted = resolve));
    // The big batch has written its first chunks (and their records) when the small write takes the name the
    // batch comes to last; the small write then queues its event while the batch waits on that name.
    const big = store.write(ACTOR, async (w) => {
      await w.insertInstances('plat', clouds('race'));
      bigHalfway();
      await inserted;
      await w.insertInstances('plat', [{ bk_cloud_name: 'race-contended' }]);
    });
    await halfway;
    const small = store.write(ACTOR, async (w) => {
      await w.insertInstance('plat', { bk_cloud_name: 'race-contended' });
      setTimeout(smallInserted, 200);
    });
    const [bigResult, smallResult] = await Promise.allSettled([big, small]);
    expect(smallResult.status).toBe('fulfilled');
    expect(bigResult.status).toBe('rejected');
    expect((bigResult as PromiseRejectedResult).reason).toMatchObject({ kind: 'duplicate' });
    expect((await named('race')).map((r) => r.bk_cloud_name)).toEqual(['race-contended']);
  });
});
