import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { TEST_DB } from './support/database.js';
import { DIRECT } from './support/fixtures.js';
import { IDENTITY_LOOKUP, installStatementCounter, type StatementCounter } from './support/statement-counter.js';
import { makeBusiness, startTopograph, type EsbAnswer, type TestTopograph } from './support/server.js';

/**
 * The read cache (src/api/esb/response-cache.ts): on SQLite a repeated read is answered without querying,
 * and every write (this process's or another's) is seen by the next read. On PostgreSQL there is no cheap
 * change stamp, so nothing is cached; the same answers must come back all the same.
 */
describe(`read cache (${TEST_DB})`, () => {
  let t: TestTopograph;
  let counter: StatementCounter;
  const search = () => t.esb('search_business', { condition: { bk_biz_name: 'cache' }, page: { start: 0, limit: 10 } });
  const names = async () => ((await search()).data.info as Array<{ bk_biz_name: string }>).map((b) => b.bk_biz_name);
  /** the statements a call ran, identity lookups and the change stamp aside */
  const queriesOf = async (fn: () => Promise<EsbAnswer>) => {
    const { result, statements } = await counter.count(fn);
    expect(result.result).toBe(true);
    return statements.filter((q) => !IDENTITY_LOOKUP.test(q) && !/data_version/.test(q));
  };

  beforeAll(async () => {
    t = await startTopograph();
    await makeBusiness(t, 'cache-1');
    counter = installStatementCounter();
  });
  afterAll(async () => {
    counter?.restore();
    await t?.stop();
  });

  it('answers a repeat from the cache on SQLite, by querying on PostgreSQL, the same data either way', async () => {
    const first = await search();
    const again = await queriesOf(search);
    if (TEST_DB === 'sqlite') expect(again).toEqual([]);
    else expect(again.some((q) => /from "biz"/.test(q))).toBe(true);
    const third = await search();
    expect(third.data).toEqual(first.data);
    expect(third.request_id).not.toBe(first.request_id);
    expect(third.request_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('sees a write through the ESB at once', async () => {
    expect(await names()).toEqual(['cache-1']);
    await makeBusiness(t, 'cache-2');
    expect(await names()).toEqual(['cache-1', 'cache-2']);
  });

  it('sees a write made directly through the store, and a refused write changes nothing', async () => {
    expect(await names()).toEqual(['cache-1', 'cache-2']);
    await t.store.write(DIRECT, (w) => w.trx.updateTable('biz').set({ bk_biz_name: 'cache-2b' }).where('bk_biz_name', '=', 'cache-2').execute());
    expect(await names()).toEqual(['cache-1', 'cache-2b']);
    const refused = await t.esb('create_business', { data: { bk_biz_name: 'cache-1', bk_biz_maintainer: 'admin' } });
    expect(refused.result).toBe(false);
    expect(await names()).toEqual(['cache-1', 'cache-2b']);
  });

  it("sees a write committed by another process's connection", async () => {
    expect(await names()).toEqual(['cache-1', 'cache-2b']);
    const other = await Store.open(t.db.url);
    try {
      await other.write(DIRECT, (w) => w.trx.updateTable('biz').set({ bk_biz_name: 'cache-3' }).where('bk_biz_name', '=', 'cache-2b').execute());
    } finally {
      await other.close();
    }
    expect(await names()).toEqual(['cache-1', 'cache-3']);
  });

  it('keeps nothing with TOPOGRAPH_READ_CACHE_MB=0', async () => {
    const off = await startTopograph({ TOPOGRAPH_READ_CACHE_MB: '0' });
    try {
      await off.esb('search_cloud_area', {});
      const { statements } = await counter.count(() => off.esb('search_cloud_area', {}));
      expect(statements.some((q) => /from "plat"/.test(q))).toBe(true);
    } finally {
      await off.stop();
    }
  });

  it('tells the change stamp only where it is exact', async () => {
    const before = t.store.changeStamp();
    if (TEST_DB === 'postgres') {
      expect(before).toBeUndefined();
      return;
    }
    expect(t.store.changeStamp()).toBe(before);
    await makeBusiness(t, 'cache-4');
    const afterWrite = t.store.changeStamp();
    expect(afterWrite).not.toBe(before);
    // A write outside Store.write (the identity store's own statements) moves it too.
    await t.store.identity.upsertApp('cache-app', 'salt', 'hash', false);
    expect(t.store.changeStamp()).not.toBe(afterWrite);
    // Reads don't.
    const afterIdentity = t.store.changeStamp();
    await t.esb('search_set', { bk_biz_id: 2 });
    await t.store.getInstance('biz', 2);
    expect(t.store.changeStamp()).toBe(afterIdentity);
  });
});
