import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { makeBusiness, makeModule, makeSet, startTopograph, type TestTopograph } from './support/server.js';

describe(`zz probe (${TEST_DB})`, () => {
  let t: TestTopograph;
  const ids: Record<string, number> = {};
  const out: string[] = [];
  const show = async (label: string, body: Record<string, unknown>) => {
    const r = await t.esb('search_host', body);
    const info = r.result ? (r.data.info as any[]).map((i) => i.host.bk_host_name ?? i.host.bk_host_id) : undefined;
    out.push(`${label} => status=${r.status} code=${r.code} count=${r.data?.count} hosts=${JSON.stringify(info)} msg=${r.message.slice(0, 220)}`);
    return r;
  };
  beforeAll(async () => {
    t = await startTopograph();
    ids.alpha = await makeBusiness(t, 'Alpha', 'admin');
    ids.web = await makeSet(t, ids.alpha, 'web');
    ids.nginx = await makeModule(t, ids.alpha, ids.web, 'nginx');
    for (const [obj, id, type, extra] of [
      ['host', 'rack', 'singlechar', {}],
      ['host', 'cores', 'int', {}],
      ['host', 'ratio', 'float', {}],
      ['host', 'on', 'bool', {}],
      ['host', 'tags', 'enummulti', { option: [{ id: 'a', name: 'a', type: 'text' }, { id: 'b', name: 'b', type: 'text' }] }],
      ['set', 'zone', 'singlechar', {}],
      ['biz', 'region', 'singlechar', {}],
    ] as const) {
      const r = await t.esb('create_object_attribute', { bk_obj_id: obj, bk_property_id: id, bk_property_name: id, bk_property_type: type, ...extra });
      out.push(`attr ${obj}.${id}: ${r.result} ${r.message}`);
    }
    const add = async (h: Record<string, unknown>) => {
      const r = await t.esb('add_host_to_business_idle', { bk_biz_id: ids.alpha, bk_host_list: [h] });
      if (!r.result) out.push('add failed ' + r.message);
      const id = r.data?.bk_host_ids?.[0];
      await t.esb('transfer_host_module', { bk_biz_id: ids.alpha, bk_host_id: [id], bk_module_id: [ids.nginx], is_increment: false });
      return id;
    };
    await add({ bk_host_innerip: '10.0.0.1', bk_cloud_id: 0, bk_host_name: 'Web-B', rack: 'R1', cores: 4, ratio: 1.5, on: true });
    await add({ bk_host_innerip: '10.0.0.2', bk_cloud_id: 0, bk_host_name: 'web-a', rack: 'r2', cores: 16, ratio: 0.5, on: false });
    await add({ bk_host_innerip: '10.0.0.3', bk_cloud_id: 0, bk_host_name: 'Ärger', rack: 'ä3' });
    await add({ bk_host_innerip: '10.0.0.4', bk_cloud_id: 0, bk_host_name: 'zed', cores: 2 });
  }, 120_000);
  afterAll(async () => {
    console.log(out.join('\n'));
    await t?.stop();
  });

  it('probes', async () => {
    const hc = (c: unknown[], extra: Record<string, unknown> = {}) => ({ condition: [{ bk_obj_id: 'host', fields: [], condition: c }], ...extra });
    await show('biz -1', { bk_biz_id: -1 });
    await show('biz 0', { bk_biz_id: 0 });
    await show('biz ""', { bk_biz_id: '' });
    await show('biz "2"', { bk_biz_id: String(ids.alpha) });
    await show('sort name', { page: { sort: 'bk_host_name' } });
    await show('sort rack', { page: { sort: 'rack' } });
    await show('sort -rack', { page: { sort: '-rack' } });
    await show('sort cores', { page: { sort: 'cores' } });
    await show('sort -cores', { page: { sort: '-cores' } });
    await show('sort ratio', { page: { sort: 'ratio' } });
    await show('sort tags', { page: { sort: 'tags' } });
    await show('regex WEB', hc([{ field: 'bk_host_name', operator: '$regex', value: 'WEB' }]));
    await show('regex ^WEB-B$', hc([{ field: 'bk_host_name', operator: '$regex', value: '^WEB-B$' }]));
    await show('regex ^web-b$', hc([{ field: 'bk_host_name', operator: '$regex', value: '^web-b$' }]));
    await show('regex ärger', hc([{ field: 'bk_host_name', operator: '$regex', value: 'ärger' }]));
    await show('regex rack r', hc([{ field: 'rack', operator: '$regex', value: '^R' }]));
    await show('regex rack Ä', hc([{ field: 'rack', operator: '$regex', value: 'Ä' }]));
    await show('regex on cores', hc([{ field: 'cores', operator: '$regex', value: '4' }]));
    await show('regex on tags', hc([{ field: 'tags', operator: '$regex', value: 'a' }]));
    await show('regex ^$', hc([{ field: 'rack', operator: '$regex', value: '^$' }]));
    await show('regex .', hc([{ field: 'bk_host_name', operator: '$regex', value: 'web.a' }]));
    await show('regex \\\\', hc([{ field: 'bk_host_name', operator: '$regex', value: '\\' }]));
    await show('regex %', hc([{ field: 'bk_host_name', operator: '$regex', value: '%' }]));
    await show('regex _', hc([{ field: 'bk_host_name', operator: '$regex', value: 'web_a' }]));
    await show('cores gt 3', hc([{ field: 'cores', operator: '$gt', value: 3 }]));
    await show('cores lt 10', hc([{ field: 'cores', operator: '$lt', value: 10 }]));
    await show('cores ne 4', hc([{ field: 'cores', operator: '$ne', value: 4 }]));
    await show('cores in [4,16]', hc([{ field: 'cores', operator: '$in', value: [4, 16] }]));
    await show('cores in [4,"16"]', hc([{ field: 'cores', operator: '$in', value: [4, '16'] }]));
    await show('cores in [4.0, 1e300]', hc([{ field: 'cores', operator: '$in', value: [4.0, 1e300] }]));
    await show('cores nin [4]', hc([{ field: 'cores', operator: '$nin', value: [4] }]));
    await show('ratio gte 1', hc([{ field: 'ratio', operator: '$gte', value: 1 }]));
    await show('on eq true', hc([{ field: 'on', operator: '$eq', value: true }]));
    await show('on eq false', hc([{ field: 'on', operator: '$eq', value: false }]));
    await show('on ne true', hc([{ field: 'on', operator: '$ne', value: true }]));
    await show('on in [true,false]', hc([{ field: 'on', operator: '$in', value: [true, false] }]));
    await show('tags in [a,1,true]', hc([{ field: 'tags', operator: '$in', value: ['a', 1, true] }]));
    await show('tags eq a', hc([{ field: 'tags', operator: '$eq', value: 'a' }]));
    await show('rack lt r', hc([{ field: 'rack', operator: '$lt', value: 'r' }]));
    await show('rack gt R', hc([{ field: 'rack', operator: '$gt', value: 'R' }]));
    await show('name lt a', hc([{ field: 'bk_host_name', operator: '$lt', value: 'a' }]));
    await show('name gt Z', hc([{ field: 'bk_host_name', operator: '$gt', value: 'Z' }]));
    await show('create_time gt str', hc([{ field: 'create_time', operator: '$gt', value: '2020-01-01 00:00:00' }]));
    await show('create_time gt 0', hc([{ field: 'create_time', operator: '$gt', value: 0 }]));
    await show('proto obj', { condition: [{ bk_obj_id: '__proto__', condition: [] }] });
    await show('constructor obj', { condition: [{ bk_obj_id: 'constructor', condition: [] }] });
    await show('proto field', hc([{ field: '__proto__', operator: '$eq', value: 1 }]));
    await show('constructor field', hc([{ field: 'constructor', operator: '$eq', value: 1 }]));
    await show('toString op', hc([{ field: 'bk_host_name', operator: 'toString', value: 1 }]));
    await show('proto fields', { condition: [{ bk_obj_id: 'host', fields: ['__proto__'], condition: [] }] });
    await show('constructor sort', { page: { sort: 'constructor' } });
    await show('empty sort part', { page: { sort: 'bk_host_name,' } });
    await show('sort , only', { page: { sort: ',' } });
    await show('sort obj', { page: { sort: { bk_host_name: 1 } } });
    await show('nested null cond', { condition: [{ bk_obj_id: 'host', condition: [null] }] });
    await show('null entry', { condition: [null] });
    await show('cond null value', hc([{ field: 'bk_host_name', operator: '$eq', value: null }]));
    await show('in null', hc([{ field: 'bk_host_name', operator: '$in', value: null }]));
    await show('in nested arr', hc([{ field: 'bk_host_name', operator: '$in', value: [['a']] }]));
    await show('huge in 501', hc([{ field: 'bk_host_id', operator: '$in', value: Array.from({ length: 501 }, (_, i) => i + 1) }]));
    await show('huge in 100000', hc([{ field: 'bk_host_id', operator: '$in', value: Array.from({ length: 100000 }, (_, i) => i + 1) }]));
    await show('huge cond list', hc(Array.from({ length: 21 }, () => ({ field: 'bk_host_id', operator: '$gt', value: 0 }))));
    await show('huge condition array', { condition: Array.from({ length: 100000 }, () => ({ bk_obj_id: 'object', condition: [] })) });
    await show('huge ip exact', { ip: { data: Array.from({ length: 501 }, (_, i) => `10.1.${i >> 8}.${i & 255}`), exact: 1 } });
    await show('ip dup 10 fuzz', { ip: { data: Array.from({ length: 20 }, () => '10.0.0.') } });
    await show('ip cloud prefix', { ip: { data: ['0:10.0.0.1'], exact: 1, flag: 'bk_host_innerip' } });
    await show('ip invalid exact', { ip: { data: ['nonsense'], exact: 1 } });
    await show('ip %', { ip: { data: ['%'], exact: 0 } });
    await show('ip nul', { ip: { data: ['10.\u0000'], exact: 0 } });
    await show('regex nul', hc([{ field: 'bk_host_name', operator: '$regex', value: 'a\u0000' }]));
    await show('long value', hc([{ field: 'bk_host_name', operator: '$eq', value: 'x'.repeat(100000) }]));
    await show('long regex', hc([{ field: 'bk_host_name', operator: '$regex', value: 'x'.repeat(100000) }]));
    await show('start huge', { page: { start: Number.MAX_SAFE_INTEGER } });
    await show('start huge + filter', { page: { start: Number.MAX_SAFE_INTEGER }, ...hc([{ field: 'bk_host_id', operator: '$gt', value: 0 }]) });
    await show('start huge + biz', { bk_biz_id: ids.alpha, page: { start: Number.MAX_SAFE_INTEGER } });
    await show('limit -1', { page: { limit: -1 } });
    await show('limit 1.5', { page: { limit: 1.5 } });
    await show('page null', { page: null });
    await show('page []', { page: [] });
    await show('ip null data', { ip: { data: null } });
    await show('ip exact null', { ip: { data: ['10.0.0.1'], exact: null } });
    await show('plat id field', { condition: [{ bk_obj_id: 'plat', condition: [{ field: 'bk_cloud_id', operator: '$eq', value: 0 }] }] });
    await show('plat fields', { condition: [{ bk_obj_id: 'plat', fields: ['bk_cloud_name'], condition: [] }] });
    await show('biz region eq', { condition: [{ bk_obj_id: 'biz', condition: [{ field: 'region', operator: '$eq', value: 'x' }] }] });
    await show('set zone ne', { condition: [{ bk_obj_id: 'set', condition: [{ field: 'zone', operator: '$ne', value: 'x' }] }] });
    await show('set zone regex', { condition: [{ bk_obj_id: 'set', condition: [{ field: 'zone', operator: '$regex', value: 'x' }] }] });
    await show('host id eq 2^31', hc([{ field: 'bk_host_id', operator: '$eq', value: 2 ** 31 }]));
    await show('host id lt -2^31', hc([{ field: 'bk_host_id', operator: '$lt', value: -(2 ** 31) }]));
    await show('cores eq 2^63', hc([{ field: 'cores', operator: '$eq', value: 2 ** 63 }]));
    await show('ratio eq 1e-320', hc([{ field: 'ratio', operator: '$eq', value: 1e-320 }]));
    await show('cond obj', { condition: [{ bk_obj_id: 'host', condition: { field: 'x' } }] });
    await show('empty obj', { condition: [{}] });
    await show('deep', { condition: [{ bk_obj_id: 'host', condition: [{ field: 'bk_host_name', operator: '$eq', value: JSON.parse('['.repeat(200) + ']'.repeat(200)) }] }] });
    await show('ip proto', JSON.parse('{"ip":{"__proto__":{"data":["10.0.0.1"]}}}'));
    await show('cond regex options', hc([{ field: 'bk_host_name', operator: '$regex', value: 'web', options: 'i' }]));
    expect(true).toBe(true);
  }, 120_000);
});
