import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { expectRefused, ok } from './support/fixtures.js';
import { makeBusiness, makeSet, startTopograph, type TestTopograph } from './support/server.js';

/**
 * page.sort through the calls: a field named again counts once (2,100 terms once answered 1199999 on SQLite, whose
 * ORDER BY has a limit, and succeeded on PostgreSQL), and more than 10 fields are refused alike on both stores.
 */
describe(`page.sort terms (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;

  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'sorted');
    for (const name of ['b', 'a', 'c']) await makeSet(t, biz, name);
    ok(await t.esb('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [{ bk_host_innerip: '10.40.0.2' }, { bk_host_innerip: '10.40.0.1' }] }));
  });
  afterAll(() => t?.stop());

  it('reads a field named again as its first naming, on the instance searches and the host lists', async () => {
    const sets = ok(await t.esb('search_set', { bk_biz_id: biz, fields: ['bk_set_name'], page: { sort: ['-bk_set_name', ...Array(1050).fill('bk_set_name,bk_set_id')].join(',') } })).info as Array<Record<string, unknown>>;
    expect(sets.map((s) => s.bk_set_name)).toEqual(['idle pool', 'c', 'b', 'a']);
    const hosts = ok(
      await t.esb('list_biz_hosts', { bk_biz_id: biz, fields: ['bk_host_innerip'], page: { start: 0, limit: 10, sort: ['bk_host_innerip', ...Array(1050).fill('-bk_host_innerip,bk_host_id')].join(',') } }),
    ).info as Array<Record<string, unknown>>;
    expect(hosts.map((h) => h.bk_host_innerip)).toEqual(['10.40.0.1', '10.40.0.2']);
  });

  it('refuses more than 10 fields, naming page.sort', async () => {
    const fields = ['bk_host_id', 'bk_host_name', 'bk_os_type', 'bk_os_name', 'bk_cpu', 'bk_mem', 'bk_disk', 'bk_sn', 'bk_comment', 'operator', 'bk_host_innerip'];
    const r = await expectRefused(t, () => t.esb('list_biz_hosts', { bk_biz_id: biz, page: { start: 0, limit: 10, sort: fields.join(',') } }), 1199006);
    expect(r.message).toBe("'page.sort' names 11 fields, at most 10");
    ok(await t.esb('list_biz_hosts', { bk_biz_id: biz, page: { start: 0, limit: 10, sort: fields.slice(0, 10).join(',') } }));
  });
});
