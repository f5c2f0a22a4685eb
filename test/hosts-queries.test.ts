import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { IDENTITY_LOOKUP, installStatementCounter, type StatementCounter } from './support/statement-counter.js';
import { makeBusiness, makeSet, startTopograph, type EsbAnswer, type TestTopograph } from './support/server.js';

/**
 * Host calls cost a fixed number of SQL statements whatever the number of hosts they touch or answer (up to
 * the thousands that fit one bulk statement): no statement per host. Statements are counted at the driver
 * (each run of a prepared statement on SQLite, each Client#query on PostgreSQL), as test/query-count.test.ts
 * does for the topology lists.
 */

let counter: StatementCounter;

async function measure(fn: () => Promise<EsbAnswer>): Promise<{ n: number; answer: EsbAnswer }> {
  const { result: answer, statements: seen } = await counter.count(fn);
  expect(answer.message).toBe('success');
  return { n: seen.filter((q) => !IDENTITY_LOOKUP.test(q)).length, answer };
}

let ipSeq = 0;
const hosts = (n: number) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => {
      ipSeq++;
      return [String(i), { bk_host_innerip: `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`, bk_host_name: `h${ipSeq}` }];
    }),
  );

describe(`statements per host call (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;
  let mods: number[];
  let few: number[];
  let many: number[];
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'counted', 'admin');
    const set = await makeSet(t, biz, 'web');
    mods = [];
    for (const name of ['a', 'b']) {
      const m = await t.esb('create_module', { bk_biz_id: biz, bk_set_id: set, data: { bk_parent_id: set, bk_module_name: name } });
      mods.push(m.data.bk_module_id as number);
    }
    const add = async (n: number) =>
      (await t.esb('add_host_to_resource', { bk_biz_id: biz, host_info: hosts(n) })).data.bk_host_ids as number[];
    few = await add(10);
    many = await add(400);
    counter = installStatementCounter();
  }, 120_000);
  afterAll(async () => {
    counter?.restore();
    await t.stop();
  });

  it('the counter sees the statements of a call', async () => {
    const r = await measure(() => t.esb('get_host_base_info', { bk_host_id: few[0] }));
    expect(r.n).toBeGreaterThanOrEqual(2);
    expect(counter.seen.some((q) => /from "host"/.test(q))).toBe(true);
  });

  it('add_host_to_resource: 10 hosts and 1,000 hosts cost nearly the same (a statement per chunk, not per host)', async () => {
    const ten = await measure(() => t.esb('add_host_to_resource', { host_info: hosts(10) }));
    const thousand = await measure(() => t.esb('add_host_to_resource', { host_info: hosts(1000) }));
    expect(thousand.answer.data.bk_host_ids).toHaveLength(1000);
    expect(ten.n).toBeLessThanOrEqual(25);
    expect(thousand.n - ten.n).toBeLessThanOrEqual(3);
  });

  it('transfers: 10 hosts and 400 hosts cost the same', async () => {
    const cost = async (ids: number[]) => {
      const move = await measure(() => t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: ids, bk_module_id: mods }));
      const idle = await measure(() => t.esb('transfer_host_to_idlemodule', { bk_biz_id: biz, bk_host_id: ids }));
      return [move.n, idle.n];
    };
    expect(await cost(many)).toEqual(await cost(few));
  });

  it('update_host and batch_update_host: 10 hosts and 400 hosts cost the same', async () => {
    const ten = await measure(() => t.esb('update_host', { bk_host_id: few.join(','), data: { bk_comment: 'x' } }));
    const lots = await measure(() => t.esb('update_host', { bk_host_id: many.join(','), data: { bk_comment: 'x' } }));
    expect(lots.n).toBe(ten.n);
    const batch = (ids: number[]) => ids.map((id) => ({ bk_host_id: id, properties: { bk_host_name: 'same', bk_os_type: '1' } }));
    const b10 = await measure(() => t.esb('batch_update_host', { update: batch(few) }));
    const b400 = await measure(() => t.esb('batch_update_host', { update: batch(many) }));
    expect(b400.n).toBe(b10.n);
    // each host its own values (a name per host): still one statement for them all
    const own = (ids: number[]) => ids.map((id) => ({ bk_host_id: id, properties: { bk_host_name: `own-${id}`, bk_comment: id % 2 ? 'odd' : 'even' } }));
    const o10 = await measure(() => t.esb('batch_update_host', { update: own(few) }));
    const o400 = await measure(() => t.esb('batch_update_host', { update: own(many) }));
    expect(o400.n).toBe(o10.n);
    expect(o400.n).toBe(b400.n);
  });

  /** every counted host in both modules (the transfers above leave them in the idle module) */
  const intoBothModules = async () =>
    expect((await t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: [...few, ...many], bk_module_id: mods, is_increment: false })).result).toBe(true);

  it('lists: a page of 5 and a page of 400 cost the same', async () => {
    await intoBothModules();
    const rule = { condition: [{ bk_obj_id: 'module', condition: [{ field: 'bk_module_id', operator: '$in', value: mods }] }] };
    const group = (await t.esb('create_dynamic_group', { bk_biz_id: biz, name: 'counted', bk_obj_id: 'host', info: rule })).data.id as string;
    for (const [name, body] of [
      ['list_biz_hosts', { bk_biz_id: biz }],
      ['list_biz_hosts_topo', { bk_biz_id: biz }],
      ['list_host_total_mainline_topo', { bk_biz_id: biz }],
      ['list_hosts_without_biz', {}],
      ['list_resource_pool_hosts', {}],
      ['find_host_topo_relation', { bk_biz_id: biz }],
      ['find_module_host_relation', { bk_biz_id: biz, bk_module_ids: mods, module_fields: ['bk_module_name'], host_fields: ['bk_host_innerip'] }],
      ['find_host_by_topo', { bk_biz_id: biz, bk_obj_id: 'module', bk_inst_id: mods[0], fields: ['bk_host_innerip'] }],
      ['search_host', { bk_biz_id: biz, condition: ['host', 'biz', 'set', 'module'].map((bk_obj_id) => ({ bk_obj_id, fields: [], condition: [] })) }],
      ['search_host', { ip: { data: ['10.'] }, condition: [{ bk_obj_id: 'module', condition: [{ field: 'bk_biz_id', operator: '$eq', value: biz }] }] }],
    ] as const) {
      // Warm first: a host count is kept until the event log moves, so a call may skip recounting.
      await t.esb(name, { ...body, page: { limit: 1 } });
      const five = await measure(() => t.esb(name, { ...body, page: { limit: 5 } }));
      const lots = await measure(() => t.esb(name, { ...body, page: { limit: 400 } }));
      const rows = (lots.answer.data.info ?? lots.answer.data.data ?? lots.answer.data.relation) as unknown[];
      expect(rows.length, name).toBeGreaterThanOrEqual(400);
      expect(lots.n, name).toBe(five.n);
      // search_host reads the models and the records of four objects besides the hosts'
      expect(lots.n, name).toBeLessThanOrEqual(name === 'search_host' ? 16 : 12);
    }
    // a dynamic group's pages stop at 200
    const run = (limit: number) => measure(() => t.esb('execute_dynamic_group', { bk_biz_id: biz, id: group, fields: ['bk_host_innerip'], page: { limit } }));
    await run(1);
    const [five, most] = [await run(5), await run(200)];
    expect(most.answer.data.info).toHaveLength(200);
    expect(most.n).toBe(five.n);
    expect(most.n).toBeLessThanOrEqual(12);
  });

  it('find_host_biz_relations: 10 hosts and 400 hosts cost the same', async () => {
    await intoBothModules();
    const ten = await measure(() => t.esb('find_host_biz_relations', { bk_host_id: few }));
    const lots = await measure(() => t.esb('find_host_biz_relations', { bk_host_id: many, bk_biz_id: biz }));
    // each host is in both modules
    expect(lots.answer.data).toHaveLength(800);
    expect(lots.n).toBeLessThanOrEqual(ten.n + 1);
  });

  it('a kept host count follows every change of the hosts, at once', async () => {
    const before = (await t.esb('list_biz_hosts', { bk_biz_id: biz, page: { limit: 1 } })).data.count as number;
    expect((await t.esb('list_biz_hosts', { bk_biz_id: biz, page: { limit: 1 } })).data.count).toBe(before);
    const ids = (await t.esb('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: Object.values(hosts(3)) })).data
      .bk_host_ids as number[];
    expect(ids).toHaveLength(3);
    expect((await t.esb('list_biz_hosts', { bk_biz_id: biz, page: { limit: 1 } })).data.count).toBe(before + 3);
    expect((await t.esb('transfer_host_to_resourcemodule', { bk_biz_id: biz, bk_host_id: ids })).result).toBe(true);
    expect((await t.esb('list_biz_hosts', { bk_biz_id: biz, page: { limit: 1 } })).data.count).toBe(before);
  });

  it('transfer_sethost_to_idle_module and transfer_host_across_biz: 10 hosts and 400 hosts cost the same', async () => {
    const emptyWith = async (ids: number[]) => {
      expect((await t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: ids, bk_module_id: [mods[0]], is_increment: false })).result).toBe(true);
      const set = (await t.esb('find_module_batch', { bk_biz_id: biz, bk_ids: [mods[0]], fields: ['bk_set_id'] })).data[0].bk_set_id as number;
      return (await measure(() => t.esb('transfer_sethost_to_idle_module', { bk_biz_id: biz, bk_set_id: set, bk_module_id: mods[0] }))).n;
    };
    expect(await emptyWith(many)).toBe(await emptyWith(few));
    // every host is in biz's idle module now
    const dst = await makeBusiness(t, 'counted-dst', 'admin');
    const dstIdle = (await t.esb('get_biz_internal_module', { bk_biz_id: dst })).data.module[0].bk_module_id as number;
    const across = async (ids: number[], from: number, to: number, module: number) =>
      (await measure(() => t.esb('transfer_host_across_biz', { src_bk_biz_id: from, dst_bk_biz_id: to, bk_host_id: ids, bk_module_id: module }))).n;
    const bizIdle = (await t.esb('get_biz_internal_module', { bk_biz_id: biz })).data.module[0].bk_module_id as number;
    const ten = await across(few, biz, dst, dstIdle);
    const lots = await across(many, biz, dst, dstIdle);
    expect(lots).toBe(ten);
    // and back, for the tests after this one
    expect(await across([...few, ...many], dst, biz, bizIdle)).toBe(ten);
  });

  it('update_host_cloud_area_field: 10 hosts and 400 hosts cost the same', async () => {
    const area = (await t.esb('create_cloud_area', { bk_cloud_name: 'counted-area' })).data.created.id as number;
    const ten = await measure(() => t.esb('update_host_cloud_area_field', { bk_host_ids: few, bk_cloud_id: area, bk_biz_id: biz }));
    const lots = await measure(() => t.esb('update_host_cloud_area_field', { bk_host_ids: many, bk_cloud_id: area, bk_biz_id: biz }));
    expect(lots.n).toBe(ten.n);
  });

  it('delete_host: 10 hosts and 400 hosts cost the same', async () => {
    const pool = async (n: number) => (await t.esb('add_host_to_resource', { host_info: hosts(n) })).data.bk_host_ids as number[];
    const ten = await pool(10);
    const lots = await pool(400);
    const a = await measure(() => t.esb('delete_host', { bk_host_id: ten.join(',') }));
    const b = await measure(() => t.esb('delete_host', { bk_host_id: lots.join(',') }));
    expect(b.n).toBe(a.n);
  });

  it('find_host_by_set_template and find_host_by_service_template: a page of 5 and a page of 400 cost the same', async () => {
    const cat = (await t.esb('create_service_category', { bk_biz_id: biz, name: 'counted_cat', bk_parent_id: 0 })).data.id as number;
    const leaf = (await t.esb('create_service_category', { bk_biz_id: biz, name: 'counted_leaf', bk_parent_id: cat })).data.id as number;
    const st = (await t.esb('create_service_template', { bk_biz_id: biz, name: 'counted-st', service_category_id: leaf })).data.id as number;
    const tpl = (await t.esb('create_set_template', { bk_biz_id: biz, name: 'counted-tpl', service_template_ids: [st] })).data.id as number;
    const set = (await t.esb('create_set', { bk_biz_id: biz, data: { bk_parent_id: biz, bk_set_name: 'from-tpl', set_template_id: tpl } })).data.bk_set_id as number;
    const module = (await t.esb('search_module', { bk_biz_id: biz, bk_set_id: set })).data.info[0].bk_module_id as number;
    expect((await t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: [...few, ...many], bk_module_id: [module], is_increment: false })).result).toBe(true);
    for (const [name, body] of [
      ['find_host_by_set_template', { bk_biz_id: biz, bk_set_template_ids: [tpl], fields: ['bk_host_innerip'] }],
      ['find_host_by_service_template', { bk_biz_id: biz, bk_service_template_ids: [st], fields: ['bk_host_innerip'] }],
    ] as const) {
      await t.esb(name, { ...body, page: { limit: 1 } });
      const five = await measure(() => t.esb(name, { ...body, page: { limit: 5 } }));
      const lots = await measure(() => t.esb(name, { ...body, page: { limit: 400 } }));
      expect(lots.answer.data.info, name).toHaveLength(400);
      expect(lots.n, name).toBe(five.n);
      expect(lots.n, name).toBeLessThanOrEqual(12);
    }
  });
});
