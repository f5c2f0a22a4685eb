import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../src/domain/errors.js';
import { TREE_LIMITS, findBizTreeBriefInfo } from '../src/domain/topology/brief-tree.js';
import type { Deps } from '../src/domain/context.js';
import { TEST_DB } from './support/database.js';
import { ok } from './support/fixtures.js';
import { makeBusiness, makeModule, makeSet, startTopograph, type TestTopograph } from './support/server.js';

/**
 * find_biz_tree_brief_info builds its answer in memory, so a business with more host placements than one answer
 * carries is refused before any host is read. The cap (200,000) is lowered here through the domain call's own
 * parameter; the store and the data are real.
 */
describe(`find_biz_tree_brief_info's cap (${TEST_DB})`, () => {
  let t: TestTopograph;
  let deps: Deps;
  let biz: number;
  const params = () => ({ bk_biz_id: biz, set_fields: ['bk_set_name'], module_fields: ['bk_module_name'], host_fields: ['bk_host_innerip'] });

  beforeAll(async () => {
    t = await startTopograph();
    deps = { store: t.store, timeZone: 'Asia/Shanghai', strictFields: false, watchWaitMs: 0 };
    biz = await makeBusiness(t, 'capped');
    const set = await makeSet(t, biz, 'web');
    const [a, b] = [await makeModule(t, biz, set, 'a'), await makeModule(t, biz, set, 'b')];
    const [h1, h2] = ok(await t.esb('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [{ bk_host_innerip: '10.72.0.1' }, { bk_host_innerip: '10.72.0.2' }] })).bk_host_ids as number[];
    // three placements: h1 in a and b, h2 in b
    ok(await t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: [h1], bk_module_id: [a, b], is_increment: false }));
    ok(await t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: [h2], bk_module_id: [b], is_increment: false }));
  });
  afterAll(() => t?.stop());

  it('answers a business with exactly as many placements as the cap, each host under each of its modules', async () => {
    const tree = await findBizTreeBriefInfo(deps, params(), { ...TREE_LIMITS, maxPlacements: 3 });
    const hostsIn = (name: string) =>
      tree.flatMap((s) => s.modules).find((m) => m.module.bk_module_name === name)!.hosts.map((h) => (h as Record<string, unknown>).bk_host_innerip);
    expect(hostsIn('a')).toEqual(['10.72.0.1']);
    expect(hostsIn('b')).toEqual(['10.72.0.1', '10.72.0.2']);
  });

  it('refuses one placement more than the cap, naming bk_biz_id and the paged call to use instead', async () => {
    const err = await findBizTreeBriefInfo(deps, params(), { ...TREE_LIMITS, maxPlacements: 2 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: 'invalid_parameter', details: { field: 'bk_biz_id', operation: 'too_many' } });
    expect((err as Error).message).toBe(
      `'bk_biz_id' exceed the limit 2: business ${biz} holds more hosts in modules than one answer carries; read it a page at a time with list_biz_hosts_topo`,
    );
  });

  it("refuses a tree whose JSON would pass the size limit, counting a host once per module it is under, naming host_fields", async () => {
    // the answer below is well under 2,000 characters with the address alone, over it with a 600-character comment
    const small = await findBizTreeBriefInfo(deps, params(), { ...TREE_LIMITS, maxChars: 2000 });
    expect(JSON.stringify(small).length).toBeLessThan(2000);
    const [host] = (ok(await t.esb('list_biz_hosts', { bk_biz_id: biz, fields: ['bk_host_id'], page: { start: 0, limit: 1 } })) as { info: Record<string, unknown>[] }).info;
    ok(await t.esb('update_host', { bk_host_id: String(host!.bk_host_id), data: { bk_comment: 'c'.repeat(600) } }));
    const wide = { ...params(), host_fields: ['bk_host_innerip', 'bk_comment'] };
    // 600 characters fit once; the first host sits in two modules, so its comment counts twice
    await expect(findBizTreeBriefInfo(deps, wide, { ...TREE_LIMITS, maxChars: 1300 })).rejects.toMatchObject({
      details: { field: 'host_fields', operation: 'too_many' },
      message: expect.stringContaining("'host_fields' exceed the limit 1300"),
    });
    expect(JSON.stringify(await findBizTreeBriefInfo(deps, wide, { ...TREE_LIMITS, maxChars: 4000 })).length).toBeGreaterThan(1300);
  });

  it('names the level whose fields pass the size limit: a wide set field names set_fields', async () => {
    const [set] = (ok(await t.esb('search_set', { bk_biz_id: biz, condition: { bk_set_name: 'web' } })) as { info: Record<string, unknown>[] }).info;
    ok(await t.esb('update_set', { bk_biz_id: biz, bk_set_id: set!.bk_set_id, data: { description: 'd'.repeat(1500) } }));
    const wideSets = { ...params(), set_fields: ['bk_set_name', 'description'] };
    await expect(findBizTreeBriefInfo(deps, wideSets, { ...TREE_LIMITS, maxChars: 1300 })).rejects.toMatchObject({ details: { field: 'set_fields', operation: 'too_many' } });
    expect(JSON.stringify(await findBizTreeBriefInfo(deps, params(), { ...TREE_LIMITS, maxChars: 1300 })).length).toBeLessThan(1300);
  });
});
