import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { expectRefused, ok } from './support/fixtures.js';
import { makeBusiness, makeModule, makeSet, startTopograph, type TestTopograph } from './support/server.js';

/** search_object_instances: bk-cmdb's generic page of a model object's instances (its count is count_object_instances). */

const INVALID = 1199006;
const PAGE_LIMIT = 1199059;
/** a required parameter missing is refused at the gateway, as the BlueKing ESB does */
const GATEWAY = 1306000;

type Row = Record<string, unknown>;

describe(`search_object_instances (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;
  let web: number;
  let db: number;

  const search = async (body: Row) => (ok(await t.esb('search_object_instances', body)) as { info: Row[] }).info;
  const count = async (body: Row) => (ok(await t.esb('count_object_instances', body)) as { count: number }).count;

  beforeAll(async () => {
    t = await startTopograph({ TOPOGRAPH_READ_CACHE_MB: '0' });
    biz = await makeBusiness(t, 'generic-shop');
    web = await makeSet(t, biz, 'web');
    db = await makeSet(t, biz, 'db');
    for (const name of ['nginx', 'php', 'cache']) await makeModule(t, biz, web, name);
    await makeModule(t, biz, db, 'mysql');
  });
  afterAll(() => t?.stop());

  const inBiz = { condition: 'AND', rules: [{ field: 'bk_biz_id', operator: 'equal', value: 0 }] };
  const bizRule = () => ({ ...inBiz, rules: [{ field: 'bk_biz_id', operator: 'equal', value: biz }] });

  it('answers {info} only: the instances holding the conditions, with the fields asked for and the id', async () => {
    const r = ok(await t.esb('search_object_instances', { bk_obj_id: 'set', conditions: bizRule(), fields: ['bk_set_name'], page: { start: 0, limit: 10 } }));
    expect(Object.keys(r as Row)).toEqual(['info']);
    // the idle pool is an instance like any other
    expect((r as { info: Row[] }).info).toEqual([
      { bk_set_id: expect.any(Number), bk_set_name: 'idle pool' },
      { bk_set_id: web, bk_set_name: 'web' },
      { bk_set_id: db, bk_set_name: 'db' },
    ]);
  });

  it('sees the same instances count_object_instances counts, built-in ones included', async () => {
    const conditions = { condition: 'AND', rules: [{ field: 'bk_biz_id', operator: 'equal', value: biz }, { field: 'default', operator: 'not_equal', value: 0 }] };
    const builtins = await search({ bk_obj_id: 'module', conditions, fields: ['bk_module_name'], page: { start: 0, limit: 500, sort: 'bk_module_id' } });
    expect(builtins.map((m) => m.bk_module_name)).toEqual(['idle host', 'fault host', 'recycle host']);
    expect(await count({ bk_obj_id: 'module', conditions })).toBe(builtins.length);
    const all = await search({ bk_obj_id: 'module', conditions: bizRule(), page: { start: 0, limit: 500 } });
    expect(await count({ bk_obj_id: 'module', conditions: bizRule() })).toBe(all.length);
    expect(all).toHaveLength(7);
  });

  it('pages and sorts: start, limit and a descending sort', async () => {
    const page = (start: number, limit: number) =>
      search({ bk_obj_id: 'module', conditions: { condition: 'AND', rules: [{ field: 'bk_set_id', operator: 'equal', value: web }] }, fields: ['bk_module_name'], page: { start, limit, sort: '-bk_module_name' } });
    expect((await page(0, 2)).map((m) => m.bk_module_name)).toEqual(['php', 'nginx']);
    expect((await page(2, 2)).map((m) => m.bk_module_name)).toEqual(['cache']);
  });

  it('combines OR groups and reads any model object (cloud areas: area 0 is built in)', async () => {
    const either = { condition: 'OR', rules: [{ field: 'bk_module_name', operator: 'equal', value: 'mysql' }, { field: 'bk_module_name', operator: 'equal', value: 'php' }] };
    const found = await search({ bk_obj_id: 'module', conditions: either, fields: ['bk_module_name'], page: { start: 0, limit: 10, sort: 'bk_module_name' } });
    expect(found.map((m) => m.bk_module_name)).toEqual(['mysql', 'php']);
    const areas = await search({ bk_obj_id: 'plat', fields: ['bk_cloud_name'], page: { start: 0, limit: 10 } });
    expect(areas[0]).toEqual({ bk_cloud_id: 0, bk_cloud_name: 'Default Area' });
  });

  it('narrows by time_condition as count_object_instances does', async () => {
    const past = { oper: 'and', rules: [{ field: 'create_time', start: '2000-01-01 00:00:00', end: '2000-01-02 00:00:00' }] };
    const around = { oper: 'and', rules: [{ field: 'create_time', start: '2000-01-01 00:00:00', end: '2099-01-01 00:00:00' }] };
    const body = (time_condition: unknown) => ({ bk_obj_id: 'set', conditions: bizRule(), time_condition, page: { start: 0, limit: 10 } });
    expect(await search(body(past))).toEqual([]);
    expect(await count({ bk_obj_id: 'set', conditions: bizRule(), time_condition: past })).toBe(0);
    expect(await search(body(around))).toHaveLength(3);
    const bad = await expectRefused(t, () => t.esb('search_object_instances', body({ oper: 'or', rules: [] })), INVALID);
    expect(bad.message).toContain('time_condition.oper');
  });

  it('search_inst_by_object: the legacy condition over any object, each record with bk_inst_id and bk_inst_name', async () => {
    const areas = ok(await t.esb('search_inst_by_object', { bk_obj_id: 'plat', condition: { bk_cloud_name: 'Default Area' }, page: { start: 0, limit: 10 } })) as { count: number; info: Row[] };
    expect(areas.count).toBe(1);
    expect(areas.info[0]).toMatchObject({ bk_cloud_id: 0, bk_cloud_name: 'Default Area', bk_inst_id: 0, bk_inst_name: 'Default Area' });
    const sets = ok(
      await t.esb('search_inst_by_object', { bk_obj_id: 'set', condition: { bk_biz_id: biz, bk_set_name: { $in: ['web', 'db'] } }, fields: ['bk_set_env'], page: { start: 0, limit: 10, sort: '-bk_set_id' } }),
    ) as { count: number; info: Row[] };
    expect(sets).toEqual({
      count: 2,
      info: [
        { bk_set_id: db, bk_set_env: '3', bk_set_name: 'db', bk_inst_id: db, bk_inst_name: 'db' },
        { bk_set_id: web, bk_set_env: '3', bk_set_name: 'web', bk_inst_id: web, bk_inst_name: 'web' },
      ],
    });
    const over = await expectRefused(t, () => t.esb('search_inst_by_object', { bk_obj_id: 'set', page: { start: 0, limit: 201 } }), PAGE_LIMIT);
    expect(over.message).toContain('at most 200');
  });

  it('refuses a missing page, a page over 500, an unknown object and a field the object lacks, each named', async () => {
    const noPage = await expectRefused(t, () => t.esb('search_object_instances', { bk_obj_id: 'set' }), GATEWAY);
    expect(noPage.message).toBe('[page] This field is required.');
    const over = await expectRefused(t, () => t.esb('search_object_instances', { bk_obj_id: 'set', page: { start: 0, limit: 501 } }), PAGE_LIMIT);
    expect(over.message).toContain('page.limit');
    const unknown = await expectRefused(t, () => t.esb('search_object_instances', { bk_obj_id: 'bk_switch', page: { start: 0, limit: 1 } }), INVALID);
    expect(unknown.message).toContain('bk_obj_id');
    const field = await expectRefused(
      t,
      () => t.esb('search_object_instances', { bk_obj_id: 'set', conditions: { condition: 'AND', rules: [{ field: 'bk_module_name', operator: 'equal', value: 'x' }] }, page: { start: 0, limit: 1 } }),
      INVALID,
    );
    expect(field.message).toContain('bk_module_name');
  });
});
