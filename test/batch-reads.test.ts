import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { makeBusiness, makeModule, makeSet, startTopograph, type TestTopograph } from './support/server.js';

/**
 * The batch reads bk-cmdb clients use to resolve ids: find_set_batch, find_module_batch,
 * find_host_biz_relations and find_module_host_relation.
 */

const INVALID_REFERENCE = 1199011;
const REQUIRED = 1199010;
const INVALID_PARAMETER = 1199006;
const TOO_MANY = 1199035;
const PAGE_LIMIT = 1199059;
const GATEWAY = 1306000;

describe(`batch reads (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;
  let other: number;
  let setA: number;
  let setB: number;
  let otherSet: number;
  let modA1: number;
  let modA2: number;
  let modB1: number;
  let otherMod: number;
  let hosts: number[];
  let otherHost: number;

  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'batch-a', 'admin');
    other = await makeBusiness(t, 'batch-b', 'admin');
    setA = await makeSet(t, biz, 'set-a');
    setB = await makeSet(t, biz, 'set-b');
    otherSet = await makeSet(t, other, 'set-o');
    modA1 = await makeModule(t, biz, setA, 'a1');
    modA2 = await makeModule(t, biz, setA, 'a2');
    modB1 = await makeModule(t, biz, setB, 'b1');
    otherMod = await makeModule(t, other, otherSet, 'o1');
    const added = await t.esb('add_host_to_business_idle', {
      bk_biz_id: biz,
      bk_host_list: [1, 2, 3, 4].map((i) => ({ bk_host_innerip: `10.20.0.${i}`, bk_cloud_id: 0, bk_host_name: `h${i}` })),
    });
    expect(added.result, added.message).toBe(true);
    hosts = added.data.bk_host_ids as number[];
    const move = (ids: number[], modules: number[]) =>
      t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: ids, bk_module_id: modules, is_increment: false });
    // h1 in a1 and a2, h2 in a2, h3 in b1, h4 stays in the idle module
    expect((await move([hosts[0]!], [modA1, modA2])).result).toBe(true);
    expect((await move([hosts[1]!], [modA2])).result).toBe(true);
    expect((await move([hosts[2]!], [modB1])).result).toBe(true);
    const o = await t.esb('add_host_to_business_idle', { bk_biz_id: other, bk_host_list: [{ bk_host_innerip: '10.20.1.1', bk_cloud_id: 0 }] });
    otherHost = o.data.bk_host_ids[0] as number;
  });
  afterAll(() => t?.stop());

  describe('find_set_batch and find_module_batch', () => {
    it('answers the business’s sets among bk_ids with the fields asked for (and the id, always)', async () => {
      const r = await t.esb('find_set_batch', { bk_biz_id: biz, bk_ids: [setA, setB, otherSet, 999999], fields: ['bk_set_name', 'create_time'] });
      expect(r.result, r.message).toBe(true);
      const rows = r.data as Array<Record<string, unknown>>;
      expect(rows.map((s) => s.bk_set_name).sort()).toEqual(['set-a', 'set-b']);
      for (const s of rows) {
        expect(Object.keys(s).sort()).toEqual(['bk_set_id', 'bk_set_name', 'create_time']);
        expect(s.create_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+[+-]\d{2}:\d{2}$/);
      }
    });

    it('answers modules the same way', async () => {
      const r = await t.esb('find_module_batch', { bk_biz_id: biz, bk_ids: [modA1, modB1, otherMod], fields: ['bk_module_name', 'bk_set_id'] });
      expect(r.result, r.message).toBe(true);
      expect(r.data).toEqual(
        expect.arrayContaining([
          { bk_module_id: modA1, bk_module_name: 'a1', bk_set_id: setA },
          { bk_module_id: modB1, bk_module_name: 'b1', bk_set_id: setB },
        ]),
      );
      expect(r.data).toHaveLength(2);
    });

    it('refuses a missing or empty bk_ids or fields, more than 500 ids, an unknown field, an unknown business', async () => {
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [{ bk_biz_id: biz, fields: ['bk_set_id'] }, GATEWAY, 'bk_ids'],
        [{ bk_biz_id: biz, bk_ids: [], fields: ['bk_set_id'] }, REQUIRED, 'bk_ids'],
        [{ bk_biz_id: biz, bk_ids: [setA] }, GATEWAY, 'fields'],
        [{ bk_biz_id: biz, bk_ids: [setA], fields: [] }, REQUIRED, 'fields'],
        [{ bk_biz_id: biz, bk_ids: Array.from({ length: 501 }, (_, i) => i + 1), fields: ['bk_set_id'] }, TOO_MANY, 'bk_ids'],
        [{ bk_biz_id: biz, bk_ids: [setA], fields: ['no_such_field'] }, INVALID_PARAMETER, 'fields'],
        [{ bk_biz_id: 999999, bk_ids: [setA], fields: ['bk_set_id'] }, INVALID_REFERENCE, 'bk_biz_id'],
      ];
      for (const [body, code, field] of cases) {
        const r = await t.esb('find_set_batch', body);
        expect({ code: r.code, names: r.message.includes(field) }, `${JSON.stringify(body).slice(0, 80)} → ${r.message}`).toEqual({ code, names: true });
      }
    });
  });

  describe('find_host_biz_relations', () => {
    it('answers every relation of the hosts, in any business', async () => {
      const r = await t.esb('find_host_biz_relations', { bk_host_id: [hosts[0], hosts[2], otherHost] });
      expect(r.result, r.message).toBe(true);
      expect(r.data).toEqual([
        { bk_host_id: hosts[0], bk_module_id: modA1, bk_set_id: setA, bk_biz_id: biz, bk_supplier_account: '0' },
        { bk_host_id: hosts[0], bk_module_id: modA2, bk_set_id: setA, bk_biz_id: biz, bk_supplier_account: '0' },
        { bk_host_id: hosts[2], bk_module_id: modB1, bk_set_id: setB, bk_biz_id: biz, bk_supplier_account: '0' },
        expect.objectContaining({ bk_host_id: otherHost, bk_biz_id: other }),
      ]);
    });

    it('narrows to one business with bk_biz_id', async () => {
      const r = await t.esb('find_host_biz_relations', { bk_host_id: [hosts[0], otherHost], bk_biz_id: other });
      expect(r.data).toEqual([expect.objectContaining({ bk_host_id: otherHost, bk_biz_id: other })]);
    });

    it('refuses a missing or empty list, more than 500 ids, an unknown business', async () => {
      expect((await t.esb('find_host_biz_relations', {})).code).toBe(GATEWAY);
      expect((await t.esb('find_host_biz_relations', { bk_host_id: [] })).code).toBe(REQUIRED);
      const many = await t.esb('find_host_biz_relations', { bk_host_id: Array.from({ length: 501 }, (_, i) => i + 1) });
      expect(many.code).toBe(TOO_MANY);
      expect(many.message).toContain('bk_host_id');
      expect((await t.esb('find_host_biz_relations', { bk_host_id: [hosts[0]], bk_biz_id: 999999 })).code).toBe(INVALID_REFERENCE);
    });
  });

  describe('find_host_by_topo', () => {
    const ids = (r: { data: { info: Array<{ bk_host_id: number }> } }) => r.data.info.map((h) => h.bk_host_id);

    it('answers the hosts under a set (each once) or a module, with the fields asked for', async () => {
      const set = await t.esb('find_host_by_topo', { bk_biz_id: biz, bk_obj_id: 'set', bk_inst_id: setA, fields: ['bk_host_name'], page: { start: 0, limit: 10 } });
      expect(set.result, set.message).toBe(true);
      expect(set.data).toEqual({
        count: 2,
        info: [
          { bk_host_id: hosts[0], bk_host_name: 'h1' },
          { bk_host_id: hosts[1], bk_host_name: 'h2' },
        ],
      });
      const mod = await t.esb('find_host_by_topo', { bk_biz_id: biz, bk_obj_id: 'module', bk_inst_id: modA1, fields: ['bk_host_id'] });
      expect(ids(mod)).toEqual([hosts[0]]);
      const paged = await t.esb('find_host_by_topo', { bk_biz_id: biz, bk_obj_id: 'set', bk_inst_id: setA, fields: ['bk_host_id'], page: { start: 1, limit: 1 } });
      expect({ count: paged.data.count, ids: ids(paged) }).toEqual({ count: 2, ids: [hosts[1]] });
    });

    it('answers nothing for a node of another business', async () => {
      const r = await t.esb('find_host_by_topo', { bk_biz_id: biz, bk_obj_id: 'module', bk_inst_id: otherMod, fields: ['bk_host_id'] });
      expect(r.data).toEqual({ count: 0, info: [] });
    });

    it('refuses biz or an unknown object, missing fields, a page over 500', async () => {
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [{ bk_obj_id: 'biz' }, INVALID_PARAMETER, 'bk_obj_id'],
        [{ bk_obj_id: null }, REQUIRED, 'bk_obj_id'],
        [{ bk_obj_id: 'host' }, INVALID_PARAMETER, 'bk_obj_id'],
        [{ fields: [] }, REQUIRED, 'fields'],
        [{ page: { limit: 501 } }, PAGE_LIMIT, 'page.limit'],
        [{ bk_biz_id: 999999 }, INVALID_REFERENCE, 'bk_biz_id'],
      ];
      for (const [extra, code, field] of cases) {
        const r = await t.esb('find_host_by_topo', { bk_biz_id: biz, bk_obj_id: 'set', bk_inst_id: setA, fields: ['bk_host_id'], ...extra });
        expect({ code: r.code, names: r.message.includes(field) }, `${JSON.stringify(extra)} → ${r.message}`).toEqual({ code, names: true });
      }
    });
  });

  describe('find_module_host_relation', () => {
    const ask = (extra: Record<string, unknown> = {}) =>
      t.esb('find_module_host_relation', {
        bk_biz_id: biz,
        bk_module_ids: [modA1, modA2, modB1],
        module_fields: ['bk_module_id', 'bk_module_name'],
        host_fields: ['bk_host_id', 'bk_host_innerip'],
        page: { start: 0, limit: 10 },
        ...extra,
      });

    it('answers each host of the modules once, with the modules among them it is in', async () => {
      const r = await ask();
      expect(r.result, r.message).toBe(true);
      expect(r.data).toEqual({
        count: 3,
        relation: [
          {
            host: { bk_host_id: hosts[0], bk_host_innerip: '10.20.0.1' },
            modules: [
              { bk_module_id: modA1, bk_module_name: 'a1' },
              { bk_module_id: modA2, bk_module_name: 'a2' },
            ],
          },
          { host: { bk_host_id: hosts[1], bk_host_innerip: '10.20.0.2' }, modules: [{ bk_module_id: modA2, bk_module_name: 'a2' }] },
          { host: { bk_host_id: hosts[2], bk_host_innerip: '10.20.0.3' }, modules: [{ bk_module_id: modB1, bk_module_name: 'b1' }] },
        ],
      });
    });

    it('leaves out the host’s modules that were not asked for, and the fields not asked for (ids are kept)', async () => {
      const r = await ask({ bk_module_ids: [modA2], module_fields: ['bk_module_name'], host_fields: ['bk_host_name'] });
      expect(r.data).toEqual({
        count: 2,
        relation: [
          { host: { bk_host_id: hosts[0], bk_host_name: 'h1' }, modules: [{ bk_module_id: modA2, bk_module_name: 'a2' }] },
          { host: { bk_host_id: hosts[1], bk_host_name: 'h2' }, modules: [{ bk_module_id: modA2, bk_module_name: 'a2' }] },
        ],
      });
    });

    it('pages by host id', async () => {
      const first = await ask({ page: { start: 0, limit: 2 } });
      const second = await ask({ page: { start: 2, limit: 2 } });
      expect(first.data.count).toBe(3);
      expect(first.data.relation.map((x: { host: { bk_host_id: number } }) => x.host.bk_host_id)).toEqual([hosts[0], hosts[1]]);
      expect(second.data.relation.map((x: { host: { bk_host_id: number } }) => x.host.bk_host_id)).toEqual([hosts[2]]);
    });

    it('answers no relation for modules of another business', async () => {
      const r = await ask({ bk_module_ids: [otherMod] });
      expect(r.data).toEqual({ count: 0, relation: [] });
    });

    it('refuses missing lists, more than 200 modules, a page over 1000, an unknown field or business', async () => {
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [{ bk_module_ids: [] }, REQUIRED, 'bk_module_ids'],
        [{ bk_module_ids: Array.from({ length: 201 }, (_, i) => i + 1) }, TOO_MANY, 'bk_module_ids'],
        [{ module_fields: [] }, REQUIRED, 'module_fields'],
        [{ host_fields: [] }, REQUIRED, 'host_fields'],
        [{ host_fields: ['bk_module_name'] }, INVALID_PARAMETER, 'host_fields'],
        [{ page: { limit: 1001 } }, PAGE_LIMIT, 'page.limit'],
        [{ bk_biz_id: 999999 }, INVALID_REFERENCE, 'bk_biz_id'],
      ];
      for (const [extra, code, field] of cases) {
        const r = await ask(extra);
        expect({ code: r.code, names: r.message.includes(field) }, `${JSON.stringify(extra).slice(0, 80)} → ${r.message}`).toEqual({ code, names: true });
      }
    });
  });

  describe('find_host_by_set_template and find_host_by_service_template', () => {
    let stA: number;
    let stB: number;
    let tpl: number;
    let tplSet1: number;
    let tplSet2: number;
    let tplHosts: number[];
    const moduleOf = async (setId: number, name: string) => {
      const r = await t.esb('search_module', { bk_biz_id: biz, bk_set_id: setId, condition: { bk_module_name: name } });
      return r.data.info[0].bk_module_id as number;
    };

    beforeAll(async () => {
      const category = (await t.esb('create_service_category', { bk_biz_id: biz, name: 'tpl_cat', bk_parent_id: 0 })).data.id as number;
      const leaf = (await t.esb('create_service_category', { bk_biz_id: biz, name: 'tpl_leaf', bk_parent_id: category })).data.id as number;
      stA = (await t.esb('create_service_template', { bk_biz_id: biz, name: 'st-web', service_category_id: leaf })).data.id as number;
      stB = (await t.esb('create_service_template', { bk_biz_id: biz, name: 'st-db', service_category_id: leaf })).data.id as number;
      tpl = (await t.esb('create_set_template', { bk_biz_id: biz, name: 'tpl-ab', service_template_ids: [stA, stB] })).data.id as number;
      const fromTpl = async (name: string) =>
        (await t.esb('create_set', { bk_biz_id: biz, data: { bk_parent_id: biz, bk_set_name: name, set_template_id: tpl } })).data.bk_set_id as number;
      tplSet1 = await fromTpl('tpl-set-1');
      tplSet2 = await fromTpl('tpl-set-2');
      const added = await t.esb('add_host_to_business_idle', {
        bk_biz_id: biz,
        bk_host_list: [1, 2, 3].map((i) => ({ bk_host_innerip: `10.21.0.${i}`, bk_cloud_id: 0 })),
      });
      tplHosts = added.data.bk_host_ids as number[];
      const move = (id: number, modules: number[]) => t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: [id], bk_module_id: modules, is_increment: false });
      // host 1: web of set 1; host 2: db of set 2; host 3: web and db of set 2
      expect((await move(tplHosts[0]!, [await moduleOf(tplSet1, 'st-web')])).result).toBe(true);
      expect((await move(tplHosts[1]!, [await moduleOf(tplSet2, 'st-db')])).result).toBe(true);
      expect((await move(tplHosts[2]!, [await moduleOf(tplSet2, 'st-web'), await moduleOf(tplSet2, 'st-db')])).result).toBe(true);
    });

    const ids = (r: { data: { info: Array<{ bk_host_id: number }> } }) => r.data.info.map((h) => h.bk_host_id);

    it('answers the hosts of the sets made from the set template, each once, with the fields asked for', async () => {
      const r = await t.esb('find_host_by_set_template', { bk_biz_id: biz, bk_set_template_ids: [tpl], fields: ['bk_host_innerip'], page: { start: 0, limit: 10 } });
      expect(r.result, r.message).toBe(true);
      expect(r.data.count).toBe(3);
      expect(r.data.info).toEqual(tplHosts.map((id, i) => ({ bk_host_id: id, bk_host_innerip: `10.21.0.${i + 1}` })));
      const one = await t.esb('find_host_by_set_template', { bk_biz_id: biz, bk_set_template_ids: [tpl], bk_set_ids: [tplSet1], fields: ['bk_host_id'] });
      expect(ids(one)).toEqual([tplHosts[0]]);
      // the plain sets of the business are not made from it
      expect(ids(r)).not.toContain(hosts[0]);
    });

    it('answers the hosts of the modules made from the service templates', async () => {
      const web = await t.esb('find_host_by_service_template', { bk_biz_id: biz, bk_service_template_ids: [stA], fields: ['bk_host_id'], page: { limit: 10 } });
      expect(web.result, web.message).toBe(true);
      expect(ids(web)).toEqual([tplHosts[0], tplHosts[2]]);
      const db = await t.esb('find_host_by_service_template', { bk_biz_id: biz, bk_service_template_ids: [stB], fields: ['bk_host_id'] });
      expect(ids(db)).toEqual([tplHosts[1], tplHosts[2]]);
      const narrowed = await t.esb('find_host_by_service_template', {
        bk_biz_id: biz,
        bk_service_template_ids: [stA, stB],
        bk_module_ids: [await moduleOf(tplSet1, 'st-web')],
        fields: ['bk_host_id'],
      });
      expect(ids(narrowed)).toEqual([tplHosts[0]]);
      const paged = await t.esb('find_host_by_service_template', { bk_biz_id: biz, bk_service_template_ids: [stA, stB], fields: ['bk_host_id'], page: { start: 1, limit: 1 } });
      expect({ count: paged.data.count, ids: ids(paged) }).toEqual({ count: 3, ids: [tplHosts[1]] });
    });

    it('find_module_with_relation: the modules of those sets made from those service templates, with the fields asked for', async () => {
      const names = (r: { data: { info: Array<{ bk_module_name: string; bk_set_id: number }> } }) => r.data.info.map((m) => `${m.bk_set_id}/${m.bk_module_name}`);
      const web = await t.esb('find_module_with_relation', { bk_biz_id: biz, bk_service_template_ids: [stA], fields: ['bk_module_name', 'bk_set_id'], page: { start: 0, limit: 10 } });
      expect(web.result, web.message).toBe(true);
      expect({ count: web.data.count, names: names(web) }).toEqual({ count: 2, names: [`${tplSet1}/st-web`, `${tplSet2}/st-web`] });
      expect(Object.keys(web.data.info[0]).sort()).toEqual(['bk_module_id', 'bk_module_name', 'bk_set_id']);
      const inSet = await t.esb('find_module_with_relation', { bk_biz_id: biz, bk_set_ids: [tplSet2], fields: ['bk_module_name', 'bk_set_id'] });
      expect(names(inSet)).toEqual([`${tplSet2}/st-web`, `${tplSet2}/st-db`]);
      const both = await t.esb('find_module_with_relation', { bk_biz_id: biz, bk_set_ids: [tplSet2], bk_service_template_ids: [stB], fields: ['bk_module_name', 'bk_set_id'] });
      expect(names(both)).toEqual([`${tplSet2}/st-db`]);
      // without narrowing: every module of the business, its idle pool's included
      const all = await t.esb('find_module_with_relation', { bk_biz_id: biz, fields: ['bk_module_name'], page: { limit: 1 } });
      expect(all.data.count).toBe(3 + 3 + 4);
      for (const [body, code, field] of [
        [{ fields: [] }, REQUIRED, 'fields'],
        [{ fields: ['nope'] }, INVALID_PARAMETER, 'fields'],
        [{ fields: ['bk_module_name'], bk_set_ids: Array.from({ length: 201 }, (_, i) => i + 1) }, TOO_MANY, 'bk_set_ids'],
        [{ fields: ['bk_module_name'], page: { limit: 501 } }, PAGE_LIMIT, 'page.limit'],
      ] as const) {
        const r = await t.esb('find_module_with_relation', { bk_biz_id: biz, ...body });
        expect({ code: r.code, names: r.message.includes(field) }, `${JSON.stringify(body).slice(0, 60)} → ${r.message}`).toEqual({ code, names: true });
      }
    });

    it('refuses missing template ids or fields, too many ids, a page over 500, an unknown business', async () => {
      const cases: Array<[string, Record<string, unknown>, number, string]> = [
        ['find_host_by_set_template', { bk_biz_id: biz, bk_set_template_ids: [], fields: ['bk_host_id'] }, REQUIRED, 'bk_set_template_ids'],
        ['find_host_by_set_template', { bk_biz_id: biz, bk_set_template_ids: [tpl], fields: [] }, REQUIRED, 'fields'],
        ['find_host_by_set_template', { bk_biz_id: biz, bk_set_template_ids: [tpl], bk_set_ids: Array.from({ length: 501 }, (_, i) => i + 1), fields: ['bk_host_id'] }, TOO_MANY, 'bk_set_ids'],
        ['find_host_by_service_template', { bk_biz_id: biz, bk_service_template_ids: [stA], fields: ['bk_host_id'], page: { limit: 501 } }, PAGE_LIMIT, 'page.limit'],
        ['find_host_by_service_template', { bk_biz_id: biz, bk_service_template_ids: [stA], fields: ['bk_set_name'] }, INVALID_PARAMETER, 'fields'],
        ['find_host_by_service_template', { bk_biz_id: 999999, bk_service_template_ids: [stA], fields: ['bk_host_id'] }, INVALID_REFERENCE, 'bk_biz_id'],
      ];
      for (const [call, body, code, field] of cases) {
        const r = await t.esb(call, body);
        expect({ code: r.code, names: r.message.includes(field) }, `${call} ${JSON.stringify(body).slice(0, 80)} → ${r.message}`).toEqual({ code, names: true });
      }
    });
  });
});
