import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { ok } from './support/fixtures.js';
import { makeBusiness, makeModule, makeSet, startTopograph, type TestTopograph } from './support/server.js';

/**
 * The newer bk-cmdb search parameters: search_business's biz_property_filter, search_set's and search_module's
 * filter, their time_condition; and what becomes of parameters a call does not take.
 */

const INVALID = 1199006;
const IGNORED = 'x-topograph-ignored-fields';

type Row = Record<string, unknown>;

/** A wall-clock time in the tests' zone (Asia/Shanghai, +08:00 all year), as bk-cmdb's time_condition takes it. */
const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
const HOUR = 3600_000;

describe(`search filters (${TEST_DB})`, () => {
  let t: TestTopograph;
  let alpha: number;
  let web: number;
  let db: number;
  let nginx: number;
  let mysql: number;

  const names = (data: { info: Row[] }, field: string) => data.info.map((r) => r[field]);

  beforeAll(async () => {
    t = await startTopograph();
    alpha = await makeBusiness(t, 'alpha-shop', 'admin,carol');
    await makeBusiness(t, 'beta-shop', 'admin');
    await makeBusiness(t, 'gamma', 'dave');
    web = await makeSet(t, alpha, 'web');
    db = await makeSet(t, alpha, 'db');
    nginx = await makeModule(t, alpha, web, 'nginx');
    mysql = await makeModule(t, alpha, db, 'mysql');
  });
  afterAll(() => t?.stop());

  describe('search_business biz_property_filter', () => {
    it("answers the documented example's shape: AND of a rule and an OR group", async () => {
      const data = ok(
        await t.esb('search_business', {
          fields: ['bk_biz_id', 'bk_biz_name'],
          biz_property_filter: {
            condition: 'AND',
            rules: [
              { field: 'bk_biz_maintainer', operator: 'contains', value: 'admin' },
              { condition: 'OR', rules: [{ field: 'bk_biz_name', operator: 'in', value: ['beta-shop'] }, { field: 'bk_biz_id', operator: 'equal', value: alpha }] },
            ],
          },
          page: { start: 0, limit: 10, sort: 'bk_biz_name' },
        }),
      );
      expect(data).toEqual({ count: 2, info: [{ bk_biz_id: alpha, bk_biz_name: 'alpha-shop' }, expect.objectContaining({ bk_biz_name: 'beta-shop' })] });
    });

    it('narrows by text operators and keeps archived businesses out unless asked for', async () => {
      const shops = ok(await t.esb('search_business', { biz_property_filter: { condition: 'AND', rules: [{ field: 'bk_biz_name', operator: 'ends_with', value: '-shop' }] } }));
      expect(names(shops, 'bk_biz_name').sort()).toEqual(['alpha-shop', 'beta-shop']);
      const none = ok(await t.esb('search_business', { biz_property_filter: { condition: 'AND', rules: [{ field: 'bk_biz_name', operator: 'equal', value: 'no-such' }] } }));
      expect(none).toEqual({ count: 0, info: [] });
    });

    it('refuses the filter together with condition, and a bad rule, naming it', async () => {
      const both = await t.esb('search_business', { condition: { bk_biz_name: 'alpha' }, biz_property_filter: { condition: 'AND', rules: [{ field: 'bk_biz_name', operator: 'equal', value: 'alpha-shop' }] } });
      expect(both.code).toBe(INVALID);
      expect(both.message).toContain('biz_property_filter');
      const bad = await t.esb('search_business', { biz_property_filter: { condition: 'AND', rules: [{ field: 'no_such_field', operator: 'equal', value: 1 }] } });
      expect(bad.code).toBe(INVALID);
      expect(bad.message).toContain('biz_property_filter.rules[0].field');
      // An empty filter is no filter, as bk-cmdb reads it.
      expect(ok(await t.esb('search_business', { biz_property_filter: {} })).count).toBe(3);
    });
  });

  describe('search_set and search_module filter', () => {
    it("finds a business's sets and modules by QueryBuilder rules, within the business", async () => {
      const sets = ok(await t.esb('search_set', { bk_biz_id: alpha, fields: ['bk_set_name'], filter: { condition: 'OR', rules: [{ field: 'bk_set_name', operator: 'equal', value: 'db' }, { field: 'bk_set_id', operator: 'equal', value: web }] } }));
      expect(names(sets, 'bk_set_id').sort()).toEqual([web, db].sort());
      const modules = ok(await t.esb('search_module', { bk_biz_id: alpha, fields: ['bk_module_name'], filter: { condition: 'AND', rules: [{ field: 'bk_module_name', operator: 'begins_with', value: 'my' }] } }));
      expect(modules).toEqual({ count: 1, info: [{ bk_module_id: mysql, bk_module_name: 'mysql' }] });
      const inSet = ok(await t.esb('search_module', { bk_biz_id: alpha, bk_set_id: web, filter: { condition: 'AND', rules: [{ field: 'default', operator: 'equal', value: 0 }] } }));
      expect(names(inSet, 'bk_module_id')).toEqual([nginx]);
    });
  });

  describe('time_condition', () => {
    it('keeps the records created (or changed) between start and end, both included, in the server zone', async () => {
      const now = Date.now();
      const around = { oper: 'and', rules: [{ field: 'create_time', start: shanghai(now - HOUR), end: shanghai(now + HOUR) }] };
      const before = { oper: 'and', rules: [{ field: 'create_time', start: '2000-01-01 00:00:00', end: shanghai(now - HOUR) }] };
      expect(ok(await t.esb('search_set', { bk_biz_id: alpha, time_condition: around })).count).toBe(3);
      expect(ok(await t.esb('search_set', { bk_biz_id: alpha, time_condition: before }))).toEqual({ count: 0, info: [] });
      expect(ok(await t.esb('search_business', { time_condition: around })).count).toBe(3);
      expect(ok(await t.esb('search_module', { bk_biz_id: alpha, bk_set_id: db, time_condition: around })).count).toBe(1);

      // Exact bounds (RFC 3339 keeps the milliseconds): a window of one instant holds the record made then.
      const set = ok(await t.esb('search_set', { bk_biz_id: alpha, condition: { bk_set_id: db }, fields: ['create_time'] })).info[0] as Row;
      const instant = { oper: 'and', rules: [{ field: 'create_time', start: set.create_time, end: set.create_time }] };
      expect(names(ok(await t.esb('search_set', { bk_biz_id: alpha, time_condition: instant, fields: ['bk_set_id'] })), 'bk_set_id')).toContain(db);
    });

    it('combines with the filter, and reads last_time too', async () => {
      const since = Date.now() - 1;
      ok(await t.esb('update_set', { bk_biz_id: alpha, bk_set_id: web, data: { bk_set_desc: 'changed' } }));
      const changed = { oper: 'and', rules: [{ field: 'last_time', start: new Date(since).toISOString(), end: shanghai(Date.now() + HOUR) }] };
      const data = ok(await t.esb('search_set', { bk_biz_id: alpha, time_condition: changed, filter: { condition: 'AND', rules: [{ field: 'bk_set_name', operator: 'not_equal', value: 'idle pool' }] } }));
      expect(names(data, 'bk_set_id')).toEqual([web]);
    });

    it('refuses another operator, a field that is not a time, a bad time and a start after its end', async () => {
      const bad = async (time_condition: unknown, field: string) => {
        const r = await t.esb('search_set', { bk_biz_id: alpha, time_condition });
        expect(r.code).toBe(INVALID);
        expect(r.message).toContain(field);
      };
      await bad({ oper: 'or', rules: [{ field: 'create_time', start: '2020-01-01 00:00:00', end: '2030-01-01 00:00:00' }] }, 'time_condition.oper');
      await bad({ oper: 'and', rules: [{ field: 'bk_set_name', start: '2020-01-01 00:00:00', end: '2030-01-01 00:00:00' }] }, 'time_condition.rules[0].field');
      await bad({ oper: 'and', rules: [{ field: 'create_time', start: 'yesterday', end: '2030-01-01 00:00:00' }] }, 'time_condition.rules[0].start');
      await bad({ oper: 'and', rules: [{ field: 'create_time', start: '2030-01-01 00:00:00', end: '2020-01-01 00:00:00' }] }, 'time_condition.rules[0].start');
    });
  });

  describe('parameters a call does not take', () => {
    it('refuses one that would narrow the answer rather than answer without it', async () => {
      // find_set_batch takes no filter: dropping it would answer every id asked for.
      const r = await t.esb('find_set_batch', { bk_biz_id: alpha, bk_ids: [web, db], fields: ['bk_set_name'], filter: { condition: 'AND', rules: [] } });
      expect(r.code).toBe(INVALID);
      expect(r.data).toBeNull();
      expect(r.message).toContain("'filter' is not a parameter of find_set_batch");
      for (const name of ['host_property_filter', 'condition', 'set_cond']) {
        const refused = await t.esb('get_biz_internal_module', { bk_biz_id: alpha, [name]: { x: 1 } });
        expect(refused.code, name).toBe(INVALID);
      }
    });

    it("takes bk-cmdb Go clients' empty resource_watch bk_filter, and refuses a sub-resource Topograph does not have", async () => {
      const watched = await t.esb('resource_watch', { bk_resource: 'set', bk_start_from: 0, bk_filter: {} });
      expect(ok(watched).bk_watched).toBe(true);
      expect(watched.headers[IGNORED]).toBeUndefined();
      const sub = await t.esb('resource_watch', { bk_resource: 'set', bk_filter: { bk_sub_resource: 'bk_switch' } });
      expect(sub.code).toBe(INVALID);
      expect(sub.message).toContain('bk_filter.bk_sub_resource');
    });

    it("does not count a record's own fields as parameters where a call takes them at the top level", async () => {
      const created = await t.esb('create_cloud_area', { bk_cloud_name: 'vpc-top', bk_cloud_vendor: '1', bk_region: 'us-east-1' });
      expect(ok(created).created.id).toBeGreaterThan(0);
      expect(created.headers[IGNORED]).toBeUndefined();
      const updated = await t.esb('update_cloud_area', { bk_cloud_id: ok(created).created.id, bk_region: 'us-west-2' });
      expect(ok(updated)).toBeNull();
      expect(updated.headers[IGNORED]).toBeUndefined();
    });

    it('drops any other, naming it in X-Topograph-Ignored-Fields, and takes null as not sent', async () => {
      const r = await t.esb('search_business', { condition: { bk_biz_name: 'alpha' }, metadata: { label: {} }, bk_obj_id: 'biz' });
      expect(ok(r).count).toBe(1);
      expect(String(r.headers[IGNORED]).split(',').sort()).toEqual(['bk_obj_id', 'metadata']);
      const again = await t.esb('search_business', { condition: { bk_biz_name: 'alpha' }, metadata: { label: {} }, bk_obj_id: 'biz' });
      expect(again.headers[IGNORED]).toBeDefined();
      // An empty filter narrows nothing: it is dropped and named, not refused.
      const empty = await t.esb('find_set_batch', { bk_biz_id: alpha, bk_ids: [web], fields: ['bk_set_name'], filter: {}, set_cond: [] });
      expect(ok(empty)).toEqual([{ bk_set_id: web, bk_set_name: 'web' }]);
      expect(String(empty.headers[IGNORED]).split(',').sort()).toEqual(['filter', 'set_cond']);
      const clean = await t.esb('search_business', { condition: { bk_biz_name: 'alpha' }, filter: null });
      expect(ok(clean).count).toBe(1);
      expect(clean.headers[IGNORED]).toBeUndefined();
    });
  });
});

describe(`parameters a call does not take, with TOPOGRAPH_STRICT_FIELDS=on (${TEST_DB})`, () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph({ TOPOGRAPH_STRICT_FIELDS: 'on' });
  });
  afterAll(() => t?.stop());

  it('refuses every one, naming it, and writes nothing', async () => {
    const r = await t.esb('create_business', { data: { bk_biz_name: 'strict-shop', bk_biz_maintainer: 'admin' }, bk_biz_id: 5 });
    expect(r.code).toBe(INVALID);
    expect(r.message).toContain("'bk_biz_id' is not a parameter of create_business");
    expect((await t.esb('search_business', { condition: { bk_biz_name: 'strict-shop' } })).data.count).toBe(0);
    expect((await t.esb('search_business', {})).result).toBe(true);
  });

  it("still takes a cloud area's fields at the top level, where create_cloud_area takes them", async () => {
    const r = await t.esb('create_cloud_area', { bk_cloud_name: 'strict-vpc', bk_status: '1', bk_cloud_vendor: '1' });
    expect(r.message).toBe('success');
    const unknown = await t.esb('create_cloud_area', { bk_cloud_name: 'strict-vpc-2', no_such_field: 'x' });
    expect(unknown.result).toBe(false);
    expect(unknown.message).toContain('no_such_field');
  });
});
