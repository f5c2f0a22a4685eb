import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBusiness, makeSet, startTopograph, type EsbAnswer, type TestTopograph } from './support/server.js';
import { addHostDirectly, auditCount, expectRefused, removeHostDirectly } from './support/fixtures.js';

/**
 * Businesses end to end: search_business, update_business, update_business_enable_status and
 * delete_business (bk-cmdb-detail.md §2.13–2.14, §4).
 */

type Row = Record<string, unknown>;

/** The stored business, archived or not. */
async function biz(t: TestTopograph, id: number): Promise<Row | undefined> {
  const r = await t.esb('search_business', { condition: { bk_biz_id: id, bk_data_status: { $in: ['disabled'] } } });
  const archived = r.data.info[0] as Row | undefined;
  if (archived) return archived;
  const live = await t.esb('search_business', { condition: { bk_biz_id: id } });
  return live.data.info[0] as Row | undefined;
}

const bizIds = (r: EsbAnswer) => (r.data.info as Row[]).map((b) => b.bk_biz_id as number);

/** A host in the business's idle module, written directly (host calls are not this file's subject). */
async function hostInIdle(t: TestTopograph, bizId: number, ip: string): Promise<number> {
  const internal = await t.esb('get_biz_internal_module', { bk_biz_id: bizId });
  return addHostDirectly(t, ip, { bizId, setId: internal.data.bk_set_id, moduleId: internal.data.module[0].bk_module_id });
}

const removeHost = removeHostDirectly;

describe('search_business', () => {
  let t: TestTopograph;
  let shop: number;
  let pay: number;
  let beta: number;
  beforeAll(async () => {
    t = await startTopograph();
    shop = await makeBusiness(t, 'alphashop', 'admin,alice');
    pay = await makeBusiness(t, 'alphapay', 'bob');
    beta = await makeBusiness(t, 'betabiz', 'alice2,carol');
    await t.esb('update_business', { bk_biz_id: pay, data: { life_cycle: '1' } });
  });
  afterAll(() => t.stop());

  it('lists businesses in id order with count, never the resource pool', async () => {
    const r = await t.esb('search_business', {});
    expect(r.result).toBe(true);
    expect(r.data.count).toBe(3);
    expect(bizIds(r)).toEqual([shop, pay, beta]);
    expect(bizIds(r)).not.toContain(1);
    expect(r.data.info[0]).toMatchObject({
      bk_biz_name: 'alphashop',
      bk_biz_maintainer: 'admin,alice',
      time_zone: 'Asia/Shanghai',
      language: '1',
      life_cycle: '2',
      default: 0,
      bk_supplier_account: '0',
    });
  });

  it('keeps the resource pool out even when asked for by id or by default (default is forced to 0)', async () => {
    const byId = await t.esb('search_business', { condition: { bk_biz_id: 1 } });
    expect(byId.result).toBe(true);
    expect(byId.data.count).toBe(0);
    const byDefault = await t.esb('search_business', { condition: { default: 1 } });
    expect(byDefault.result).toBe(true);
    expect(bizIds(byDefault)).toEqual([shop, pay, beta]);
  });

  it('matches string conditions as case-insensitive "contains"', async () => {
    const r = await t.esb('search_business', { condition: { bk_biz_name: 'ALPHA' } });
    expect(r.result).toBe(true);
    expect(bizIds(r)).toEqual([shop, pay]);
    const mid = await t.esb('search_business', { condition: { bk_biz_name: 'HaSh' } });
    expect(bizIds(mid)).toEqual([shop]);
    const none = await t.esb('search_business', { condition: { bk_biz_name: 'gamma' } });
    expect(none.data.count).toBe(0);
  });

  it('matches user fields by whole names in the comma list', async () => {
    const alice = await t.esb('search_business', { condition: { bk_biz_maintainer: 'alice' } });
    expect(bizIds(alice)).toEqual([shop]); // not "alice2"
    const carol = await t.esb('search_business', { condition: { bk_biz_maintainer: 'carol' } });
    expect(bizIds(carol)).toEqual([beta]);
    const admin = await t.esb('search_business', { condition: { bk_biz_maintainer: 'admin' } });
    expect(bizIds(admin)).toEqual([shop]);
    const partial = await t.esb('search_business', { condition: { bk_biz_maintainer: 'ali' } });
    expect(partial.data.count).toBe(0);
    // several names: each must be in the list (bk-cmdb ANDs them)
    const both = await t.esb('search_business', { condition: { bk_biz_maintainer: 'alice,admin' } });
    expect(bizIds(both)).toEqual([shop]);
    const apart = await t.esb('search_business', { condition: { bk_biz_maintainer: 'alice,bob' } });
    expect(apart.data.count).toBe(0);
  });

  it('supports $in, $ne and plain integer values', async () => {
    const inR = await t.esb('search_business', { condition: { bk_biz_id: { $in: [beta, shop, 1] } } });
    expect(bizIds(inR)).toEqual([shop, beta]);
    const ne = await t.esb('search_business', { condition: { bk_biz_name: { $ne: 'alphapay' } } });
    expect(bizIds(ne)).toEqual([shop, beta]);
    const plain = await t.esb('search_business', { condition: { bk_biz_id: pay } });
    expect(bizIds(plain)).toEqual([pay]);
    const eq = await t.esb('search_business', { condition: { life_cycle: { $eq: '1' } } });
    expect(bizIds(eq)).toEqual([pay]);
  });

  it('projects to the asked fields plus the id', async () => {
    const r = await t.esb('search_business', { condition: { bk_biz_id: shop }, fields: ['bk_biz_name', 'life_cycle'] });
    expect(r.data.info).toEqual([{ bk_biz_id: shop, bk_biz_name: 'alphashop', life_cycle: '2' }]);
    const all = await t.esb('search_business', { fields: ['bk_biz_maintainer'] });
    for (const row of all.data.info) expect(Object.keys(row).sort()).toEqual(['bk_biz_id', 'bk_biz_maintainer']);
  });

  it('sorts by page.sort', async () => {
    const desc = await t.esb('search_business', { page: { sort: '-bk_biz_name' } });
    expect((desc.data.info as Row[]).map((b) => b.bk_biz_name)).toEqual(['betabiz', 'alphashop', 'alphapay']);
    const asc = await t.esb('search_business', { page: { sort: 'bk_biz_name' } });
    expect((asc.data.info as Row[]).map((b) => b.bk_biz_name)).toEqual(['alphapay', 'alphashop', 'betabiz']);
  });

  it('pages with start and limit', async () => {
    const r = await t.esb('search_business', { page: { start: 1, limit: 1 } });
    expect(r.data.count).toBe(3);
    expect(bizIds(r)).toEqual([pay]);
  });

  it('caps page.limit at 200 (201 → 1199059)', async () => {
    const ok = await t.esb('search_business', { page: { limit: 200 } });
    expect(ok.result).toBe(true);
    const over = await t.esb('search_business', { page: { limit: 201 } });
    expect(over.result).toBe(false);
    expect(over.code).toBe(1199059);
  });

  it('refuses an unknown condition field (1199006)', async () => {
    const r = await t.esb('search_business', { condition: { bk_no_such_field: 'x' } });
    expect(r.result).toBe(false);
    expect(r.code).toBe(1199006);
    expect(r.message).toContain('bk_no_such_field');
    const f = await t.esb('search_business', { fields: ['bk_no_such_field'] });
    expect(f.code).toBe(1199006);
  });
});

describe('update_business', () => {
  let t: TestTopograph;
  let shop: number;
  let other: number;
  beforeAll(async () => {
    t = await startTopograph();
    shop = await makeBusiness(t, 'shop', 'admin,alice');
    other = await makeBusiness(t, 'other', 'admin');
  });
  afterAll(() => t.stop());

  it('lets the administrator change attributes', async () => {
    const r = await t.esb('update_business', { bk_biz_id: shop, data: { life_cycle: '3', bk_biz_productor: 'pm1,pm2', language: '2' } });
    expect(r.result).toBe(true);
    expect(r.data).toBeNull();
    expect(await biz(t, shop)).toMatchObject({ life_cycle: '3', bk_biz_productor: 'pm1,pm2', language: '2', bk_biz_name: 'shop' });
  });

  it('lets a maintainer change the business, and renaming works', async () => {
    const r = await t.as('alice')('update_business', { bk_biz_id: shop, data: { bk_biz_name: 'shop2', bk_biz_tester: 'tess' } });
    expect(r.result).toBe(true);
    expect(await biz(t, shop)).toMatchObject({ bk_biz_name: 'shop2', bk_biz_tester: 'tess' });
  });

  it('refuses a user who is not a maintainer (9900403) and changes nothing', async () => {
    const r = await expectRefused(t, () => t.as('bob')('update_business', { bk_biz_id: shop, data: { life_cycle: '1' } }), 9900403);
    expect(r.permission).toMatchObject({ actions: [{ id: 'edit_biz_topology' }] });
    expect(r.message).toContain('bob');
    expect(await biz(t, shop)).toMatchObject({ life_cycle: '3' });
    // alice maintains shop, not other
    await expectRefused(t, () => t.as('alice')('update_business', { bk_biz_id: other, data: { life_cycle: '1' } }), 9900403);
  });

  it('refuses unknown fields (1199060) and non-editable time_zone (1101047)', async () => {
    const u = await expectRefused(t, () => t.esb('update_business', { bk_biz_id: shop, data: { life_cycle: '1', bk_colour: 'red' } }), 1199060);
    expect(u.message).toContain('bk_colour');
    const tz = await expectRefused(t, () => t.esb('update_business', { bk_biz_id: shop, data: { life_cycle: '1', time_zone: 'UTC' } }), 1101047);
    expect(tz.message).toContain('time_zone');
    expect(await biz(t, shop)).toMatchObject({ life_cycle: '3', time_zone: 'Asia/Shanghai' });
  });

  it('refuses invalid values (1199006), an empty required field (1199010) and a duplicate name (1199014)', async () => {
    await expectRefused(t, () => t.esb('update_business', { bk_biz_id: shop, data: { life_cycle: '9' } }), 1199006);
    await expectRefused(t, () => t.esb('update_business', { bk_biz_id: shop, data: { bk_biz_name: 'bad name' } }), 1199006);
    await expectRefused(t, () => t.esb('update_business', { bk_biz_id: shop, data: { bk_biz_maintainer: '' } }), 1199010);
    const dup = await expectRefused(t, () => t.esb('update_business', { bk_biz_id: shop, data: { bk_biz_name: 'other' } }), 1199014);
    expect(dup.message).toContain('bk_biz_name');
    expect(await biz(t, shop)).toMatchObject({ bk_biz_name: 'shop2', bk_biz_maintainer: 'admin,alice' });
  });

  it('refuses an unknown business (1199019) and the resource pool (1199054)', async () => {
    await expectRefused(t, () => t.esb('update_business', { bk_biz_id: 99999, data: { life_cycle: '1' } }), 1199019);
    await expectRefused(t, () => t.esb('update_business', { bk_biz_id: 1, data: { life_cycle: '1' } }), 1199054);
    expect(await t.store.getInstance('biz', 1)).toMatchObject({ life_cycle: '2' });
  });

  it('does not let data.bk_data_status archive a business', async () => {
    const r = await t.esb('update_business', { bk_biz_id: other, data: { bk_data_status: 'disabled' } });
    expect(r.result).toBe(true);
    const live = await t.esb('search_business', { condition: { bk_biz_id: other } });
    expect(live.data.count).toBe(1);
    expect(live.data.info[0].bk_data_status).not.toBe('disabled');
  });

  it('refuses to change an archived business (1199011)', async () => {
    const archived = await makeBusiness(t, 'frozen', 'admin');
    expect((await t.esb('update_business_enable_status', { bk_biz_id: archived, flag: 'disabled' })).result).toBe(true);
    await expectRefused(t, () => t.esb('update_business', { bk_biz_id: archived, data: { life_cycle: '1' } }), 1199011);
    expect(await biz(t, archived)).toMatchObject({ life_cycle: '2', bk_data_status: 'disabled' });
  });
});

describe('update_business_enable_status', () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t.stop());

  it('archives a business: hidden from search_business unless bk_data_status is asked for', async () => {
    const id = await makeBusiness(t, 'toarchive');
    const keep = await makeBusiness(t, 'tokeep');
    const r = await t.esb('update_business_enable_status', { bk_biz_id: id, flag: 'disabled' });
    expect(r.result).toBe(true);
    expect(r.data).toBeNull();
    const all = await t.esb('search_business', {});
    expect(bizIds(all)).toContain(keep);
    expect(bizIds(all)).not.toContain(id);
    const byName = await t.esb('search_business', { condition: { bk_biz_name: 'toarchive' } });
    expect(byName.data.count).toBe(0);
    const asked = await t.esb('search_business', { condition: { bk_data_status: 'disabled' } });
    expect(bizIds(asked)).toEqual([id]);
    expect(asked.data.info[0]).toMatchObject({ bk_biz_name: 'toarchive', bk_data_status: 'disabled' });
  });

  it('an archived business takes no topology writes (create_set → 1199011); restoring brings it back', async () => {
    const id = await makeBusiness(t, 'roundtrip');
    const setId = await makeSet(t, id, 'before');
    expect((await t.esb('update_business_enable_status', { bk_biz_id: id, flag: 'disabled' })).result).toBe(true);

    const c = await expectRefused(t, () => t.esb('create_set', { bk_biz_id: id, data: { bk_parent_id: id, bk_set_name: 'during' } }), 1199011);
    expect(c.message).toMatch(/archived/);
    await expectRefused(t, () => t.esb('update_set', { bk_biz_id: id, bk_set_id: setId, data: { bk_set_name: 'renamed' } }), 1199011);
    await expectRefused(t, () => t.esb('delete_set', { bk_biz_id: id, bk_set_id: setId }), 1199011);
    await expectRefused(
      t,
      () => t.esb('create_module', { bk_biz_id: id, bk_set_id: setId, data: { bk_parent_id: setId, bk_module_name: 'm' } }),
      1199011,
    );
    const sets = await t.esb('search_set', { bk_biz_id: id, condition: { default: 0 } });
    expect((sets.data.info as Row[]).map((s) => s.bk_set_name)).toEqual(['before']);

    const back = await t.esb('update_business_enable_status', { bk_biz_id: id, flag: 'enable' });
    expect(back.result).toBe(true);
    const found = await t.esb('search_business', { condition: { bk_biz_id: id } });
    expect(found.data.count).toBe(1);
    expect(found.data.info[0].bk_data_status).not.toBe('disabled');
    expect((await t.esb('create_set', { bk_biz_id: id, data: { bk_parent_id: id, bk_set_name: 'after' } })).result).toBe(true);
  });

  it('archiving twice (or restoring a live business) changes nothing and writes no audit record', async () => {
    const id = await makeBusiness(t, 'idempotent');
    const live = await auditCount(t);
    expect((await t.esb('update_business_enable_status', { bk_biz_id: id, flag: 'enable' })).result).toBe(true);
    expect(await auditCount(t)).toBe(live);
    expect((await t.esb('update_business_enable_status', { bk_biz_id: id, flag: 'disabled' })).result).toBe(true);
    const once = await auditCount(t);
    expect(once).toBeGreaterThan(live);
    expect((await t.esb('update_business_enable_status', { bk_biz_id: id, flag: 'disabled' })).result).toBe(true);
    expect(await auditCount(t)).toBe(once);
    expect(bizIds(await t.esb('search_business', { condition: { bk_biz_id: id, bk_data_status: 'disabled' } }))).toEqual([id]);
  });

  it('refuses a business holding hosts (1101087)', async () => {
    const id = await makeBusiness(t, 'hashosts');
    const host = await hostInIdle(t, id, '10.2.0.1');
    const r = await expectRefused(t, () => t.esb('update_business_enable_status', { bk_biz_id: id, flag: 'disabled' }), 1101087);
    expect(r.message).toMatch(/host/);
    expect(bizIds(await t.esb('search_business', { condition: { bk_biz_id: id } }))).toEqual([id]);
    await removeHost(t, host);
    expect((await t.esb('update_business_enable_status', { bk_biz_id: id, flag: 'disabled' })).result).toBe(true);
  });

  it('refuses a bad flag (1199006), a non-administrator (9900403), an unknown business (1199019), the resource pool (1199054)', async () => {
    const id = await makeBusiness(t, 'guarded', 'admin,alice');
    await expectRefused(t, () => t.esb('update_business_enable_status', { bk_biz_id: id, flag: 'off' }), 1199006);
    // even a maintainer may not archive: it is the administrator's
    await expectRefused(t, () => t.as('alice')('update_business_enable_status', { bk_biz_id: id, flag: 'disabled' }), 9900403);
    await expectRefused(t, () => t.esb('update_business_enable_status', { bk_biz_id: 77777, flag: 'disabled' }), 1199019);
    await expectRefused(t, () => t.esb('update_business_enable_status', { bk_biz_id: 1, flag: 'disabled' }), 1199054);
    expect(bizIds(await t.esb('search_business', { condition: { bk_biz_id: id } }))).toEqual([id]);
    expect(await t.store.getInstance('biz', 1)).toMatchObject({ bk_data_status: null });
  });
});

describe('delete_business', () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t.stop());

  it('refuses an unarchived business (1101112) and deletes nothing', async () => {
    const id = await makeBusiness(t, 'live');
    const r = await expectRefused(t, () => t.esb('delete_business', { bk_biz_id: id }), 1101112);
    expect(r.message).toMatch(/archive/);
    expect(await t.store.getInstance('biz', id)).toBeDefined();
  });

  it('refuses the resource pool (1101111)', async () => {
    await expectRefused(t, () => t.esb('delete_business', { bk_biz_id: 1 }), 1101111);
    expect(await t.store.getInstance('biz', 1)).toBeDefined();
    expect(await t.store.getInstance('set', 1)).toBeDefined();
  });

  it('refuses an unknown business (1199019) and a non-administrator (9900403)', async () => {
    await expectRefused(t, () => t.esb('delete_business', { bk_biz_id: 123456 }), 1199019);
    const id = await makeBusiness(t, 'notbobs', 'admin,bob');
    await t.esb('update_business_enable_status', { bk_biz_id: id, flag: 'disabled' });
    await expectRefused(t, () => t.as('bob')('delete_business', { bk_biz_id: id }), 9900403);
    expect(await t.store.getInstance('biz', id)).toBeDefined();
  });

  it('deletes an archived business with its idle pool, sets and modules', async () => {
    const id = await makeBusiness(t, 'goner');
    const setId = await makeSet(t, id, 'web');
    const m = await t.esb('create_module', { bk_biz_id: id, bk_set_id: setId, data: { bk_parent_id: setId, bk_module_name: 'nginx' } });
    expect(m.result).toBe(true);
    const internal = await t.esb('get_biz_internal_module', { bk_biz_id: id });
    const idleSet = internal.data.bk_set_id as number;
    const idleModules = (internal.data.module as Row[]).map((x) => x.bk_module_id as number);
    expect(idleModules).toHaveLength(3);

    expect((await t.esb('update_business_enable_status', { bk_biz_id: id, flag: 'disabled' })).result).toBe(true);
    const r = await t.esb('delete_business', { bk_biz_id: id });
    expect(r.result).toBe(true);
    expect(r.data).toBeNull();

    expect(await t.store.getInstance('biz', id)).toBeUndefined();
    for (const s of [idleSet, setId]) expect(await t.store.getInstance('set', s)).toBeUndefined();
    for (const mod of [...idleModules, m.data.bk_module_id as number]) expect(await t.store.getInstance('module', mod)).toBeUndefined();
    const asked = await t.esb('search_business', { condition: { bk_biz_id: id, bk_data_status: 'disabled' } });
    expect(asked.data.count).toBe(0);
    const tree = await t.esb('search_biz_inst_topo', { bk_biz_id: id });
    expect(tree.code).toBe(1199011);
    // the name is free again
    expect((await t.esb('create_business', { data: { bk_biz_name: 'goner', bk_biz_maintainer: 'admin' } })).result).toBe(true);
  });

  it('refuses an archived business that still holds hosts (1101030)', async () => {
    const id = await makeBusiness(t, 'sneaky');
    expect((await t.esb('update_business_enable_status', { bk_biz_id: id, flag: 'disabled' })).result).toBe(true);
    // a host that arrived behind the archive's back
    const host = await hostInIdle(t, id, '10.3.0.1');
    await expectRefused(t, () => t.esb('delete_business', { bk_biz_id: id }), 1101030);
    expect(await t.store.getInstance('biz', id)).toBeDefined();
    await removeHost(t, host);
    expect((await t.esb('delete_business', { bk_biz_id: id })).result).toBe(true);
  });
});
