import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { expectRefused } from './support/fixtures.js';
import { makeBusiness, makeModule, makeSet, startTopograph, type EsbAnswer, type TestTopograph } from './support/server.js';

/** search_host: bk-cmdb's legacy host search, by IP and by conditions on the host and its topology. */

const INVALID = 1199006;
const NOT_FOUND_REF = 1199011;
const TOO_MANY = 1199035;
const PAGE_LIMIT = 1199059;
const GATEWAY = 1306000;

type Item = { host: Record<string, unknown>; biz: Record<string, unknown>[]; set: Record<string, unknown>[]; module: Record<string, unknown>[] };

/** The four objects with empty conditions, as the documented example sends them. */
const ALL_OBJECTS = ['host', 'module', 'set', 'biz'].map((bk_obj_id) => ({ bk_obj_id, fields: [], condition: [] }));

describe(`search_host (${TEST_DB})`, () => {
  let t: TestTopograph;
  let alpha: number;
  let beta: number;
  let area: number;
  let web: number;
  let nginx: number;
  let php: number;
  let mysql: number;
  /** in alpha's nginx and php: inner 10.70.0.1,10.70.0.11, outer 1.2.3.4 */
  let hA1: number;
  /** in alpha's mysql, cloud area `area`: inner 10.70.0.2, named db-primary */
  let hA2: number;
  /** in beta's redis: inner 10.71.0.1, outer 5.6.7.8 */
  let hB1: number;
  /** in the resource pool: inner 10.72.0.1 */
  let hP: number;

  const search = (body: Record<string, unknown>) => t.esb('search_host', body);
  const hostIds = (r: EsbAnswer) => {
    expect(r.message).toBe('success');
    return (r.data.info as Item[]).map((i) => i.host.bk_host_id);
  };
  const place = async (bizId: number, host: Record<string, unknown>, modules: number[]) => {
    const added = await t.esb('add_host_to_business_idle', { bk_biz_id: bizId, bk_host_list: [host] });
    expect(added.result, added.message).toBe(true);
    const id = added.data.bk_host_ids[0] as number;
    const moved = await t.esb('transfer_host_module', { bk_biz_id: bizId, bk_host_id: [id], bk_module_id: modules, is_increment: false });
    expect(moved.result, moved.message).toBe(true);
    return id;
  };

  beforeAll(async () => {
    t = await startTopograph();
    alpha = await makeBusiness(t, 'sh-alpha', 'admin');
    beta = await makeBusiness(t, 'sh-beta', 'admin');
    area = (await t.esb('create_cloud_area', { bk_cloud_name: 'sh-area' })).data.created.id as number;
    web = await makeSet(t, alpha, 'web');
    const db = await makeSet(t, alpha, 'db');
    nginx = await makeModule(t, alpha, web, 'nginx');
    php = await makeModule(t, alpha, web, 'php');
    mysql = await makeModule(t, alpha, db, 'mysql');
    const cache = await makeSet(t, beta, 'cache');
    const redis = await makeModule(t, beta, cache, 'redis');
    hA1 = await place(alpha, { bk_host_innerip: '10.70.0.1,10.70.0.11', bk_host_outerip: '1.2.3.4', bk_host_name: 'web-1' }, [nginx, php]);
    hA2 = await place(alpha, { bk_host_innerip: '10.70.0.2', bk_cloud_id: area, bk_host_name: 'db-primary' }, [mysql]);
    hB1 = await place(beta, { bk_host_innerip: '10.71.0.1', bk_host_outerip: '5.6.7.8', bk_host_name: 'cache-1' }, [redis]);
    hP = (await t.esb('add_host_to_resource', { host_info: { 0: { bk_host_innerip: '10.72.0.1' } } })).data.bk_host_ids[0] as number;
  });
  afterAll(() => t?.stop());

  it('answers the documented request with the host, its cloud area as bk-cmdb refers to it, and its business, set and modules', async () => {
    const r = await search({
      ip: { data: ['10.70.0.1'], exact: 1, flag: 'bk_host_innerip|bk_host_outerip' },
      condition: ALL_OBJECTS,
      page: { start: 0, limit: 10, sort: 'bk_host_id' },
      pattern: '',
    });
    expect(r.result, r.message).toBe(true);
    expect(r.data.count).toBe(1);
    const [item] = r.data.info as Item[];
    expect(Object.keys(item!).sort()).toEqual(['biz', 'host', 'module', 'set']);
    expect(item!.host).toMatchObject({ bk_host_id: hA1, bk_host_innerip: '10.70.0.1,10.70.0.11', bk_host_outerip: '1.2.3.4', bk_host_name: 'web-1' });
    expect(item!.host.create_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(item!.host.bk_cloud_id).toEqual([{ id: '0', bk_obj_id: 'plat', bk_obj_icon: '', bk_inst_id: 0, bk_obj_name: '', bk_inst_name: 'Default Area' }]);
    expect(item!.biz).toHaveLength(1);
    expect(item!.biz[0]).toMatchObject({ bk_biz_id: alpha, bk_biz_name: 'sh-alpha', bk_biz_maintainer: 'admin' });
    expect(item!.set.map((s) => [s.bk_set_id, s.bk_set_name, s.TopModuleName])).toEqual([[web, 'web', 'sh-alpha##web']]);
    expect(item!.module.map((m) => [m.bk_module_id, m.bk_set_id, m.TopModuleName])).toEqual([
      [nginx, web, 'sh-alpha##web##nginx'],
      [php, web, 'sh-alpha##web##php'],
    ]);
  });

  it('ip, exact: a host holding one of the addresses, in the fields the flag names (absent: both)', async () => {
    const exact = (data: string[], flag?: string) => search({ ip: { data, exact: 1, ...(flag === undefined ? {} : { flag }) } });
    expect(hostIds(await exact(['1.2.3.4'], 'bk_host_innerip'))).toEqual([]);
    expect(hostIds(await exact(['1.2.3.4'], 'bk_host_outerip'))).toEqual([hA1]);
    // one address of a host that lists two
    expect(hostIds(await exact(['10.70.0.11'], 'bk_host_innerip'))).toEqual([hA1]);
    expect(hostIds(await exact(['10.70.0.11', '5.6.7.8'], 'bk_host_innerip|bk_host_outerip'))).toEqual([hA1, hB1]);
    expect(hostIds(await exact(['10.70.0.11', '5.6.7.8'], 'bk_host_innerip,bk_host_outerip'))).toEqual([hA1, hB1]);
    expect(hostIds(await exact(['10.70.0.2', '5.6.7.8']))).toEqual([hA2, hB1]);
    // a part of an address is not the address
    expect(hostIds(await exact(['10.70.0'], 'bk_host_innerip'))).toEqual([]);
  });

  it('ip, not exact: a host whose address contains one of them (at most 10)', async () => {
    expect(hostIds(await search({ ip: { data: ['10.70.0.'], exact: 0, flag: 'bk_host_innerip' } }))).toEqual([hA1, hA2]);
    expect(hostIds(await search({ ip: { data: ['6.7'], flag: 'bk_host_outerip' } }))).toEqual([hB1]);
    expect(hostIds(await search({ ip: { data: ['10.72.', '1.2.3'] } }))).toEqual([hA1, hP]);
    const many = Array.from({ length: 11 }, (_, i) => `10.0.${i}.`);
    const r = await expectRefused(t, () => search({ ip: { data: many } }), TOO_MANY);
    expect(r.message).toContain('ip.data');
    // exact takes up to 500
    expect(hostIds(await search({ ip: { data: [...many, '10.71.0.1'], exact: 1 } }))).toEqual([hB1]);
  });

  it('conditions on the business, set, module, host and cloud area narrow the hosts', async () => {
    const by = (bk_obj_id: string, condition: unknown[]) => search({ condition: [{ bk_obj_id, fields: [], condition }], page: { sort: 'bk_host_id' } });
    expect(hostIds(await by('biz', [{ field: 'bk_biz_name', operator: '$eq', value: 'sh-beta' }]))).toEqual([hB1]);
    const ordinary = hostIds(await by('biz', [{ field: 'default', operator: '$ne', value: 1 }]));
    expect(ordinary).toEqual(expect.arrayContaining([hA1, hA2, hB1]));
    expect(ordinary).not.toContain(hP);
    expect(hostIds(await by('biz', [{ field: 'bk_biz_id', operator: '$in', value: [alpha] }]))).toEqual([hA1, hA2]);
    expect(hostIds(await by('set', [{ field: 'bk_set_name', operator: '$in', value: ['db', 'cache'] }]))).toEqual([hA2, hB1]);
    expect(hostIds(await by('module', [{ field: 'bk_module_name', operator: '$regex', value: '^ng' }]))).toEqual([hA1]);
    expect(hostIds(await by('module', [{ field: 'bk_module_id', operator: '$nin', value: [nginx, php, mysql] }, { field: 'bk_biz_id', operator: '$eq', value: beta }]))).toEqual([hB1]);
    expect(hostIds(await by('host', [{ field: 'bk_host_name', operator: '$regex', value: 'primary$' }]))).toEqual([hA2]);
    expect(hostIds(await by('host', [{ field: 'bk_host_name', operator: '$regex', value: '^web-1$' }]))).toEqual([hA1]);
    expect(hostIds(await by('host', [{ field: 'bk_host_id', operator: '$gte', value: hA2 }, { field: 'bk_host_id', operator: '$lt', value: hP }]))).toEqual([hA2, hB1]);
    expect(hostIds(await by('host', [{ field: 'bk_cloud_id', operator: '$eq', value: area }]))).toEqual([hA2]);
    expect(hostIds(await by('plat', [{ field: 'bk_cloud_name', operator: '$eq', value: 'sh-area' }]))).toEqual([hA2]);
    // the old spelling of $ne
    const notWeb = hostIds(await by('set', [{ field: 'bk_set_name', operator: '$neq', value: 'web' }]));
    expect(notWeb).toEqual(expect.arrayContaining([hA2, hB1]));
    expect(notWeb).not.toContain(hA1);
    // conditions on several objects and an address, all of them true
    const r = await search({
      bk_biz_id: alpha,
      ip: { data: ['10.70.'], flag: 'bk_host_innerip' },
      condition: [
        { bk_obj_id: 'set', fields: [], condition: [{ field: 'bk_set_name', operator: '$eq', value: 'web' }] },
        { bk_obj_id: 'host', fields: [], condition: [{ field: 'bk_host_name', operator: '$ne', value: 'nobody' }] },
      ],
    });
    expect(hostIds(r)).toEqual([hA1]);
  });

  it('fills a business, set or module list only for an object the condition names, projected by its fields', async () => {
    const bare = (await search({ ip: { data: ['10.70.0.1'], exact: 1 } })).data.info as Item[];
    expect([bare[0]!.biz, bare[0]!.set, bare[0]!.module]).toEqual([[], [], []]);
    expect(bare[0]!.host.bk_cloud_id).toHaveLength(1);

    const r = await search({
      ip: { data: ['10.70.0.1'], exact: 1 },
      condition: [
        { bk_obj_id: 'host', fields: ['bk_host_name'], condition: [] },
        { bk_obj_id: 'biz', fields: ['bk_biz_maintainer'], condition: [] },
        { bk_obj_id: 'module', fields: ['bk_module_name'], condition: [] },
      ],
    });
    const [item] = r.data.info as Item[];
    expect(Object.keys(item!.host).sort()).toEqual(['bk_cloud_id', 'bk_host_id', 'bk_host_name']);
    expect(Object.keys(item!.biz[0]!).sort()).toEqual(['bk_biz_id', 'bk_biz_maintainer', 'bk_biz_name']);
    expect(item!.set).toEqual([]);
    expect(item!.module).toEqual([
      { bk_module_id: nginx, bk_module_name: 'nginx', TopModuleName: 'sh-alpha##web##nginx' },
      { bk_module_id: php, bk_module_name: 'php', TopModuleName: 'sh-alpha##web##php' },
    ]);
  });

  it('bk_biz_id narrows to a business, page and sort apply to the hosts, and the count is of all that match', async () => {
    expect(hostIds(await search({ bk_biz_id: beta }))).toEqual([hB1]);
    const page = await search({ bk_biz_id: alpha, page: { start: 1, limit: 1, sort: '-bk_host_id' } });
    expect(page.data.count).toBe(2);
    expect(hostIds(page)).toEqual([hA1]);
    const byName = await search({ bk_biz_id: alpha, page: { sort: 'bk_host_name' } });
    expect(hostIds(byName)).toEqual([hA2, hA1]);
    // every host, the pool's too
    expect(hostIds(await search({ page: { limit: 500 } }))).toEqual(expect.arrayContaining([hA1, hA2, hB1, hP]));
    // a condition entry for a custom mainline level with no condition means nothing
    expect(hostIds(await search({ bk_biz_id: beta, condition: [{ bk_obj_id: 'object', fields: [], condition: [] }] }))).toEqual([hB1]);
  });

  it('refuses bad input with the parameter it names, writing nothing', async () => {
    const refused = async (body: Record<string, unknown>, code: number, names: string) => {
      const r = await expectRefused(t, () => search(body), code);
      expect(r.message).toContain(names);
    };
    await refused({ bk_biz_id: 999999 }, NOT_FOUND_REF, 'bk_biz_id');
    await refused({ ip: { data: ['10.0.0.1'], flag: 'bk_host_ip' } }, INVALID, 'ip.flag');
    await refused({ ip: { data: ['10.0.0.1'], exact: 2 } }, INVALID, 'ip.exact');
    await refused({ ip: { data: ['10.0.0.1'], exact: '1' } }, INVALID, 'ip.exact');
    await refused({ ip: { data: [5] } }, INVALID, 'ip.data[0]');
    await refused({ ip: { data: [''] } }, INVALID, 'ip.data[0]');
    await refused({ ip: { data: '10.0.0.1' } }, INVALID, 'ip.data');
    await refused({ ip: ['10.0.0.1'] }, INVALID, 'ip');
    await refused({ condition: { bk_obj_id: 'host' } }, INVALID, 'condition');
    await refused({ condition: ['host'] }, INVALID, 'condition[0]');
    await refused({ condition: [{ bk_obj_id: 'nope', condition: [] }] }, INVALID, 'condition[0].bk_obj_id');
    await refused({ condition: [{ bk_obj_id: 'host' }, { bk_obj_id: 'host' }] }, INVALID, 'condition[1].bk_obj_id');
    await refused({ condition: [{ bk_obj_id: 'object', condition: [{ field: 'bk_inst_id', operator: '$eq', value: 7 }] }] }, INVALID, 'condition[0].bk_obj_id');
    await refused({ condition: [{ bk_obj_id: 'host', fields: ['no_such'] }] }, INVALID, 'condition[0].fields');
    const cond = (c: unknown) => ({ condition: [{ bk_obj_id: 'set', fields: [], condition: [c] }] });
    await refused(cond({ field: 'no_such', operator: '$eq', value: 1 }), INVALID, 'condition[0].condition[0].field');
    await refused(cond({ field: 'bk_set_name', operator: '$like', value: 'x' }), INVALID, 'condition[0].condition[0].operator');
    await refused(cond({ field: 'bk_set_name', operator: '$regex', value: 'a.*b' }), INVALID, 'condition[0].condition[0].value');
    await refused(cond({ field: 'bk_set_name', operator: '$regex', value: 5 }), INVALID, 'condition[0].condition[0].value');
    await refused(cond({ field: 'bk_set_id', operator: '$eq', value: String(web) }), INVALID, 'condition[0].condition[0].value');
    await refused(cond({ field: 'bk_set_id', operator: '$in', value: web }), INVALID, 'condition[0].condition[0].value');
    await refused({ page: { limit: 501 } }, PAGE_LIMIT, 'page.limit');
    await refused({ page: { sort: 'no_such' } }, INVALID, 'page.sort');
    await refused({ pattern: 5 }, GATEWAY, 'pattern');
  });

  it('text searches of an address field look at each address a host lists; "area:address" names the cloud area', async () => {
    const inner = (operator: string, value: string) => search({ condition: [{ bk_obj_id: 'host', condition: [{ field: 'bk_host_innerip', operator, value }] }] });
    expect(hostIds(await inner('$regex', '^10\\.70\\.0\\.1'))).toEqual([hA1]);
    expect(hostIds(await inner('$regex', '0\\.11$'))).toEqual([hA1]);
    expect(hostIds(await inner('$regex', '^10\\.70\\.0\\.11$'))).toEqual([hA1]);
    // no address holds the text across the comma
    expect(hostIds(await search({ ip: { data: ['1,10'] } }))).toEqual([]);
    expect(hostIds(await search({ ip: { data: [`${area}:10.70.0.2`, '0:10.71.0.1'], exact: 1 } }))).toEqual([hA2, hB1]);
    expect(hostIds(await search({ ip: { data: ['0:10.70.0.2'], exact: 1 } }))).toEqual([]);
    expect(hostIds(await search({ ip: { data: [`${area}:10.70.`], flag: 'bk_host_innerip' } }))).toEqual([hA2]);
    await expectRefused(t, () => search({ ip: { data: ['9999999999:10.0.0.1'], exact: 1 } }), INVALID);
  });

  it('refuses pattern classes in $regex, reads bk_biz_id -1 as every business, and bounds the values of all conditions together', async () => {
    const r = await expectRefused(t, () => search({ condition: [{ bk_obj_id: 'host', condition: [{ field: 'bk_host_name', operator: '$regex', value: 'web-\\d' }] }] }), INVALID);
    expect(r.message).toContain('\\d');
    // the operator named is the one the client sent
    const onNumber = await expectRefused(t, () => search({ condition: [{ bk_obj_id: 'host', condition: [{ field: 'bk_host_id', operator: '$regex', value: '1' }] }] }), INVALID);
    expect(onNumber.message).toContain('$regex');
    expect(hostIds(await search({ bk_biz_id: -1, ip: { data: ['10.71.0.1'], exact: 1 } }))).toEqual([hB1]);
    const many = (field: string) => ({ field, operator: '$in', value: Array.from({ length: 500 }, (_, i) => i + 1) });
    const wide = ['host', 'biz', 'set', 'module'].map((bk_obj_id) => ({ bk_obj_id, condition: Array.from({ length: 6 }, () => many(`bk_${bk_obj_id}_id`)) }));
    const refused = await expectRefused(t, () => search({ condition: wide }), TOO_MANY);
    expect(refused.message).toContain('condition (host)');
  });

  it('compares custom numbers alike on both stores: a host without a value is not less than anything', async () => {
    expect((await t.esb('create_object_attribute', { bk_obj_id: 'host', bk_property_id: 'sh_cores', bk_property_name: 'cores', bk_property_type: 'int' })).result).toBe(true);
    expect((await t.esb('update_host', { bk_host_id: String(hA1), data: { sh_cores: 8 } })).result).toBe(true);
    // a value cleared is kept as "no value" (JSON null in the document)
    expect((await t.esb('update_host', { bk_host_id: String(hA2), data: { sh_cores: null } })).result).toBe(true);
    const cores = (operator: string, value: number) => search({ bk_biz_id: alpha, condition: [{ bk_obj_id: 'host', condition: [{ field: 'sh_cores', operator, value }] }] });
    expect(hostIds(await cores('$lt', 100))).toEqual([hA1]);
    expect(hostIds(await cores('$gte', 8))).toEqual([hA1]);
    expect(hostIds(await cores('$gt', 8))).toEqual([]);
    expect(hostIds(await cores('$ne', 8))).toEqual([hA2]);
  });
});
