import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { startTopograph, type TestTopograph } from './support/server.js';

/**
 * 100,000 hosts in one add_host_to_resource call, through the real server (Fastify inject, the same routes,
 * parsers and body limit as a client gets): written whole, or not at all.
 */

const N = 100_000;
const POOL = 1;

/** N distinct inner IPs 10.<offset>.x.y; `offset` keeps batches apart. */
const rows = (offset: number, extra: (i: number) => Record<string, unknown> = () => ({})) =>
  Object.fromEntries(
    Array.from({ length: N }, (_, i) => [
      String(i),
      { bk_host_innerip: `10.${offset + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`, bk_cloud_id: 0, bk_host_name: `h${i}`, ...extra(i) },
    ]),
  );

describe(`add_host_to_resource with ${N.toLocaleString('en')} hosts`, () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t?.stop());

  const poolCount = async () => {
    const r = await t.esb('list_resource_pool_hosts', { page: { limit: 1 } });
    expect(r.result).toBe(true);
    return r.data.count as number;
  };

  it('adds them all in one call, with their relations, audit records and events', { timeout: 600_000 }, async () => {
    const body = { host_info: rows(0) };
    const size = Buffer.byteLength(JSON.stringify(body));
    expect(size).toBeGreaterThan(1024 * 1024); // over the 1 MiB every other call has
    const events = await t.store.events.latestId();
    const started = performance.now();
    const r = await t.esb('add_host_to_resource', body);
    const ms = performance.now() - started;
    console.log(`[${TEST_DB}] add_host_to_resource, ${N} hosts (${(size / 1024 / 1024).toFixed(1)} MiB body): ${(ms / 1000).toFixed(1)} s`);
    expect(r.message).toBe('success');
    expect(r.data.bk_host_ids).toHaveLength(N);
    expect(new Set(r.data.bk_host_ids).size).toBe(N);
    expect(r.data.success).toHaveLength(N);
    expect(r.data.success[N - 1]).toBe(String(N - 1));

    expect(await poolCount()).toBe(N);
    const rel = await t.esb('find_host_topo_relation', { bk_biz_id: POOL, page: { limit: 1 } });
    expect(rel.data.count).toBe(N);
    // host_info["77777"] is the 77,778th id handed out, and the lookup by IP finds it through its index.
    const one = await t.esb('list_resource_pool_hosts', {
      fields: ['bk_host_name'],
      host_property_filter: { condition: 'AND', rules: [{ field: 'bk_host_innerip', operator: 'equal', value: `10.1.${(77777 >> 8) & 255}.${77777 & 255}` }] },
    });
    expect(one.data.info).toEqual([{ bk_host_id: r.data.bk_host_ids[77777], bk_host_name: 'h77777' }]);
    const audits = await t.esb('list_operation_audit', { condition: { resource_type: 'host', action: ['create'] }, page: { limit: 1 } });
    expect(audits.data.count).toBe(N);
    // one host event and one host_relation event per host
    expect((await t.store.events.latestId()) - events).toBe(2 * N);
  });

  it('the host imports read bodies up to 64 MiB (add_host_to_business_idle too); other calls keep 1 MiB', { timeout: 120_000 }, async () => {
    const biz = await t.esb('create_business', { data: { bk_biz_name: 'bulk', bk_biz_maintainer: 'admin' } });
    const list = Array.from({ length: 1000 }, (_, i) => ({ bk_host_innerip: `10.99.${i >> 8}.${i & 255}`, bk_comment: 'c'.repeat(1500) }));
    const body = { bk_biz_id: biz.data.bk_biz_id, bk_host_list: list };
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(1024 * 1024);
    const added = await t.esb('add_host_to_business_idle', body);
    expect(added.message).toBe('success');
    expect(added.data.bk_host_ids).toHaveLength(1000);

    const post = (name: string, payload: string) =>
      t.app.inject({ method: 'POST', url: `/api/c/compapi/v2/cc/${name}/`, headers: { 'content-type': 'application/json' }, payload });
    const huge = await post('add_host_to_resource', 'x'.repeat(64 * 1024 * 1024 + 16));
    expect(huge.json()).toMatchObject({ result: false, code: 1199015, message: expect.stringMatching(/64 MiB/) });
    const big = await post('list_biz_hosts', 'x'.repeat(1024 * 1024 + 16));
    expect(big.json()).toMatchObject({ result: false, code: 1199015, message: expect.stringMatching(/ 1 MiB/) });
  });

  it('a bad last row refuses the whole batch, naming it; nothing is written', { timeout: 600_000 }, async () => {
    const bad = await t.esb('add_host_to_resource', { host_info: rows(10, (i) => (i === N - 1 ? { bk_cpu: 0 } : {})) });
    expect(bad.code).toBe(1199006);
    expect(bad.message).toMatch(new RegExp(`^'host_info\\[${N - 1}\\]\\.bk_cpu'`));
    const dup = await t.esb('add_host_to_resource', { host_info: rows(20, (i) => (i === N - 1 ? { bk_host_innerip: '10.0.0.5' } : {})) });
    expect(dup.code).toBe(1199014);
    expect(dup.message).toMatch(new RegExp(`host_info\\[${N - 1}\\]`));
    expect(await poolCount()).toBe(N);
  });
});
