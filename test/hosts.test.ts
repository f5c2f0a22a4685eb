import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBusiness, makeModule, makeSet, startTopograph, type EsbAnswer, type TestTopograph } from './support/server.js';

/**
 * Hosts in the topology (bk-cmdb-detail.md §2.17–2.19, §4): adding them, moving them between modules and
 * businesses, changing and deleting them, and the host searches. Every refusal is checked for its code and
 * for leaving the store as it was.
 */

type Row = Record<string, unknown>;
const DIRECT = { user: 'direct', appCode: 'direct', requestId: 'direct' };
const POOL = 1;
const POOL_IDLE = 1;
const POOL_FAULT = 2;

interface State {
  hosts: number;
  relations: string;
  audits: number;
  events: number;
}

/** What a refused call must leave untouched: hosts, every relation, audit records, events. */
async function state(t: TestTopograph): Promise<State> {
  const relations = await t.store.write(DIRECT, async (w) =>
    w.trx.selectFrom('host_module').select(['bk_host_id', 'bk_module_id']).orderBy('bk_host_id').orderBy('bk_module_id').execute(),
  );
  const audits = await t.esb('list_operation_audit', { page: { limit: 1 } });
  const hosts = await t.esb('list_hosts_without_biz', { page: { limit: 1 } });
  return {
    hosts: hosts.data.count as number,
    relations: JSON.stringify(relations),
    audits: audits.data.count as number,
    events: await t.store.events.latestId(),
  };
}

/** A refused call: its code, the error envelope, and nothing written. */
async function expectRefused(t: TestTopograph, call: () => Promise<EsbAnswer>, code: number, message?: RegExp): Promise<EsbAnswer> {
  const before = await state(t);
  const r = await call();
  expect(r.message, r.message).toBeTypeOf('string');
  expect(r.result, r.message).toBe(false);
  expect(r.code, r.message).toBe(code);
  expect(r.data).toBeNull();
  if (message) expect(r.message).toMatch(message);
  expect(await state(t)).toEqual(before);
  return r;
}

function ok(r: EsbAnswer): EsbAnswer {
  expect(r.message, r.message).toBe('success');
  expect(r.result).toBe(true);
  return r;
}

const hostInfo = (rows: Row[]) => Object.fromEntries(rows.map((r, i) => [String(i), r]));

/** Adds hosts to the resource pool; answers their ids. */
async function addToPool(t: TestTopograph, rows: Row[], extra: Row = {}): Promise<number[]> {
  const r = ok(await t.esb('add_host_to_resource', { host_info: hostInfo(rows), ...extra }));
  return r.data.bk_host_ids as number[];
}

async function addToBiz(t: TestTopograph, bizId: number, rows: Row[]): Promise<number[]> {
  const r = ok(await t.esb('add_host_to_business_idle', { bk_biz_id: bizId, bk_host_list: rows }));
  return r.data.bk_host_ids as number[];
}

/** A host's relations as [biz, set, module] triples, from find_host_topo_relation. */
async function relationsOf(t: TestTopograph, bizId: number, hostId: number): Promise<number[][]> {
  const r = ok(await t.esb('find_host_topo_relation', { bk_biz_id: bizId, bk_host_ids: [hostId], page: { start: 0, limit: 100 } }));
  return (r.data.data as Row[]).map((x) => [x.bk_biz_id as number, x.bk_set_id as number, x.bk_module_id as number]);
}

async function moduleIds(t: TestTopograph, bizId: number, hostId: number): Promise<number[]> {
  return (await relationsOf(t, bizId, hostId)).map((x) => x[2]!);
}

async function internal(t: TestTopograph, bizId: number): Promise<{ setId: number; idle: number; fault: number; recycle: number }> {
  const r = ok(await t.esb('get_biz_internal_module', { bk_biz_id: bizId }));
  const mod = (d: number) => (r.data.module as Row[]).find((m) => m.default === d)!.bk_module_id as number;
  return { setId: r.data.bk_set_id as number, idle: mod(1), fault: mod(2), recycle: mod(3) };
}

/** The events of a resource after a cursor (resource_watch answers at once when there are some). */
async function eventsAfter(t: TestTopograph, resource: string, cursorId: number): Promise<Array<{ type: string; detail: Row }>> {
  const rows = await t.store.events.after(cursorId, resource, undefined, 10_000);
  return rows.map((e) => ({ type: e.eventType, detail: e.detail as Row }));
}

async function auditsOf(t: TestTopograph, action: string, hostId: number): Promise<Row[]> {
  const list = ok(await t.esb('list_operation_audit', { condition: { resource_type: 'host', action: [action], resource_id: hostId }, page: { limit: 200 } }));
  const ids = (list.data.info as Row[]).map((a) => a.id as number);
  if (ids.length === 0) return [];
  return ok(await t.esb('find_audit_by_id', { id: ids })).data as Row[];
}

let ipSeq = 0;
/** A fresh inner IP for each host a test makes. */
const ip = () => {
  ipSeq++;
  return `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;
};

// ---------------------------------------------------------------------------------------------------

describe('add_host_to_resource', () => {
  let t: TestTopograph;
  let biz: number;
  let cloud: number;
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'shop', 'admin,alice');
    const c = ok(await t.esb('create_cloud_area', { bk_cloud_name: 'dc2' }));
    cloud = c.data.created.id as number;
  });
  afterAll(() => t.stop());

  it("adds hosts to the pool's idle module: {success, bk_host_ids}, defaults filled, relations, audit and events", async () => {
    const cursor = await t.store.events.latestId();
    const a = ip();
    const b = ip();
    const r = ok(
      await t.esb('add_host_to_resource', {
        host_info: { '0': { bk_host_innerip: a, bk_cloud_id: 0, import_from: '3', bk_host_name: 'web-1', bk_cpu: 8 }, '1': { bk_host_innerip: b } },
      }),
    );
    expect(r.data.success).toEqual(['0', '1']);
    const [h1, h2] = r.data.bk_host_ids as number[];
    expect(h2).toBeGreaterThan(h1!);
    expect(await relationsOf(t, POOL, h1!)).toEqual([[POOL, 1, POOL_IDLE]]);
    expect(await relationsOf(t, POOL, h2!)).toEqual([[POOL, 1, POOL_IDLE]]);
    const listed = ok(await t.esb('list_resource_pool_hosts', { host_property_filter: { condition: 'AND', rules: [{ field: 'bk_host_id', operator: 'in', value: [h1, h2] }] } }));
    const rows = listed.data.info as Row[];
    expect(rows.map((h) => h.bk_host_innerip)).toEqual([a, b]);
    expect(rows[0]).toMatchObject({ bk_host_name: 'web-1', bk_cpu: 8, bk_cloud_id: 0, import_from: '3', bk_addressing: 'static' });
    expect(rows[1]).toMatchObject({ bk_cloud_id: 0, import_from: '3', bk_host_name: '' });
    expect(rows[0]!.create_time).toMatch(/^\d{4}-\d\d-\d\dT.*\+08:00$/);
    const created = await eventsAfter(t, 'host', cursor);
    expect(created.map((e) => [e.type, e.detail.bk_host_id])).toEqual([['create', h1], ['create', h2]]);
    const rel = await eventsAfter(t, 'host_relation', cursor);
    expect(rel).toEqual([
      { type: 'create', detail: { bk_host_id: h1, bk_biz_id: POOL, bk_set_id: 1, bk_module_id: POOL_IDLE } },
      { type: 'create', detail: { bk_host_id: h2, bk_biz_id: POOL, bk_set_id: 1, bk_module_id: POOL_IDLE } },
    ]);
    expect(await auditsOf(t, 'create', h1!)).toHaveLength(1);
  });

  it('takes host_info as an array too, and answers row keys as given', async () => {
    const r = ok(await t.esb('add_host_to_resource', { host_info: { '7': { bk_host_innerip: ip() }, '9': { bk_host_innerip: ip() } } }));
    expect(r.data.success).toEqual(['7', '9']);
    const arr = ok(await t.esb('add_host_to_resource', { host_info: [{ bk_host_innerip: ip() }] }));
    expect(arr.data.bk_host_ids).toHaveLength(1);
  });

  it('bk_module_id (or directory) puts the hosts in another module of the pool', async () => {
    const [h] = await addToPool(t, [{ bk_host_innerip: ip() }], { bk_module_id: POOL_FAULT });
    expect(await moduleIds(t, POOL, h!)).toEqual([POOL_FAULT]);
    const [h2] = await addToPool(t, [{ bk_host_innerip: ip() }], { directory: POOL_FAULT });
    expect(await moduleIds(t, POOL, h2!)).toEqual([POOL_FAULT]);
  });

  it('bk_module_id of a module outside the pool → 1110061, nothing written', async () => {
    const { idle } = await internal(t, biz);
    await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip() }]), bk_module_id: idle }), 1110061, /resource pool/);
    await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip() }]), bk_module_id: 99999 }), 1110061);
  });

  it("bk_biz_id sends the hosts to that business's idle module", async () => {
    const [h] = await addToPool(t, [{ bk_host_innerip: ip() }], { bk_biz_id: biz });
    const { setId, idle } = await internal(t, biz);
    expect(await relationsOf(t, biz, h!)).toEqual([[biz, setId, idle]]);
  });

  it("a bad row is named by its key and field, and nothing of the batch is written", async () => {
    const rows = [{ bk_host_innerip: ip() }, { bk_host_innerip: ip() }, { bk_host_innerip: ip() }, { bk_host_innerip: ip(), bk_cpu: 0 }];
    const r = await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo(rows) }), 1199006);
    expect(r.message).toMatch(/^'host_info\[3\]\.bk_cpu' must be at least 1/);
    const typed = await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip() }, { bk_host_innerip: ip(), bk_mem: '4' }]) }), 1199009);
    expect(typed.message).toMatch(/host_info\[1\]\.bk_mem/);
    const enumBad = await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip(), bk_os_type: 'linux' }]) }), 1199006);
    expect(enumBad.message).toMatch(/host_info\[0\]\.bk_os_type/);
    const badIp = await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: '10.0.0.256' }]) }), 1199016);
    expect(badIp.message).toMatch(/host_info\[0\]\.bk_host_innerip/);
    const notRow = await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: { '0': { bk_host_innerip: ip() }, '1': 'x' } }), 1199006);
    expect(notRow.message).toMatch(/host_info\[1\]/);
  });

  it('bk_host_innerip is required (1199010) and host_info must hold a host', async () => {
    const r = await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip() }, { bk_host_name: 'x' }]) }), 1199010);
    expect(r.message).toMatch(/host_info\[1\]\.bk_host_innerip/);
    await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: '  ' }]) }), 1199010);
    await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: {} }), 1199010, /host_info/);
    await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: 'x' }), 1199006, /host_info/);
    await expectRefused(t, () => t.esb('add_host_to_resource', {}), 1306000, /host_info/);
  });

  it('duplicates inside the batch are caught before writing and named by index (1199014)', async () => {
    const same = ip();
    const r = await expectRefused(
      t,
      () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip() }, { bk_host_innerip: same }, { bk_host_innerip: ip() }, { bk_host_innerip: same }]) }),
      1199014,
    );
    expect(r.message).toMatch(/host_info\[3\] repeats host_info\[1\]/);
    expect(r.message).toMatch(/bk_cloud_id, bk_host_innerip/);
    const agents = await expectRefused(
      t,
      () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip(), bk_agent_id: 'abc1' }, { bk_host_innerip: ip(), bk_agent_id: 'abc1' }]) }),
      1199014,
    );
    expect(agents.message).toMatch(/host_info\[1\] repeats host_info\[0\].*agent abc1/);
  });

  it('the same IP in another cloud area is another host; empty agent ids never collide', async () => {
    const same = ip();
    const ids = await addToPool(t, [
      { bk_host_innerip: same, bk_cloud_id: 0, bk_agent_id: '' },
      { bk_host_innerip: same, bk_cloud_id: cloud, bk_agent_id: '' },
    ]);
    expect(ids).toHaveLength(2);
    await addToPool(t, [{ bk_host_innerip: ip(), bk_agent_id: '' }]);
  });

  it('an IP already in the pool (same cloud area) → 1199014 naming the row; nothing written', async () => {
    const taken = ip();
    const [h] = await addToPool(t, [{ bk_host_innerip: taken }]);
    const r = await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip() }, { bk_host_innerip: taken }]) }), 1199014);
    expect(r.message).toMatch(new RegExp(`host_info\\[1\\].*already host ${h}`));
    await addToPool(t, [{ bk_host_innerip: ip(), bk_agent_id: 'agent9' }]);
    await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip(), bk_agent_id: 'agent9' }]) }), 1199014, /bk_agent_id/);
  });

  it('an IP of a host that belongs to another business → 1106010', async () => {
    const taken = ip();
    await addToBiz(t, biz, [{ bk_host_innerip: taken }]);
    const r = await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: taken }]) }), 1106010);
    expect(r.message).toMatch(new RegExp(`business ${biz}`));
  });

  it('a cloud area that does not exist → 1101032 naming the row; nothing written', async () => {
    const r = await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip() }, { bk_host_innerip: ip(), bk_cloud_id: 4242 }]) }), 1101032);
    expect(r.message).toMatch(/host_info\[1\]\.bk_cloud_id/);
    await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip(), bk_cloud_id: -1 }]) }), 1101032);
    await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip(), bk_cloud_id: 2 ** 40 }]) }), 1101032);
    await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip(), bk_cloud_id: '0' }]) }), 1199009);
  });

  it('only maintainers of the resource pool add to it (9900403); maintainers of a business add to its idle module', async () => {
    const r = await expectRefused(t, () => t.as('alice')('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip() }]) }), 9900403);
    expect(r.permission).not.toBeNull();
    const [h] = (ok(await t.as('alice')('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip() }]), bk_biz_id: biz })).data.bk_host_ids as number[]);
    expect((await relationsOf(t, biz, h!))[0]![0]).toBe(biz);
  });

  it('fields the model does not define are dropped and reported', async () => {
    const r = ok(await t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: ip(), no_such_field: 1 }]) }));
    expect(r.headers['x-topograph-ignored-fields']).toBe('host_info[*].no_such_field');
  });
});

describe('host addresses: several inner IPs, unique outer IPs', () => {
  let t: TestTopograph;
  let cloud: number;
  beforeAll(async () => {
    t = await startTopograph();
    cloud = ok(await t.esb('create_cloud_area', { bk_cloud_name: 'multi-ip' })).data.created.id as number;
  });
  afterAll(() => t.stop());

  const findByIp = async (rule: Row, field = 'bk_host_innerip') =>
    ok(await t.esb('list_hosts_without_biz', { fields: [field], host_property_filter: { condition: 'AND', rules: [{ field, ...rule }] } }))
      .data.info.map((h: Row) => h.bk_host_id as number)
      .sort((a: number, b: number) => a - b);

  it('each address of a cloud area belongs to one host: a host listing it among others counts (1199014)', async () => {
    const [multi] = await addToPool(t, [{ bk_host_innerip: '10.60.0.1,10.60.0.2' }]);
    const r = await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: '10.60.0.2' }]) }), 1199014);
    expect(r.message).toMatch(new RegExp(`10\\.60\\.0\\.2 in cloud area 0\\) is already host ${multi}`));
    await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: '10.60.0.3,10.60.0.1' }]) }), 1199014, /10\.60\.0\.1/);
    // Within one batch too, whichever row lists it first.
    const batch = await expectRefused(
      t,
      () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: '10.60.1.1,10.60.1.2' }, { bk_host_innerip: '10.60.1.3,10.60.1.2' }]) }),
      1199014,
    );
    expect(batch.message).toMatch(/host_info\[1\] repeats host_info\[0\] \(10\.60\.1\.2 in cloud area 0\)/);
    // In another cloud area the address is another host's to have.
    expect(await addToPool(t, [{ bk_host_innerip: '10.60.0.2', bk_cloud_id: cloud }])).toHaveLength(1);
  });

  it('the database holds the rule even when a write skips the checks', async () => {
    await addToPool(t, [{ bk_host_innerip: '10.61.0.1,10.61.0.2' }]);
    const direct = t.store.write(DIRECT, (w) => w.insertInstance('host', { bk_host_innerip: '10.61.0.2', bk_cloud_id: 0 }));
    await expect(direct).rejects.toMatchObject({ kind: 'duplicate', details: { fields: ['bk_cloud_id', 'bk_host_innerip'] } });
  });

  it('moving a host to a cloud area where another host holds one of its addresses is refused (1199014)', async () => {
    const [elsewhere] = await addToPool(t, [{ bk_host_innerip: '10.62.0.5', bk_cloud_id: cloud }]);
    await addToPool(t, [{ bk_host_innerip: '10.62.0.4,10.62.0.5' }]);
    await expectRefused(t, () => t.esb('update_host', { bk_host_id: `${elsewhere}`, data: { bk_cloud_id: 0 } }), 1199014, /bk_host_innerip/);
    // Once moved, its addresses are held in the new cloud area and free in the old one.
    const [free] = await addToPool(t, [{ bk_host_innerip: '10.62.0.6', bk_cloud_id: cloud }]);
    ok(await t.esb('update_host', { bk_host_id: `${free}`, data: { bk_cloud_id: 0 } }));
    expect(await addToPool(t, [{ bk_host_innerip: '10.62.0.6', bk_cloud_id: cloud }])).toHaveLength(1);
    await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: '10.62.0.6' }]) }), 1199014);
  });

  it('a deleted host gives its addresses back', async () => {
    const [gone] = await addToPool(t, [{ bk_host_innerip: '10.63.0.1,10.63.0.2', bk_host_outerip: '1.63.0.1' }]);
    ok(await t.esb('delete_host', { bk_host_id: `${gone}` }));
    expect(await addToPool(t, [{ bk_host_innerip: '10.63.0.2', bk_host_outerip: '1.63.0.1' }])).toHaveLength(1);
  });

  it('each outer IP belongs to one host, in any cloud area (bk-cmdb\'s [bk_host_outerip] rule; 1199014)', async () => {
    const [a] = await addToPool(t, [{ bk_host_innerip: '10.65.0.1', bk_host_outerip: '1.65.0.1,1.65.0.2' }]);
    const taken = await expectRefused(t, () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: '10.65.0.2', bk_cloud_id: cloud, bk_host_outerip: '1.65.0.2' }]) }), 1199014);
    expect(taken.message).toMatch(new RegExp(`\\[bk_host_outerip\\].*1\\.65\\.0\\.2\\) is already host ${a}`));
    const batch = await expectRefused(
      t,
      () => t.esb('add_host_to_resource', { host_info: hostInfo([{ bk_host_innerip: '10.65.1.1', bk_host_outerip: '1.65.1.1' }, { bk_host_innerip: '10.65.1.2', bk_host_outerip: '1.65.1.1' }]) }),
      1199014,
    );
    expect(batch.message).toMatch(/host_info\[1\] repeats host_info\[0\] \(1\.65\.1\.1\)/);
    // Hosts without an outer IP never collide.
    expect(await addToPool(t, [{ bk_host_innerip: '10.65.2.1' }, { bk_host_innerip: '10.65.2.2', bk_host_outerip: '' }])).toHaveLength(2);
  });

  it('update_host gives a host an outer IP only if no other host holds it, and frees the one it replaces', async () => {
    const [a, b] = await addToPool(t, [
      { bk_host_innerip: '10.66.0.1', bk_host_outerip: '1.66.0.1' },
      { bk_host_innerip: '10.66.0.2' },
    ]);
    await expectRefused(t, () => t.esb('update_host', { bk_host_id: `${b}`, data: { bk_host_outerip: '1.66.0.9,1.66.0.1' } }), 1199014, /bk_host_outerip/);
    // The same new outer IP for two hosts at once is two holders.
    await expectRefused(t, () => t.esb('update_host', { bk_host_id: `${a},${b}`, data: { bk_host_outerip: '1.66.0.5' } }), 1199014, /bk_host_outerip/);
    ok(await t.esb('update_host', { bk_host_id: `${a}`, data: { bk_host_outerip: '1.66.0.2' } }));
    ok(await t.esb('batch_update_host', { update: [{ bk_host_id: b, properties: { bk_host_outerip: '1.66.0.1' } }] }));
    await expectRefused(t, () => t.esb('update_host', { bk_host_id: `${b}`, data: { bk_host_outerip: '1.66.0.2' } }), 1199014);
    expect(await findByIp({ operator: 'equal', value: '1.66.0.1' }, 'bk_host_outerip')).toEqual([b]);
  });

  it('host filters match an address among those a host lists, as bk-cmdb does; a list matches as written', async () => {
    const [a] = await addToPool(t, [{ bk_host_innerip: '10.64.0.1,10.64.0.2' }]);
    const [b] = await addToPool(t, [{ bk_host_innerip: '10.64.0.3' }]);
    expect(await findByIp({ operator: 'equal', value: '10.64.0.2' })).toEqual([a]);
    expect(await findByIp({ operator: 'equal', value: '10.64.0.1,10.64.0.2' })).toEqual([a]);
    expect(await findByIp({ operator: 'in', value: ['10.64.0.1', '10.64.0.3'] })).toEqual([a, b]);
    expect(await findByIp({ operator: 'not_in', value: ['10.64.0.2'] })).not.toContain(a);
    expect(await findByIp({ operator: 'not_in', value: ['10.64.0.2'] })).toContain(b);
    expect(await findByIp({ operator: 'not_equal', value: '10.64.0.1' })).not.toContain(a);
    expect(await findByIp({ operator: 'contains', value: '10.64.0.' })).toEqual([a, b]);
    const [c] = await addToPool(t, [{ bk_host_innerip: '10.64.0.4', bk_host_outerip: '1.64.0.1,1.64.0.2' }]);
    expect(await findByIp({ operator: 'in', value: ['1.64.0.2', '9.9.9.9'] }, 'bk_host_outerip')).toEqual([c]);
    expect(await findByIp({ operator: 'equal', value: '1.64.0.1,1.64.0.2' }, 'bk_host_outerip')).toEqual([c]);
    expect(await findByIp({ operator: 'equal', value: '1.64.0.2,1.64.0.1' }, 'bk_host_outerip')).toEqual([]);
  });
});

describe('add_host_to_business_idle', () => {
  let t: TestTopograph;
  let biz: number;
  let other: number;
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'shop', 'admin,alice');
    other = await makeBusiness(t, 'other', 'bob');
  });
  afterAll(() => t.stop());

  it("adds hosts to the business's idle module and answers {bk_host_ids}", async () => {
    const cursor = await t.store.events.latestId();
    const ids = await addToBiz(t, biz, [{ bk_host_innerip: ip(), bk_addressing: 'dynamic' }, { bk_host_innerip: ip(), operator: 'alice' }]);
    expect(ids).toHaveLength(2);
    const { setId, idle } = await internal(t, biz);
    for (const h of ids) expect(await relationsOf(t, biz, h)).toEqual([[biz, setId, idle]]);
    const listed = ok(await t.esb('list_biz_hosts', { bk_biz_id: biz, fields: ['bk_addressing', 'operator'] }));
    expect(listed.data.info).toEqual([
      { bk_host_id: ids[0], bk_addressing: 'dynamic', operator: null },
      { bk_host_id: ids[1], bk_addressing: 'static', operator: 'alice' },
    ]);
    const rel = await eventsAfter(t, 'host_relation', cursor);
    expect(rel.map((e) => [e.type, e.detail.bk_host_id, e.detail.bk_biz_id, e.detail.bk_module_id])).toEqual([
      ['create', ids[0], biz, idle],
      ['create', ids[1], biz, idle],
    ]);
  });

  it('a bad row is named (bk_host_list[1].…) and nothing is written', async () => {
    const r = await expectRefused(t, () => t.esb('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [{ bk_host_innerip: ip() }, { bk_host_innerip: ip(), bk_addressing: 'sometimes' }] }), 1199006);
    expect(r.message).toMatch(/bk_host_list\[1\]\.bk_addressing/);
    await expectRefused(t, () => t.esb('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [] }), 1199010);
    await expectRefused(t, () => t.esb('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: { '0': { bk_host_innerip: ip() } } }), 1199006);
  });

  it('an IP of a pool host or of another business → 1106010; of a host of this business → 1199014', async () => {
    const pooled = ip();
    await addToPool(t, [{ bk_host_innerip: pooled }]);
    await expectRefused(t, () => t.esb('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [{ bk_host_innerip: pooled }] }), 1106010, /business 1\b/);
    const theirs = ip();
    await t.as('bob')('add_host_to_business_idle', { bk_biz_id: other, bk_host_list: [{ bk_host_innerip: theirs }] });
    await expectRefused(t, () => t.esb('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [{ bk_host_innerip: theirs }] }), 1106010, new RegExp(`business ${other}`));
    const mine = ip();
    await addToBiz(t, biz, [{ bk_host_innerip: mine }]);
    await expectRefused(t, () => t.esb('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [{ bk_host_innerip: mine }] }), 1199014);
  });

  it('maintainers only (9900403); an unknown business → 1199011; an archived one → 1110031', async () => {
    await expectRefused(t, () => t.as('bob')('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [{ bk_host_innerip: ip() }] }), 9900403);
    ok(await t.as('alice')('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [{ bk_host_innerip: ip() }] }));
    await expectRefused(t, () => t.esb('add_host_to_business_idle', { bk_biz_id: 9999, bk_host_list: [{ bk_host_innerip: ip() }] }), 1199011);
    const archived = await makeBusiness(t, 'old', 'admin');
    ok(await t.esb('update_business_enable_status', { bk_biz_id: archived, flag: 'disabled' }));
    await expectRefused(t, () => t.esb('add_host_to_business_idle', { bk_biz_id: archived, bk_host_list: [{ bk_host_innerip: ip() }] }), 1110031, /archived/);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('transfers', () => {
  let t: TestTopograph;
  let biz: number;
  let other: number;
  let set1: number;
  let modA: number;
  let modB: number;
  let modC: number;
  let otherModule: number;
  let inner: { setId: number; idle: number; fault: number; recycle: number };
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'shop', 'admin,alice');
    other = await makeBusiness(t, 'other', 'bob');
    set1 = await makeSet(t, biz, 'web');
    modA = await makeModule(t, biz, set1, 'nginx');
    modB = await makeModule(t, biz, set1, 'php');
    const set2 = await makeSet(t, biz, 'db');
    modC = await makeModule(t, biz, set2, 'mysql');
    otherModule = await makeModule(t, other, await makeSet(t, other, 'x'), 'y');
    inner = await internal(t, biz);
  });
  afterAll(() => t.stop());

  const transfer = (body: Row, as?: string) => (as ? t.as(as) : t.esb)('transfer_host_module', { bk_biz_id: biz, ...body });

  it('replaces a host\'s modules (is_increment false): relations, events and a transfer_host_module audit with pre/cur topology', async () => {
    const [h] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }]);
    const cursor = await t.store.events.latestId();
    ok(await transfer({ bk_host_id: [h], bk_module_id: [modA, modC] }));
    expect(await relationsOf(t, biz, h!)).toEqual([
      [biz, set1, modA],
      [biz, (await relationsOf(t, biz, h!))[1]![1]!, modC],
    ]);
    expect((await moduleIds(t, biz, h!)).sort()).toEqual([modA, modC].sort());
    const rel = await eventsAfter(t, 'host_relation', cursor);
    expect(rel.map((e) => [e.type, e.detail.bk_module_id])).toEqual([
      ['delete', inner.idle],
      ['create', modA],
      ['create', modC],
    ]);
    const [audit] = await auditsOf(t, 'transfer_host_module', h!);
    expect(audit).toMatchObject({ audit_type: 'host', resource_type: 'host', action: 'transfer_host_module', bk_biz_id: biz, resource_id: h });
    const detail = audit!.operation_detail as Row;
    expect(detail.pre_data).toEqual({
      bk_biz_id: biz,
      bk_biz_name: 'shop',
      set: [{ bk_set_id: inner.setId, bk_set_name: 'idle pool', module: [{ bk_module_id: inner.idle, bk_module_name: 'idle host' }] }],
    });
    expect((detail.cur_data as Row).set).toEqual([
      { bk_set_id: set1, bk_set_name: 'web', module: [{ bk_module_id: modA, bk_module_name: 'nginx' }] },
      expect.objectContaining({ bk_set_name: 'db', module: [{ bk_module_id: modC, bk_module_name: 'mysql' }] }),
    ]);

    ok(await transfer({ bk_host_id: [h], bk_module_id: [modB] }));
    expect(await moduleIds(t, biz, h!)).toEqual([modB]);
  });

  it('is_increment adds modules and leaves the idle module; a transfer that changes nothing writes nothing', async () => {
    const [h] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }]);
    ok(await transfer({ bk_host_id: [h], bk_module_id: [modA], is_increment: true }));
    expect(await moduleIds(t, biz, h!)).toEqual([modA]);
    ok(await transfer({ bk_host_id: [h], bk_module_id: [modB], is_increment: true }));
    expect(await moduleIds(t, biz, h!)).toEqual([modA, modB]);
    const before = await state(t);
    ok(await transfer({ bk_host_id: [h], bk_module_id: [modA], is_increment: true }));
    expect(await state(t)).toEqual(before);
    expect(await auditsOf(t, 'transfer_host_module', h!)).toHaveLength(2);
  });

  it('a single built-in module replaces everything; built-in modules combined or appended → 1113005', async () => {
    const [h] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }]);
    ok(await transfer({ bk_host_id: [h], bk_module_id: [modA, modB] }));
    await expectRefused(t, () => transfer({ bk_host_id: [h], bk_module_id: [modA, inner.fault] }), 1113005, /inner module/);
    await expectRefused(t, () => transfer({ bk_host_id: [h], bk_module_id: [inner.fault], is_increment: true }), 1113005);
    ok(await transfer({ bk_host_id: [h], bk_module_id: [inner.fault] }));
    expect(await moduleIds(t, biz, h!)).toEqual([inner.fault]);
  });

  it('modules outside the business → 1101080; hosts outside it → 1113002; nothing written', async () => {
    const [h] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }]);
    await expectRefused(t, () => transfer({ bk_host_id: [h], bk_module_id: [modA, otherModule] }), 1101080, new RegExp(String(otherModule)));
    await expectRefused(t, () => transfer({ bk_host_id: [h], bk_module_id: [99999] }), 1101080);
    const [theirs] = (ok(await t.as('bob')('add_host_to_business_idle', { bk_biz_id: other, bk_host_list: [{ bk_host_innerip: ip() }] })).data.bk_host_ids as number[]);
    const r = await expectRefused(t, () => transfer({ bk_host_id: [h, theirs], bk_module_id: [modA] }), 1113002);
    expect(r.message).toContain(`hostID [${theirs}] does not belong of businessID [${biz}]`);
    await expectRefused(t, () => transfer({ bk_host_id: [h, 987654], bk_module_id: [modA] }), 1113002, /987654/);
    const [pooled] = await addToPool(t, [{ bk_host_innerip: ip() }]);
    await expectRefused(t, () => transfer({ bk_host_id: [pooled], bk_module_id: [modA] }), 1113002);
  });

  it('an empty host or module list → 1199010; a malformed one → 1306000', async () => {
    const [h] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }]);
    await expectRefused(t, () => transfer({ bk_host_id: [h], bk_module_id: [] }), 1199010, /bk_module_id/);
    await expectRefused(t, () => transfer({ bk_host_id: [], bk_module_id: [modA] }), 1199010, /bk_host_id/);
    await expectRefused(t, () => transfer({ bk_host_id: ['1'], bk_module_id: [modA] }), 1306000);
  });

  it('non-maintainers are refused (9900403); maintainers may', async () => {
    const [h] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }]);
    const r = await expectRefused(t, () => transfer({ bk_host_id: [h], bk_module_id: [modA] }, 'bob'), 9900403);
    expect(r.permission).not.toBeNull();
    ok(await transfer({ bk_host_id: [h], bk_module_id: [modA] }, 'alice'));
  });

  it('an archived business refuses transfers (1110031)', async () => {
    const archived = await makeBusiness(t, 'archived', 'admin');
    ok(await t.esb('update_business_enable_status', { bk_biz_id: archived, flag: 'disabled' }));
    const [h] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }]);
    await expectRefused(t, () => t.esb('transfer_host_module', { bk_biz_id: archived, bk_host_id: [h], bk_module_id: [modA] }), 1110031);
    for (const name of ['transfer_host_to_idlemodule', 'transfer_host_to_faultmodule', 'transfer_host_to_recyclemodule', 'transfer_resourcehost_to_idlemodule']) {
      await expectRefused(t, () => t.esb(name, { bk_biz_id: archived, bk_host_id: [h] }), 1110031);
    }
  });

  it('transfer_host_to_idlemodule / _faultmodule / _recyclemodule put hosts in that one built-in module', async () => {
    const [h1, h2] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }, { bk_host_innerip: ip() }]);
    ok(await transfer({ bk_host_id: [h1, h2], bk_module_id: [modA, modB] }));
    ok(await t.esb('transfer_host_to_faultmodule', { bk_biz_id: biz, bk_host_id: [h1, h2] }));
    expect(await moduleIds(t, biz, h1!)).toEqual([inner.fault]);
    expect(await moduleIds(t, biz, h2!)).toEqual([inner.fault]);
    ok(await t.esb('transfer_host_to_recyclemodule', { bk_biz_id: biz, bk_host_id: [h1] }));
    expect(await moduleIds(t, biz, h1!)).toEqual([inner.recycle]);
    ok(await t.esb('transfer_host_to_idlemodule', { bk_biz_id: biz, bk_host_id: [h1, h2] }));
    expect(await moduleIds(t, biz, h1!)).toEqual([inner.idle]);
    expect(await moduleIds(t, biz, h2!)).toEqual([inner.idle]);
    const [pooled] = await addToPool(t, [{ bk_host_innerip: ip() }]);
    await expectRefused(t, () => t.esb('transfer_host_to_idlemodule', { bk_biz_id: biz, bk_host_id: [h1, pooled] }), 1113002);
    await expectRefused(t, () => t.as('bob')('transfer_host_to_faultmodule', { bk_biz_id: biz, bk_host_id: [h1] }), 9900403);
  });

  it('transfer_host_to_resourcemodule: idle-pool hosts go back to the pool (unassign_host audit)', async () => {
    const [h1, h2] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }, { bk_host_innerip: ip() }]);
    ok(await t.esb('transfer_host_to_faultmodule', { bk_biz_id: biz, bk_host_id: [h2] }));
    const cursor = await t.store.events.latestId();
    ok(await t.esb('transfer_host_to_resourcemodule', { bk_biz_id: biz, bk_host_id: [h1] }));
    expect(await relationsOf(t, POOL, h1!)).toEqual([[POOL, 1, POOL_IDLE]]);
    expect(await relationsOf(t, biz, h1!)).toEqual([]);
    ok(await t.esb('transfer_host_to_resourcemodule', { bk_biz_id: biz, bk_host_id: [h2], bk_module_id: POOL_FAULT }));
    expect(await relationsOf(t, POOL, h2!)).toEqual([[POOL, 1, POOL_FAULT]]);
    const [audit] = await auditsOf(t, 'unassign_host', h1!);
    expect(audit).toMatchObject({ action: 'unassign_host', bk_biz_id: POOL });
    expect((audit!.operation_detail as Row).pre_data).toMatchObject({ bk_biz_id: biz });
    expect((audit!.operation_detail as Row).cur_data).toMatchObject({ bk_biz_id: POOL });
    const rel = await eventsAfter(t, 'host_relation', cursor);
    expect(rel.map((e) => [e.type, e.detail.bk_host_id, e.detail.bk_biz_id])).toEqual([
      ['delete', h1, biz],
      ['create', h1, POOL],
      ['delete', h2, biz],
      ['create', h2, POOL],
    ]);
  });

  it('transfer_host_to_resourcemodule refusals: a host in an ordinary module (1110056), the pool itself (1110052), a module outside the pool (1110061), a host of another business (1113002)', async () => {
    const [h] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }]);
    ok(await transfer({ bk_host_id: [h], bk_module_id: [modA] }));
    await expectRefused(t, () => t.esb('transfer_host_to_resourcemodule', { bk_biz_id: biz, bk_host_id: [h] }), 1110056, new RegExp(String(h)));
    const [h2] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }]);
    await expectRefused(t, () => t.esb('transfer_host_to_resourcemodule', { bk_biz_id: POOL, bk_host_id: [h2] }), 1110052);
    await expectRefused(t, () => t.esb('transfer_host_to_resourcemodule', { bk_biz_id: biz, bk_host_id: [h2], bk_module_id: modA }), 1110061);
    const [theirs] = (ok(await t.as('bob')('add_host_to_business_idle', { bk_biz_id: other, bk_host_list: [{ bk_host_innerip: ip() }] })).data.bk_host_ids as number[]);
    await expectRefused(t, () => t.esb('transfer_host_to_resourcemodule', { bk_biz_id: biz, bk_host_id: [h2, theirs] }), 1113002);
    await expectRefused(t, () => t.as('bob')('transfer_host_to_resourcemodule', { bk_biz_id: biz, bk_host_id: [h2] }), 9900403);
  });

  it('transfer_resourcehost_to_idlemodule: pool hosts into a business (assign_host); a host of a business → 1106010', async () => {
    const [p1] = await addToPool(t, [{ bk_host_innerip: ip() }]);
    ok(await t.esb('transfer_resourcehost_to_idlemodule', { bk_biz_id: biz, bk_host_id: [p1] }));
    expect(await relationsOf(t, biz, p1!)).toEqual([[biz, inner.setId, inner.idle]]);
    expect(await auditsOf(t, 'assign_host', p1!)).toHaveLength(1);
    await expectRefused(t, () => t.esb('transfer_resourcehost_to_idlemodule', { bk_biz_id: other, bk_host_id: [p1] }), 1106010, new RegExp(`business ${biz}`));
    await expectRefused(t, () => t.esb('transfer_resourcehost_to_idlemodule', { bk_biz_id: biz, bk_host_id: [123456] }), 1110008);
    const [p2] = await addToPool(t, [{ bk_host_innerip: ip() }]);
    // bob maintains `other` but not the pool
    await expectRefused(t, () => t.as('bob')('transfer_resourcehost_to_idlemodule', { bk_biz_id: other, bk_host_id: [p2] }), 9900403);
  });

  it('many hosts move in one call with a fixed number of statements per chunk', async () => {
    const ids = await addToBiz(
      t,
      biz,
      Array.from({ length: 300 }, () => ({ bk_host_innerip: ip() })),
    );
    ok(await transfer({ bk_host_id: ids, bk_module_id: [modA, modB] }));
    const rel = ok(await t.esb('find_host_topo_relation', { bk_biz_id: biz, bk_module_ids: [modB], bk_host_ids: ids.slice(0, 500), page: { limit: 500 } }));
    expect(rel.data.count).toBe(300);
    ok(await t.esb('transfer_host_to_idlemodule', { bk_biz_id: biz, bk_host_id: ids }));
    const idle = ok(await t.esb('find_host_topo_relation', { bk_biz_id: biz, bk_host_ids: ids, page: { limit: 500 } }));
    expect(idle.data.count).toBe(300);
    expect(new Set((idle.data.data as Row[]).map((r) => r.bk_module_id))).toEqual(new Set([inner.idle]));
  });
});

// ---------------------------------------------------------------------------------------------------

describe('update_host, batch_update_host, delete_host', () => {
  let t: TestTopograph;
  let biz: number;
  let cloud: number;
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'shop', 'admin,alice');
    cloud = ok(await t.esb('create_cloud_area', { bk_cloud_name: 'dc9' })).data.created.id as number;
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'host', bk_property_id: 'rack', bk_property_name: 'rack', bk_property_type: 'singlechar' }));
  });
  afterAll(() => t.stop());

  const hostRow = async (id: number): Promise<Row> => {
    const r = ok(await t.esb('list_hosts_without_biz', { host_property_filter: { condition: 'AND', rules: [{ field: 'bk_host_id', operator: 'equal', value: id }] } }));
    return r.data.info[0] as Row;
  };

  it('update_host writes the same values to every host of "1,2", with an update audit and event per host', async () => {
    const [h1, h2] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }, { bk_host_innerip: ip() }]);
    const cursor = await t.store.events.latestId();
    ok(await t.esb('update_host', { bk_host_id: `${h1},${h2}`, data: { bk_host_name: 'db', bk_comment: 'moved', rack: 'R12', bk_cpu: 16 } }));
    for (const h of [h1!, h2!]) expect(await hostRow(h)).toMatchObject({ bk_host_name: 'db', bk_comment: 'moved', rack: 'R12', bk_cpu: 16 });
    const events = await eventsAfter(t, 'host', cursor);
    expect(events.map((e) => [e.type, e.detail.bk_host_id, e.detail.bk_host_name])).toEqual([
      ['update', h1, 'db'],
      ['update', h2, 'db'],
    ]);
    const [audit] = await auditsOf(t, 'update', h1!);
    expect(audit).toMatchObject({ bk_biz_id: biz, action: 'update' });
    const details = (audit!.operation_detail as Row).details as Row;
    expect((details.pre_data as Row).bk_host_name).toBe('');
    expect((details.cur_data as Row).rack).toBe('R12');
    expect(details.update_fields).toEqual(['bk_host_name', 'bk_comment', 'rack', 'bk_cpu']);
    ok(await t.esb('update_host', { bk_host_id: `${h1}`, data: { rack: 'R13' } }));
    expect((await hostRow(h1!)).rack).toBe('R13');
    expect((await hostRow(h1!)).bk_host_name).toBe('db');
  });

  it('update_host refusals: non-editable (1101047), unknown field (1199060), bad value (1199006), unknown host (1110008), bad ids (1199006)', async () => {
    const [h] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }]);
    await expectRefused(t, () => t.esb('update_host', { bk_host_id: `${h}`, data: { bk_host_innerip: '10.9.9.9' } }), 1101047);
    await expectRefused(t, () => t.esb('update_host', { bk_host_id: `${h}`, data: { no_such: 1 } }), 1199060);
    await expectRefused(t, () => t.esb('update_host', { bk_host_id: `${h}`, data: { bk_cpu: -1 } }), 1199006, /bk_cpu/);
    await expectRefused(t, () => t.esb('update_host', { bk_host_id: `${h},424242`, data: { bk_host_name: 'x' } }), 1110008, /424242/);
    await expectRefused(t, () => t.esb('update_host', { bk_host_id: `${h},x`, data: { bk_host_name: 'x' } }), 1199006, /bk_host_id/);
    await expectRefused(t, () => t.esb('update_host', { bk_host_id: '', data: { bk_host_name: 'x' } }), 1199010);
  });

  it('update_host moves hosts between cloud areas only to one that exists (1101032) and never onto a taken IP (1199014)', async () => {
    const same = ip();
    const [h1] = await addToBiz(t, biz, [{ bk_host_innerip: same }]);
    const [h2] = await addToPool(t, [{ bk_host_innerip: same, bk_cloud_id: cloud }]);
    await expectRefused(t, () => t.esb('update_host', { bk_host_id: `${h1}`, data: { bk_cloud_id: 777 } }), 1101032);
    await expectRefused(t, () => t.esb('update_host', { bk_host_id: `${h1}`, data: { bk_cloud_id: cloud } }), 1199014);
    await expectRefused(t, () => t.esb('update_host', { bk_host_id: `${h2}`, data: { bk_cloud_id: 0 } }), 1199014);
    const [h3] = await addToPool(t, [{ bk_host_innerip: ip() }]);
    ok(await t.esb('update_host', { bk_host_id: `${h3}`, data: { bk_cloud_id: cloud } }));
    expect((await hostRow(h3!)).bk_cloud_id).toBe(cloud);
  });

  it("maintainers change their business's hosts, not the pool's (9900403)", async () => {
    const [mine] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }]);
    const [pooled] = await addToPool(t, [{ bk_host_innerip: ip() }]);
    ok(await t.as('alice')('update_host', { bk_host_id: `${mine}`, data: { bk_host_name: 'alice-made' } }));
    expect((await hostRow(mine!)).bk_host_name).toBe('alice-made');
    await expectRefused(t, () => t.as('alice')('update_host', { bk_host_id: `${mine},${pooled}`, data: { bk_host_name: 'nope' } }), 9900403);
    await expectRefused(t, () => t.as('alice')('batch_update_host', { update: [{ bk_host_id: pooled, properties: { bk_host_name: 'nope' } }] }), 9900403);
  });

  it('batch_update_host: each host its own properties, all written together', async () => {
    const [h1, h2, h3] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }, { bk_host_innerip: ip() }, { bk_host_innerip: ip() }]);
    ok(
      await t.esb('batch_update_host', {
        update: [
          { bk_host_id: h1, properties: { bk_host_name: 'a', operator: 'alice' } },
          { bk_host_id: h2, properties: { bk_host_name: 'b' } },
          { bk_host_id: h3, properties: { bk_host_name: 'a', operator: 'alice' } },
        ],
      }),
    );
    expect(await hostRow(h1!)).toMatchObject({ bk_host_name: 'a', operator: 'alice' });
    expect(await hostRow(h2!)).toMatchObject({ bk_host_name: 'b', operator: null });
    expect(await hostRow(h3!)).toMatchObject({ bk_host_name: 'a', operator: 'alice' });
    expect(await auditsOf(t, 'update', h2!)).toHaveLength(1);
  });

  it('batch_update_host: outer IPs swapped and a custom attribute set per host, in one batch', async () => {
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'host', bk_property_id: 'batch_rack', bk_property_name: 'rack', bk_property_type: 'singlechar' }));
    const [h1, h2, h3] = await addToBiz(t, biz, [
      { bk_host_innerip: ip(), bk_host_outerip: '1.67.0.1' },
      { bk_host_innerip: ip(), bk_host_outerip: '1.67.0.2' },
      { bk_host_innerip: ip(), batch_rack: 'r0' },
    ]);
    ok(
      await t.esb('batch_update_host', {
        update: [
          { bk_host_id: h1, properties: { bk_host_outerip: '1.67.0.2', batch_rack: 'r1' } },
          { bk_host_id: h2, properties: { bk_host_outerip: '1.67.0.1', batch_rack: 'r2' } },
          { bk_host_id: h3, properties: { bk_host_name: 'only-name' } },
        ],
      }),
    );
    expect(await hostRow(h1!)).toMatchObject({ bk_host_outerip: '1.67.0.2', batch_rack: 'r1' });
    expect(await hostRow(h2!)).toMatchObject({ bk_host_outerip: '1.67.0.1', batch_rack: 'r2' });
    // a host the batch gives no custom value keeps its own
    expect(await hostRow(h3!)).toMatchObject({ bk_host_name: 'only-name', batch_rack: 'r0', bk_host_outerip: '' });
    // the address rows followed the swap
    const holder = async (outer: string) =>
      (await t.esb('search_host', { ip: { data: [outer], exact: 1, flag: 'bk_host_outerip' } })).data.info.map((i: { host: Row }) => i.host.bk_host_id);
    expect([await holder('1.67.0.1'), await holder('1.67.0.2')]).toEqual([[h2], [h1]]);
    // each audit record names its own host's fields
    const fieldsOf = async (id: number) => (await auditsOf(t, 'update', id)).map((a) => (a.operation_detail as Row & { details: Row }).details.update_fields);
    expect([await fieldsOf(h1!), await fieldsOf(h3!)]).toEqual([[['bk_host_outerip', 'batch_rack']], [['bk_host_name']]]);
    ok(await t.esb('delete_object_attribute', { id: (await t.esb('search_object_attribute', { bk_obj_id: 'host', bk_property_id: 'batch_rack' })).data[0].id }));
  });

  it('batch_update_host refusals name the item; nothing is written', async () => {
    const [h1, h2] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }, { bk_host_innerip: ip() }]);
    const bad = await expectRefused(
      t,
      () => t.esb('batch_update_host', { update: [{ bk_host_id: h1, properties: { bk_host_name: 'ok' } }, { bk_host_id: h2, properties: { bk_cpu: 'many' } }] }),
      1199009,
    );
    expect(bad.message).toMatch(/update\[1\]\.properties\.bk_cpu/);
    await expectRefused(t, () => t.esb('batch_update_host', { update: [{ bk_host_id: h1, properties: { bk_cloud_id: cloud } }] }), 1101047, /update\[0\]\.properties\.bk_cloud_id/);
    await expectRefused(t, () => t.esb('batch_update_host', { update: [{ bk_host_id: h1, properties: {} }, { bk_host_id: h1, properties: {} }] }), 1199006, /update\[1\]\.bk_host_id/);
    await expectRefused(t, () => t.esb('batch_update_host', { update: [{ bk_host_id: h1, properties: { bk_host_name: 'x' } }, { bk_host_id: 555555, properties: {} }] }), 1110008, /555555/);
    const many = Array.from({ length: 501 }, (_, i) => ({ bk_host_id: i + 1, properties: {} }));
    await expectRefused(t, () => t.esb('batch_update_host', { update: many }), 1199035, /exceed the limit 500/);
    await expectRefused(t, () => t.esb('batch_update_host', { update: [] }), 1199010);
    await expectRefused(t, () => t.esb('batch_update_host', { update: [{ bk_host_id: h1 }] }), 1199010, /update\[0\]\.properties/);
  });

  it('delete_host deletes pool hosts with their relations (delete audit, host and host_relation events)', async () => {
    const [p1, p2] = await addToPool(t, [{ bk_host_innerip: ip() }, { bk_host_innerip: ip() }]);
    const cursor = await t.store.events.latestId();
    ok(await t.esb('delete_host', { bk_host_id: `${p1},${p2}` }));
    const left = ok(await t.esb('list_hosts_without_biz', { host_property_filter: { condition: 'OR', rules: [{ field: 'bk_host_id', operator: 'in', value: [p1, p2] }] } }));
    expect(left.data.count).toBe(0);
    expect(await relationsOf(t, POOL, p1!)).toEqual([]);
    expect((await eventsAfter(t, 'host', cursor)).map((e) => [e.type, e.detail.bk_host_id])).toEqual([['delete', p1], ['delete', p2]]);
    expect((await eventsAfter(t, 'host_relation', cursor)).map((e) => [e.type, e.detail.bk_host_id])).toEqual([['delete', p1], ['delete', p2]]);
    expect(await auditsOf(t, 'delete', p1!)).toHaveLength(1);
  });

  it('delete_host refuses hosts of a business (1110055), unknown hosts (1110008) and non-maintainers of the pool (9900403)', async () => {
    const [mine] = await addToBiz(t, biz, [{ bk_host_innerip: ip() }]);
    const [pooled] = await addToPool(t, [{ bk_host_innerip: ip() }]);
    await expectRefused(t, () => t.esb('delete_host', { bk_host_id: `${pooled},${mine}` }), 1110055, new RegExp(String(mine)));
    await expectRefused(t, () => t.esb('delete_host', { bk_host_id: `${pooled},888888` }), 1110008);
    await expectRefused(t, () => t.as('alice')('delete_host', { bk_host_id: `${pooled}` }), 9900403);
    await expectRefused(t, () => t.esb('delete_host', { bk_host_id: 'all' }), 1199006);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('host searches', () => {
  let t: TestTopograph;
  let biz: number;
  let other: number;
  let web: number;
  let db: number;
  let nginx: number;
  let php: number;
  let mysql: number;
  let h: number[];
  let pooled: number[];
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'shop', 'admin');
    other = await makeBusiness(t, 'other', 'admin');
    web = await makeSet(t, biz, 'web');
    db = await makeSet(t, biz, 'db');
    nginx = await makeModule(t, biz, web, 'nginx');
    php = await makeModule(t, biz, web, 'php');
    mysql = await makeModule(t, biz, db, 'mysql');
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'host', bk_property_id: 'rack', bk_property_name: 'rack', bk_property_type: 'singlechar' }));
    h = await addToBiz(t, biz, [
      { bk_host_innerip: '192.168.1.1', bk_host_name: 'web-01', bk_cpu: 4, bk_os_type: '1', rack: 'A1' },
      { bk_host_innerip: '192.168.1.2', bk_host_name: 'web-02', bk_cpu: 8, bk_os_type: '1', rack: 'A2' },
      { bk_host_innerip: '192.168.2.1', bk_host_name: 'db-01', bk_cpu: 16, bk_os_type: '2' },
      { bk_host_innerip: '192.168.9.9', bk_host_name: '' },
    ]);
    ok(await t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: [h[0], h[1]], bk_module_id: [nginx] }));
    ok(await t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: [h[1]], bk_module_id: [php], is_increment: true }));
    ok(await t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: [h[2]], bk_module_id: [mysql] }));
    await addToBiz(t, other, [{ bk_host_innerip: '192.168.1.1', bk_cloud_id: ok(await t.esb('create_cloud_area', { bk_cloud_name: 'c2' })).data.created.id }]);
    pooled = await addToPool(t, [{ bk_host_innerip: '172.16.0.1', bk_host_name: 'spare' }]);
  });
  afterAll(() => t.stop());

  const ids = (r: EsbAnswer) => (r.data.info as Row[]).map((x) => x.bk_host_id as number);
  const list = async (body: Row) => ok(await t.esb('list_biz_hosts', { bk_biz_id: biz, ...body }));
  const where = async (rules: unknown[], condition = 'AND') => ids(await list({ host_property_filter: { condition, rules } }));

  it('list_biz_hosts: every host of the business, in id order, with count; fields project (id kept)', async () => {
    const r = await list({ fields: ['bk_host_innerip', 'rack'], page: { start: 0, limit: 10 } });
    expect(r.data.count).toBe(4);
    expect(r.data.info).toEqual([
      { bk_host_id: h[0], bk_host_innerip: '192.168.1.1', rack: 'A1' },
      { bk_host_id: h[1], bk_host_innerip: '192.168.1.2', rack: 'A2' },
      { bk_host_id: h[2], bk_host_innerip: '192.168.2.1', rack: '' },
      { bk_host_id: h[3], bk_host_innerip: '192.168.9.9', rack: '' },
    ]);
    const all = await list({});
    expect(all.data.info[0]).toMatchObject({ bk_host_name: 'web-01', bk_cpu: 4, bk_cloud_id: 0 });
    expect(all.data.info[0]).not.toHaveProperty('custom');
  });

  it('equality and membership on a field of several values (enummulti) look at each value, as bk-cmdb\'s arrays', async () => {
    const options = ['a', 'b', 'c'].map((id) => ({ id, name: id, type: 'text' }));
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'host', bk_property_id: 'roles', bk_property_name: 'roles', bk_property_type: 'enummulti', option: options, ismultiple: true }));
    ok(await t.esb('update_host', { bk_host_id: String(h[0]), data: { roles: ['a', 'b'] } }));
    ok(await t.esb('update_host', { bk_host_id: String(h[1]), data: { roles: ['c'] } }));
    const roles = (operator: string, value: unknown) => where([{ field: 'roles', operator, value }]);
    expect(await roles('equal', 'b')).toEqual([h[0]]);
    expect(await roles('in', ['c', 'x'])).toEqual([h[1]]);
    expect(await roles('in', ['a', 'c'])).toEqual([h[0], h[1]]);
    // hosts with no value are not equal to anything
    expect(await roles('not_equal', 'a')).toEqual([h[1], h[2], h[3]]);
    expect(await roles('not_in', ['a', 'c'])).toEqual([h[2], h[3]]);
    expect(await roles('is_empty', undefined)).toEqual([h[2], h[3]]);
  });

  it('bk_set_ids and bk_module_ids narrow by topology (a host in two modules counts once)', async () => {
    expect(ids(await list({ bk_set_ids: [web] }))).toEqual([h[0], h[1]]);
    expect(ids(await list({ bk_set_ids: [db] }))).toEqual([h[2]]);
    expect(ids(await list({ bk_module_ids: [php] }))).toEqual([h[1]]);
    expect(ids(await list({ bk_module_ids: [nginx, php] }))).toEqual([h[0], h[1]]);
    expect(ids(await list({ bk_set_ids: [web], bk_module_ids: [mysql] }))).toEqual([]);
    expect((await list({ bk_set_ids: [web] })).data.count).toBe(2);
  });

  it('set_cond and module_cond ($eq / $ne on set and module fields)', async () => {
    expect(ids(await list({ set_cond: [{ field: 'bk_set_name', operator: '$eq', value: 'db' }] }))).toEqual([h[2]]);
    expect(ids(await list({ module_cond: [{ field: 'bk_module_name', operator: '$ne', value: 'nginx' }] }))).toEqual([h[1], h[2], h[3]]);
    await expectRefused(t, () => t.esb('list_biz_hosts', { bk_biz_id: biz, bk_set_ids: [web], set_cond: [{ field: 'bk_set_name', operator: '$eq', value: 'db' }] }), 1199006);
    await expectRefused(t, () => t.esb('list_biz_hosts', { bk_biz_id: biz, set_cond: [{ field: 'bk_set_name', operator: '$regex', value: 'd' }] }), 1199006);
  });

  it('host_property_filter: each operator', async () => {
    const r = (field: string, operator: string, value?: unknown) => ({ field, operator, value });
    expect(await where([r('bk_host_innerip', 'equal', '192.168.1.2')])).toEqual([h[1]]);
    expect(await where([r('bk_os_type', 'not_equal', '1')])).toEqual([h[2], h[3]]);
    expect(await where([r('bk_cpu', 'in', [4, 16])])).toEqual([h[0], h[2]]);
    expect(await where([r('bk_host_name', 'not_in', ['web-01', 'db-01'])])).toEqual([h[1], h[3]]);
    expect(await where([r('bk_cpu', 'less', 8)])).toEqual([h[0]]);
    expect(await where([r('bk_cpu', 'less_or_equal', 8)])).toEqual([h[0], h[1]]);
    expect(await where([r('bk_cpu', 'greater', 8)])).toEqual([h[2]]);
    expect(await where([r('bk_cpu', 'greater_or_equal', 8)])).toEqual([h[1], h[2]]);
    expect(await where([r('bk_host_name', 'contains', 'EB-0')])).toEqual([h[0], h[1]]);
    expect(await where([r('bk_host_innerip', 'begins_with', '192.168.1.')])).toEqual([h[0], h[1]]);
    expect(await where([r('bk_host_name', 'ends_with', '-01')])).toEqual([h[0], h[2]]);
    expect(await where([r('bk_host_name', 'is_empty')])).toEqual([h[3]]);
    expect(await where([r('bk_host_name', 'is_not_empty')])).toEqual([h[0], h[1], h[2]]);
    expect(await where([r('bk_cpu', 'is_empty')])).toEqual([h[3]]);
    expect(await where([r('bk_host_name', 'not_contains', 'web')])).toEqual([h[2], h[3]]);
    expect(await where([r('bk_host_name', 'contains', '%')])).toEqual([]);
  });

  it('custom attributes filter too, and AND / OR nest one level', async () => {
    expect(await where([{ field: 'rack', operator: 'equal', value: 'A2' }])).toEqual([h[1]]);
    expect(await where([{ field: 'rack', operator: 'begins_with', value: 'A' }])).toEqual([h[0], h[1]]);
    expect(await where([{ field: 'rack', operator: 'is_empty' }])).toEqual([h[2], h[3]]);
    expect(await where([{ field: 'rack', operator: 'in', value: ['A1', 'B7'] }])).toEqual([h[0]]);
    const nested = await where([
      { field: 'bk_host_innerip', operator: 'begins_with', value: '192.168.' },
      {
        condition: 'OR',
        rules: [
          { field: 'bk_os_type', operator: 'equal', value: '2' },
          { field: 'bk_cpu', operator: 'equal', value: 4 },
        ],
      },
    ]);
    expect(nested).toEqual([h[0], h[2]]);
    expect(await where([{ field: 'bk_cpu', operator: 'equal', value: 4 }, { field: 'bk_cpu', operator: 'equal', value: 16 }], 'OR')).toEqual([h[0], h[2]]);
  });

  it('host_property_filter refusals (1199006): unknown field or operator, wrong operand type, groups nested too deep', async () => {
    const bad = (filter: unknown) => () => t.esb('list_biz_hosts', { bk_biz_id: biz, host_property_filter: filter });
    await expectRefused(t, bad({ condition: 'AND', rules: [{ field: 'nope', operator: 'equal', value: 1 }] }), 1199006, /host_property_filter\.rules\[0\]\.field/);
    await expectRefused(t, bad({ condition: 'AND', rules: [{ field: 'bk_cpu', operator: 'regex', value: 1 }] }), 1199006, /operator/);
    await expectRefused(t, bad({ condition: 'AND', rules: [{ field: 'bk_cpu', operator: 'equal', value: '4' }] }), 1199006, /number/);
    await expectRefused(t, bad({ condition: 'AND', rules: [{ field: 'bk_cpu', operator: 'equal', value: 2 ** 40 }] }), 1199006);
    await expectRefused(t, bad({ condition: 'AND', rules: [{ field: 'bk_cpu', operator: 'contains', value: '4' }] }), 1199006, /text fields/);
    await expectRefused(t, bad({ condition: 'AND', rules: [{ field: 'bk_cpu', operator: 'in', value: 4 }] }), 1199006, /array/);
    await expectRefused(t, bad({ condition: 'XOR', rules: [] }), 1199006, /condition/);
    await expectRefused(
      t,
      bad({ condition: 'AND', rules: [{ condition: 'OR', rules: [{ condition: 'AND', rules: [{ field: 'bk_cpu', operator: 'equal', value: 4 }] }] }] }),
      1199006,
      /deeper than 2/,
    );
    await expectRefused(t, bad({ condition: 'AND', rules: [{ field: 'bk_cpu', operator: 'in', value: Array.from({ length: 501 }, (_, i) => i) }] }), 1199035);
    await expectRefused(t, bad({ condition: 'AND', rules: [{ field: 'bk_host_name', operator: 'equal', value: 'a\u0000b' }] }), 1199006);
  });

  it('pages: limit ≤ 500 (1199059), start and sort, "-" for descending', async () => {
    const p = await list({ page: { start: 1, limit: 2, sort: '-bk_cpu' } });
    expect(p.data.count).toBe(4);
    expect(ids(p)).toEqual([h[1], h[0]]);
    expect(ids(await list({ page: { sort: 'bk_host_name' } }))).toEqual([h[3], h[2], h[0], h[1]]);
    await expectRefused(t, () => t.esb('list_biz_hosts', { bk_biz_id: biz, page: { limit: 501 } }), 1199059);
    await expectRefused(t, () => t.esb('list_biz_hosts', { bk_biz_id: biz, page: { sort: 'nope' } }), 1199006);
    await expectRefused(t, () => t.esb('list_biz_hosts', { bk_biz_id: biz, bk_set_ids: Array.from({ length: 201 }, (_, i) => i + 1) }), 1199035);
    await expectRefused(t, () => t.esb('list_biz_hosts', { bk_biz_id: 4242 }), 1199011);
    await expectRefused(t, () => t.esb('list_biz_hosts', { bk_biz_id: biz, fields: ['nope'] }), 1199006);
  });

  it('list_biz_hosts_topo: each host with its sets and modules in the business', async () => {
    const r = ok(await t.esb('list_biz_hosts_topo', { bk_biz_id: biz, fields: ['bk_host_innerip'], bk_set_ids: [web] }));
    expect(r.data.count).toBe(2);
    expect(r.data.info).toEqual([
      { host: { bk_host_id: h[0], bk_host_innerip: '192.168.1.1' }, topo: [{ bk_set_id: web, bk_set_name: 'web', module: [{ bk_module_id: nginx, bk_module_name: 'nginx' }] }] },
      {
        host: { bk_host_id: h[1], bk_host_innerip: '192.168.1.2' },
        topo: [{ bk_set_id: web, bk_set_name: 'web', module: [{ bk_module_id: nginx, bk_module_name: 'nginx' }, { bk_module_id: php, bk_module_name: 'php' }] }],
      },
    ]);
    const filtered = ok(
      await t.esb('list_biz_hosts_topo', { bk_biz_id: biz, set_property_filter: { condition: 'AND', rules: [{ field: 'bk_set_name', operator: 'equal', value: 'db' }] } }),
    );
    expect((filtered.data.info as Row[]).map((x) => (x.host as Row).bk_host_id)).toEqual([h[2]]);
    const byModule = ok(
      await t.esb('list_biz_hosts_topo', { bk_biz_id: biz, module_property_filter: { condition: 'OR', rules: [{ field: 'bk_module_name', operator: 'in', value: ['php', 'mysql'] }] } }),
    );
    expect((byModule.data.info as Row[]).map((x) => (x.host as Row).bk_host_id)).toEqual([h[1], h[2]]);
    const idle = ok(await t.esb('list_biz_hosts_topo', { bk_biz_id: biz, host_property_filter: { condition: 'AND', rules: [{ field: 'bk_host_id', operator: 'equal', value: h[3] }] } }));
    expect((idle.data.info[0] as Row).topo).toEqual([expect.objectContaining({ bk_set_name: 'idle pool', module: [expect.objectContaining({ bk_module_name: 'idle host' })] })]);
  });

  it('list_host_total_mainline_topo: the same hosts, each with its mainline tree as {inst, children}', async () => {
    const r = ok(
      await t.esb('list_host_total_mainline_topo', {
        bk_biz_id: biz,
        fields: ['bk_host_innerip'],
        set_property_filter: { condition: 'AND', rules: [{ field: 'bk_set_name', operator: 'equal', value: 'web' }] },
        page: { start: 0, limit: 10 },
      }),
    );
    expect(r.data.count).toBe(2);
    const mod = (id: number, name: string) => ({ inst: { obj: 'module', name, id }, children: null });
    expect(r.data.info).toEqual([
      { host: { bk_host_id: h[0], bk_host_innerip: '192.168.1.1' }, topo: [{ inst: { obj: 'set', name: 'web', id: web }, children: [mod(nginx, 'nginx')] }] },
      {
        host: { bk_host_id: h[1], bk_host_innerip: '192.168.1.2' },
        topo: [{ inst: { obj: 'set', name: 'web', id: web }, children: [mod(nginx, 'nginx'), mod(php, 'php')] }],
      },
    ]);
    const none = ok(await t.esb('list_host_total_mainline_topo', { bk_biz_id: biz, mainline_property_filters: [], page: { limit: 1 } }));
    expect(none.data.count).toBe(4);
    const custom = await expectRefused(
      t,
      () => t.esb('list_host_total_mainline_topo', { bk_biz_id: biz, mainline_property_filters: [{ bk_obj_id: 'city', filter: { condition: 'AND', rules: [] } }] }),
      1199006,
      /mainline_property_filters\[0\]\.bk_obj_id/,
    );
    expect(custom.message).toContain('custom mainline level');
  });

  it('bounds the values of all of a call\'s filters together, so none can pass the store\'s parameter limit (1199035)', async () => {
    const values = Array.from({ length: 500 }, (_, i) => i + 1);
    const group = (field: string) => ({ condition: 'OR', rules: Array.from({ length: 10 }, () => ({ field, operator: 'in', value: values })) });
    const wide = (field: string) => ({ condition: 'AND', rules: [group(field), group(field), group(field), group(field)] });
    // 20,000 values in one filter, 60,000 in three: each alone or together over the bound
    const one = await expectRefused(t, () => t.esb('list_hosts_without_biz', { host_property_filter: wide('bk_host_id') }), 1199035);
    expect(one.message).toContain('host_property_filter');
    const three = await expectRefused(
      t,
      () => t.esb('list_biz_hosts', { bk_biz_id: biz, host_property_filter: group('bk_host_id'), set_property_filter: wide('bk_set_id'), module_property_filter: wide('bk_module_id') }),
      1199035,
    );
    expect(three.message).toMatch(/host_property_filter \+ set_cond \/ set_property_filter \+ module_cond \/ module_property_filter/);
    // within the bound the same shape is answered
    expect((await t.esb('list_biz_hosts', { bk_biz_id: biz, host_property_filter: group('bk_host_id') })).result).toBe(true);
  });

  it('list_hosts_without_biz: hosts of every business and the pool; bk_biz_id narrows; sorted by id', async () => {
    const all = ok(await t.esb('list_hosts_without_biz', { fields: ['bk_host_innerip'], page: { limit: 500, sort: '-bk_host_innerip' } }));
    expect(all.data.count).toBe(6);
    const listed = ids(all);
    expect(listed).toEqual([...listed].sort((a, b) => a - b));
    expect(listed).toContain(pooled[0]);
    const sameIp = ok(await t.esb('list_hosts_without_biz', { host_property_filter: { condition: 'AND', rules: [{ field: 'bk_host_innerip', operator: 'equal', value: '192.168.1.1' }] } }));
    expect(sameIp.data.count).toBe(2);
    const narrowed = ok(await t.esb('list_hosts_without_biz', { bk_biz_id: other }));
    expect(narrowed.data.count).toBe(1);
    await expectRefused(t, () => t.esb('list_hosts_without_biz', { page: { limit: 501 } }), 1199059);
    // The sort it replaces is still checked: a field the model lacks, or a sort that is not a string, is refused.
    for (const sort of ['no_such_field', 5, ['bk_host_id']]) {
      const r = await expectRefused(t, () => t.esb('list_hosts_without_biz', { page: { sort } }), 1199006);
      expect(r.message).toContain('page.sort');
    }
  });

  it('list_resource_pool_hosts: the pool only', async () => {
    const r = ok(await t.esb('list_resource_pool_hosts', { fields: ['bk_host_name'] }));
    expect(r.data).toEqual({ count: 1, info: [{ bk_host_id: pooled[0], bk_host_name: 'spare' }] });
  });

  it('find_host_topo_relation: relation rows of a business with filters and a page', async () => {
    const r = ok(await t.esb('find_host_topo_relation', { bk_biz_id: biz, bk_set_ids: [web], page: { start: 0, limit: 10 } }));
    expect(r.data).toEqual({
      count: 3,
      page: { start: 0, limit: 10 },
      data: [
        { bk_biz_id: biz, bk_set_id: web, bk_module_id: nginx, bk_host_id: h[0], bk_supplier_account: '0' },
        { bk_biz_id: biz, bk_set_id: web, bk_module_id: nginx, bk_host_id: h[1], bk_supplier_account: '0' },
        { bk_biz_id: biz, bk_set_id: web, bk_module_id: php, bk_host_id: h[1], bk_supplier_account: '0' },
      ],
    });
    const paged = ok(await t.esb('find_host_topo_relation', { bk_biz_id: biz, page: { start: 1, limit: 2 } }));
    expect(paged.data.count).toBe(5);
    expect((paged.data.data as Row[]).map((x) => [x.bk_host_id, x.bk_module_id])).toEqual([[h[1], nginx], [h[1], php]]);
    expect(ok(await t.esb('find_host_topo_relation', { bk_biz_id: biz, bk_module_ids: [mysql], page: { limit: 5 } })).data.count).toBe(1);
    await expectRefused(t, () => t.esb('find_host_topo_relation', { bk_biz_id: biz, page: { limit: 501 } }), 1199059);
    await expectRefused(t, () => t.esb('find_host_topo_relation', { bk_biz_id: biz, bk_host_ids: Array.from({ length: 501 }, (_, i) => i + 1), page: { limit: 5 } }), 1199035);
    await expectRefused(t, () => t.esb('find_host_topo_relation', { bk_biz_id: 4242, page: { limit: 5 } }), 1199011);
  });

  it('get_host_base_info: the host as a property list', async () => {
    const r = ok(await t.esb('get_host_base_info', { bk_host_id: h[0] }));
    const props = r.data as Array<{ bk_property_id: string; bk_property_name: string; bk_property_value: unknown }>;
    expect(props.find((p) => p.bk_property_id === 'bk_host_innerip')).toEqual({ bk_property_id: 'bk_host_innerip', bk_property_name: 'inner IP', bk_property_value: '192.168.1.1' });
    expect(props.find((p) => p.bk_property_id === 'bk_cpu')!.bk_property_value).toBe(4);
    expect(props.find((p) => p.bk_property_id === 'rack')!.bk_property_value).toBe('A1');
    expect(props.at(-1)).toEqual({ bk_property_id: 'bk_host_id', bk_property_name: 'host ID', bk_property_value: h[0] });
    await expectRefused(t, () => t.esb('get_host_base_info', { bk_host_id: 424242 }), 1110008);
  });
});
