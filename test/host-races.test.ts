import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { makeBusiness, startTopograph, type TestTopograph } from './support/server.js';

/**
 * Host writes that decide on what they read, sent at the same moment. On PostgreSQL they run side by side;
 * the rows the decision rests on (the hosts, the business) are locked, so the second decides on what the
 * first committed. On SQLite writes take turns anyway; the same rules must hold.
 */
describe(`host writes racing (${TEST_DB})`, () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t?.stop());

  const hostsOf = async (bizId: number) => {
    const r = await t.esb('find_host_topo_relation', { bk_biz_id: bizId, page: { limit: 500 } });
    expect(r.result).toBe(true);
    return new Set((r.data.data as Array<{ bk_host_id: number }>).map((x) => x.bk_host_id));
  };

  it('a pool host sent to two businesses at once lands in exactly one', async () => {
    const x = await makeBusiness(t, 'race-x');
    const y = await makeBusiness(t, 'race-y');
    const n = 30;
    const added = await t.esb('add_host_to_resource', { host_info: Array.from({ length: n }, (_, i) => ({ bk_host_innerip: `10.9.0.${i + 1}`, bk_cloud_id: 0 })) });
    const ids = added.data.bk_host_ids as number[];
    const answers = await Promise.all(
      ids.flatMap((h) => [
        t.esb('transfer_resourcehost_to_idlemodule', { bk_biz_id: x, bk_host_id: [h] }),
        t.esb('transfer_resourcehost_to_idlemodule', { bk_biz_id: y, bk_host_id: [h] }),
      ]),
    );
    expect(answers.filter((a) => a.result)).toHaveLength(n);
    // the loser is told the host is no longer in the pool
    expect(new Set(answers.filter((a) => !a.result).map((a) => a.code)).size).toBeGreaterThan(0);
    const [inX, inY] = [await hostsOf(x), await hostsOf(y)];
    expect([...inX].filter((h) => inY.has(h))).toEqual([]);
    expect(inX.size + inY.size).toBe(n);
  });

  it('a business is never archived while a host is being added to it: one of the two is refused', async () => {
    const n = 20;
    const bizs: number[] = [];
    for (let i = 0; i < n; i++) bizs.push(await makeBusiness(t, `race-archive-${i}`));
    const answers = await Promise.all(
      bizs.flatMap((b, i) => [
        t.esb('update_business_enable_status', { bk_biz_id: b, flag: 'disabled' }),
        t.esb('add_host_to_business_idle', { bk_biz_id: b, bk_host_list: [{ bk_host_innerip: `10.8.0.${i + 1}`, bk_cloud_id: 0 }] }),
      ]),
    );
    for (let i = 0; i < n; i++) {
      const [archived, added] = [answers[2 * i]!, answers[2 * i + 1]!];
      expect([archived.result, added.result].filter(Boolean), `business ${bizs[i]}`).toHaveLength(1);
      const holds = (await hostsOf(bizs[i]!)).size;
      expect(holds).toBe(added.result ? 1 : 0);
    }
  });
});
