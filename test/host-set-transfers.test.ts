import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { auditCount, expectRefused } from './support/fixtures.js';
import { makeBusiness, makeModule, makeSet, startTopograph, type TestTopograph } from './support/server.js';

/** transfer_sethost_to_idle_module (emptying a set or module) and transfer_host_across_biz. */

const INVALID_REFERENCE = 1199011;
const NOT_IN_BUSINESS = 1113002;
const NOT_IN_IDLE_POOL = 1110056;
const TOO_MANY = 1199035;

interface Rel {
  bk_host_id: number;
  bk_module_id: number;
  bk_biz_id: number;
}

describe(`moving a set's or a business's hosts (${TEST_DB})`, () => {
  let t: TestTopograph;
  let ip = 0;

  const idleHosts = async (biz: number, n: number) => {
    const r = await t.esb('add_host_to_business_idle', {
      bk_biz_id: biz,
      bk_host_list: Array.from({ length: n }, () => ({ bk_host_innerip: `10.40.${++ip >> 8}.${ip & 255}`, bk_cloud_id: 0 })),
    });
    expect(r.result, r.message).toBe(true);
    return r.data.bk_host_ids as number[];
  };
  const place = async (biz: number, host: number, modules: number[]) =>
    expect((await t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: [host], bk_module_id: modules, is_increment: false })).result).toBe(true);
  const modulesOf = async (hosts: number[]) => {
    const r = await t.esb('find_host_biz_relations', { bk_host_id: hosts });
    const out = new Map<number, number[]>();
    for (const rel of r.data as Rel[]) out.set(rel.bk_host_id, [...(out.get(rel.bk_host_id) ?? []), rel.bk_module_id]);
    return hosts.map((h) => out.get(h) ?? []);
  };
  const idleOf = async (biz: number) => {
    const r = await t.esb('get_biz_internal_module', { bk_biz_id: biz });
    return Object.fromEntries((r.data.module as Array<{ default: number; bk_module_id: number }>).map((m) => [m.default, m.bk_module_id])) as Record<
      1 | 2 | 3,
      number
    >;
  };

  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t?.stop());

  describe('transfer_sethost_to_idle_module', () => {
    let biz: number;
    let web: number;
    let db: number;
    let nginx: number;
    let php: number;
    let mysql: number;
    let idle: number;
    let hosts: number[];
    beforeAll(async () => {
      biz = await makeBusiness(t, 'empty-me', 'admin');
      web = await makeSet(t, biz, 'web');
      db = await makeSet(t, biz, 'db');
      nginx = await makeModule(t, biz, web, 'nginx');
      php = await makeModule(t, biz, web, 'php');
      mysql = await makeModule(t, biz, db, 'mysql');
      idle = (await idleOf(biz))[1];
    });

    it('empties one module: a host only there goes idle, a host also elsewhere just leaves it', async () => {
      hosts = await idleHosts(biz, 3);
      await place(biz, hosts[0]!, [nginx]);
      await place(biz, hosts[1]!, [nginx, mysql]);
      await place(biz, hosts[2]!, [php]);
      const audits = await auditCount(t);
      const r = await t.esb('transfer_sethost_to_idle_module', { bk_biz_id: biz, bk_set_id: web, bk_module_id: nginx });
      expect({ result: r.result, data: r.data }, r.message).toEqual({ result: true, data: null });
      expect(await modulesOf(hosts)).toEqual([[idle], [mysql], [php]]);
      // one audit record per host whose place changed
      expect(await auditCount(t)).toBe(audits + 2);
    });

    it('empties a whole set (bk_module_id 0)', async () => {
      await place(biz, hosts[0]!, [nginx, php]);
      await place(biz, hosts[1]!, [php, mysql]);
      const r = await t.esb('transfer_sethost_to_idle_module', { bk_biz_id: biz, bk_set_id: web, bk_module_id: 0 });
      expect(r.result, r.message).toBe(true);
      expect(await modulesOf(hosts)).toEqual([[idle], [mysql], [idle]]);
      // the set is empty now: deleting it succeeds
      expect((await t.esb('delete_set', { bk_biz_id: biz, bk_set_id: web })).result).toBe(true);
    });

    it('writes nothing for an empty set or module', async () => {
      const empty = await makeSet(t, biz, 'empty');
      const audits = await auditCount(t);
      expect((await t.esb('transfer_sethost_to_idle_module', { bk_biz_id: biz, bk_set_id: empty, bk_module_id: 0 })).result).toBe(true);
      expect(await auditCount(t)).toBe(audits);
    });

    it('refuses a set of another business and a module of another set, changing nothing', async () => {
      const other = await makeBusiness(t, 'empty-other', 'admin');
      const otherSet = await makeSet(t, other, 'web');
      await expectRefused(t, () => t.esb('transfer_sethost_to_idle_module', { bk_biz_id: biz, bk_set_id: otherSet, bk_module_id: 0 }), INVALID_REFERENCE);
      const wrong = await expectRefused(t, () => t.esb('transfer_sethost_to_idle_module', { bk_biz_id: biz, bk_set_id: db, bk_module_id: nginx }), INVALID_REFERENCE);
      expect(wrong.message).toContain('bk_module_id');
      expect(await modulesOf([hosts[1]!])).toEqual([[mysql]]);
    });
  });

  describe('transfer_host_across_biz', () => {
    let src: number;
    let dst: number;
    let srcIdle: Record<1 | 2 | 3, number>;
    let dstIdle: Record<1 | 2 | 3, number>;
    beforeAll(async () => {
      src = await makeBusiness(t, 'across-src', 'admin');
      dst = await makeBusiness(t, 'across-dst', 'admin');
      srcIdle = await idleOf(src);
      dstIdle = await idleOf(dst);
    });

    it("moves hosts of the source's idle pool into a module of the target's idle pool", async () => {
      const [a, b] = await idleHosts(src, 2);
      await t.esb('transfer_host_to_faultmodule', { bk_biz_id: src, bk_host_id: [b] });
      const r = await t.esb('transfer_host_across_biz', { src_bk_biz_id: src, dst_bk_biz_id: dst, bk_host_id: [a, b], bk_module_id: dstIdle[3] });
      expect({ result: r.result, data: r.data }, r.message).toEqual({ result: true, data: null });
      const rels = (await t.esb('find_host_biz_relations', { bk_host_id: [a, b] })).data as Rel[];
      expect(rels.map((x) => [x.bk_host_id, x.bk_biz_id, x.bk_module_id])).toEqual([
        [a, dst, dstIdle[3]],
        [b, dst, dstIdle[3]],
      ]);
      expect(srcIdle[1]).not.toBe(dstIdle[1]);
    });

    it('refuses hosts outside the idle pool or the source, a target module outside the idle pool, the pool, too many hosts', async () => {
      const set = await makeSet(t, src, 'busy');
      const mod = await makeModule(t, src, set, 'svc');
      const [busy, quiet] = await idleHosts(src, 2);
      await place(src, busy!, [mod]);
      const bad = await expectRefused(
        t,
        () => t.esb('transfer_host_across_biz', { src_bk_biz_id: src, dst_bk_biz_id: dst, bk_host_id: [busy, quiet], bk_module_id: dstIdle[1] }),
        NOT_IN_IDLE_POOL,
      );
      expect(bad.message).toContain(String(busy));
      const [elsewhere] = await idleHosts(dst, 1);
      await expectRefused(t, () => t.esb('transfer_host_across_biz', { src_bk_biz_id: src, dst_bk_biz_id: dst, bk_host_id: [quiet, elsewhere], bk_module_id: dstIdle[1] }), NOT_IN_BUSINESS);
      const dstSet = await makeSet(t, dst, 'svc');
      const dstMod = await makeModule(t, dst, dstSet, 'svc');
      const target = await expectRefused(t, () => t.esb('transfer_host_across_biz', { src_bk_biz_id: src, dst_bk_biz_id: dst, bk_host_id: [quiet], bk_module_id: dstMod }), INVALID_REFERENCE);
      expect(target.message).toContain('bk_module_id');
      await expectRefused(t, () => t.esb('transfer_host_across_biz', { src_bk_biz_id: src, dst_bk_biz_id: 1, bk_host_id: [quiet], bk_module_id: dstIdle[1] }), INVALID_REFERENCE);
      await expectRefused(t, () => t.esb('transfer_host_across_biz', { src_bk_biz_id: src, dst_bk_biz_id: src, bk_host_id: [quiet], bk_module_id: srcIdle[1] }), INVALID_REFERENCE);
      await expectRefused(
        t,
        () => t.esb('transfer_host_across_biz', { src_bk_biz_id: src, dst_bk_biz_id: dst, bk_host_id: Array.from({ length: 501 }, (_, i) => i + 1), bk_module_id: dstIdle[1] }),
        TOO_MANY,
      );
      expect(await modulesOf([quiet!])).toEqual([[srcIdle[1]]]);
    });
  });
});
