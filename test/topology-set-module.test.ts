import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBusiness, makeModule, makeSet, startTopograph, type EsbAnswer, type TestTopograph } from './support/server.js';
import { addHostDirectly, expectRefused, removeHostDirectly } from './support/fixtures.js';

/**
 * Sets and modules end to end: search_set, update_set, delete_set, batch_delete_set, search_module,
 * update_module, delete_module (bk-cmdb-detail.md §2.6–2.12).
 */

type Row = Record<string, unknown>;

async function idlePool(t: TestTopograph, bizId: number): Promise<{ setId: number; moduleIds: number[] }> {
  const r = await t.esb('get_biz_internal_module', { bk_biz_id: bizId });
  expect(r.result).toBe(true);
  return { setId: r.data.bk_set_id as number, moduleIds: (r.data.module as Row[]).map((m) => m.bk_module_id as number) };
}

/** A host in a module, written directly through the store. */
const addHost = (t: TestTopograph, ip: string, bizId: number, setId: number, moduleId: number) =>
  addHostDirectly(t, ip, { bizId, setId, moduleId });
const removeHost = removeHostDirectly;

async function getSet(t: TestTopograph, bizId: number, setId: number): Promise<Row | undefined> {
  const r = await t.esb('search_set', { bk_biz_id: bizId, condition: { bk_set_id: setId } });
  expect(r.result).toBe(true);
  return r.data.info[0] as Row | undefined;
}

async function getModule(t: TestTopograph, bizId: number, moduleId: number): Promise<Row | undefined> {
  const r = await t.esb('search_module', { bk_biz_id: bizId, condition: { bk_module_id: moduleId } });
  expect(r.result).toBe(true);
  return r.data.info[0] as Row | undefined;
}

const setIds = (r: EsbAnswer) => (r.data.info as Row[]).map((s) => s.bk_set_id as number);
const moduleIds = (r: EsbAnswer) => (r.data.info as Row[]).map((m) => m.bk_module_id as number);

describe('search_set', () => {
  let t: TestTopograph;
  let biz: number;
  let otherBiz: number;
  let idle: number;
  let web: number;
  let web2: number;
  let db: number;
  let foreign: number;
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'searchsets');
    otherBiz = await makeBusiness(t, 'elsewhere');
    idle = (await idlePool(t, biz)).setId;
    web = await makeSet(t, biz, 'web');
    web2 = (await t.esb('create_set', { bk_biz_id: biz, data: { bk_parent_id: biz, bk_set_name: 'web2', bk_set_env: '1', bk_capacity: 10 } })).data.bk_set_id;
    db = (await t.esb('create_set', { bk_biz_id: biz, data: { bk_parent_id: biz, bk_set_name: 'db', bk_set_env: '2', bk_capacity: 30 } })).data.bk_set_id;
    foreign = await makeSet(t, otherBiz, 'web');
  });
  afterAll(() => t.stop());

  it("lists the business's sets, the idle pool included, in id order", async () => {
    const r = await t.esb('search_set', { bk_biz_id: biz });
    expect(r.result).toBe(true);
    expect(r.data.count).toBe(4);
    expect(setIds(r)).toEqual([idle, web, web2, db]);
    expect(r.data.info[0]).toMatchObject({ bk_set_name: 'idle pool', default: 1, bk_biz_id: biz, bk_parent_id: biz });
    expect(r.data.info[1]).toMatchObject({ bk_set_name: 'web', default: 0, bk_set_env: '3', bk_service_status: '1', bk_biz_id: biz });
    expect(setIds(r)).not.toContain(foreign);
  });

  it('a condition cannot reach into another business', async () => {
    const r = await t.esb('search_set', { bk_biz_id: biz, condition: { bk_biz_id: otherBiz } });
    expect(r.result).toBe(true);
    expect(setIds(r)).not.toContain(foreign);
    expect(setIds(r).every((id) => [idle, web, web2, db].includes(id))).toBe(true);
  });

  it('matches plain string values exactly', async () => {
    const r = await t.esb('search_set', { bk_biz_id: biz, condition: { bk_set_name: 'web' } });
    expect(setIds(r)).toEqual([web]);
  });

  it('supports $in, $ne, $gt and plain values', async () => {
    const inR = await t.esb('search_set', { bk_biz_id: biz, condition: { bk_set_name: { $in: ['db', 'web2', 'nope'] } } });
    expect(setIds(inR)).toEqual([web2, db]);
    const ne = await t.esb('search_set', { bk_biz_id: biz, condition: { bk_set_env: { $ne: '3' } } });
    expect(setIds(ne)).toEqual([web2, db]);
    const ordinary = await t.esb('search_set', { bk_biz_id: biz, condition: { default: 0 } });
    expect(setIds(ordinary)).toEqual([web, web2, db]);
    const gt = await t.esb('search_set', { bk_biz_id: biz, condition: { bk_capacity: { $gt: 15 } } });
    expect(setIds(gt)).toEqual([db]);
  });

  it('projects to the asked fields plus the id', async () => {
    const r = await t.esb('search_set', { bk_biz_id: biz, condition: { bk_set_id: db }, fields: ['bk_set_name', 'bk_capacity'] });
    expect(r.data.info).toEqual([{ bk_set_id: db, bk_set_name: 'db', bk_capacity: 30 }]);
  });

  it('sorts by page.sort ("-bk_set_name")', async () => {
    const r = await t.esb('search_set', { bk_biz_id: biz, condition: { default: 0 }, page: { sort: '-bk_set_name' } });
    expect((r.data.info as Row[]).map((s) => s.bk_set_name)).toEqual(['web2', 'web', 'db']);
  });

  it('pages with start and limit, count stays the total', async () => {
    const r = await t.esb('search_set', { bk_biz_id: biz, page: { start: 2, limit: 1 } });
    expect(r.data.count).toBe(4);
    expect(setIds(r)).toEqual([web2]);
    const past = await t.esb('search_set', { bk_biz_id: biz, page: { start: 50, limit: 10 } });
    expect(past.result).toBe(true);
    expect(past.data).toEqual({ count: 4, info: [] });
  });

  // bk-cmdb sorts in MongoDB, where a missing or null value is the smallest: last when descending, first
  // when ascending. Both stores must agree on it.
  it('sorts null values as the smallest, on every store', async () => {
    const desc = await t.esb('search_set', { bk_biz_id: biz, fields: ['bk_capacity'], page: { sort: '-bk_capacity' } });
    expect(setIds(desc)).toEqual([db, web2, idle, web]);
    const asc = await t.esb('search_set', { bk_biz_id: biz, fields: ['bk_capacity'], page: { sort: 'bk_capacity' } });
    expect(setIds(asc)).toEqual([idle, web, web2, db]);
  });

  it('caps page.limit at 1000 (1001 → 1199059)', async () => {
    expect((await t.esb('search_set', { bk_biz_id: biz, page: { limit: 1000 } })).result).toBe(true);
    const r = await t.esb('search_set', { bk_biz_id: biz, page: { limit: 1001 } });
    expect(r.result).toBe(false);
    expect(r.code).toBe(1199059);
  });

  it('refuses unknown condition fields (1199006)', async () => {
    const r = await t.esb('search_set', { bk_biz_id: biz, condition: { bk_set_colour: 'red' } });
    expect(r.result).toBe(false);
    expect(r.code).toBe(1199006);
    expect(r.message).toContain('bk_set_colour');
    const f = await t.esb('search_set', { bk_biz_id: biz, fields: ['bk_set_colour'] });
    expect(f.code).toBe(1199006);
  });

  it('answers an empty list for a business with no sets of that kind', async () => {
    const r = await t.esb('search_set', { bk_biz_id: 424242 });
    expect(r.result).toBe(true);
    expect(r.data).toEqual({ count: 0, info: [] });
  });
});

describe('search_set on custom attributes', () => {
  let t: TestTopograph;
  let biz: number;
  let red: number;
  let blue: number;
  let plain: number;
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'customsets');
    for (const [id, type] of [['team', 'singlechar'], ['weight', 'int']]) {
      const a = await t.esb('create_object_attribute', { bk_obj_id: 'set', bk_property_id: id, bk_property_type: type, bk_property_name: id });
      if (!a.result) throw new Error(a.message);
    }
    red = (await t.esb('create_set', { bk_biz_id: biz, data: { bk_parent_id: biz, bk_set_name: 'red', team: 'Red', weight: 10 } })).data.bk_set_id;
    blue = await makeSet(t, biz, 'blue');
    expect((await t.esb('update_set', { bk_biz_id: biz, bk_set_id: blue, data: { team: 'blue', weight: 2 } })).result).toBe(true);
    plain = await makeSet(t, biz, 'plain');
  });
  afterAll(() => t.stop());

  it('matches plain values, $in, $ne and $gt on custom attributes', async () => {
    const q = (condition: Record<string, unknown>) => t.esb('search_set', { bk_biz_id: biz, condition: { default: 0, ...condition } });
    expect(setIds(await q({ team: 'Red' }))).toEqual([red]);
    expect(setIds(await q({ weight: 2 }))).toEqual([blue]);
    expect(setIds(await q({ team: { $in: ['Red', 'blue'] } }))).toEqual([red, blue]);
    expect(setIds(await q({ team: { $ne: 'Red' } }))).toEqual([blue, plain]);
    expect(setIds(await q({ weight: { $gt: 5 } }))).toEqual([red]);
  });

  it('projects and sorts on custom attributes', async () => {
    const r = await t.esb('search_set', { bk_biz_id: biz, condition: { default: 0 }, fields: ['team', 'weight'], page: { sort: '-weight' } });
    expect(r.data.info).toEqual([
      { bk_set_id: red, team: 'Red', weight: 10 },
      { bk_set_id: blue, team: 'blue', weight: 2 },
      { bk_set_id: plain, team: '', weight: null },
    ]);
  });
});

describe('update_set', () => {
  let t: TestTopograph;
  let biz: number;
  let otherBiz: number;
  let idle: number;
  let a: number;
  let foreign: number;
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'updsets', 'admin,alice');
    otherBiz = await makeBusiness(t, 'updother');
    idle = (await idlePool(t, biz)).setId;
    a = await makeSet(t, biz, 'alpha');
    await makeSet(t, biz, 'taken');
    foreign = await makeSet(t, otherBiz, 'foreign');
  });
  afterAll(() => t.stop());

  it('renames a set and changes attributes', async () => {
    const r = await t.esb('update_set', { bk_biz_id: biz, bk_set_id: a, data: { bk_set_name: 'alpha2', bk_set_env: '1', bk_capacity: 7, bk_set_desc: 'd' } });
    expect(r.result).toBe(true);
    expect(r.data).toBeNull();
    expect(await getSet(t, biz, a)).toMatchObject({ bk_set_name: 'alpha2', bk_set_env: '1', bk_capacity: 7, bk_set_desc: 'd' });
  });

  it('lets a maintainer change a set and refuses anyone else (9900403)', async () => {
    expect((await t.as('alice')('update_set', { bk_biz_id: biz, bk_set_id: a, data: { bk_set_desc: 'by alice' } })).result).toBe(true);
    await expectRefused(t, () => t.as('bob')('update_set', { bk_biz_id: biz, bk_set_id: a, data: { bk_set_desc: 'by bob' } }), 9900403);
    expect(await getSet(t, biz, a)).toMatchObject({ bk_set_desc: 'by alice' });
  });

  it('refuses a duplicate name in the business (1101108)', async () => {
    const r = await expectRefused(t, () => t.esb('update_set', { bk_biz_id: biz, bk_set_id: a, data: { bk_set_name: 'taken', bk_set_desc: 'x' } }), 1101108);
    expect(r.message).toContain('bk_set_name');
    expect(await getSet(t, biz, a)).toMatchObject({ bk_set_name: 'alpha2', bk_set_desc: 'by alice' });
    // the same name in another business is fine
    expect((await t.esb('update_set', { bk_biz_id: otherBiz, bk_set_id: foreign, data: { bk_set_name: 'taken' } })).result).toBe(true);
  });

  it('refuses the idle pool (1101098)', async () => {
    await expectRefused(t, () => t.esb('update_set', { bk_biz_id: biz, bk_set_id: idle, data: { bk_set_name: 'not-idle' } }), 1101098);
    expect(await getSet(t, biz, idle)).toMatchObject({ bk_set_name: 'idle pool' });
  });

  it("a maintainer of one business cannot reach another business's set through it (1199019)", async () => {
    await expectRefused(t, () => t.as('alice')('update_set', { bk_biz_id: biz, bk_set_id: foreign, data: { bk_set_desc: 'alice was here' } }), 1199019);
    await expectRefused(t, () => t.as('alice')('delete_set', { bk_biz_id: biz, bk_set_id: foreign }), 1199019);
    await expectRefused(t, () => t.as('alice')('update_set', { bk_biz_id: otherBiz, bk_set_id: foreign, data: { bk_set_desc: 'x' } }), 9900403);
    expect(await getSet(t, otherBiz, foreign)).toMatchObject({ bk_set_desc: '' });
  });

  it("refuses an unknown set and another business's set (1199019)", async () => {
    await expectRefused(t, () => t.esb('update_set', { bk_biz_id: biz, bk_set_id: 999999, data: { bk_set_desc: 'x' } }), 1199019);
    await expectRefused(t, () => t.esb('update_set', { bk_biz_id: biz, bk_set_id: foreign, data: { bk_set_desc: 'hijack' } }), 1199019);
    expect(await getSet(t, otherBiz, foreign)).toMatchObject({ bk_set_desc: '' });
  });

  it('refuses unknown (1199060), non-editable (1101047) and invalid (1199006) values', async () => {
    await expectRefused(t, () => t.esb('update_set', { bk_biz_id: biz, bk_set_id: a, data: { bk_set_desc: 'y', bk_colour: 'red' } }), 1199060);
    await expectRefused(t, () => t.esb('update_set', { bk_biz_id: biz, bk_set_id: a, data: { bk_set_desc: 'y', default: 1 } }), 1101047);
    await expectRefused(t, () => t.esb('update_set', { bk_biz_id: biz, bk_set_id: a, data: { bk_set_env: '7' } }), 1199006);
    await expectRefused(t, () => t.esb('update_set', { bk_biz_id: biz, bk_set_id: a, data: { bk_set_name: 'has space' } }), 1199006);
    await expectRefused(t, () => t.esb('update_set', { bk_biz_id: biz, bk_set_id: a, data: { bk_capacity: 'ten' } }), 1199009);
    expect(await getSet(t, biz, a)).toMatchObject({ bk_set_desc: 'by alice', default: 0, bk_set_env: '1', bk_capacity: 7 });
  });

  it('ignores ids and parent in data (they are not the caller to change)', async () => {
    const r = await t.esb('update_set', { bk_biz_id: biz, bk_set_id: a, data: { bk_biz_id: otherBiz, bk_parent_id: otherBiz, bk_set_id: 1, bk_set_desc: 'kept home' } });
    expect(r.result).toBe(true);
    expect(await getSet(t, biz, a)).toMatchObject({ bk_set_id: a, bk_biz_id: biz, bk_parent_id: biz, bk_set_desc: 'kept home' });
  });
});

describe('delete_set and batch_delete_set', () => {
  let t: TestTopograph;
  let biz: number;
  let otherBiz: number;
  let idle: number;
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'delsets', 'admin,alice');
    otherBiz = await makeBusiness(t, 'delother');
    idle = (await idlePool(t, biz)).setId;
  });
  afterAll(() => t.stop());

  it('delete_set removes the set and its modules', async () => {
    const s = await makeSet(t, biz, 'gone');
    const m1 = await makeModule(t, biz, s, 'm1');
    const m2 = await makeModule(t, biz, s, 'm2');
    const keep = await makeSet(t, biz, 'stay');
    const k1 = await makeModule(t, biz, keep, 'm1');
    const r = await t.esb('delete_set', { bk_biz_id: biz, bk_set_id: s });
    expect(r.result).toBe(true);
    expect(r.data).toBeNull();
    expect(await getSet(t, biz, s)).toBeUndefined();
    expect(await t.store.getInstance('module', m1)).toBeUndefined();
    expect(await t.store.getInstance('module', m2)).toBeUndefined();
    const left = await t.esb('search_module', { bk_biz_id: biz, bk_set_id: s });
    expect(left.data.count).toBe(0);
    expect(await getModule(t, biz, k1)).toMatchObject({ bk_set_id: keep });
  });

  it('refuses the idle pool (1101098), an unknown set and a foreign set (1199019), a stranger (9900403)', async () => {
    await expectRefused(t, () => t.esb('delete_set', { bk_biz_id: biz, bk_set_id: idle }), 1101098);
    expect(await getSet(t, biz, idle)).toBeDefined();
    await expectRefused(t, () => t.esb('delete_set', { bk_biz_id: biz, bk_set_id: 8888888 }), 1199019);
    const foreign = await makeSet(t, otherBiz, 'foreign');
    await expectRefused(t, () => t.esb('delete_set', { bk_biz_id: biz, bk_set_id: foreign }), 1199019);
    expect(await getSet(t, otherBiz, foreign)).toBeDefined();
    const mine = await makeSet(t, biz, 'alices');
    await expectRefused(t, () => t.as('bob')('delete_set', { bk_biz_id: biz, bk_set_id: mine }), 9900403);
    expect(await getSet(t, biz, mine)).toBeDefined();
    expect((await t.as('alice')('delete_set', { bk_biz_id: biz, bk_set_id: mine })).result).toBe(true);
  });

  it('refuses a set whose module holds a host (1101030)', async () => {
    const s = await makeSet(t, biz, 'busy');
    const m = await makeModule(t, biz, s, 'app');
    const host = await addHost(t, '10.4.0.1', biz, s, m);
    const r = await expectRefused(t, () => t.esb('delete_set', { bk_biz_id: biz, bk_set_id: s }), 1101030);
    expect(r.message).toMatch(/host/);
    expect(await getSet(t, biz, s)).toBeDefined();
    expect(await getModule(t, biz, m)).toBeDefined();
    await removeHost(t, host);
    expect((await t.esb('delete_set', { bk_biz_id: biz, bk_set_id: s })).result).toBe(true);
  });

  it('batch_delete_set deletes every named set with its modules', async () => {
    const a = await makeSet(t, biz, 'batch-a');
    const b = await makeSet(t, biz, 'batch-b');
    const ma = await makeModule(t, biz, a, 'x');
    const mb = await makeModule(t, biz, b, 'x');
    const r = await t.esb('batch_delete_set', { bk_biz_id: biz, delete: { inst_ids: [a, b] } });
    expect(r.result).toBe(true);
    expect(r.data).toBeNull();
    for (const s of [a, b]) expect(await getSet(t, biz, s)).toBeUndefined();
    for (const m of [ma, mb]) expect(await t.store.getInstance('module', m)).toBeUndefined();
  });

  it('batch_delete_set with one bad id deletes nothing and names the bad id', async () => {
    const a = await makeSet(t, biz, 'keep-a');
    const b = await makeSet(t, biz, 'keep-b');
    const mb = await makeModule(t, biz, b, 'x');
    const foreign = await makeSet(t, otherBiz, 'foreign-2');

    const withIdle = await expectRefused(t, () => t.esb('batch_delete_set', { bk_biz_id: biz, delete: { inst_ids: [a, idle, b] } }), 1101098);
    expect(withIdle.message).toContain(String(idle));
    const withForeign = await expectRefused(t, () => t.esb('batch_delete_set', { bk_biz_id: biz, delete: { inst_ids: [a, b, foreign] } }), 1199019);
    expect(withForeign.message).toContain(String(foreign));
    const withUnknown = await expectRefused(t, () => t.esb('batch_delete_set', { bk_biz_id: biz, delete: { inst_ids: [a, 7777777] } }), 1199019);
    expect(withUnknown.message).toContain('7777777');

    for (const s of [a, b]) expect(await getSet(t, biz, s)).toBeDefined();
    expect(await getModule(t, biz, mb)).toBeDefined();
    expect(await getSet(t, otherBiz, foreign)).toBeDefined();
  });

  it('batch_delete_set with a set holding hosts deletes nothing (1101030)', async () => {
    const a = await makeSet(t, biz, 'hb-a');
    const b = await makeSet(t, biz, 'hb-b');
    const mb = await makeModule(t, biz, b, 'x');
    const host = await addHost(t, '10.4.0.2', biz, b, mb);
    await expectRefused(t, () => t.esb('batch_delete_set', { bk_biz_id: biz, delete: { inst_ids: [a, b] } }), 1101030);
    expect(await getSet(t, biz, a)).toBeDefined();
    expect(await getSet(t, biz, b)).toBeDefined();
    await removeHost(t, host);
  });

  it('batch_delete_set refuses more than 200 ids and an empty list (1199006)', async () => {
    const a = await makeSet(t, biz, 'cap-a');
    const many = [a, ...Array.from({ length: 200 }, (_, i) => 5_000_000 + i)];
    const r = await expectRefused(t, () => t.esb('batch_delete_set', { bk_biz_id: biz, delete: { inst_ids: many } }), 1199006);
    expect(r.message).toMatch(/200/);
    expect(await getSet(t, biz, a)).toBeDefined();
    await expectRefused(t, () => t.esb('batch_delete_set', { bk_biz_id: biz, delete: { inst_ids: [] } }), 1199006);
  });

  it('batch_delete_set accepts exactly 200 ids (duplicates of one set)', async () => {
    const a = await makeSet(t, biz, 'cap-200');
    const r = await t.esb('batch_delete_set', { bk_biz_id: biz, delete: { inst_ids: Array.from({ length: 200 }, () => a) } });
    expect(r.result).toBe(true);
    expect(await getSet(t, biz, a)).toBeUndefined();
  });
});

describe('search_module', () => {
  let t: TestTopograph;
  let biz: number;
  let idle: { setId: number; moduleIds: number[] };
  let s1: number;
  let s2: number;
  let m1a: number;
  let m1b: number;
  let m2a: number;
  let foreignModule: number;
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'searchmods');
    idle = await idlePool(t, biz);
    s1 = await makeSet(t, biz, 's1');
    s2 = await makeSet(t, biz, 's2');
    m1a = await makeModule(t, biz, s1, 'apache', { bk_module_type: '1', operator: 'ops1' });
    m1b = await makeModule(t, biz, s1, 'mysql', { bk_module_type: '2', operator: 'ops2' });
    m2a = await makeModule(t, biz, s2, 'apache', { operator: 'ops1' });
    const other = await makeBusiness(t, 'othermods');
    const os = await makeSet(t, other, 's1');
    foreignModule = await makeModule(t, other, os, 'apache');
  });
  afterAll(() => t.stop());

  it("lists a business's modules, built-in ones included, in id order", async () => {
    const r = await t.esb('search_module', { bk_biz_id: biz });
    expect(r.result).toBe(true);
    expect(r.data.count).toBe(6);
    expect(moduleIds(r)).toEqual([...idle.moduleIds, m1a, m1b, m2a]);
    expect((r.data.info as Row[]).slice(0, 3).map((m) => m.default)).toEqual([1, 2, 3]);
    expect(r.data.info[3]).toMatchObject({
      bk_module_name: 'apache',
      bk_set_id: s1,
      bk_parent_id: s1,
      bk_biz_id: biz,
      default: 0,
      service_category_id: 2,
      service_template_id: 0,
      host_apply_enabled: false,
    });
    expect(moduleIds(r)).not.toContain(foreignModule);
  });

  it('bk_set_id narrows to one set; 0 means the whole business', async () => {
    const one = await t.esb('search_module', { bk_biz_id: biz, bk_set_id: s1 });
    expect(moduleIds(one)).toEqual([m1a, m1b]);
    const idleOnly = await t.esb('search_module', { bk_biz_id: biz, bk_set_id: idle.setId });
    expect(moduleIds(idleOnly)).toEqual(idle.moduleIds);
    const zero = await t.esb('search_module', { bk_biz_id: biz, bk_set_id: 0 });
    expect(zero.data.count).toBe(6);
  });

  it('supports plain values, $in and $ne', async () => {
    const plain = await t.esb('search_module', { bk_biz_id: biz, condition: { bk_module_name: 'apache' } });
    expect(moduleIds(plain)).toEqual([m1a, m2a]);
    const inR = await t.esb('search_module', { bk_biz_id: biz, condition: { bk_set_id: { $in: [s2] } } });
    expect(moduleIds(inR)).toEqual([m2a]);
    const ne = await t.esb('search_module', { bk_biz_id: biz, bk_set_id: s1, condition: { bk_module_type: { $ne: '1' } } });
    expect(moduleIds(ne)).toEqual([m1b]);
    const user = await t.esb('search_module', { bk_biz_id: biz, condition: { operator: 'ops1' } });
    expect(moduleIds(user)).toEqual([m1a, m2a]);
  });

  it('projects to the asked fields plus the id, sorts, pages and caps', async () => {
    const f = await t.esb('search_module', { bk_biz_id: biz, bk_set_id: s1, fields: ['bk_module_name'] });
    expect(f.data.info).toEqual([
      { bk_module_id: m1a, bk_module_name: 'apache' },
      { bk_module_id: m1b, bk_module_name: 'mysql' },
    ]);
    const sorted = await t.esb('search_module', { bk_biz_id: biz, condition: { default: 0 }, page: { sort: '-bk_module_name' } });
    expect((sorted.data.info as Row[]).map((m) => m.bk_module_name)).toEqual(['mysql', 'apache', 'apache']);
    expect(moduleIds(sorted).slice(1)).toEqual([m1a, m2a]); // ties keep id order
    const paged = await t.esb('search_module', { bk_biz_id: biz, page: { start: 3, limit: 2 } });
    expect(paged.data.count).toBe(6);
    expect(moduleIds(paged)).toEqual([m1a, m1b]);
    expect((await t.esb('search_module', { bk_biz_id: biz, page: { limit: 1000 } })).result).toBe(true);
    const over = await t.esb('search_module', { bk_biz_id: biz, page: { limit: 1001 } });
    expect(over.code).toBe(1199059);
  });

  it("a set of another business yields nothing", async () => {
    const other = await makeBusiness(t, 'othermods2');
    const os = await makeSet(t, other, 'os');
    await makeModule(t, other, os, 'om');
    const r = await t.esb('search_module', { bk_biz_id: biz, bk_set_id: os });
    expect(r.result).toBe(true);
    expect(r.data).toEqual({ count: 0, info: [] });
  });

  it('refuses unknown condition fields (1199006)', async () => {
    const r = await t.esb('search_module', { bk_biz_id: biz, condition: { bk_module_colour: 'x' } });
    expect(r.result).toBe(false);
    expect(r.code).toBe(1199006);
  });
});

describe('update_module and delete_module', () => {
  let t: TestTopograph;
  let biz: number;
  let otherBiz: number;
  let idle: { setId: number; moduleIds: number[] };
  let s: number;
  let s2: number;
  let m: number;
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'updmods', 'admin,alice');
    otherBiz = await makeBusiness(t, 'updmodsother');
    idle = await idlePool(t, biz);
    s = await makeSet(t, biz, 'set-a');
    s2 = await makeSet(t, biz, 'set-b');
    m = await makeModule(t, biz, s, 'web');
    await makeModule(t, biz, s, 'taken');
  });
  afterAll(() => t.stop());

  it('update_module renames and changes attributes', async () => {
    const r = await t.esb('update_module', { bk_biz_id: biz, bk_set_id: s, bk_module_id: m, data: { bk_module_name: 'web2', bk_module_type: '2', operator: 'op', bk_bak_operator: 'b1,b2' } });
    expect(r.result).toBe(true);
    expect(r.data).toBeNull();
    expect(await getModule(t, biz, m)).toMatchObject({ bk_module_name: 'web2', bk_module_type: '2', operator: 'op', bk_bak_operator: 'b1,b2' });
  });

  it('lets a maintainer update and refuses a stranger (9900403)', async () => {
    expect((await t.as('alice')('update_module', { bk_biz_id: biz, bk_set_id: s, bk_module_id: m, data: { operator: 'alice' } })).result).toBe(true);
    await expectRefused(t, () => t.as('bob')('update_module', { bk_biz_id: biz, bk_set_id: s, bk_module_id: m, data: { operator: 'bob' } }), 9900403);
    expect(await getModule(t, biz, m)).toMatchObject({ operator: 'alice' });
  });

  it('refuses a duplicate name in the set (1199014) but allows it in another set', async () => {
    const r = await expectRefused(t, () => t.esb('update_module', { bk_biz_id: biz, bk_set_id: s, bk_module_id: m, data: { bk_module_name: 'taken' } }), 1199014);
    expect(r.message).toContain('bk_module_name');
    expect(await getModule(t, biz, m)).toMatchObject({ bk_module_name: 'web2' });
    const other = await makeModule(t, biz, s2, 'other');
    expect((await t.esb('update_module', { bk_biz_id: biz, bk_set_id: s2, bk_module_id: other, data: { bk_module_name: 'taken' } })).result).toBe(true);
  });

  it('refuses built-in modules (1101098) on update and delete', async () => {
    for (const id of idle.moduleIds) {
      await expectRefused(t, () => t.esb('update_module', { bk_biz_id: biz, bk_set_id: idle.setId, bk_module_id: id, data: { bk_module_name: 'mine' } }), 1101098);
      await expectRefused(t, () => t.esb('delete_module', { bk_biz_id: biz, bk_set_id: idle.setId, bk_module_id: id }), 1101098);
    }
    const after = await idlePool(t, biz);
    expect(after.moduleIds).toEqual(idle.moduleIds);
    const names = (await t.esb('search_module', { bk_biz_id: biz, bk_set_id: idle.setId })).data.info.map((x: Row) => x.bk_module_name);
    expect(names).toEqual(['idle host', 'fault host', 'recycle host']);
  });

  it('refuses a module outside the named set or business, or unknown (1199019)', async () => {
    await expectRefused(t, () => t.esb('update_module', { bk_biz_id: biz, bk_set_id: s2, bk_module_id: m, data: { operator: 'x' } }), 1199019);
    await expectRefused(t, () => t.esb('update_module', { bk_biz_id: biz, bk_set_id: s, bk_module_id: 9999999, data: { operator: 'x' } }), 1199019);
    const os = await makeSet(t, otherBiz, 'o');
    const om = await makeModule(t, otherBiz, os, 'o');
    await expectRefused(t, () => t.esb('update_module', { bk_biz_id: biz, bk_set_id: os, bk_module_id: om, data: { operator: 'x' } }), 1199019);
    await expectRefused(t, () => t.esb('delete_module', { bk_biz_id: biz, bk_set_id: os, bk_module_id: om }), 1199019);
    expect(await getModule(t, otherBiz, om)).toMatchObject({ operator: null });
  });

  it('refuses unknown (1199060), non-editable (1101047) and invalid (1199006) values', async () => {
    await expectRefused(t, () => t.esb('update_module', { bk_biz_id: biz, bk_set_id: s, bk_module_id: m, data: { operator: 'z', bk_colour: 'x' } }), 1199060);
    await expectRefused(t, () => t.esb('update_module', { bk_biz_id: biz, bk_set_id: s, bk_module_id: m, data: { service_category_id: 1 } }), 1101047);
    await expectRefused(t, () => t.esb('update_module', { bk_biz_id: biz, bk_set_id: s, bk_module_id: m, data: { bk_module_type: '5' } }), 1199006);
    expect(await getModule(t, biz, m)).toMatchObject({ operator: 'alice', service_category_id: 2, bk_module_type: '2' });
  });

  it('delete_module deletes a module', async () => {
    const d = await makeModule(t, biz, s, 'doomed');
    const r = await t.esb('delete_module', { bk_biz_id: biz, bk_set_id: s, bk_module_id: d });
    expect(r.result).toBe(true);
    expect(r.data).toBeNull();
    expect(await getModule(t, biz, d)).toBeUndefined();
    expect(await t.store.getInstance('module', d)).toBeUndefined();
    await expectRefused(t, () => t.esb('delete_module', { bk_biz_id: biz, bk_set_id: s, bk_module_id: d }), 1199019);
  });

  it('delete_module refuses a module holding hosts (1101030) and a stranger (9900403)', async () => {
    const busy = await makeModule(t, biz, s, 'busy');
    const host = await addHost(t, '10.5.0.1', biz, s, busy);
    const r = await expectRefused(t, () => t.esb('delete_module', { bk_biz_id: biz, bk_set_id: s, bk_module_id: busy }), 1101030);
    expect(r.message).toMatch(/host/);
    expect(await getModule(t, biz, busy)).toBeDefined();
    await removeHost(t, host);
    await expectRefused(t, () => t.as('bob')('delete_module', { bk_biz_id: biz, bk_set_id: s, bk_module_id: busy }), 9900403);
    expect((await t.as('alice')('delete_module', { bk_biz_id: biz, bk_set_id: s, bk_module_id: busy })).result).toBe(true);
  });
});
