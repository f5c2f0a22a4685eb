import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { ok } from './support/fixtures.js';
import { makeBusiness, makeModule, makeSet, startTopograph, type TestTopograph } from './support/server.js';

/** The brief topology reads: find_host_relations_with_topo, get_biz_brief_cache_topo and find_brief_biz_topo_node_relation. */

const INVALID = 1199006;
const TOO_MANY = 1199035;
const PAGE_LIMIT = 1199059;
/** an unknown business (bk-cmdb's "invalid or does not exist") */
const NO_SUCH_BIZ = 1199011;

type Row = Record<string, unknown>;

describe(`topology relation reads (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;
  let biz2: number;
  let web: number;
  let db: number;
  let other: number;
  let nginx: number;
  let php: number;
  let mysql: number;
  let otherMod: number;
  let h1: number;
  let h2: number;
  let h3: number;

  const place = async (bizId: number, ip: string, modules: number[]) => {
    const id = ok(await t.esb('add_host_to_business_idle', { bk_biz_id: bizId, bk_host_list: [{ bk_host_innerip: ip }] })).bk_host_ids[0] as number;
    ok(await t.esb('transfer_host_module', { bk_biz_id: bizId, bk_host_id: [id], bk_module_id: modules, is_increment: false }));
    return id;
  };
  const relations = (body: Row) => t.esb('find_host_relations_with_topo', { bk_biz_id: biz, fields: ['bk_host_id', 'bk_module_id'], page: { start: 0, limit: 10 }, ...body });
  const brief = (body: Row) => t.esb('find_brief_biz_topo_node_relation', { page: { start: 0, limit: 100 }, ...body });

  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'rel-shop');
    biz2 = await makeBusiness(t, 'rel-other');
    web = await makeSet(t, biz, 'web');
    db = await makeSet(t, biz, 'db');
    other = await makeSet(t, biz2, 'other');
    nginx = await makeModule(t, biz, web, 'nginx');
    php = await makeModule(t, biz, web, 'php');
    mysql = await makeModule(t, biz, db, 'mysql');
    otherMod = await makeModule(t, biz2, other, 'other-mod');
    h1 = await place(biz, '10.95.0.1', [nginx, php]);
    h2 = await place(biz, '10.95.0.2', [php]);
    h3 = await place(biz, '10.95.0.3', [mysql]);
    await place(biz2, '10.95.0.4', [otherMod]);
  });
  afterAll(() => t?.stop());

  describe('find_host_relations_with_topo', () => {
    it('answers the relations under the sets asked for, with the fields asked for, by host then module', async () => {
      const data = ok(await relations({ bk_obj_id: 'set', bk_inst_ids: [web] }));
      expect(data).toEqual({
        count: 3,
        info: [
          { bk_host_id: h1, bk_module_id: nginx },
          { bk_host_id: h1, bk_module_id: php },
          { bk_host_id: h2, bk_module_id: php },
        ],
      });
      const all = ok(await relations({ bk_obj_id: 'set', bk_inst_ids: [web, db], fields: ['bk_biz_id', 'bk_set_id', 'bk_supplier_account', 'bk_host_id'] }));
      expect(all.count).toBe(4);
      expect(all.info.at(-1)).toEqual({ bk_biz_id: biz, bk_set_id: db, bk_supplier_account: '0', bk_host_id: h3 });
    });

    it('narrows to modules, pages with a full count, and finds nothing under another business\'s node', async () => {
      const page = ok(await relations({ bk_obj_id: 'module', bk_inst_ids: [php, mysql], page: { start: 1, limit: 1 } }));
      expect(page).toEqual({ count: 3, info: [{ bk_host_id: h2, bk_module_id: php }] });
      expect(ok(await relations({ bk_obj_id: 'module', bk_inst_ids: [otherMod] }))).toEqual({ count: 0, info: [] });
    });

    it('orders by page.sort (relation ids, "-" for descending), then by host and module', async () => {
      const data = ok(await relations({ bk_obj_id: 'set', bk_inst_ids: [web, db], page: { start: 0, limit: 10, sort: '-bk_host_id' } }));
      expect(data.info).toEqual([
        { bk_host_id: h3, bk_module_id: mysql },
        { bk_host_id: h2, bk_module_id: php },
        { bk_host_id: h1, bk_module_id: nginx },
        { bk_host_id: h1, bk_module_id: php },
      ]);
      const byModule = ok(await relations({ bk_obj_id: 'set', bk_inst_ids: [web], page: { sort: '-bk_module_id' } }));
      expect(byModule.info.map((r: Row) => r.bk_module_id)).toEqual([php, php, nginx]);
      const bad = await relations({ bk_obj_id: 'set', bk_inst_ids: [web], page: { sort: 'bk_host_name' } });
      expect(bad.code).toBe(INVALID);
      expect(bad.message).toContain('page.sort');
    });

    it('refuses a business level or an unknown one, a field that is no relation field, too many nodes, a page over 500, and an unknown business', async () => {
      for (const bad of ['biz', 'host', 'nation']) {
        const r = await relations({ bk_obj_id: bad, bk_inst_ids: [web] });
        expect(r.code).toBe(INVALID);
        expect(r.message).toContain('bk_obj_id');
      }
      const f = await relations({ bk_obj_id: 'set', bk_inst_ids: [web], fields: ['bk_host_name'] });
      expect(f.code).toBe(INVALID);
      expect(f.message).toContain('bk_host_name');
      expect((await relations({ bk_obj_id: 'set', bk_inst_ids: Array.from({ length: 51 }, (_, i) => i + 1) })).code).toBe(TOO_MANY);
      expect((await relations({ bk_obj_id: 'set', bk_inst_ids: [web], page: { limit: 501 } })).code).toBe(PAGE_LIMIT);
      expect((await relations({ bk_biz_id: 999999, bk_obj_id: 'set', bk_inst_ids: [web] })).code).toBe(NO_SUCH_BIZ);
    });
  });

  describe('get_biz_brief_cache_topo', () => {
    it("answers the business's whole tree in brief: the idle pool apart, every other set with its modules", async () => {
      const data = ok(await t.esb('get_biz_brief_cache_topo', { bk_biz_id: biz }));
      const internal = ok(await t.esb('get_biz_internal_module', { bk_biz_id: biz }));
      expect(data.biz).toEqual({ id: biz, nm: 'rel-shop', dft: 0, bk_supplier_account: '0' });
      expect(data.idle).toEqual([
        {
          obj: 'set',
          id: internal.bk_set_id,
          nm: internal.bk_set_name,
          dft: 1,
          nds: internal.module.map((m: Row) => ({ obj: 'module', id: m.bk_module_id, nm: m.bk_module_name, dft: m.default, nds: null })),
        },
      ]);
      expect(data.nds).toEqual([
        {
          obj: 'set',
          id: web,
          nm: 'web',
          dft: 0,
          nds: [
            { obj: 'module', id: nginx, nm: 'nginx', dft: 0, nds: null },
            { obj: 'module', id: php, nm: 'php', dft: 0, nds: null },
          ],
        },
        { obj: 'set', id: db, nm: 'db', dft: 0, nds: [{ obj: 'module', id: mysql, nm: 'mysql', dft: 0, nds: null }] },
      ]);
    });

    it('is never stale: a module made a moment ago is in the next answer; an unknown business is refused', async () => {
      const before = ok(await t.esb('get_biz_brief_cache_topo', { bk_biz_id: biz2 }));
      expect(before.nds[0].nds.map((m: Row) => m.nm)).toEqual(['other-mod']);
      const fresh = await makeModule(t, biz2, other, 'fresh-mod');
      const after = ok(await t.esb('get_biz_brief_cache_topo', { bk_biz_id: biz2 }));
      expect(after.nds[0].nds.map((m: Row) => m.id)).toEqual([otherMod, fresh]);
      expect((await t.esb('get_biz_brief_cache_topo', { bk_biz_id: 999999 })).code).toBe(NO_SUCH_BIZ);
    });
  });

  describe('find_brief_biz_topo_node_relation', () => {
    const setsOf = async (bizId: number) => {
      const r = ok(await t.esb('search_set', { bk_biz_id: bizId, fields: ['bk_set_id'], page: { start: 0, limit: 100 } }));
      const idle = ok(await t.esb('get_biz_internal_module', { bk_biz_id: bizId })).bk_set_id as number;
      return [...r.info.map((s: Row) => s.bk_set_id as number), idle].filter((v, i, a) => a.indexOf(v) === i).sort((a, b) => a - b);
    };

    it('goes down from businesses to their sets, across businesses, by dest_id', async () => {
      const data = ok(await brief({ src_biz_obj: 'biz', src_ids: [biz, biz2], dest_biz_obj: 'set' })) as Row[];
      const expected = [...(await setsOf(biz)).map((s) => ({ bk_biz_id: biz, src_id: biz, dest_id: s })), ...(await setsOf(biz2)).map((s) => ({ bk_biz_id: biz2, src_id: biz2, dest_id: s }))];
      expect(data).toEqual(expected.sort((a, b) => a.dest_id - b.dest_id));
      expect(data.map((r) => r.dest_id)).toEqual(expect.arrayContaining([web, db, other]));
    });

    it('goes down from sets to modules and pages: an empty page ends the list', async () => {
      const first = ok(await brief({ src_biz_obj: 'set', src_ids: [web, db], dest_biz_obj: 'module', page: { start: 0, limit: 2 } }));
      expect(first).toEqual([
        { bk_biz_id: biz, src_id: web, dest_id: nginx },
        { bk_biz_id: biz, src_id: web, dest_id: php },
      ]);
      expect(ok(await brief({ src_biz_obj: 'set', src_ids: [web, db], dest_biz_obj: 'module', page: { start: 2, limit: 2 } }))).toEqual([
        { bk_biz_id: biz, src_id: db, dest_id: mysql },
      ]);
      expect(ok(await brief({ src_biz_obj: 'set', src_ids: [web, db], dest_biz_obj: 'module', page: { start: 4, limit: 2 } }))).toEqual([]);
    });

    it("goes from businesses to their modules, past the sets, as bk-cmdb lets a business reach every level", async () => {
      const modules = ok(await brief({ src_biz_obj: 'biz', src_ids: [biz2, biz], dest_biz_obj: 'module' })) as Row[];
      const internal = ok(await t.esb('get_biz_internal_module', { bk_biz_id: biz })).module.map((m: Row) => m.bk_module_id as number);
      expect(modules.filter((r) => r.src_id === biz).map((r) => r.dest_id)).toEqual([...internal, nginx, php, mysql].sort((a, b) => a - b));
      expect(modules.filter((r) => r.src_id === biz2).map((r) => r.dest_id)).toContain(otherMod);
      expect(modules.map((r) => r.dest_id)).toEqual(modules.map((r) => r.dest_id as number).sort((a, b) => a - b));
      expect(modules.every((r) => r.bk_biz_id === r.src_id)).toBe(true);
    });

    it('goes up from modules to their set or business, and from sets to their business', async () => {
      expect(ok(await brief({ src_biz_obj: 'module', src_ids: [mysql, nginx, otherMod], dest_biz_obj: 'set' }))).toEqual(
        [
          { bk_biz_id: biz, src_id: nginx, dest_id: web },
          { bk_biz_id: biz, src_id: mysql, dest_id: db },
          { bk_biz_id: biz2, src_id: otherMod, dest_id: other },
        ].sort((a, b) => a.dest_id - b.dest_id || a.src_id - b.src_id),
      );
      expect(ok(await brief({ src_biz_obj: 'module', src_ids: [otherMod, php], dest_biz_obj: 'biz' }))).toEqual([
        { bk_biz_id: biz, src_id: php, dest_id: biz },
        { bk_biz_id: biz2, src_id: otherMod, dest_id: biz2 },
      ]);
      expect(ok(await brief({ src_biz_obj: 'set', src_ids: [other, web, 999999], dest_biz_obj: 'biz' }))).toEqual([
        { bk_biz_id: biz, src_id: web, dest_id: biz },
        { bk_biz_id: biz2, src_id: other, dest_id: biz2 },
      ]);
    });

    it('refuses levels that are the same or unknown, too many sources, a page over 500, and a sort', async () => {
      const same = await brief({ src_biz_obj: 'set', src_ids: [web], dest_biz_obj: 'set' });
      expect(same.code).toBe(INVALID);
      expect(same.message).toContain('dest_biz_obj');
      const sorted = await brief({ src_biz_obj: 'biz', src_ids: [biz], dest_biz_obj: 'set', page: { limit: 10, sort: 'src_id' } });
      expect(sorted.code).toBe(INVALID);
      expect(sorted.message).toContain('page.sort');
      const unknown = await brief({ src_biz_obj: 'nation', src_ids: [biz], dest_biz_obj: 'biz' });
      expect(unknown.code).toBe(INVALID);
      expect(unknown.message).toContain('src_biz_obj');
      expect((await brief({ src_biz_obj: 'biz', src_ids: Array.from({ length: 201 }, (_, i) => i + 1), dest_biz_obj: 'set' })).code).toBe(TOO_MANY);
      expect((await brief({ src_biz_obj: 'biz', src_ids: [biz], dest_biz_obj: 'set', page: { limit: 501 } })).code).toBe(PAGE_LIMIT);
    });
  });
});
