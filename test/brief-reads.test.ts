import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { expectRefused, ok } from './support/fixtures.js';
import { IDENTITY_LOOKUP, installStatementCounter, type StatementCounter } from './support/statement-counter.js';
import { APP, makeBusiness, makeModule, makeSet, startTopograph, type EsbAnswer, type TestTopograph } from './support/server.js';

/**
 * Three read calls, end to end through the real server: find_biz_tree_brief_info (a business's whole tree,
 * projected), count_object_instances ({count} of a model object's instances) and list_business_set_topo (the
 * businesses under a business set). The codes asserted are the ones the calls answer.
 */

const GATEWAY = 1306000;
const INVALID = 1199006;
const REQUIRED = 1199010;
const INVALID_REFERENCE = 1199011;
const NOT_FOUND = 1199019;

type Row = Record<string, unknown>;
interface TreeModule {
  module: Row;
  hosts: Row[];
}
interface TreeSet {
  set: Row;
  modules: TreeModule[];
}

/** A refused call whose message names `field` (and, when given, contains `also`). */
async function refused(t: TestTopograph, call: () => Promise<EsbAnswer>, code: number, field: string, also?: string): Promise<EsbAnswer> {
  const r = await expectRefused(t, call, code);
  expect(r.message).toContain(field);
  if (also !== undefined) expect(r.message).toContain(also);
  return r;
}

/** A set with custom attribute values; answers its id. */
async function makeSetWith(t: TestTopograph, bizId: number, name: string, extra: Row): Promise<number> {
  const r = ok(await t.esb('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: name, ...extra } }));
  return r.bk_set_id as number;
}

/** The idle-pool set of a business and its idle, fault and recycle modules (by their `default`). */
async function idlePool(t: TestTopograph, bizId: number): Promise<{ set: number; idle: number; fault: number; recycle: number }> {
  const r = ok(await t.esb('get_biz_internal_module', { bk_biz_id: bizId }));
  const byDefault = (d: number) => (r.module as Row[]).find((m) => m.default === d)!.bk_module_id as number;
  return { set: r.bk_set_id as number, idle: byDefault(1), fault: byDefault(2), recycle: byDefault(3) };
}

describe(`find_biz_tree_brief_info (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;
  let pool: { set: number; idle: number; fault: number; recycle: number };
  let zeta: number;
  let alpha: number;
  let bare: number;
  let web: number;
  let cache: number;
  let empty: number;
  let api: number;
  let h: number[];
  let otherHost: number;

  const FIELDS = { set_fields: ['bk_set_name', 'region'], module_fields: ['bk_module_name', 'default', 'owner_team'], host_fields: ['bk_host_innerip', 'rack'] };
  const tree = (body: Row = {}, call = t.esb) => call('find_biz_tree_brief_info', { bk_biz_id: biz, ...FIELDS, ...body });

  beforeAll(async () => {
    t = await startTopograph();
    // a custom attribute on each level, usable as a field
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'set', bk_property_id: 'region', bk_property_name: 'region', bk_property_type: 'singlechar' }));
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'module', bk_property_id: 'owner_team', bk_property_name: 'owner team', bk_property_type: 'singlechar' }));
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'host', bk_property_id: 'rack', bk_property_name: 'rack', bk_property_type: 'singlechar' }));

    biz = await makeBusiness(t, 'brief');
    pool = await idlePool(t, biz);
    // names against id order, so an answer ordered by name would be caught
    zeta = await makeSetWith(t, biz, 'zeta', { region: 'eu' });
    alpha = await makeSetWith(t, biz, 'alpha', { region: 'us' });
    bare = await makeSetWith(t, biz, 'bare', { region: 'ap' });
    web = await makeModule(t, biz, zeta, 'web', { owner_team: 'front' });
    cache = await makeModule(t, biz, zeta, 'cache', { owner_team: 'back' });
    empty = await makeModule(t, biz, zeta, 'empty', { owner_team: 'none' });
    api = await makeModule(t, biz, alpha, 'api', { owner_team: 'front' });

    // hosts into the resource pool, then into the business's idle module, then placed
    const added = ok(await t.esb('add_host_to_resource', {
      host_info: { '0': { bk_host_innerip: '10.9.0.1', bk_cloud_id: 0, rack: 'r1' }, '1': { bk_host_innerip: '10.9.0.2', bk_cloud_id: 0, rack: 'r2' }, '2': { bk_host_innerip: '10.9.0.3', bk_cloud_id: 0, rack: 'r3' }, '3': { bk_host_innerip: '10.9.0.4', bk_cloud_id: 0, rack: 'r4' } },
    }));
    h = added.bk_host_ids as number[];
    expect(h).toHaveLength(4);
    expect([...h].sort((a, b) => a - b)).toEqual(h);
    ok(await t.esb('transfer_resourcehost_to_idlemodule', { bk_biz_id: biz, bk_host_id: h }));
    const move = (ids: number[], modules: number[]) => t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: ids, bk_module_id: modules, is_increment: false });
    // h3 reaches web before h1 does: the answer is by host id all the same
    ok(await move([h[2]!], [web]));
    ok(await move([h[0]!], [web, cache]));
    ok(await move([h[1]!], [api]));
    // h4 stays in the idle module

    // another business's tree must not leak in
    const other = await makeBusiness(t, 'brief-other');
    const os = await makeSet(t, other, 'zeta');
    const om = await makeModule(t, other, os, 'web');
    otherHost = (ok(await t.esb('add_host_to_business_idle', { bk_biz_id: other, bk_host_list: [{ bk_host_innerip: '10.9.1.1', bk_cloud_id: 0 }] })).bk_host_ids as number[])[0]!;
    ok(await t.esb('transfer_host_module', { bk_biz_id: other, bk_host_id: [otherHost], bk_module_id: [om], is_increment: false }));
  });
  afterAll(() => t?.stop());

  it('answers every set (the idle pool first, with its idle, fault and recycle modules), by id at every level, each node projected to the fields asked for', async () => {
    const data = ok(await tree());
    expect(data).toEqual([
      {
        set: { bk_set_id: pool.set, bk_set_name: 'idle pool', region: null },
        modules: [
          { module: { bk_module_id: pool.idle, bk_module_name: 'idle host', default: 1, owner_team: null }, hosts: [{ bk_host_id: h[3], bk_host_innerip: '10.9.0.4', rack: 'r4' }] },
          { module: { bk_module_id: pool.fault, bk_module_name: 'fault host', default: 2, owner_team: null }, hosts: [] },
          { module: { bk_module_id: pool.recycle, bk_module_name: 'recycle host', default: 3, owner_team: null }, hosts: [] },
        ],
      },
      {
        set: { bk_set_id: zeta, bk_set_name: 'zeta', region: 'eu' },
        modules: [
          {
            module: { bk_module_id: web, bk_module_name: 'web', default: 0, owner_team: 'front' },
            hosts: [
              { bk_host_id: h[0], bk_host_innerip: '10.9.0.1', rack: 'r1' },
              { bk_host_id: h[2], bk_host_innerip: '10.9.0.3', rack: 'r3' },
            ],
          },
          { module: { bk_module_id: cache, bk_module_name: 'cache', default: 0, owner_team: 'back' }, hosts: [{ bk_host_id: h[0], bk_host_innerip: '10.9.0.1', rack: 'r1' }] },
          { module: { bk_module_id: empty, bk_module_name: 'empty', default: 0, owner_team: 'none' }, hosts: [] },
        ],
      },
      {
        set: { bk_set_id: alpha, bk_set_name: 'alpha', region: 'us' },
        modules: [{ module: { bk_module_id: api, bk_module_name: 'api', default: 0, owner_team: 'front' }, hosts: [{ bk_host_id: h[1], bk_host_innerip: '10.9.0.2', rack: 'r2' }] }],
      },
      { set: { bk_set_id: bare, bk_set_name: 'bare', region: 'ap' }, modules: [] },
    ]);
    expect(JSON.stringify(data)).not.toContain('10.9.1.1');
  });

  it('keeps only the fields asked for plus the id of each node; the id alone when only the id is asked for', async () => {
    const data = ok(await tree({ set_fields: ['create_time'], module_fields: ['bk_set_id'], host_fields: ['bk_cloud_id'] })) as TreeSet[];
    expect(data.map((s) => s.set.bk_set_id)).toEqual([pool.set, zeta, alpha, bare]);
    for (const s of data) {
      expect(Object.keys(s).sort()).toEqual(['modules', 'set']);
      expect(Object.keys(s.set).sort()).toEqual(['bk_set_id', 'create_time']);
      expect(s.set.create_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);
      for (const m of s.modules) {
        expect(Object.keys(m).sort()).toEqual(['hosts', 'module']);
        expect(m.module).toEqual({ bk_module_id: expect.any(Number), bk_set_id: s.set.bk_set_id });
        for (const host of m.hosts) expect(host).toEqual({ bk_host_id: expect.any(Number), bk_cloud_id: 0 });
      }
    }
    const ids = ok(await tree({ set_fields: ['bk_set_id'], module_fields: ['bk_module_id'], host_fields: ['bk_host_id'] })) as TreeSet[];
    expect(ids[1]).toEqual({
      set: { bk_set_id: zeta },
      modules: [
        { module: { bk_module_id: web }, hosts: [{ bk_host_id: h[0] }, { bk_host_id: h[2] }] },
        { module: { bk_module_id: cache }, hosts: [{ bk_host_id: h[0] }] },
        { module: { bk_module_id: empty }, hosts: [] },
      ],
    });
  });

  it('sees a write at once (the read cache never answers an older tree)', async () => {
    const hostsOf = (data: TreeSet[], moduleId: number) => data.flatMap((s) => s.modules).find((m) => m.module.bk_module_id === moduleId)!.hosts.map((x) => x.bk_host_id);
    expect(hostsOf(ok(await tree()), pool.fault)).toEqual([]);
    ok(await t.esb('transfer_host_to_faultmodule', { bk_biz_id: biz, bk_host_id: [h[3]!] }));
    const after = ok(await tree()) as TreeSet[];
    expect(hostsOf(after, pool.fault)).toEqual([h[3]]);
    expect(hostsOf(after, pool.idle)).toEqual([]);
    ok(await t.esb('transfer_host_to_idlemodule', { bk_biz_id: biz, bk_host_id: [h[3]!] }));
    expect(hostsOf(ok(await tree()), pool.idle)).toEqual([h[3]]);
  });

  it("answers the resource pool's own tree: its idle pool with the hosts not yet given to a business", async () => {
    const left = (ok(await t.esb('add_host_to_resource', { host_info: { '0': { bk_host_innerip: '10.9.2.1', bk_cloud_id: 0, rack: 'p1' } } })).bk_host_ids as number[])[0]!;
    const data = ok(await tree({ bk_biz_id: 1 })) as TreeSet[];
    expect(data).toHaveLength(1);
    expect(data[0]!.set.bk_set_name).toBe('idle pool');
    expect(data[0]!.modules.map((m) => m.module.default)).toEqual([1, 2, 3]);
    expect(data[0]!.modules[0]!.hosts).toEqual([{ bk_host_id: left, bk_host_innerip: '10.9.2.1', rack: 'p1' }]);
  });

  it('may be read by any authenticated user, not only a maintainer', async () => {
    const data = ok(await tree({}, t.as('nobody-special'))) as TreeSet[];
    expect(data.map((s) => s.set.bk_set_id)).toEqual([pool.set, zeta, alpha, bare]);
  });

  it('is taken by GET too, its field lists as JSON in the query string', async () => {
    const qs = new URLSearchParams({ ...APP, bk_username: 'admin', bk_biz_id: String(biz), set_fields: '["bk_set_name"]', module_fields: '["bk_module_name"]', host_fields: '["rack"]' });
    const res = await t.app.inject({ method: 'GET', url: `/api/c/compapi/v2/cc/find_biz_tree_brief_info/?${qs.toString()}` });
    const data = ok(res.json() as EsbAnswer) as TreeSet[];
    expect(data.map((s) => s.set)).toEqual([
      { bk_set_id: pool.set, bk_set_name: 'idle pool' },
      { bk_set_id: zeta, bk_set_name: 'zeta' },
      { bk_set_id: alpha, bk_set_name: 'alpha' },
      { bk_set_id: bare, bk_set_name: 'bare' },
    ]);
    expect(data[1]!.modules[0]!.hosts).toEqual([
      { bk_host_id: h[0], rack: 'r1' },
      { bk_host_id: h[2], rack: 'r3' },
    ]);
  });

  for (const field of ['set_fields', 'module_fields', 'host_fields'] as const) {
    it(`refuses ${field} missing (1306000), null or empty (1199010), not an array of names or naming an unknown field (1199006), naming the field`, async () => {
      const without = { ...FIELDS } as Row;
      delete without[field];
      await refused(t, () => t.esb('find_biz_tree_brief_info', { bk_biz_id: biz, ...without }), GATEWAY, `[${field}]`, 'required');
      await refused(t, () => tree({ [field]: null }), REQUIRED, `'${field}'`);
      await refused(t, () => tree({ [field]: [] }), REQUIRED, `'${field}'`);
      await refused(t, () => tree({ [field]: 'bk_set_name' }), INVALID, `'${field}'`, 'array');
      await refused(t, () => tree({ [field]: { name: true } }), INVALID, `'${field}'`, 'array');
      await refused(t, () => tree({ [field]: [1] }), INVALID, `'${field}'`);
      await refused(t, () => tree({ [field]: ['no_such_field'] }), INVALID, `'${field}'`, 'no_such_field');
    });
  }

  it("refuses a field of another level (a module's name among set_fields, a set's among host_fields)", async () => {
    await refused(t, () => tree({ set_fields: ['bk_set_name', 'bk_module_name'] }), INVALID, "'set_fields'", 'bk_module_name');
    await refused(t, () => tree({ host_fields: ['bk_set_name'] }), INVALID, "'host_fields'", 'bk_set_name');
    await refused(t, () => tree({ module_fields: ['rack'] }), INVALID, "'module_fields'", 'rack');
  });

  it('refuses an unknown business (1199011) and a missing or non-integer bk_biz_id (1306000)', async () => {
    await refused(t, () => tree({ bk_biz_id: 999999 }), INVALID_REFERENCE, 'bk_biz_id', '999999');
    await refused(t, () => tree({ bk_biz_id: 0 }), INVALID_REFERENCE, 'bk_biz_id');
    await refused(t, () => t.esb('find_biz_tree_brief_info', FIELDS), GATEWAY, '[bk_biz_id]');
    await refused(t, () => tree({ bk_biz_id: String(biz) }), GATEWAY, '[bk_biz_id]', 'integer');
  });

  it('refuses a deleted custom attribute as a field, and leaves it out of the nodes', async () => {
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'host', bk_property_id: 'doomed', bk_property_name: 'doomed', bk_property_type: 'singlechar' }));
    expect((ok(await tree({ host_fields: ['doomed'] })) as TreeSet[])[1]!.modules[0]!.hosts[0]).toEqual({ bk_host_id: h[0], doomed: null });
    const attr = (ok(await t.esb('search_object_attribute', { bk_obj_id: 'host', bk_property_id: 'doomed' })) as Row[])[0]!;
    ok(await t.esb('delete_object_attribute', { id: attr.id }));
    await refused(t, () => tree({ host_fields: ['doomed'] }), INVALID, "'host_fields'", 'doomed');
  });
});

describe(`find_biz_tree_brief_info statements (${TEST_DB})`, () => {
  let t: TestTopograph;
  let counter: StatementCounter;
  let two: number;
  let forty: number;
  let many: number;
  const MAX_STATEMENTS = 12;

  const tree = (bizId: number) =>
    t.esb('find_biz_tree_brief_info', { bk_biz_id: bizId, set_fields: ['bk_set_name'], module_fields: ['bk_module_name'], host_fields: ['bk_host_innerip'] });
  async function measure(fn: () => Promise<EsbAnswer>): Promise<{ n: number; total: number; data: TreeSet[] }> {
    const { result, statements } = await counter.count(fn);
    expect(result.result, result.message).toBe(true);
    return { n: statements.filter((q) => !IDENTITY_LOOKUP.test(q)).length, total: statements.length, data: result.data as TreeSet[] };
  }
  /** n sets of one module each, and n hosts, one in each set's module. */
  async function populate(bizId: number, n: number, octet: number): Promise<void> {
    const hosts = ok(await t.esb('add_host_to_business_idle', { bk_biz_id: bizId, bk_host_list: Array.from({ length: n }, (_, i) => ({ bk_host_innerip: `10.${octet}.0.${i + 1}`, bk_cloud_id: 0 })) })).bk_host_ids as number[];
    for (let i = 0; i < n; i++) {
      const s = await makeSet(t, bizId, `set${i}`);
      const m = await makeModule(t, bizId, s, `mod${i}`);
      ok(await t.esb('transfer_host_module', { bk_biz_id: bizId, bk_host_id: [hosts[i]!], bk_module_id: [m], is_increment: false }));
    }
  }

  beforeAll(async () => {
    // what is measured is the store's queries; the read cache would answer repeats
    t = await startTopograph({ TOPOGRAPH_READ_CACHE_MB: '0' });
    two = await makeBusiness(t, 'two');
    forty = await makeBusiness(t, 'forty');
    many = await makeBusiness(t, 'many');
    await populate(two, 2, 31);
    await populate(forty, 40, 32);
    ok(await t.esb('add_host_to_business_idle', { bk_biz_id: many, bk_host_list: Array.from({ length: 5001 }, (_, i) => ({ bk_host_innerip: `10.33.${i >> 8}.${i & 255}`, bk_cloud_id: 0 })) }));
    counter = installStatementCounter();
    // the first call reads the three models' attributes into the process's model cache
    ok(await tree(two));
  }, 120_000);
  afterAll(async () => {
    counter?.restore();
    await t?.stop();
  });

  it('2 sets with 2 hosts and 40 sets with 40 hosts cost the same statements', async () => {
    const small = await measure(() => tree(two));
    const big = await measure(() => tree(forty));
    // the idle pool and the sets made, each set's one module holding its one host
    expect(small.data).toHaveLength(3);
    expect(big.data).toHaveLength(41);
    expect(big.data.slice(1).every((s) => s.modules.length === 1 && s.modules[0]!.hosts.length === 1)).toBe(true);
    expect(big.data.slice(1).map((s) => s.modules[0]!.hosts[0]!.bk_host_innerip)).toEqual(Array.from({ length: 40 }, (_, i) => `10.32.0.${i + 1}`));
    expect(small.n).toBeGreaterThanOrEqual(5);
    expect(big.n).toBe(small.n);
    expect(big.total).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it('hosts are read 5,000 to a query: 5,001 hosts in one module cost one statement more, and all are answered', async () => {
    const small = await measure(() => tree(two));
    const huge = await measure(() => tree(many));
    const idleHosts = huge.data[0]!.modules[0]!.hosts;
    expect(idleHosts).toHaveLength(5001);
    const ids = idleHosts.map((x) => x.bk_host_id as number);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(5001);
    expect(huge.n).toBe(small.n + 1);
  }, 60_000);
});

describe(`count_object_instances (${TEST_DB})`, () => {
  let t: TestTopograph;
  let alpha: number;
  let beta: number;
  let archived: number;
  let hosts: number[];

  const count = async (bk_obj_id: string, extra: Row = {}, call = t.esb): Promise<number> => {
    const data = ok(await call('count_object_instances', { bk_obj_id, ...extra }));
    expect(Object.keys(data)).toEqual(['count']);
    return data.count as number;
  };
  const where = (condition: 'AND' | 'OR', ...rules: unknown[]) => ({ conditions: { condition, rules } });
  const rule = (field: string, operator: string, value?: unknown) => (value === undefined ? { field, operator } : { field, operator, value });
  const between = (field: string, start: string, end: string) => ({ time_condition: { oper: 'and', rules: [{ field, start, end }] } });

  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t?.stop());

  it('on a fresh store counts the built-in instances: the resource pool, its idle pool set and modules, cloud area 0', async () => {
    expect(await count('biz')).toBe(1);
    expect(await count('set')).toBe(1);
    expect(await count('module')).toBe(3);
    expect(await count('plat')).toBe(1);
    expect(await count('host')).toBe(0);
    expect(await count('bk_biz_set_obj')).toBe(0);
    expect(await count('process')).toBe(0);
    // search_business never shows the pool; this count does
    expect(ok(await t.esb('search_business', {})).count).toBe(0);
  });

  describe('on a populated store', () => {
    beforeAll(async () => {
      ok(await t.esb('create_object_attribute', { bk_obj_id: 'set', bk_property_id: 'env', bk_property_name: 'env', bk_property_type: 'singlechar' }));
      ok(await t.esb('create_object_attribute', { bk_obj_id: 'host', bk_property_id: 'rack', bk_property_name: 'rack', bk_property_type: 'singlechar' }));
      alpha = await makeBusiness(t, 'c-alpha');
      beta = await makeBusiness(t, 'c-beta');
      archived = await makeBusiness(t, 'c-archived');
      ok(await t.esb('update_business_enable_status', { bk_biz_id: archived, flag: 'disabled' }));
      const web = await makeSetWith(t, alpha, 'web', { env: 'prod' });
      await makeSetWith(t, alpha, 'db', { env: 'test' });
      await makeSetWith(t, beta, 'web', { env: 'prod' });
      await makeSetWith(t, beta, 'batch', { env: 'test' });
      await makeModule(t, alpha, web, 'nginx');
      await makeModule(t, alpha, web, 'php');
      ok(await t.esb('create_cloud_area', { bk_cloud_name: 'c-area' }));
      ok(await t.esb('create_business_set', { bk_biz_set_attr: { bk_biz_set_name: 'c-bizset' }, bk_scope: { match_all: true } }));
      hosts = ok(await t.esb('add_host_to_resource', {
        host_info: { '0': { bk_host_innerip: '10.7.0.1,10.7.0.9', bk_cloud_id: 0, rack: 'Rack-A1' }, '1': { bk_host_innerip: '10.7.0.2', bk_cloud_id: 0, rack: 'rack-b2' }, '2': { bk_host_innerip: '10.7.0.3', bk_cloud_id: 0, rack: 'c3' } },
      })).bk_host_ids as number[];
    });

    it('counts every instance of each object, archived businesses and the built-in ones included', async () => {
      // the pool and three businesses, one archived
      expect(await count('biz')).toBe(4);
      // an idle pool set per business (the pool's too) and the four made
      expect(await count('set')).toBe(8);
      // three idle-pool modules per business and the two made
      expect(await count('module')).toBe(14);
      expect(await count('plat')).toBe(2);
      expect(await count('host')).toBe(3);
      expect(await count('bk_biz_set_obj')).toBe(1);
      expect(await count('bk_biz_set_obj', where('AND', rule('bk_biz_set_name', 'equal', 'c-bizset')))).toBe(1);
      expect(await count('bk_biz_set_obj', where('AND', rule('bk_biz_set_name', 'equal', 'other')))).toBe(0);
      // the archived business and the built-in instances, each on its own
      expect(await count('biz', where('AND', rule('bk_data_status', 'equal', 'disabled')))).toBe(1);
      expect(await count('biz', where('AND', rule('default', 'equal', 1)))).toBe(1);
      expect(await count('set', where('AND', rule('default', 'equal', 1)))).toBe(4);
      expect(await count('module', where('AND', rule('default', 'in', [1, 2, 3])))).toBe(12);
      expect(await count('plat', where('AND', rule('bk_cloud_id', 'equal', 0)))).toBe(1);
      expect(await count('plat', where('AND', rule('bk_cloud_name', 'equal', 'Default Area')))).toBe(1);
    });

    it('agrees with search_business on the ordinary businesses, and with search_set on a business', async () => {
      const ordinary = await count('biz', where('AND', rule('default', 'equal', 0), rule('bk_data_status', 'is_null')));
      expect(ordinary).toBe(2);
      expect(ordinary).toBe(ok(await t.esb('search_business', {})).count);
      const ofAlpha = await count('set', where('AND', rule('bk_biz_id', 'equal', alpha)));
      expect(ofAlpha).toBe(3);
      expect(ofAlpha).toBe(ok(await t.esb('search_set', { bk_biz_id: alpha })).count);
    });

    it("reads conditions as search_business reads the same biz_property_filter (its businesses: neither the pool nor archived ones)", async () => {
      ok(await t.esb('update_business', { bk_biz_id: alpha, data: { bk_biz_maintainer: 'admin,carol' } }));
      ok(await t.esb('update_business', { bk_biz_id: beta, data: { bk_biz_maintainer: 'carol' } }));
      const ordinary = [rule('default', 'equal', 0), rule('bk_data_status', 'is_null')];
      const filters = [
        { rule: rule('bk_biz_maintainer', 'equal', 'carol'), expected: 1 },
        { rule: rule('bk_biz_maintainer', 'contains', 'carol'), expected: 2 },
        { rule: rule('bk_biz_maintainer', 'not_equal', 'carol'), expected: 1 },
        { rule: rule('bk_biz_name', 'ends_with', 'beta'), expected: 1 },
        { rule: rule('bk_biz_name', 'not_contains', 'alpha'), expected: 1 },
        { rule: rule('operator', 'is_null'), expected: 2 },
      ];
      for (const f of filters) {
        const counted = await count('biz', where('AND', f.rule, ...ordinary));
        const searched = ok(await t.esb('search_business', { biz_property_filter: { condition: 'AND', rules: [f.rule] } })).count;
        expect([f.rule, counted]).toEqual([f.rule, f.expected]);
        expect([f.rule, searched]).toEqual([f.rule, f.expected]);
      }
    });

    it('narrows by conditions: AND rules, an OR group, a group nested in a group, custom attributes, operators', async () => {
      expect(await count('set', where('AND', rule('bk_set_name', 'equal', 'web')))).toBe(2);
      expect(await count('set', where('AND', rule('bk_set_name', 'equal', 'web'), rule('bk_biz_id', 'equal', beta)))).toBe(1);
      expect(await count('set', where('OR', rule('bk_set_name', 'equal', 'db'), rule('bk_set_name', 'equal', 'batch')))).toBe(2);
      // a custom attribute
      expect(await count('set', where('AND', rule('env', 'equal', 'prod')))).toBe(2);
      expect(await count('set', where('AND', rule('env', 'in', ['prod', 'test'])))).toBe(4);
      // AND with an OR group inside: alpha's sets that are prod or named db → web, db
      expect(await count('set', where('AND', rule('bk_biz_id', 'equal', alpha), { condition: 'OR', rules: [rule('env', 'equal', 'prod'), rule('bk_set_name', 'equal', 'db')] }))).toBe(2);
      // OR of a custom attribute and a built-in one: prod sets (2) or idle pools (4)
      expect(await count('set', where('OR', rule('env', 'equal', 'prod'), rule('default', 'equal', 1)))).toBe(6);
      expect(await count('module', where('AND', rule('bk_module_name', 'begins_with', 'n')))).toBe(1);
      expect(await count('module', where('AND', rule('bk_biz_id', 'equal', alpha), rule('default', 'equal', 0)))).toBe(2);
      expect(await count('biz', where('AND', rule('bk_biz_name', 'contains', 'c-')))).toBe(3);
      expect(await count('biz', where('AND', rule('bk_biz_id', 'not_in', [alpha, beta])))).toBe(2);
      expect(await count('set', where('AND', rule('bk_set_name', 'equal', 'no-such-set')))).toBe(0);
    });

    it('narrows hosts by their fields: an address among several, a custom attribute, an OR group', async () => {
      expect(await count('host', where('AND', rule('bk_host_innerip', 'equal', '10.7.0.9')))).toBe(1);
      expect(await count('host', where('AND', rule('bk_host_innerip', 'in', ['10.7.0.1', '10.7.0.2'])))).toBe(2);
      expect(await count('host', where('AND', rule('rack', 'begins_with', 'rack')))).toBe(2);
      expect(await count('host', where('AND', rule('rack', 'equal', 'c3')))).toBe(1);
      expect(await count('host', where('OR', rule('rack', 'equal', 'c3'), rule('bk_host_innerip', 'equal', '10.7.0.2')))).toBe(2);
      expect(await count('host', where('AND', rule('bk_host_id', 'greater', hosts[0]!)))).toBe(2);
    });

    it('narrows by time_condition: a range in the past counts nothing, one around now counts all, last_time picks out what changed', async () => {
      expect(await count('set', between('create_time', '2000-01-01 00:00:00', '2000-12-31 23:59:59'))).toBe(0);
      expect(await count('host', between('last_time', '2000-01-01 00:00:00', '2000-12-31 23:59:59'))).toBe(0);
      expect(await count('set', between('create_time', '2000-01-01 00:00:00', '2999-12-31 23:59:59'))).toBe(8);
      await new Promise((r) => setTimeout(r, 20));
      const mark = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 20));
      const later = new Date(Date.now() + 3_600_000).toISOString();
      const [db] = ok(await t.esb('search_set', { bk_biz_id: alpha, condition: { bk_set_name: 'db' } })).info as Row[];
      ok(await t.esb('update_set', { bk_biz_id: alpha, bk_set_id: db!.bk_set_id, data: { bk_set_desc: 'touched' } }));
      expect(await count('set', between('last_time', mark, later))).toBe(1);
      expect(await count('set', between('create_time', mark, later))).toBe(0);
      expect(await count('set', between('last_time', '2000-01-01 00:00:00', mark))).toBe(7);
      // with conditions: the two together
      expect(await count('set', { ...where('AND', rule('env', 'equal', 'test')), ...between('last_time', mark, later) })).toBe(1);
      expect(await count('set', { ...where('AND', rule('env', 'equal', 'prod')), ...between('last_time', mark, later) })).toBe(0);
    });

    it("reads a time_condition's \"YYYY-MM-DD hh:mm:ss\" in the server's zone (Asia/Shanghai here)", async () => {
      const [web] = ok(await t.esb('search_set', { bk_biz_id: beta, condition: { bk_set_name: 'web' } })).info as Row[];
      const created = Date.parse(web!.create_time as string);
      const second = Math.floor(created / 1000) * 1000;
      const wall = (ms: number, offsetHours: number) => new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
      const only = where('AND', rule('bk_set_id', 'equal', web!.bk_set_id));
      // the second it was made in, as a clock in Shanghai reads it
      expect(await count('set', { ...only, ...between('create_time', wall(second, 8), wall(second + 1000, 8)) })).toBe(1);
      // the same wall-clock figures read in UTC are eight hours away: not in the range
      expect(await count('set', { ...only, ...between('create_time', wall(second, 0), wall(second + 1000, 0)) })).toBe(0);
      // RFC 3339 carries its own offset
      expect(await count('set', { ...only, ...between('create_time', new Date(second).toISOString(), new Date(second + 1000).toISOString()) })).toBe(1);
    });

    it('sees a write at once (the read cache never answers an older count)', async () => {
      const before = await count('set', where('AND', rule('bk_biz_id', 'equal', beta)));
      await makeSet(t, beta, 'fresh');
      expect(await count('set', where('AND', rule('bk_biz_id', 'equal', beta)))).toBe(before + 1);
    });

    it('may be read by any authenticated user', async () => {
      expect(await count('biz', {}, t.as('nobody-special'))).toBe(4);
    });

    it('refuses bk_obj_id missing (1306000), empty (1199010) or not a model object (1199006), naming it', async () => {
      await refused(t, () => t.esb('count_object_instances', {}), GATEWAY, '[bk_obj_id]', 'required');
      await refused(t, () => t.esb('count_object_instances', { bk_obj_id: '' }), REQUIRED, "'bk_obj_id'");
      await refused(t, () => t.esb('count_object_instances', { bk_obj_id: null }), REQUIRED, "'bk_obj_id'");
      await refused(t, () => t.esb('count_object_instances', { bk_obj_id: 'no_such_object' }), INVALID, "'bk_obj_id'", 'no_such_object');
      await refused(t, () => t.esb('count_object_instances', { bk_obj_id: 5 }), INVALID, "'bk_obj_id'");
    });

    it('refuses bad conditions (1199006), naming the rule and what is wrong', async () => {
      const bad = (conditions: unknown) => () => t.esb('count_object_instances', { bk_obj_id: 'set', conditions });
      await refused(t, bad({ condition: 'AND', rules: [rule('no_such_field', 'equal', 1)] }), INVALID, "'conditions.rules[0].field'", 'no_such_field');
      // a field of another object
      await refused(t, bad({ condition: 'AND', rules: [rule('bk_set_name', 'equal', 'web'), rule('bk_module_name', 'equal', 'x')] }), INVALID, "'conditions.rules[1].field'", 'bk_module_name');
      await refused(t, bad({ condition: 'AND', rules: [rule('bk_set_name', 'like', 'web')] }), INVALID, "'conditions.rules[0].operator'", 'like');
      await refused(t, bad({ condition: 'AND', rules: [rule('bk_biz_id', 'equal', 'x')] }), INVALID, "'conditions.rules[0].value'");
      await refused(t, bad({ condition: 'XOR', rules: [] }), INVALID, "'conditions.condition'");
      await refused(t, bad({ condition: 'AND', rules: [{ condition: 'OR', rules: [rule('nope', 'equal', 1)] }] }), INVALID, "'conditions.rules[0].rules[0].field'", 'nope');
      await refused(t, bad([]), INVALID, "'conditions'");
      await refused(t, bad('bk_set_name=web'), INVALID, "'conditions'");
      // a custom attribute of another object is no field of this one
      await refused(t, () => t.esb('count_object_instances', { bk_obj_id: 'module', ...where('AND', rule('env', 'equal', 'prod')) }), INVALID, "'conditions.rules[0].field'", 'env');
    });

    it('refuses a bad time_condition (1199006), naming the rule', async () => {
      const bad = (time_condition: unknown) => () => t.esb('count_object_instances', { bk_obj_id: 'set', time_condition });
      await refused(t, bad({ oper: 'and', rules: [{ field: 'bk_set_name', start: '2000-01-01 00:00:00', end: '2000-01-02 00:00:00' }] }), INVALID, "'time_condition.rules[0].field'", 'bk_set_name');
      await refused(t, bad({ oper: 'or', rules: [{ field: 'create_time', start: '2000-01-01 00:00:00', end: '2000-01-02 00:00:00' }] }), INVALID, "'time_condition.oper'");
      await refused(t, bad({ oper: 'and', rules: [{ field: 'create_time', start: '2001-01-01 00:00:00', end: '2000-01-02 00:00:00' }] }), INVALID, "'time_condition.rules[0].start'");
      await refused(t, bad({ oper: 'and', rules: [{ field: 'create_time', start: 'yesterday', end: '2000-01-02 00:00:00' }] }), INVALID, "'time_condition.rules[0].start'", 'yesterday');
    });

    it('refuses a parameter it does not take that would narrow the answer (a search call\'s "condition")', async () => {
      await refused(t, () => t.esb('count_object_instances', { bk_obj_id: 'set', condition: { bk_set_name: 'web' } }), INVALID, "'condition'");
    });
  });
});

describe(`list_business_set_topo (${TEST_DB})`, () => {
  let t: TestTopograph;
  let mike: number;
  let alpha: number;
  let zulu: number;
  let gone: number;
  let all: number;
  let testing: number;
  let nobody: number;

  const topo = (id: number, extra: Row = {}, call = t.esb) => call('list_business_set_topo', { bk_biz_set_id: id, bk_parent_obj_id: 'bk_biz_set_obj', bk_parent_id: id, ...extra });
  const members = async (id: number) =>
    (ok(await t.esb('list_business_in_business_set', { bk_biz_set_id: id, fields: ['bk_biz_id', 'bk_biz_name'], page: { start: 0, limit: 100 } })).info as Row[]).map((b) => ({
      bk_obj_id: 'biz',
      bk_inst_id: b.bk_biz_id,
      bk_inst_name: b.bk_biz_name,
      default: 0,
    }));
  const makeBizSet = async (name: string, bk_scope: unknown) => ok(await t.esb('create_business_set', { bk_biz_set_attr: { bk_biz_set_name: name }, bk_scope })) as number;
  const node = (id: number, name: string) => ({ bk_obj_id: 'biz', bk_inst_id: id, bk_inst_name: name, default: 0 });

  beforeAll(async () => {
    t = await startTopograph();
    // names against id order, so an answer ordered by name would be caught
    mike = await makeBusiness(t, 'mike');
    alpha = await makeBusiness(t, 'alpha');
    zulu = await makeBusiness(t, 'zulu');
    gone = await makeBusiness(t, 'gone');
    ok(await t.esb('update_business', { bk_biz_id: mike, data: { life_cycle: '1' } }));
    ok(await t.esb('update_business', { bk_biz_id: zulu, data: { life_cycle: '1' } }));
    ok(await t.esb('update_business', { bk_biz_id: gone, data: { life_cycle: '1' } }));
    ok(await t.esb('update_business_enable_status', { bk_biz_id: gone, flag: 'disabled' }));
    all = await makeBizSet('all', { match_all: true });
    testing = await makeBizSet('testing', { match_all: false, filter: { condition: 'AND', rules: [{ field: 'life_cycle', operator: 'equal', value: '1' }] } });
    nobody = await makeBizSet('nobody', { match_all: false, filter: { condition: 'AND', rules: [{ field: 'bk_biz_name', operator: 'equal', value: 'no-such-business' }] } });
  });
  afterAll(() => t?.stop());

  it("answers the set's businesses as biz nodes, by id, never the resource pool or an archived business", async () => {
    expect(ok(await topo(all))).toEqual([node(mike, 'mike'), node(alpha, 'alpha'), node(zulu, 'zulu')]);
    expect(ok(await topo(testing))).toEqual([node(mike, 'mike'), node(zulu, 'zulu')]);
    expect(ok(await topo(nobody))).toEqual([]);
  });

  it('answers the same businesses list_business_in_business_set does', async () => {
    for (const id of [all, testing, nobody]) expect(ok(await topo(id))).toEqual(await members(id));
  });

  it('follows the businesses at once: a restored business joins, a changed one leaves (the read cache never answers an older list)', async () => {
    expect((ok(await topo(testing)) as Row[]).map((n) => n.bk_inst_id)).toEqual([mike, zulu]);
    ok(await t.esb('update_business_enable_status', { bk_biz_id: gone, flag: 'enable' }));
    expect((ok(await topo(testing)) as Row[]).map((n) => n.bk_inst_id)).toEqual([mike, zulu, gone]);
    expect((ok(await topo(all)) as Row[]).map((n) => n.bk_inst_id)).toEqual([mike, alpha, zulu, gone]);
    ok(await t.esb('update_business', { bk_biz_id: mike, data: { life_cycle: '2' } }));
    expect((ok(await topo(testing)) as Row[]).map((n) => n.bk_inst_id)).toEqual([zulu, gone]);
    ok(await t.esb('update_business', { bk_biz_id: mike, data: { life_cycle: '1' } }));
    ok(await t.esb('update_business_enable_status', { bk_biz_id: gone, flag: 'disabled' }));
    expect((ok(await topo(testing)) as Row[]).map((n) => n.bk_inst_id)).toEqual([mike, zulu]);
  });

  it('may be read by any authenticated user', async () => {
    expect(ok(await topo(testing, {}, t.as('nobody-special')))).toEqual([node(mike, 'mike'), node(zulu, 'zulu')]);
  });

  it("walks down: under a business of the set its sets (the idle pool first), under such a set its modules", async () => {
    const web = await makeSet(t, zulu, 'web');
    const [nginx, php] = [await makeModule(t, zulu, web, 'nginx'), await makeModule(t, zulu, web, 'php')];
    const sets = ok(await topo(testing, { bk_parent_obj_id: 'biz', bk_parent_id: zulu })) as Row[];
    expect(sets.map((n) => [n.bk_obj_id, n.bk_inst_name, n.default])).toEqual([
      ['set', 'idle pool', 1],
      ['set', 'web', 0],
    ]);
    expect(sets[1]!.bk_inst_id).toBe(web);
    expect(ok(await topo(testing, { bk_parent_obj_id: 'set', bk_parent_id: web }))).toEqual([
      { bk_obj_id: 'module', bk_inst_id: nginx, bk_inst_name: 'nginx', default: 0 },
      { bk_obj_id: 'module', bk_inst_id: php, bk_inst_name: 'php', default: 0 },
    ]);
    const idle = ok(await topo(testing, { bk_parent_obj_id: 'set', bk_parent_id: sets[0]!.bk_inst_id as number })) as Row[];
    expect(idle.map((n) => n.default)).toEqual([1, 2, 3]);
  });

  it('refuses a parent outside the set: a business its scope does not take, a set of one, the resource pool; and other levels', async () => {
    // alpha's life_cycle is not "1": it is in `all`, not in `testing`
    await refused(t, () => topo(testing, { bk_parent_obj_id: 'biz', bk_parent_id: alpha }), INVALID, "'bk_parent_id'", 'outside business set');
    const alphaSet = await makeSet(t, alpha, 'a-set');
    await refused(t, () => topo(testing, { bk_parent_obj_id: 'set', bk_parent_id: alphaSet }), INVALID, "'bk_parent_id'", `business ${alpha}`);
    expect((ok(await topo(all, { bk_parent_obj_id: 'set', bk_parent_id: alphaSet })) as Row[]).length).toBe(0);
    await refused(t, () => topo(all, { bk_parent_obj_id: 'biz', bk_parent_id: 1 }), INVALID, "'bk_parent_id'", 'outside business set');
    await refused(t, () => topo(all, { bk_parent_obj_id: 'biz', bk_parent_id: gone }), INVALID, "'bk_parent_id'");
    await refused(t, () => topo(all, { bk_parent_obj_id: 'set', bk_parent_id: 999999 }), INVALID, "'bk_parent_id'", 'does not exist');
    for (const parent of ['module', 'host', '']) {
      await refused(t, () => topo(all, { bk_parent_obj_id: parent }), INVALID, "'bk_parent_obj_id'", 'bk_biz_set_obj');
    }
    await refused(t, () => topo(all, { bk_parent_obj_id: undefined }), GATEWAY, '[bk_parent_obj_id]', 'required');
    await refused(t, () => topo(all, { bk_parent_obj_id: 5 }), GATEWAY, '[bk_parent_obj_id]');
  });

  it("refuses, under the set itself, a bk_parent_id other than the set's own id (1199006), naming it", async () => {
    await refused(t, () => topo(all, { bk_parent_id: testing }), INVALID, "'bk_parent_id'", String(testing));
    await refused(t, () => topo(all, { bk_parent_id: mike }), INVALID, "'bk_parent_id'");
    await refused(t, () => topo(all, { bk_parent_id: undefined }), GATEWAY, '[bk_parent_id]', 'required');
    await refused(t, () => topo(all, { bk_parent_id: String(all) }), GATEWAY, '[bk_parent_id]', 'integer');
  });

  it('answers not found (1199019) for a set that does not exist, or no longer does, naming bk_biz_set_id', async () => {
    await refused(t, () => topo(999999), NOT_FOUND, 'bk_biz_set_id', '999999');
    const doomed = await makeBizSet('doomed', { match_all: true });
    expect(ok(await topo(doomed))).toHaveLength(3);
    ok(await t.esb('batch_delete_business_set', { bk_biz_set_ids: [doomed] }));
    await refused(t, () => topo(doomed), NOT_FOUND, 'bk_biz_set_id', String(doomed));
    await refused(t, () => t.esb('list_business_set_topo', { bk_parent_obj_id: 'bk_biz_set_obj', bk_parent_id: all }), GATEWAY, '[bk_biz_set_id]');
  });

  it('refuses, as list_business_in_business_set does, a set whose scope names a business attribute deleted since', async () => {
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'biz', bk_property_id: 'tier', bk_property_name: 'tier', bk_property_type: 'singlechar' }));
    ok(await t.esb('update_business', { bk_biz_id: alpha, data: { tier: 'gold' } }));
    const gold = await makeBizSet('gold', { match_all: false, filter: { condition: 'AND', rules: [{ field: 'tier', operator: 'equal', value: 'gold' }] } });
    expect(ok(await topo(gold))).toEqual([node(alpha, 'alpha')]);
    const attr = (ok(await t.esb('search_object_attribute', { bk_obj_id: 'biz', bk_property_id: 'tier' })) as Row[])[0]!;
    ok(await t.esb('delete_object_attribute', { id: attr.id }));
    await refused(t, () => topo(gold), INVALID, 'tier');
    expect((await t.esb('list_business_in_business_set', { bk_biz_set_id: gold, page: { limit: 10 } })).code).toBe(INVALID);
  });
});
