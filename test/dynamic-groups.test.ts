import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { auditCount, expectRefused, ok } from './support/fixtures.js';
import { APP, makeBusiness, makeModule, makeSet, startTopograph, type TestTopograph } from './support/server.js';

/** Dynamic groups: a business's saved host or set queries, kept in the store and run on demand. */

const INVALID = 1199006;
const REQUIRED = 1199010;
const NOT_FOUND = 1199019;
const DUPLICATE = 1199014;
const PAGE_LIMIT = 1199059;
const NO_PERMISSION = 9900403;
const GATEWAY = 1306000;

type Row = Record<string, unknown>;

describe(`dynamic groups (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;
  let web: number;
  let db: number;
  let nginx: number;
  let mysql: number;
  /** in web/nginx: 10.80.0.1 */
  let h1: number;
  /** in db/mysql: 10.80.0.2, named db-primary */
  let h2: number;
  /** in the idle module: 10.80.0.3 */
  let h3: number;

  const create = (body: Row) => t.esb('create_dynamic_group', { bk_biz_id: biz, ...body });
  const execute = async (id: string, body: Row = {}) => ok(await t.esb('execute_dynamic_group', { bk_biz_id: biz, id, fields: ['bk_host_innerip'], ...body }));
  const hostGroup = (name: string, condition: unknown[], extra: Row = {}) => create({ name, bk_obj_id: 'host', info: { condition }, ...extra });
  const cond = (bk_obj_id: string, field: string, operator: string, value: unknown) => ({ bk_obj_id, condition: [{ field, operator, value }] });
  const place = async (ip: string, modules: number[], extra: Row = {}) => {
    const added = ok(await t.esb('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [{ bk_host_innerip: ip, ...extra }] }));
    const id = added.bk_host_ids[0] as number;
    if (modules.length) ok(await t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: [id], bk_module_id: modules, is_increment: false }));
    return id;
  };

  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'dg-shop', 'admin,carol');
    web = await makeSet(t, biz, 'web');
    db = await makeSet(t, biz, 'db');
    nginx = await makeModule(t, biz, web, 'nginx');
    mysql = await makeModule(t, biz, db, 'mysql');
    h1 = await place('10.80.0.1', [nginx]);
    h2 = await place('10.80.0.2', [mysql], { bk_host_name: 'db-primary' });
    h3 = await place('10.80.0.3', []);
  });
  afterAll(() => t?.stop());

  it('creates the documented example, answers {id}, keeps it as sent, audits it, and runs it', async () => {
    const audits = await auditCount(t);
    const r = await create({
      bk_obj_id: 'host',
      name: 'my-dynamic-group',
      info: {
        condition: [
          cond('set', 'default', '$ne', 1),
          cond('module', 'default', '$ne', 1),
          cond('host', 'bk_host_innerip', '$eq', '10.80.0.1'),
        ],
      },
    });
    const { id } = ok(r);
    expect(id).toMatch(/^[0-9a-v]{20}$/);
    expect(await auditCount(t)).toBe(audits + 1);
    const audit = ok(await t.esb('list_operation_audit', { condition: { resource_type: 'dynamic_group', action: ['create'] } }));
    expect(audit.info[0]).toMatchObject({ resource_id: id, resource_name: 'my-dynamic-group', bk_biz_id: biz });

    const got = ok(await t.esb('get_dynamic_group', { bk_biz_id: biz, id }));
    expect(got).toMatchObject({ bk_biz_id: biz, id, name: 'my-dynamic-group', bk_obj_id: 'host', create_user: 'admin', modify_user: 'admin' });
    expect(got.info.condition.map((c: Row) => c.bk_obj_id)).toEqual(['set', 'module', 'host']);
    expect(got.create_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);

    const run = await execute(id, { fields: ['bk_host_innerip', 'bk_cloud_id'] });
    expect(run).toEqual({ count: 1, info: [{ bk_host_id: h1, bk_host_innerip: '10.80.0.1', bk_cloud_id: 0 }] });
  });

  it('runs host groups over sets, modules and hosts, both lists of a rule applying, with page and sort', async () => {
    const notIdle = ok(await hostGroup('not-idle', [cond('set', 'default', '$ne', 1)])).id;
    expect((await execute(notIdle)).info.map((h: Row) => h.bk_host_id)).toEqual([h1, h2]);
    const idle = ok(await hostGroup('idle', [cond('module', 'default', '$eq', 1)])).id;
    expect((await execute(idle)).info.map((h: Row) => h.bk_host_id)).toEqual([h3]);
    const both = ok(
      await create({ name: 'ten-80-in-db', bk_obj_id: 'host', info: { condition: [cond('host', 'bk_host_innerip', '$regex', '^10.80.')], variable_condition: [cond('set', 'bk_set_name', '$in', ['db'])] } }),
    ).id;
    expect((await execute(both)).info.map((h: Row) => h.bk_host_id)).toEqual([h2]);
    const all = ok(await hostGroup('all-80', [cond('host', 'bk_host_innerip', '$regex', '10.80.0')])).id;
    const paged = await execute(all, { page: { start: 1, limit: 1, sort: '-bk_host_id' } });
    expect(paged).toEqual({ count: 3, info: [{ bk_host_id: h2, bk_host_innerip: '10.80.0.2' }] });
    // execute needs fields; one the group's target lacks is left out, as bk-cmdb does, and named in a header
    await expectRefused(t, () => t.esb('execute_dynamic_group', { bk_biz_id: biz, id: all, fields: [] }), REQUIRED);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/c/compapi/v2/cc/execute_dynamic_group/',
      payload: { ...APP, bk_username: 'admin', bk_biz_id: biz, id: all, fields: ['bk_set_name', 'bk_host_name'], page: { limit: 1 } },
    });
    expect(res.headers['x-topograph-ignored-fields']).toBe('bk_set_name');
    expect(res.json().data.info).toEqual([{ bk_host_id: h1, bk_host_name: '' }]);
    expect((await execute(all, { fields: ['nosuch'], page: { limit: 1 } })).info).toEqual([{ bk_host_id: h1 }]);
    await expectRefused(t, () => t.esb('execute_dynamic_group', { bk_biz_id: biz, id: all, fields: ['bk_host_id'], page: { limit: 201 } }), PAGE_LIMIT);
  });

  it('runs set groups over the business sets', async () => {
    const id = ok(await create({ name: 'ordinary-sets', bk_obj_id: 'set', info: { condition: [cond('set', 'default', '$ne', 1)] } })).id;
    const r = ok(await t.esb('execute_dynamic_group', { bk_biz_id: biz, id, fields: ['bk_set_name'] }));
    expect(r).toEqual({ count: 2, info: [{ bk_set_id: web, bk_set_name: 'web' }, { bk_set_id: db, bk_set_name: 'db' }] });
    // a set group takes conditions on sets only
    const refused = await expectRefused(t, () => create({ name: 'x', bk_obj_id: 'set', info: { condition: [cond('host', 'bk_host_id', '$eq', 1)] } }), INVALID);
    expect(refused.message).toContain('info.condition[0].bk_obj_id');
  });

  it('keeps names unique in the business, by the store too: of 10 concurrent creates with one name, one wins', async () => {
    ok(await hostGroup('unique-name', [cond('host', 'bk_host_id', '$eq', h1)]));
    await expectRefused(t, () => hostGroup('unique-name', [cond('host', 'bk_host_id', '$eq', h2)]), DUPLICATE);
    const answers = await Promise.all(Array.from({ length: 10 }, () => hostGroup('raced', [cond('host', 'bk_host_id', '$eq', h1)])));
    expect(answers.filter((a) => a.result)).toHaveLength(1);
    expect(answers.filter((a) => !a.result).map((a) => a.code)).toEqual(Array(9).fill(DUPLICATE));
    expect(ok(await t.esb('search_dynamic_group', { bk_biz_id: biz, condition: { name: 'raced' } })).count).toBe(1);
    // another business may use the name
    const other = await makeBusiness(t, 'dg-other', 'admin');
    ok(await t.esb('create_dynamic_group', { bk_biz_id: other, name: 'raced', bk_obj_id: 'set', info: { condition: [cond('set', 'default', '$eq', 1)] } }));
  });

  it('updates the name, or the rule with its bk_obj_id, and audits the fields changed', async () => {
    const id = ok(await hostGroup('to-change', [cond('host', 'bk_host_id', '$eq', h1)])).id;
    expect(ok(await t.esb('update_dynamic_group', { bk_biz_id: biz, id, name: 'changed' }))).toBeNull();
    ok(await t.esb('update_dynamic_group', { bk_biz_id: biz, id, bk_obj_id: 'set', info: { condition: [cond('set', 'bk_set_name', '$eq', 'web')] } }));
    const got = ok(await t.esb('get_dynamic_group', { bk_biz_id: biz, id }));
    expect(got).toMatchObject({ name: 'changed', bk_obj_id: 'set', info: { condition: [cond('set', 'bk_set_name', '$eq', 'web')] } });
    expect(ok(await t.esb('execute_dynamic_group', { bk_biz_id: biz, id, fields: ['bk_set_name'] })).info).toEqual([{ bk_set_id: web, bk_set_name: 'web' }]);
    // a rule alone is checked against the group's kind, a kind alone against the group's rule
    const r = await expectRefused(t, () => t.esb('update_dynamic_group', { bk_biz_id: biz, id, info: { condition: [cond('host', 'bk_host_id', '$eq', h1)] } }), INVALID);
    expect(r.message).toContain('info.condition[0].bk_obj_id');
    ok(await t.esb('update_dynamic_group', { bk_biz_id: biz, id, info: { condition: [cond('set', 'bk_set_name', '$in', ['web', 'db'])] } }));
    expect(ok(await t.esb('execute_dynamic_group', { bk_biz_id: biz, id, fields: ['bk_set_name'] })).count).toBe(2);
    ok(await t.esb('update_dynamic_group', { bk_biz_id: biz, id, bk_obj_id: 'host' }));
    expect(ok(await t.esb('execute_dynamic_group', { bk_biz_id: biz, id, fields: ['bk_host_id'] })).info.map((h: Row) => h.bk_host_id)).toEqual([h1, h2]);
    await expectRefused(t, () => t.esb('update_dynamic_group', { bk_biz_id: biz, id }), REQUIRED);
    await expectRefused(t, () => t.esb('update_dynamic_group', { bk_biz_id: biz, id, name: 'unique-name' }), DUPLICATE);
    await expectRefused(t, () => t.esb('update_dynamic_group', { bk_biz_id: biz, id: 'nosuchgroup', name: 'x' }), NOT_FOUND);
    const audits = ok(await t.esb('list_operation_audit', { condition: { resource_type: 'dynamic_group', action: ['update'], resource_id: id } }));
    const details = ok(await t.esb('find_audit_by_id', { id: audits.info.map((a: Row) => a.id) }));
    expect(details.map((a: { operation_detail: { details: Row } }) => (a.operation_detail.details.update_fields as string[]).join('+')).sort()).toEqual([
      'bk_obj_id',
      'bk_obj_id+info',
      'info',
      'name',
    ]);
  });

  it('searches by name, create_user or modify_user, sorted by creation time unless asked otherwise', async () => {
    const all = ok(await t.esb('search_dynamic_group', { bk_biz_id: biz }));
    const times = all.info.map((g: Row) => g.create_time as string);
    expect(times).toEqual([...times].sort());
    expect(all.count).toBe(all.info.length);
    const byName = ok(await t.esb('search_dynamic_group', { bk_biz_id: biz, condition: { name: 'idle' } }));
    expect(byName.info.map((g: Row) => g.name)).toEqual(['idle']);
    const carol = t.as('carol');
    ok(await carol('create_dynamic_group', { bk_biz_id: biz, name: 'carols', bk_obj_id: 'host', info: { condition: [cond('host', 'bk_host_id', '$eq', h1)] } }));
    expect(ok(await t.esb('search_dynamic_group', { bk_biz_id: biz, condition: { create_user: 'carol' } })).info.map((g: Row) => g.name)).toEqual(['carols']);
    const named = ok(await t.esb('search_dynamic_group', { bk_biz_id: biz, page: { sort: '-name', limit: 2 } }));
    expect(named.info.map((g: Row) => g.name)).toEqual([...named.info.map((g: Row) => g.name as string)].sort().reverse());
    expect(named.info).toHaveLength(2);
    await expectRefused(t, () => t.esb('search_dynamic_group', { bk_biz_id: biz, condition: { info: 'x' } }), INVALID);
    await expectRefused(t, () => t.esb('search_dynamic_group', { bk_biz_id: biz, condition: { name: 5 } }), INVALID);
    await expectRefused(t, () => t.esb('search_dynamic_group', { bk_biz_id: biz, page: { limit: 201 } }), PAGE_LIMIT);
    await expectRefused(t, () => t.esb('search_dynamic_group', { bk_biz_id: biz, page: { sort: 'secret' } }), INVALID);
  });

  it('lets the maintainers and the administrator change groups; anyone read and run them', async () => {
    const bob = t.as('bob');
    const r = await expectRefused(t, () => bob('create_dynamic_group', { bk_biz_id: biz, name: 'bobs', bk_obj_id: 'host', info: { condition: [cond('host', 'bk_host_id', '$eq', h1)] } }), NO_PERMISSION);
    expect(r.permission).toBeTruthy();
    const id = ok(await t.esb('search_dynamic_group', { bk_biz_id: biz, condition: { name: 'idle' } })).info[0].id as string;
    await expectRefused(t, () => bob('delete_dynamic_group', { bk_biz_id: biz, id }), NO_PERMISSION);
    expect(ok(await bob('execute_dynamic_group', { bk_biz_id: biz, id, fields: ['bk_host_id'] })).count).toBe(1);
  });

  it('refuses bad rules with the parameter they break, writing nothing', async () => {
    const refused = async (body: Row, code: number, names: string) => expect((await expectRefused(t, () => create(body), code)).message).toContain(names);
    const rule = { condition: [cond('host', 'bk_host_id', '$eq', 1)] };
    await refused({ name: 'x', bk_obj_id: 'module', info: rule }, INVALID, 'bk_obj_id');
    await refused({ name: 'x', bk_obj_id: 'host' }, GATEWAY, 'info');
    await refused({ name: 'x', bk_obj_id: 'host', info: [] }, INVALID, 'info');
    await refused({ name: 'x', bk_obj_id: 'host', info: {} }, REQUIRED, 'info.condition');
    await refused({ name: 'x', bk_obj_id: 'host', info: { condition: [{ bk_obj_id: 'host', condition: [] }] } }, REQUIRED, 'info.condition[0].condition');
    await refused({ name: 'x', bk_obj_id: 'host', info: { condition: [cond('host', 'no_such', '$eq', 1)] } }, INVALID, 'info.condition[0].condition[0].field');
    await refused({ name: 'x', bk_obj_id: 'host', info: { condition: [cond('host', 'bk_host_id', '$like', 1)] } }, INVALID, 'info.condition[0].condition[0].operator');
    await refused({ name: 'x', bk_obj_id: 'host', info: { condition: [cond('host', 'bk_host_id', '$eq', '1')] } }, INVALID, 'info.condition[0].condition[0].value');
    await refused({ name: 'x', bk_obj_id: 'host', info: { variable_condition: [cond('set', 'bk_set_name', '$regex', 'a*')] } }, INVALID, 'info.variable_condition[0].condition[0].value');
    await refused({ name: ' ', bk_obj_id: 'host', info: rule }, REQUIRED, 'name');
    await refused({ name: 'x'.repeat(257), bk_obj_id: 'host', info: rule }, 1199073, 'name');
    await expectRefused(t, () => t.esb('create_dynamic_group', { bk_biz_id: 999999, name: 'x', bk_obj_id: 'host', info: rule }), 1199011);
    await expectRefused(t, () => t.esb('get_dynamic_group', { bk_biz_id: biz, id: 5 }), GATEWAY);
  });

  it('refuses ids and search values the stores cannot hold, naming them, on both stores', async () => {
    for (const call of ['get_dynamic_group', 'execute_dynamic_group', 'update_dynamic_group', 'delete_dynamic_group']) {
      const r = await expectRefused(t, () => t.esb(call, { bk_biz_id: biz, id: 'a\u0000b', name: 'x', fields: ['bk_host_id'] }), INVALID);
      expect(r.message, call).toContain('id');
    }
    const r = await expectRefused(t, () => t.esb('search_dynamic_group', { bk_biz_id: biz, condition: { name: 'a\u0000' } }), INVALID);
    expect(r.message).toContain('condition.name');
    // a rule value the stores cannot hold, and a time condition, are refused when saved
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'host', bk_property_id: 'dg_tags', bk_property_name: 'tags', bk_property_type: 'enummulti', option: [{ id: 'a', name: 'a', type: 'text' }] }));
    const tagged = await expectRefused(t, () => hostGroup('nul', [cond('host', 'dg_tags', '$eq', 'a\u0000')]), INVALID);
    expect(tagged.message).toContain('info.condition[0].condition[0].value');
    await expectRefused(t, () => hostGroup('ordered-tags', [cond('host', 'dg_tags', '$lt', 'b')]), INVALID);
    const timed = await expectRefused(t, () => hostGroup('timed', [{ ...cond('host', 'bk_host_id', '$eq', 1), time_condition: { oper: 'and', rules: [] } }]), INVALID);
    expect(timed.message).toContain('info.condition[0].time_condition');
  });

  it('takes concurrent changes of one group in turn: none is lost, and none lands after a delete', async () => {
    const id = ok(await hostGroup('contended', [cond('host', 'bk_host_id', '$eq', h1)])).id;
    const [renamed, ruled] = await Promise.all([
      t.esb('update_dynamic_group', { bk_biz_id: biz, id, name: 'contended-2' }),
      t.esb('update_dynamic_group', { bk_biz_id: biz, id, info: { condition: [cond('host', 'bk_host_id', '$eq', h2)] } }),
    ]);
    expect([renamed.result, ruled.result]).toEqual([true, true]);
    const got = ok(await t.esb('get_dynamic_group', { bk_biz_id: biz, id }));
    expect(got.name).toBe('contended-2');
    expect(got.info.condition[0].condition[0].value).toBe(h2);
    const audits = await auditCount(t);
    const [update, removal] = await Promise.all([t.esb('update_dynamic_group', { bk_biz_id: biz, id, name: 'late' }), t.esb('delete_dynamic_group', { bk_biz_id: biz, id })]);
    expect(removal.result).toBe(true);
    // the update either came first (and was deleted with the group) or found no group: never both audited after the delete
    expect(update.result ? await auditCount(t) : update.code).toBe(update.result ? audits + 2 : NOT_FOUND);
  });

  it('refuses to run a rule the model no longer fits, naming the field', async () => {
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'host', bk_property_id: 'dg_rack', bk_property_name: 'rack', bk_property_type: 'singlechar' }));
    const id = ok(await hostGroup('by-rack', [cond('host', 'dg_rack', '$eq', 'r1')])).id;
    expect((await execute(id)).count).toBe(0);
    const attr = ok(await t.esb('search_object_attribute', { bk_obj_id: 'host', bk_property_id: 'dg_rack' }))[0];
    ok(await t.esb('delete_object_attribute', { id: attr.id }));
    const r = await expectRefused(t, () => t.esb('execute_dynamic_group', { bk_biz_id: biz, id, fields: ['bk_host_id'] }), INVALID);
    expect(r.message).toMatch(/no longer fits the model.*info\.condition\[0\]\.condition\[0\]\.field/);
  });

  it('deletes a group (then it is not found), and delete_business takes its groups with it, each audited', async () => {
    const id = ok(await hostGroup('short-lived', [cond('host', 'bk_host_id', '$eq', h1)])).id;
    expect(ok(await t.esb('delete_dynamic_group', { bk_biz_id: biz, id }))).toBeNull();
    await expectRefused(t, () => t.esb('get_dynamic_group', { bk_biz_id: biz, id }), NOT_FOUND);
    await expectRefused(t, () => t.esb('delete_dynamic_group', { bk_biz_id: biz, id }), NOT_FOUND);

    const gone = await makeBusiness(t, 'dg-gone', 'admin');
    const groupId = ok(await t.esb('create_dynamic_group', { bk_biz_id: gone, name: 'g', bk_obj_id: 'set', info: { condition: [cond('set', 'default', '$eq', 1)] } })).id;
    ok(await t.esb('update_business_enable_status', { bk_biz_id: gone, flag: 'disabled' }));
    ok(await t.esb('delete_business', { bk_biz_id: gone }));
    const audits = ok(await t.esb('list_operation_audit', { condition: { resource_type: 'dynamic_group', action: ['delete'], resource_id: groupId } }));
    expect(audits.count).toBe(1);
  });
});
