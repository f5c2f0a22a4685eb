import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { auditCount, expectRefused, ok } from './support/fixtures.js';
import { makeBusiness, startTopograph, type TestTopograph } from './support/server.js';

/** Business sets: bk-cmdb's named groups of businesses, by a scope on business fields. */

const INVALID = 1199006;
const REQUIRED = 1199010;
const DUPLICATE = 1199014;
const NOT_FOUND = 1199019;
const TOO_MANY = 1199035;
const NO_PERMISSION = 9900403;

type Row = Record<string, unknown>;

const testing = { condition: 'AND', rules: [{ field: 'life_cycle', operator: 'equal', value: '1' }] };

describe(`business sets (${TEST_DB})`, () => {
  let t: TestTopograph;
  let alpha: number;
  let beta: number;
  let gamma: number;

  const create = (name: string, bk_scope: unknown, extra: Row = {}) => t.esb('create_business_set', { bk_biz_set_attr: { bk_biz_set_name: name, ...extra }, bk_scope });
  const members = async (id: number, body: Row = {}) =>
    (ok(await t.esb('list_business_in_business_set', { bk_biz_set_id: id, fields: ['bk_biz_name'], page: { start: 0, limit: 100 }, ...body })).info as Row[]).map((b) => b.bk_biz_name);
  const setsNamed = async (name: string) =>
    ok(await t.esb('list_business_set', { bk_biz_set_filter: { condition: 'AND', rules: [{ field: 'bk_biz_set_name', operator: 'equal', value: name }] }, page: { limit: 10 } })).info as Row[];

  beforeAll(async () => {
    t = await startTopograph();
    alpha = await makeBusiness(t, 'alpha', 'admin,carol');
    beta = await makeBusiness(t, 'beta', 'admin');
    gamma = await makeBusiness(t, 'gamma', 'admin');
    ok(await t.esb('update_business', { bk_biz_id: alpha, data: { life_cycle: '1' } }));
    ok(await t.esb('update_business', { bk_biz_id: gamma, data: { life_cycle: '1' } }));
  });
  afterAll(() => t?.stop());

  it("creates the documented example's set, answers its id, keeps its scope, audits it and tells watchers", async () => {
    const audits = await auditCount(t);
    const r = await create('testing-bizs', { match_all: false, filter: testing }, { bk_biz_set_desc: 'businesses in testing', bk_biz_maintainer: 'admin' });
    const id = ok(r) as number;
    expect(Number.isInteger(id) && id > 0).toBe(true);
    expect(await auditCount(t)).toBe(audits + 1);
    const [stored] = await setsNamed('testing-bizs');
    expect(stored).toMatchObject({
      bk_biz_set_id: id,
      bk_biz_set_name: 'testing-bizs',
      bk_biz_set_desc: 'businesses in testing',
      bk_biz_maintainer: 'admin',
      bk_scope: { match_all: false, filter: testing },
      bk_created_by: 'admin',
    });
    expect(stored!.create_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);
    const events = ok(await t.esb('resource_watch', { bk_resource: 'biz_set', bk_start_from: 0 })).bk_events as Row[];
    expect(events.map((e) => [e.bk_event_type, (e.bk_detail as Row).bk_biz_set_name])).toContainEqual(['create', 'testing-bizs']);
    const audit = ok(await t.esb('list_operation_audit', { condition: { resource_type: 'biz_set', action: ['create'] } })).info as Row[];
    expect(audit[0]).toMatchObject({ audit_type: 'business_set', resource_id: id, resource_name: 'testing-bizs' });
  });

  it("lists a set's businesses by its scope (never the resource pool or an archived one), narrowed by filter", async () => {
    const [set] = await setsNamed('testing-bizs');
    const id = set!.bk_biz_set_id as number;
    expect(await members(id)).toEqual(['alpha', 'gamma']);
    expect(await members(id, { filter: { condition: 'AND', rules: [{ field: 'bk_biz_name', operator: 'begins_with', value: 'g' }] } })).toEqual(['gamma']);
    const all = ok(await create('everything', { match_all: true })) as number;
    expect(await members(all)).toEqual(['alpha', 'beta', 'gamma']);
    // A business that changes its fields moves in or out of the set at once: the scope is a query, not a list.
    ok(await t.esb('update_business', { bk_biz_id: beta, data: { life_cycle: '1' } }));
    expect(await members(id)).toEqual(['alpha', 'beta', 'gamma']);
    ok(await t.esb('update_business', { bk_biz_id: beta, data: { life_cycle: '2' } }));
    ok(await t.esb('update_business_enable_status', { bk_biz_id: gamma, flag: 'disabled' }));
    expect(await members(id)).toEqual(['alpha']);
    ok(await t.esb('update_business_enable_status', { bk_biz_id: gamma, flag: 'enable' }));
  });

  it("answers the count alone with page.enable_count, the page alone without it, as bk-cmdb", async () => {
    const [set] = await setsNamed('testing-bizs');
    const counted = ok(await t.esb('list_business_in_business_set', { bk_biz_set_id: set!.bk_biz_set_id, page: { start: 0, limit: 0, enable_count: true } }));
    expect(counted).toEqual({ count: 2, info: [] });
    expect(ok(await t.esb('list_business_set', { page: { start: 0, limit: 0, enable_count: true } }))).toEqual({ count: 2, info: [] });
    const page = ok(await t.esb('list_business_set', { fields: ['bk_biz_set_name'], page: { start: 0, limit: 1, sort: '-bk_biz_set_name' } }));
    expect(page).toEqual({ count: 0, info: [{ bk_biz_set_id: expect.any(Number), bk_biz_set_name: 'testing-bizs' }] });
  });

  it('previews the businesses a scope would take', async () => {
    const data = ok(await t.esb('preview_business_set', { bk_scope: { match_all: false, filter: { condition: 'AND', rules: [{ field: 'bk_biz_name', operator: 'in', value: ['beta', 'gamma'] }] } }, fields: ['bk_biz_name'], page: { limit: 10 } }));
    expect((data.info as Row[]).map((b) => b.bk_biz_name)).toEqual(['beta', 'gamma']);
  });

  it('updates one set its name and scope, many sets alike their other fields, and audits each', async () => {
    const [set] = await setsNamed('testing-bizs');
    const id = set!.bk_biz_set_id as number;
    const [every] = await setsNamed('everything');
    ok(await t.esb('batch_update_business_set', { bk_biz_set_ids: [id], data: { bk_biz_set_attr: { bk_biz_set_name: 'beta-only' }, bk_scope: { match_all: false, filter: { condition: 'AND', rules: [{ field: 'bk_biz_name', operator: 'equal', value: 'beta' }] } } } }));
    expect(await members(id)).toEqual(['beta']);
    expect(await setsNamed('beta-only')).toHaveLength(1);
    const before = (ok(await t.esb('list_operation_audit', { condition: { resource_type: 'biz_set', action: ['update'] } })).count as number);
    expect(ok(await t.esb('batch_update_business_set', { bk_biz_set_ids: [id, every!.bk_biz_set_id], data: { bk_biz_set_attr: { bk_biz_set_desc: 'both' } } }))).toEqual({});
    expect(ok(await t.esb('list_operation_audit', { condition: { resource_type: 'biz_set', action: ['update'] } })).count).toBe(before + 2);
    expect((await setsNamed('everything'))[0]!.bk_biz_set_desc).toBe('both');
  });

  it('refuses a name or a scope for several sets, a duplicate name, unknown fields and ids, and changes nothing', async () => {
    const [a] = await setsNamed('beta-only');
    const [b] = await setsNamed('everything');
    const ids = [a!.bk_biz_set_id, b!.bk_biz_set_id];
    await expectRefused(t, () => t.esb('batch_update_business_set', { bk_biz_set_ids: ids, data: { bk_biz_set_attr: { bk_biz_set_name: 'x' } } }), INVALID);
    await expectRefused(t, () => t.esb('batch_update_business_set', { bk_biz_set_ids: ids, data: { bk_scope: { match_all: true } } }), INVALID);
    await expectRefused(t, () => t.esb('batch_update_business_set', { bk_biz_set_ids: [a!.bk_biz_set_id], data: { bk_biz_set_attr: { bk_biz_set_name: 'everything' } } }), DUPLICATE);
    await expectRefused(t, () => t.esb('batch_update_business_set', { bk_biz_set_ids: [a!.bk_biz_set_id], data: { bk_biz_set_attr: { no_such_field: 1 } } }), 1199060);
    const missing = await expectRefused(t, () => t.esb('batch_update_business_set', { bk_biz_set_ids: [a!.bk_biz_set_id, 999999], data: { bk_biz_set_attr: { bk_biz_set_desc: 'y' } } }), NOT_FOUND);
    expect(missing.message).toContain('999999');
    await expectRefused(t, () => t.esb('batch_update_business_set', { bk_biz_set_ids: ids, data: {} }), REQUIRED);
    await expectRefused(t, () => create('everything', { match_all: true }), DUPLICATE);
    expect((await setsNamed('everything'))[0]!.bk_biz_set_desc).toBe('both');
  });

  it('checks the scope: match_all a boolean, a filter when not all, AND of equal / in rules on business fields', async () => {
    const bad = async (bk_scope: unknown, code: number, field: string) => {
      const r = await expectRefused(t, () => create('bad-scope', bk_scope), code);
      expect(r.message).toContain(field);
    };
    await bad(undefined, 1306000, 'bk_scope');
    await bad({}, REQUIRED, 'bk_scope.match_all');
    await bad({ match_all: 'false' }, INVALID, 'bk_scope.match_all');
    await bad({ match_all: false }, REQUIRED, 'bk_scope.filter');
    await bad({ match_all: true, filter: testing }, INVALID, 'bk_scope.filter');
    await bad({ match_all: false, filter: { condition: 'OR', rules: testing.rules } }, INVALID, 'bk_scope.filter.condition');
    await bad({ match_all: false, filter: { condition: 'AND', rules: [{ field: 'bk_biz_name', operator: 'contains', value: 'a' }] } }, INVALID, 'bk_scope.filter.rules[0].operator');
    await bad({ match_all: false, filter: { condition: 'AND', rules: [{ field: 'bk_set_name', operator: 'equal', value: 'a' }] } }, INVALID, 'bk_scope.filter.rules[0].field');
    await bad({ match_all: false, filter: { condition: 'AND', rules: [{ field: 'life_cycle', operator: 'equal', value: 1 }] } }, INVALID, 'value');
    await bad({ match_all: false, filter: { condition: 'AND', rules: [{ field: 'life_cycle', operator: 'in', value: ['1', '9'] }] } }, INVALID, 'bk_scope.filter.rules[0].value');
    const noName = await expectRefused(t, () => t.esb('create_business_set', { bk_biz_set_attr: { bk_biz_set_desc: 'x' }, bk_scope: { match_all: true } }), REQUIRED);
    expect(noName.message).toContain('bk_biz_set_name');
  });

  it("is the administrator's to change; anyone may read", async () => {
    const carol = t.as('carol');
    const r = await expectRefused(t, () => carol('create_business_set', { bk_biz_set_attr: { bk_biz_set_name: 'carols' }, bk_scope: { match_all: true } }), NO_PERMISSION);
    expect(r.permission).toMatchObject({ actions: [expect.objectContaining({ id: 'create_business_set' })] });
    const [a] = await setsNamed('beta-only');
    await expectRefused(t, () => carol('batch_update_business_set', { bk_biz_set_ids: [a!.bk_biz_set_id], data: { bk_biz_set_attr: { bk_biz_set_desc: 'z' } } }), NO_PERMISSION);
    await expectRefused(t, () => carol('batch_delete_business_set', { bk_biz_set_ids: [a!.bk_biz_set_id] }), NO_PERMISSION);
    expect(ok(await carol('list_business_set', { page: { limit: 10 } })).info.length).toBe(2);
  });

  it('deletes sets all or none, leaving their businesses; an id list over 200 is refused', async () => {
    const [a] = await setsNamed('beta-only');
    const [b] = await setsNamed('everything');
    await expectRefused(t, () => t.esb('batch_delete_business_set', { bk_biz_set_ids: [a!.bk_biz_set_id, 999999] }), NOT_FOUND);
    expect(ok(await t.esb('list_business_set', { page: { enable_count: true } })).count).toBe(2);
    expect((await t.esb('batch_delete_business_set', { bk_biz_set_ids: Array.from({ length: 201 }, (_, i) => i + 1) })).code).toBe(TOO_MANY);
    expect(ok(await t.esb('batch_delete_business_set', { bk_biz_set_ids: [a!.bk_biz_set_id, b!.bk_biz_set_id] }))).toEqual({});
    expect(ok(await t.esb('list_business_set', { page: { enable_count: true } })).count).toBe(0);
    expect(ok(await t.esb('search_business', { fields: ['bk_biz_name'] })).count).toBe(3);
    expect((await t.esb('list_business_in_business_set', { bk_biz_set_id: a!.bk_biz_set_id, page: { limit: 10 } })).code).toBe(NOT_FOUND);
  });

  it('takes custom attributes of the business set object, and a scope on a custom business attribute', async () => {
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'bk_biz_set_obj', bk_property_id: 'region_code', bk_property_name: 'region code', bk_property_type: 'singlechar' }));
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'biz', bk_property_id: 'tier', bk_property_name: 'tier', bk_property_type: 'enum', option: [{ id: 'gold', name: 'gold', type: 'text' }, { id: 'silver', name: 'silver', type: 'text' }] }));
    ok(await t.esb('update_business', { bk_biz_id: alpha, data: { tier: 'gold' } }));
    const id = ok(await create('gold', { match_all: false, filter: { condition: 'AND', rules: [{ field: 'tier', operator: 'equal', value: 'gold' }] } }, { region_code: 'eu-1' })) as number;
    expect((await setsNamed('gold'))[0]).toMatchObject({ region_code: 'eu-1' });
    expect(await members(id)).toEqual(['alpha']);
    const bad = await t.esb('create_business_set', { bk_biz_set_attr: { bk_biz_set_name: 'bad-attr', region_code: 5 }, bk_scope: { match_all: true } });
    expect(bad.result).toBe(false);
    expect(bad.message).toContain('region_code');
  });
});
