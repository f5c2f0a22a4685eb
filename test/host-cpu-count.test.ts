import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { expectRefused, ok } from './support/fixtures.js';
import { makeBusiness, makeModule, makeSet, startTopograph, type TestTopograph } from './support/server.js';
import { IDENTITY_LOOKUP, installStatementCounter } from './support/statement-counter.js';

/** count_biz_host_cpu: per business, its hosts, their CPU cores and those with none recorded. */

const INVALID = 1199006;
const NOT_FOUND_BIZ = 1199011;
/** bk-cmdb's "page limit is exceeded" */
const PAGE_LIMIT = 1199059;
const GATEWAY = 1306000;

type Row = Record<string, unknown>;

describe(`count_biz_host_cpu (${TEST_DB})`, () => {
  let t: TestTopograph;
  let shop: number;
  let empty: number;
  let pool: number;

  const count = async (body: Row) => ok(await t.esb('count_biz_host_cpu', body)) as Row[];

  beforeAll(async () => {
    t = await startTopograph({ TOPOGRAPH_READ_CACHE_MB: '0' });
    // the resource pool is built in as business 1 (hidden from search_business)
    pool = 1;
    expect(await t.store.getInstance('biz', pool)).toMatchObject({ default: 1 });
    shop = await makeBusiness(t, 'cpu-shop');
    empty = await makeBusiness(t, 'cpu-empty');
    const set = await makeSet(t, shop, 'web');
    const [a, b] = [await makeModule(t, shop, set, 'a'), await makeModule(t, shop, set, 'b')];
    const hosts = ok(
      await t.esb('add_host_to_business_idle', {
        bk_biz_id: shop,
        bk_host_list: [
          { bk_host_innerip: '10.70.0.1', bk_cpu: 8 },
          { bk_host_innerip: '10.70.0.2', bk_cpu: 16 },
          { bk_host_innerip: '10.70.0.3' },
        ],
      }),
    ).bk_host_ids as number[];
    // the 16-core host sits in two modules: it still counts once
    ok(await t.esb('transfer_host_module', { bk_biz_id: shop, bk_host_id: [hosts[1]], bk_module_id: [a, b], is_increment: false }));
    ok(await t.esb('add_host_to_resource', { host_info: { 0: { bk_host_innerip: '10.70.0.9', bk_cloud_id: 0, bk_cpu: 4 } } }));
  });
  afterAll(() => t?.stop());

  it('counts one business: each host once, the sum of bk_cpu, and the hosts without it', async () => {
    expect(await count({ bk_biz_id: shop })).toEqual([{ bk_biz_id: shop, host_count: 3, cpu_count: 24, no_cpu_host_count: 1 }]);
  });

  it('answers zeros for a business without hosts', async () => {
    expect(await count({ bk_biz_id: empty })).toEqual([{ bk_biz_id: empty, host_count: 0, cpu_count: 0, no_cpu_host_count: 0 }]);
  });

  it('follows a change of a host: a new bk_cpu is counted at once', async () => {
    const [host] = ok(await t.esb('list_biz_hosts', { bk_biz_id: shop, host_property_filter: { condition: 'AND', rules: [{ field: 'bk_host_innerip', operator: 'equal', value: '10.70.0.3' }] } })).info as Row[];
    ok(await t.esb('update_host', { bk_host_id: String(host!.bk_host_id), data: { bk_cpu: 2 } }));
    expect(await count({ bk_biz_id: shop })).toEqual([{ bk_biz_id: shop, host_count: 3, cpu_count: 26, no_cpu_host_count: 0 }]);
    ok(await t.esb('update_host', { bk_host_id: String(host!.bk_host_id), data: { bk_cpu: null } }));
    expect(await count({ bk_biz_id: shop })).toEqual([{ bk_biz_id: shop, host_count: 3, cpu_count: 24, no_cpu_host_count: 1 }]);
  });

  it('pages every business by id, the resource pool included, at most 10 to a page', async () => {
    const all = await count({ page: { start: 0, limit: 10 } });
    expect(all.map((r) => r.bk_biz_id)).toEqual([pool, shop, empty].sort((x, y) => x - y));
    expect(all.find((r) => r.bk_biz_id === pool)).toEqual({ bk_biz_id: pool, host_count: 1, cpu_count: 4, no_cpu_host_count: 0 });
    expect(all.find((r) => r.bk_biz_id === shop)).toMatchObject({ host_count: 3, cpu_count: 24 });
    expect((await count({ page: { start: 1, limit: 1 } })).map((r) => r.bk_biz_id)).toEqual([all[1]!.bk_biz_id]);
    expect(await count({ page: { start: 3, limit: 10 } })).toEqual([]);
  });

  it('leaves archived businesses out of the pages (as bk-cmdb), but answers one named by bk_biz_id', async () => {
    const retired = await makeBusiness(t, 'cpu-retired');
    const before = (await count({ page: { start: 0, limit: 10 } })).map((r) => r.bk_biz_id);
    expect(before).toContain(retired);
    ok(await t.esb('update_business_enable_status', { bk_biz_id: retired, flag: 'disabled' }));
    expect((await count({ page: { start: 0, limit: 10 } })).map((r) => r.bk_biz_id)).toEqual(before.filter((id) => id !== retired));
    expect(await count({ bk_biz_id: retired })).toEqual([{ bk_biz_id: retired, host_count: 0, cpu_count: 0, no_cpu_host_count: 0 }]);
  });

  it('takes the counts in one query, whatever the number of hosts or businesses', async () => {
    const counter = installStatementCounter();
    try {
      const statements = async (body: Row) => {
        const { result, statements: seen } = await counter.count(() => t.esb('count_biz_host_cpu', body));
        expect(result.result).toBe(true);
        return seen.filter((q) => !IDENTITY_LOOKUP.test(q)).length;
      };
      const one = await statements({ bk_biz_id: empty });
      const page = await statements({ page: { start: 0, limit: 10 } });
      ok(await t.esb('add_host_to_business_idle', { bk_biz_id: empty, bk_host_list: Array.from({ length: 30 }, (_, i) => ({ bk_host_innerip: `10.71.0.${i + 1}`, bk_cpu: 1 })) }));
      expect(await statements({ bk_biz_id: empty })).toBe(one);
      expect(await statements({ page: { start: 0, limit: 10 } })).toBe(page);
      expect(await count({ bk_biz_id: empty })).toEqual([{ bk_biz_id: empty, host_count: 30, cpu_count: 30, no_cpu_host_count: 0 }]);
    } finally {
      counter.restore();
    }
  });

  it('refuses neither and both of bk_biz_id and page, naming them, and an unknown business', async () => {
    const neither = await expectRefused(t, () => t.esb('count_biz_host_cpu', {}), INVALID);
    expect(neither.message).toContain("'bk_biz_id' or page is required");
    const both = await expectRefused(t, () => t.esb('count_biz_host_cpu', { bk_biz_id: shop, page: { start: 0, limit: 1 } }), INVALID);
    expect(both.message).toContain("'page' and bk_biz_id can only use one of them");
    // bk_biz_id 0 is none, as bk-cmdb reads it: with a page it is the page's call, alone it is refused as neither
    expect((await count({ bk_biz_id: 0, page: { start: 0, limit: 1 } })).map((r) => r.bk_biz_id)).toEqual([pool]);
    await expectRefused(t, () => t.esb('count_biz_host_cpu', { bk_biz_id: 0 }), INVALID);
    const unknown = await expectRefused(t, () => t.esb('count_biz_host_cpu', { bk_biz_id: 999999 }), NOT_FOUND_BIZ);
    expect(unknown.message).toContain('999999');
  });

  it('refuses a page over 10 and a wrongly typed business id', async () => {
    const over = await expectRefused(t, () => t.esb('count_biz_host_cpu', { page: { start: 0, limit: 11 } }), PAGE_LIMIT);
    expect(over.message).toContain('page.limit');
    const typed = await expectRefused(t, () => t.esb('count_biz_host_cpu', { bk_biz_id: String(shop) }), GATEWAY);
    expect(typed.message).toContain('bk_biz_id');
  });
});
