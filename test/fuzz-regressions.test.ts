import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { ok } from './support/fixtures.js';
import { makeBusiness, startTopograph, type TestTopograph } from './support/server.js';

/** Inputs a fuzzer found that made the server answer 5xx or 1199999, or broke later calls: each now a clean answer. */

const INVALID = 1199006;
const INTERNAL = 1199999;
const IGNORED = 'x-topograph-ignored-fields';

describe(`fuzz regressions (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;

  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'fuzz-shop');
  });
  afterAll(() => t?.stop());

  it('names unknown keys a header cannot carry percent-encoded, instead of failing the answer after the write', async () => {
    const r = await t.esb('search_business', { 中: 1, 'a\u0000b': 2, '\ud800': 3 });
    expect(r.status).toBe(200);
    expect(ok(r).count).toBe(1);
    expect(String(r.headers[IGNORED]).split(',').sort()).toEqual(['%E4%B8%AD', '%EF%BF%BD', 'a%00b'].sort());
    const created = await t.esb('create_business', { data: { bk_biz_name: 'fuzz-x1', bk_biz_maintainer: 'admin', 中: 1 } });
    expect(created.status).toBe(200);
    expect(ok(created).bk_biz_name).toBe('fuzz-x1');
    expect(created.headers[IGNORED]).toBe(encodeURIComponent('data.中'));
  });

  it("reads lookup tables by their own keys only: bk_obj_id 'toString' is no object", async () => {
    for (const name of ['toString', 'constructor', '__proto__', 'valueOf']) {
      const r = await t.esb('search_inst_audit', { bk_obj_id: name });
      expect([r.code, r.message]).toEqual([INVALID, expect.stringContaining('bk_obj_id')]);
    }
  });

  it("refuses attributes named after every object's own members, and a field so named in a body is only a field", async () => {
    for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      const r = await t.esb('create_object_attribute', { bk_obj_id: 'host', bk_property_id: name, bk_property_name: 'x', bk_property_type: 'int' });
      expect(r.result, name).toBe(false);
      expect(r.message).toContain(name);
    }
    const added = await t.esb('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [{ bk_host_innerip: '10.99.0.1', constructor: 1, toString: 'x' }] });
    expect(ok(added).bk_host_ids).toHaveLength(1);
  });

  it('names bk_biz_id when a topology change is refused for the resource pool', async () => {
    const pool = 1; // the resource pool, made first on a fresh install (search_business never answers it)
    const r = await t.esb('create_set', { bk_biz_id: pool, data: { bk_parent_id: pool, bk_set_name: 'in-the-pool' } });
    expect([r.code, r.message]).toEqual([1199054, expect.stringContaining(`'bk_biz_id' names business ${pool}, the resource pool`)]);
  });

  it('refuses a list or an object as a value of a list-valued custom field in a condition, instead of failing in the store', async () => {
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'set', bk_property_id: 'zz_tags', bk_property_name: 'tags', bk_property_type: 'enummulti', option: [{ id: 'a', name: 'a' }, { id: 'b', name: 'b' }] }));
    for (const condition of [{ zz_tags: { $eq: [[1]] } }, { zz_tags: { $in: [{ x: 1 }] } }, { zz_tags: { $ne: { a: 1 } } }]) {
      const r = await t.esb('search_set', { bk_biz_id: biz, condition });
      expect([r.code, r.message], JSON.stringify(condition)).toEqual([INVALID, expect.stringContaining('condition.zz_tags')]);
    }
    expect(ok(await t.esb('search_set', { bk_biz_id: biz, condition: { zz_tags: 'a' } })).count).toBe(0);
  });

  it('cuts a message that would quote a client string of half a megabyte', async () => {
    const key = 'k'.repeat(500_000);
    const r = await t.esb('search_set', { bk_biz_id: biz, condition: { [key]: 1 } });
    expect(r.code).toBe(INVALID);
    expect(r.message.length).toBeLessThanOrEqual(2001);
    expect(r.message.startsWith("'condition' names 'kkk")).toBe(true);
  });

  it('refuses a cursor beyond any event id Topograph issues', async () => {
    const forged = Buffer.from('tg1:3000000000').toString('base64url');
    const r = await t.esb('resource_watch', { bk_resource: 'host', bk_cursor: forged });
    expect([r.code, r.message]).toEqual([INVALID, expect.stringContaining('bk_cursor')]);
  });

  it('refuses an unpaired surrogate in a filter value, on a custom field as on a built-in one', async () => {
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'host', bk_property_id: 'zz_char', bk_property_name: 'zz', bk_property_type: 'singlechar' }));
    const filters = [
      { field: 'zz_char', operator: 'equal', value: '\ud800' },
      { field: 'zz_char', operator: 'in', value: ['ok', '\udc00'] },
      { field: 'bk_host_name', operator: 'contains', value: 'a\ud800' },
    ];
    for (const rule of filters) {
      const r = await t.esb('list_resource_pool_hosts', { host_property_filter: { condition: 'AND', rules: [rule] } });
      expect([r.code, r.message], JSON.stringify(rule)).toEqual([INVALID, expect.stringContaining('unpaired surrogate')]);
    }
    const legacy = await t.esb('search_host', { condition: [{ bk_obj_id: 'host', fields: [], condition: [{ field: 'zz_char', operator: '$eq', value: '\ud800' }] }] });
    expect(legacy.code).toBe(INVALID);
    // A surrogate pair is text like any other.
    expect(ok(await t.esb('list_resource_pool_hosts', { host_property_filter: { condition: 'AND', rules: [{ field: 'zz_char', operator: 'equal', value: '😀' }] } })).count).toBe(0);
  });

  it('refuses an unpaired surrogate in a written text value, naming the field, on a custom attribute as on a built-in one', async () => {
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'set', bk_property_id: 'zz_note', bk_property_name: 'zz', bk_property_type: 'longchar' }));
    const setId = ok(await t.esb('create_set', { bk_biz_id: biz, data: { bk_parent_id: biz, bk_set_name: 'surrogates' } })).bk_set_id;
    for (const data of [{ zz_note: 'a\ud800' }, { bk_set_desc: '\udc00b' }]) {
      const r = await t.esb('update_set', { bk_biz_id: biz, bk_set_id: setId, data });
      expect([r.code, r.message]).toEqual([INVALID, expect.stringContaining(`'${Object.keys(data)[0]}' must be Unicode text`)]);
    }
    // A surrogate pair is text like any other.
    ok(await t.esb('update_set', { bk_biz_id: biz, bk_set_id: setId, data: { zz_note: '😀' } }));
  });

  it('answers an update that loses a race with a delete of the same attribute as not found, never an internal error', async () => {
    const made = ok(await t.esb('create_object_attribute', { bk_obj_id: 'set', bk_property_id: 'racer', bk_property_name: 'racer', bk_property_type: 'int' }));
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0 ? t.esb('update_object_attribute', { id: made.id, option: { min: 0, max: 1 } }) : t.esb('delete_object_attribute', { id: made.id }),
      ),
    );
    expect(answers.map((a) => a.code)).not.toContain(INTERNAL);
    expect(answers.some((a) => a.result)).toBe(true);
    expect(ok(await t.esb('search_object_attribute', { bk_obj_id: 'set', bk_property_id: 'racer' }))).toEqual([]);
  });
});
