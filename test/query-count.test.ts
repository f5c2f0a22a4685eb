import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { IDENTITY_LOOKUP, installStatementCounter, type StatementCounter } from './support/statement-counter.js';
import { makeBusiness, startTopograph, type EsbAnswer, type TestTopograph } from './support/server.js';

/**
 * A list call costs a fixed number of SQL statements, whatever its page size or the size of the tree: no
 * statement per row. Statements are counted at the driver, without touching the source. On SQLite the store
 * keeps prepared statements (src/store/database.ts), so better-sqlite3's Database#prepare sees a statement
 * only the first time; what is counted is each run of a statement (Statement#all / run / get / iterate,
 * patched on the Statement prototype, which every prepared statement shares). On PostgreSQL it is pg's
 * Client#query.
 *
 * The caller's app and account lookups are kept for a couple of seconds (src/store/identity-store.ts), so
 * whether a call runs them depends on the clock, not on the page: the equality checks leave them out
 * (they are counted in the ≤ MAX_STATEMENTS bound).
 */

let counter: StatementCounter;

/** The statements one ESB call runs: all of them, and those that are not identity lookups. */
async function measure(fn: () => Promise<EsbAnswer>): Promise<{ n: number; total: number; answer: EsbAnswer }> {
  const { result: answer, statements: seen } = await counter.count(fn);
  expect(answer.result).toBe(true);
  return { n: seen.filter((q) => !IDENTITY_LOOKUP.test(q)).length, total: seen.length, answer };
}

/** n sets, each with two modules. */
async function populate(t: TestTopograph, bizId: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const s = await t.esb('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: `set${i}` } });
    if (!s.result) throw new Error(s.message);
    const setId = s.data.bk_set_id as number;
    for (const name of ['app', 'db']) {
      const m = await t.esb('create_module', { bk_biz_id: bizId, bk_set_id: setId, data: { bk_parent_id: setId, bk_module_name: name } });
      if (!m.result) throw new Error(m.message);
    }
  }
}

const MAX_STATEMENTS = 10;

describe(`statements per list call (${TEST_DB})`, () => {
  let t: TestTopograph;
  let small: number;
  let big: number;
  beforeAll(async () => {
    // What is measured is the store's queries; the read cache (test/read-cache.test.ts) would answer repeats.
    t = await startTopograph({ TOPOGRAPH_READ_CACHE_MB: '0' });
    small = await makeBusiness(t, 'small');
    big = await makeBusiness(t, 'big');
    await populate(t, small, 5);
    await populate(t, big, 150);
    counter = installStatementCounter();
  }, 120_000);
  afterAll(async () => {
    counter?.restore();
    await t.stop();
  });

  it('the counter sees the statements of a call, every time it is made', async () => {
    const first = await measure(() => t.esb('search_set', { bk_biz_id: small }));
    const again = await measure(() => t.esb('search_set', { bk_biz_id: small }));
    // the count and the page at least
    expect(first.n).toBeGreaterThanOrEqual(2);
    expect(again.n).toBe(first.n);
    expect(counter.seen.some((q) => /from "topo_set"/.test(q))).toBe(true);
    expect(first.total).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it('search_set: limit 5 and limit 150 cost the same', async () => {
    const five = await measure(() => t.esb('search_set', { bk_biz_id: big, condition: { default: 0 }, page: { limit: 5 } }));
    const many = await measure(() => t.esb('search_set', { bk_biz_id: big, condition: { default: 0 }, page: { limit: 150 } }));
    expect(five.answer.data.info).toHaveLength(5);
    expect(many.answer.data.info).toHaveLength(150);
    expect(many.n).toBe(five.n);
    expect(many.total).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it('search_set with fields and sort costs the same', async () => {
    const five = await measure(() => t.esb('search_set', { bk_biz_id: big, fields: ['bk_set_name'], page: { limit: 5, sort: '-bk_set_name' } }));
    const many = await measure(() => t.esb('search_set', { bk_biz_id: big, fields: ['bk_set_name'], page: { limit: 151, sort: '-bk_set_name' } }));
    expect(many.answer.data.info).toHaveLength(151);
    expect(many.n).toBe(five.n);
  });

  it('search_module: limit 5 and limit 300 cost the same', async () => {
    const five = await measure(() => t.esb('search_module', { bk_biz_id: big, page: { limit: 5 } }));
    const many = await measure(() => t.esb('search_module', { bk_biz_id: big, page: { limit: 303 } }));
    expect(many.answer.data.info).toHaveLength(303);
    expect(many.n).toBe(five.n);
    expect(many.total).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it('find_set_batch and find_module_batch: 5 ids and 150 ids cost the same', async () => {
    const sets = await t.esb('search_set', { bk_biz_id: big, condition: { default: 0 }, fields: ['bk_set_id'], page: { limit: 150 } });
    const setIds = (sets.data.info as Array<{ bk_set_id: number }>).map((s) => s.bk_set_id);
    const five = await measure(() => t.esb('find_set_batch', { bk_biz_id: big, bk_ids: setIds.slice(0, 5), fields: ['bk_set_name'] }));
    const many = await measure(() => t.esb('find_set_batch', { bk_biz_id: big, bk_ids: setIds, fields: ['bk_set_name'] }));
    expect(many.answer.data).toHaveLength(150);
    expect(many.n).toBe(five.n);
    expect(many.total).toBeLessThanOrEqual(MAX_STATEMENTS);
    const mods = await t.esb('search_module', { bk_biz_id: big, condition: { default: 0 }, fields: ['bk_module_id'], page: { limit: 150 } });
    const moduleIds = (mods.data.info as Array<{ bk_module_id: number }>).map((m) => m.bk_module_id);
    const m5 = await measure(() => t.esb('find_module_batch', { bk_biz_id: big, bk_ids: moduleIds.slice(0, 5), fields: ['bk_module_name'] }));
    const m150 = await measure(() => t.esb('find_module_batch', { bk_biz_id: big, bk_ids: moduleIds, fields: ['bk_module_name'] }));
    expect(m150.answer.data).toHaveLength(150);
    expect(m150.n).toBe(m5.n);
    const w5 = await measure(() => t.esb('find_module_with_relation', { bk_biz_id: big, fields: ['bk_module_name'], page: { limit: 5 } }));
    const w300 = await measure(() => t.esb('find_module_with_relation', { bk_biz_id: big, fields: ['bk_module_name'], page: { limit: 300 } }));
    expect(w300.answer.data.info).toHaveLength(300);
    expect(w300.n).toBe(w5.n);
  });

  it('search_biz_inst_topo: 5 sets and 150 sets cost the same', async () => {
    const five = await measure(() => t.esb('search_biz_inst_topo', { bk_biz_id: small }));
    const many = await measure(() => t.esb('search_biz_inst_topo', { bk_biz_id: big }));
    expect(five.answer.data[0].child).toHaveLength(5);
    expect(many.answer.data[0].child).toHaveLength(150);
    expect(many.answer.data[0].child.every((s: { child: unknown[] }) => s.child.length === 2)).toBe(true);
    expect(many.n).toBe(five.n);
    expect(many.total).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it('find_topo_node_paths: 5 nodes and 300 nodes cost the same', async () => {
    const mods = await t.esb('search_module', { bk_biz_id: big, condition: { default: 0 }, fields: ['bk_module_id'], page: { limit: 300 } });
    const nodes = (mods.data.info as Array<{ bk_module_id: number }>).map((m) => ({ bk_obj_id: 'module', bk_inst_id: m.bk_module_id }));
    const five = await measure(() => t.esb('find_topo_node_paths', { bk_biz_id: big, bk_nodes: nodes.slice(0, 5) }));
    const many = await measure(() => t.esb('find_topo_node_paths', { bk_biz_id: big, bk_nodes: nodes }));
    expect(many.answer.data).toHaveLength(300);
    expect(many.n).toBe(five.n);
    expect(many.total).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it('get_biz_internal_module costs the same in a small and a big business', async () => {
    const five = await measure(() => t.esb('get_biz_internal_module', { bk_biz_id: small }));
    const many = await measure(() => t.esb('get_biz_internal_module', { bk_biz_id: big }));
    expect(many.n).toBe(five.n);
    expect(many.total).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it('list_operation_audit: limit 5 and limit 200 cost the same', async () => {
    const five = await measure(() => t.esb('list_operation_audit', { page: { limit: 5 } }));
    const many = await measure(() => t.esb('list_operation_audit', { page: { limit: 200 } }));
    expect(many.answer.data.info).toHaveLength(200);
    expect(many.n).toBe(five.n);
    expect(many.total).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it('search_business and search_cloud_area cost a fixed handful', async () => {
    const biz = await measure(() => t.esb('search_business', { page: { limit: 200 } }));
    expect(biz.answer.data.count).toBe(2);
    expect(biz.total).toBeLessThanOrEqual(MAX_STATEMENTS);
    const one = await measure(() => t.esb('search_business', { page: { limit: 1 } }));
    expect(one.n).toBe(biz.n);
    const areas = await measure(() => t.esb('search_cloud_area', {}));
    expect(areas.total).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it('list_service_instance_detail and the service instance writes: 2 and 40 instances (with their processes) cost the same', async () => {
    const set = (await t.esb('search_set', { bk_biz_id: small, condition: { default: 0 }, page: { limit: 1 } })).data.info[0].bk_set_id as number;
    const mod = (await t.esb('search_module', { bk_biz_id: small, bk_set_id: set, page: { limit: 1 } })).data.info[0].bk_module_id as number;
    const added = await t.esb('add_host_to_business_idle', { bk_biz_id: small, bk_host_list: Array.from({ length: 42 }, (_, i) => ({ bk_host_innerip: `10.44.0.${i + 1}`, bk_cloud_id: 0 })) });
    const hosts = added.data.bk_host_ids as number[];
    expect((await t.esb('transfer_host_module', { bk_biz_id: small, bk_host_id: hosts, bk_module_id: [mod], is_increment: false })).result).toBe(true);
    const instances = (ids: number[]) => ids.map((h) => ({ bk_host_id: h, processes: [{ process_info: { bk_process_name: 'p', bk_func_name: 'p', bind_info: [{ ip: '1', port: '80' }] } }] }));
    // the first create reads the process model into the attribute cache; the two measured ones find it there
    expect((await t.esb('create_service_instance', { bk_biz_id: small, bk_module_id: mod, instances: instances(hosts.slice(0, 1)) })).result).toBe(true);
    const createTwo = await measure(() => t.esb('create_service_instance', { bk_biz_id: small, bk_module_id: mod, instances: instances(hosts.slice(1, 3)) }));
    const createMany = await measure(() => t.esb('create_service_instance', { bk_biz_id: small, bk_module_id: mod, instances: instances(hosts.slice(3)) }));
    expect(createMany.n).toBe(createTwo.n);
    const two = await measure(() => t.esb('list_service_instance_detail', { bk_biz_id: small, page: { limit: 2 } }));
    const forty = await measure(() => t.esb('list_service_instance_detail', { bk_biz_id: small, page: { limit: 40 } }));
    expect(forty.answer.data.info).toHaveLength(40);
    expect(forty.answer.data.info.every((i: { process_instances: unknown[] }) => i.process_instances.length === 1)).toBe(true);
    expect(forty.n).toBe(two.n);
    expect(forty.total).toBeLessThanOrEqual(MAX_STATEMENTS);
    // hosts leaving the module take their instances along: 2 and 40 cost the same
    const leaveTwo = await measure(() => t.esb('transfer_host_to_idlemodule', { bk_biz_id: small, bk_host_id: hosts.slice(0, 2) }));
    const leaveForty = await measure(() => t.esb('transfer_host_to_idlemodule', { bk_biz_id: small, bk_host_id: hosts.slice(2) }));
    expect(leaveForty.n).toBe(leaveTwo.n);
    expect((await t.esb('list_service_instance', { bk_biz_id: small })).data.count).toBe(0);
  });

  // Last: it deletes sets of the big business.
  it('batch_delete_set: 2 sets and 40 sets (with their modules) take the same statements', async () => {
    const sets = await t.esb('search_set', { bk_biz_id: big, condition: { default: 0 }, fields: ['bk_set_id'], page: { limit: 42 } });
    const ids = (sets.data.info as Array<{ bk_set_id: number }>).map((s) => s.bk_set_id);
    const two = await measure(() => t.esb('batch_delete_set', { bk_biz_id: big, delete: { inst_ids: ids.slice(0, 2) } }));
    const forty = await measure(() => t.esb('batch_delete_set', { bk_biz_id: big, delete: { inst_ids: ids.slice(2) } }));
    expect(forty.n).toBe(two.n);
    expect(forty.total).toBeLessThanOrEqual(2 * MAX_STATEMENTS);
    const left = await t.esb('search_set', { bk_biz_id: big, condition: { default: 0 }, page: { limit: 1 } });
    expect(left.data.count).toBe(150 - 42);
  });
});
