import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { DIRECT, auditCount, expectRefused, ok } from './support/fixtures.js';
import { makeBusiness, startTopograph, type TestTopograph } from './support/server.js';

/** Host locks (add_host_lock, delete_host_lock, search_host_lock) and add_host_to_resource_pool. */

const INVALID = 1199006;
const REQUIRED = 1199010;
const TOO_MANY = 1199035;
const NO_PERMISSION = 9900403;
const DUPLICATE = 1199014;
/** a required parameter missing is refused at the gateway, as the BlueKing ESB does */
const GATEWAY = 1306000;
/** a module outside the resource pool (bk-cmdb's code for it) */
const NOT_POOL_MODULE = 1110061;
const NOT_INTEGER = 1199009;

type Row = Record<string, unknown>;

describe(`host locks (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;
  /** hosts of the business (maintained by carol) */
  let h1: number;
  let h2: number;
  /** a host of the resource pool */
  let pooled: number;

  const locks = async (ids: number[]) => ok(await t.esb('search_host_lock', { id_list: ids })) as Record<string, boolean>;
  const lockAudits = async (action: string) =>
    ok(await t.esb('list_operation_audit', { condition: { resource_type: 'host_lock', action: [action] }, page: { limit: 200 } })).info as Row[];

  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'lock-shop', 'admin,carol');
    [h1, h2] = ok(await t.esb('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [{ bk_host_innerip: '10.90.0.1' }, { bk_host_innerip: '10.90.0.2' }] }))
      .bk_host_ids as number[];
    [pooled] = ok(await t.esb('add_host_to_resource', { host_info: { 0: { bk_host_innerip: '10.90.0.9', bk_cloud_id: 0 } } })).bk_host_ids as number[];
  });
  afterAll(() => t?.stop());

  it('locks hosts, answers null, and search_host_lock answers true for them and false for the rest', async () => {
    expect(await locks([h1, h2])).toEqual({ [h1]: false, [h2]: false });
    expect(ok(await t.esb('add_host_lock', { id_list: [h1] }))).toBeNull();
    expect(await locks([h1, h2, 999999])).toEqual({ [h1]: true, [h2]: false, 999999: false });
  });

  it('locking a locked host again succeeds and keeps one lock, its first locker and one audit record', async () => {
    const carol = t.as('carol');
    const before = (await lockAudits('create')).length;
    expect(ok(await carol('add_host_lock', { id_list: [h1, h2, h2] }))).toBeNull();
    const created = await lockAudits('create');
    // h1 was locked already (by admin): only h2 is new.
    expect(created.length).toBe(before + 1);
    const rec = created.find((a) => a.resource_id === h2)!;
    expect(rec).toMatchObject({ bk_biz_id: biz, resource_name: '10.90.0.2', user: 'carol' });
    // h1 keeps its first locker, admin; h2 is carol's.
    const lockers = await t.store.write(DIRECT, (w) => w.trx.selectFrom('host_lock').select(['bk_host_id', 'bk_user']).orderBy('bk_host_id').execute());
    expect(lockers).toEqual([
      { bk_host_id: h1, bk_user: 'admin' },
      { bk_host_id: h2, bk_user: 'carol' },
    ]);
    expect(await locks([h1, h2])).toEqual({ [h1]: true, [h2]: true });
  });

  it('unlocks hosts; unlocking a host that is not locked, or an id that is no host, is no error', async () => {
    const before = (await lockAudits('delete')).length;
    expect(ok(await t.esb('delete_host_lock', { id_list: [h2, 999999] }))).toBeNull();
    expect(await locks([h1, h2])).toEqual({ [h1]: true, [h2]: false });
    expect((await lockAudits('delete')).length).toBe(before + 1);
    const audits = await auditCount(t);
    expect(ok(await t.esb('delete_host_lock', { id_list: [h2] }))).toBeNull();
    expect(await auditCount(t)).toBe(audits);
  });

  it('refuses ids that are no hosts, naming them, and locks none of the batch', async () => {
    const r = await expectRefused(t, () => t.esb('add_host_lock', { id_list: [h2, 999998] }), INVALID);
    expect(r.message).toContain('id_list');
    expect(r.message).toContain('999998');
    expect(await locks([h2])).toEqual({ [h2]: false });
    // Many unknown ids: the message names the first 20 and the count, not all of them.
    const many = await t.esb('add_host_lock', { id_list: Array.from({ length: 5000 }, (_, i) => 900_000 + i) });
    expect(many.code).toBe(INVALID);
    expect(many.message).toContain('(5000 in all)');
    expect(many.message.length).toBeLessThan(400);
  });

  it('checks id_list: required, an array of ids, within its cap', async () => {
    for (const call of ['add_host_lock', 'delete_host_lock', 'search_host_lock']) {
      expect((await t.esb(call, {})).code).toBe(GATEWAY);
      expect((await t.esb(call, { id_list: [] })).code).toBe(REQUIRED);
      const bad = await t.esb(call, { id_list: [h1, '2'] });
      expect(bad.code).toBe(INVALID);
      expect(bad.message).toContain('id_list[1]');
      expect((await t.esb(call, { id_list: 5 })).code).toBe(INVALID);
      expect((await t.esb(call, { id_list: Array.from({ length: 10_001 }, (_, i) => i + 1) })).code).toBe(TOO_MANY);
    }
  });

  it("refuses a user who does not maintain the hosts' business, for locking and unlocking", async () => {
    const dave = t.as('dave');
    const r = await expectRefused(t, () => dave('add_host_lock', { id_list: [h2] }), NO_PERMISSION);
    expect(r.permission).toBeTruthy();
    await expectRefused(t, () => dave('delete_host_lock', { id_list: [h1] }), NO_PERMISSION);
    expect(await locks([h1, h2])).toEqual({ [h1]: true, [h2]: false });
    // Reading is open to every user.
    expect(ok(await dave('search_host_lock', { id_list: [h1] }))).toEqual({ [h1]: true });
    // A resource-pool host is the administrator's.
    await expectRefused(t, () => t.as('carol')('add_host_lock', { id_list: [pooled] }), NO_PERMISSION);
  });

  it("a deleted host takes its lock with it, audited as an unlock, and the host's id is then no host to lock", async () => {
    ok(await t.esb('add_host_lock', { id_list: [pooled] }));
    expect(await locks([pooled])).toEqual({ [pooled]: true });
    const unlocks = (await lockAudits('delete')).length;
    ok(await t.esb('delete_host', { bk_host_id: String(pooled) }));
    const after = await lockAudits('delete');
    expect(after.length).toBe(unlocks + 1);
    expect(after.find((a) => a.resource_id === pooled)).toMatchObject({ resource_name: '10.90.0.9' });
    expect(await locks([pooled])).toEqual({ [pooled]: false });
    expect((await t.store.hostLocks.lockedAmong([pooled])).size).toBe(0);
    await expectRefused(t, () => t.esb('add_host_lock', { id_list: [pooled] }), INVALID);
  });

  it('a lock is advisory: a locked host can still be updated and moved, as in bk-cmdb', async () => {
    ok(await t.esb('update_host', { bk_host_id: String(h1), data: { bk_host_name: 'still-editable' } }));
    ok(await t.esb('transfer_host_to_faultmodule', { bk_biz_id: biz, bk_host_id: [h1] }));
    expect(await locks([h1])).toEqual({ [h1]: true });
  });
});

describe(`add_host_to_resource_pool (${TEST_DB})`, () => {
  let t: TestTopograph;
  const poolHosts = async () =>
    ok(await t.esb('list_resource_pool_hosts', { fields: ['bk_host_innerip'], page: { limit: 500 } })).info.map((h: Row) => h.bk_host_innerip);

  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t?.stop());

  it("adds the documented example's hosts (each with its cloud area) and answers {success: [{index, bk_host_id}], error: []}", async () => {
    const r = await t.esb('add_host_to_resource_pool', {
      host_info: [
        { bk_host_innerip: '10.91.0.1', bk_host_name: 'host1', bk_cloud_id: 0, operator: 'admin', bk_addressing: 'dynamic', bk_comment: 'comment' },
        { bk_host_innerip: '10.91.0.2', bk_host_name: 'host2', bk_cloud_id: 0, operator: 'admin', bk_comment: 'comment' },
      ],
    });
    const data = ok(r);
    expect(data.error).toEqual([]);
    expect(data.success.map((s: Row) => s.index)).toEqual([0, 1]);
    const ids = data.success.map((s: Row) => s.bk_host_id) as number[];
    expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
    const rels = ok(await t.esb('find_host_biz_relations', { bk_host_id: ids })) as Row[];
    const pool = ok(await t.esb('get_biz_internal_module', { bk_biz_id: rels[0]!.bk_biz_id }));
    expect(rels.map((x) => x.bk_module_id)).toEqual([pool.module.find((m: Row) => m.default === 1).bk_module_id, pool.module.find((m: Row) => m.default === 1).bk_module_id]);
    const info = ok(await t.esb('get_host_base_info', { bk_host_id: ids[0] })) as Row[];
    expect(info.find((p) => p.bk_property_id === 'bk_addressing')!.bk_property_value).toBe('dynamic');
    expect(await poolHosts()).toEqual(expect.arrayContaining(['10.91.0.1', '10.91.0.2']));
  });

  it('puts the hosts in the pool module directory names, and refuses a module outside the pool', async () => {
    const some = ok(await t.esb('list_resource_pool_hosts', { fields: ['bk_host_id'], page: { limit: 1 } })).info[0].bk_host_id as number;
    const pool = (ok(await t.esb('find_host_biz_relations', { bk_host_id: [some] })) as Row[])[0]!.bk_biz_id;
    const recycle = ok(await t.esb('get_biz_internal_module', { bk_biz_id: pool })).module.find((m: Row) => m.default === 3).bk_module_id as number;
    const data = ok(await t.esb('add_host_to_resource_pool', { host_info: [{ bk_host_innerip: '10.91.0.3', bk_cloud_id: 0 }], directory: recycle }));
    const rels = ok(await t.esb('find_host_biz_relations', { bk_host_id: [data.success[0].bk_host_id] })) as Row[];
    expect(rels[0]!.bk_module_id).toBe(recycle);

    const biz = await makeBusiness(t, 'pool-shop');
    const idle = ok(await t.esb('get_biz_internal_module', { bk_biz_id: biz })).module.find((m: Row) => m.default === 1).bk_module_id as number;
    const r = await expectRefused(t, () => t.esb('add_host_to_resource_pool', { host_info: [{ bk_host_innerip: '10.91.0.4', bk_cloud_id: 0 }], directory: idle }), NOT_POOL_MODULE);
    expect(r.message).toContain('directory');
  });

  it('checks the batch whole: a bad row refuses the call, names its index, and adds none of the others', async () => {
    const before = await poolHosts();
    const missingCloud = await expectRefused(
      t,
      () => t.esb('add_host_to_resource_pool', { host_info: [{ bk_host_innerip: '10.91.1.1', bk_cloud_id: 0 }, { bk_host_innerip: '10.91.1.2' }] }),
      REQUIRED,
    );
    expect(missingCloud.message).toContain('host_info[1].bk_cloud_id');
    const missingIp = await expectRefused(t, () => t.esb('add_host_to_resource_pool', { host_info: [{ bk_cloud_id: 0 }] }), REQUIRED);
    expect(missingIp.message).toContain('host_info[0].bk_host_innerip');
    const dup = await expectRefused(
      t,
      () => t.esb('add_host_to_resource_pool', { host_info: [{ bk_host_innerip: '10.91.1.3', bk_cloud_id: 0 }, { bk_host_innerip: '10.91.0.1', bk_cloud_id: 0 }] }),
      DUPLICATE,
    );
    expect(dup.message).toContain('host_info[1]');
    const badType = await expectRefused(t, () => t.esb('add_host_to_resource_pool', { host_info: [{ bk_host_innerip: '10.91.1.4', bk_cloud_id: 0, bk_cpu: '4' }] }), NOT_INTEGER);
    expect(badType.message).toContain('host_info[0].bk_cpu');
    expect((await t.esb('add_host_to_resource_pool', { host_info: { 0: { bk_host_innerip: '10.91.1.5', bk_cloud_id: 0 } } })).code).toBe(INVALID);
    expect((await t.esb('add_host_to_resource_pool', {})).code).toBe(GATEWAY);
    expect((await t.esb('add_host_to_resource_pool', { host_info: [] })).code).toBe(REQUIRED);
    expect(await poolHosts()).toEqual(before);
  });

  it("is the administrator's: the resource pool has no other maintainer", async () => {
    await expectRefused(t, () => t.as('carol')('add_host_to_resource_pool', { host_info: [{ bk_host_innerip: '10.91.2.1', bk_cloud_id: 0 }] }), NO_PERMISSION);
  });
});
