import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBusiness, makeSet, startTopograph, type TestTopograph } from './support/server.js';

describe('built-in data after a fresh start', () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t.stop());

  it('has cloud area 0 "Default Area"', async () => {
    const plat = await t.store.getInstance('plat', 0);
    expect(plat).toMatchObject({ bk_cloud_id: 0, bk_cloud_name: 'Default Area', default: 1 });
  });

  it('has the resource-pool business, hidden from search_business', async () => {
    const pool = await t.store.getInstance('biz', 1);
    expect(pool).toMatchObject({ default: 1 });
    const r = await t.esb('search_business', {});
    expect(r.result).toBe(true);
    expect(r.data.info.map((b: { bk_biz_id: number }) => b.bk_biz_id)).not.toContain(1);
  });

  it('gives every new business an idle pool set with idle, fault and recycle modules', async () => {
    const bizId = await makeBusiness(t, 'fresh');
    const sets = await t.store.search('set', { filters: [{ field: 'bk_biz_id', op: 'eq', value: bizId }], start: 0, limit: 10, sort: [] });
    expect(sets.rows).toHaveLength(1);
    expect(sets.rows[0]).toMatchObject({ default: 1, bk_parent_id: bizId });
    const modules = await t.store.search('module', { filters: [{ field: 'bk_biz_id', op: 'eq', value: bizId }], start: 0, limit: 10, sort: [] });
    expect(modules.rows.map((m) => m.default).sort()).toEqual([1, 2, 3]);
    expect(modules.rows.every((m) => m.bk_set_id === sets.rows[0]!.bk_set_id && m.service_category_id === 2)).toBe(true);
  });

  it('refuses a hand-made module in the idle pool and a set in the resource pool', async () => {
    const bizId = await makeBusiness(t, 'pool-guard');
    const idle = await t.store.search('set', { filters: [{ field: 'bk_biz_id', op: 'eq', value: bizId }], start: 0, limit: 1, sort: [] });
    const idleSetId = idle.rows[0]!.bk_set_id as number;
    const m = await t.esb('create_module', { bk_biz_id: bizId, bk_set_id: idleSetId, data: { bk_parent_id: idleSetId, bk_module_name: 'extra' } });
    expect(m.code).toBe(1101098);
    const s = await t.esb('create_set', { bk_biz_id: 1, data: { bk_parent_id: 1, bk_set_name: 'nope' } });
    expect(s.code).toBe(1199054);
    expect(s.message).toMatch(/the resource pool/);
  });

  it('has the default service category pair, and bootstrap is idempotent across restarts', async () => {
    const attrs = await t.store.attributes('set');
    expect(attrs.filter((a) => a.isPre).map((a) => a.propertyId)).toContain('bk_set_name');
    expect(await t.store.seedBuiltinAttributes()).toBe(0);
    expect(await t.store.migrate()).toEqual([]);
  });
});

describe('uniqueness rules', () => {
  let t: TestTopograph;
  let bizA: number;
  let bizB: number;
  beforeAll(async () => {
    t = await startTopograph();
    bizA = await makeBusiness(t, 'uniq-a');
    bizB = await makeBusiness(t, 'uniq-b');
  });
  afterAll(() => t.stop());

  it('business names are unique (1199014)', async () => {
    const r = await t.esb('create_business', { data: { bk_biz_name: 'uniq-a', bk_biz_maintainer: 'admin' } });
    expect(r.code).toBe(1199014);
    expect(r.message).toContain('bk_biz_name');
  });

  it('set names are unique within a business (1101108) but may repeat across businesses', async () => {
    await makeSet(t, bizA, 'web');
    const dup = await t.esb('create_set', { bk_biz_id: bizA, data: { bk_parent_id: bizA, bk_set_name: 'web' } });
    expect(dup.code).toBe(1101108);
    expect(dup.message).toContain('bk_set_name');
    const other = await t.esb('create_set', { bk_biz_id: bizB, data: { bk_parent_id: bizB, bk_set_name: 'web' } });
    expect(other.result).toBe(true);
  });

  it('module names are unique within a set (1199014) but may repeat across sets', async () => {
    const s1 = await makeSet(t, bizA, 'm-set-1');
    const s2 = await makeSet(t, bizA, 'm-set-2');
    const mk = (setId: number) => t.esb('create_module', { bk_biz_id: bizA, bk_set_id: setId, data: { bk_parent_id: setId, bk_module_name: 'nginx' } });
    expect((await mk(s1)).result).toBe(true);
    const dup = await mk(s1);
    expect(dup.code).toBe(1199014);
    expect(dup.message).toContain('bk_module_name');
    expect((await mk(s2)).result).toBe(true);
  });

  it('cloud area names are unique globally (1101000, the reason in the message)', async () => {
    expect((await t.esb('create_cloud_area', { bk_cloud_name: 'vpc-1' })).result).toBe(true);
    const dup = await t.esb('create_cloud_area', { bk_cloud_name: 'vpc-1' });
    expect(dup.code).toBe(1101000);
    expect(dup.message).toMatch(/duplicated.*bk_cloud_name/);
    const builtin = await t.esb('create_cloud_area', { bk_cloud_name: 'Default Area' });
    expect(builtin.code).toBe(1101000);
  });

  it('bk_parent_id must be the real parent', async () => {
    const s = await t.esb('create_set', { bk_biz_id: bizA, data: { bk_parent_id: bizB, bk_set_name: 'orphan' } });
    expect(s.code).toBe(1199006);
    expect(s.message).toContain('bk_parent_id');
    const setId = await makeSet(t, bizA, 'parent-check');
    const m = await t.esb('create_module', { bk_biz_id: bizA, bk_set_id: setId, data: { bk_parent_id: setId + 1000, bk_module_name: 'x' } });
    expect(m.code).toBe(1199006);
    const wrongBiz = await t.esb('create_module', { bk_biz_id: bizB, bk_set_id: setId, data: { bk_parent_id: setId, bk_module_name: 'x' } });
    expect(wrongBiz.code).toBe(1199011);
    expect(wrongBiz.message).toContain('bk_set_id');
  });

  it('create_business fills time_zone and language when missing and keeps given ones', async () => {
    const r = await t.esb('create_business', { data: { bk_biz_name: 'tz', bk_biz_maintainer: 'admin' } });
    expect(r.data).toMatchObject({ time_zone: 'Asia/Shanghai', language: '1', life_cycle: '2', default: 0 });
    const r2 = await t.esb('create_business', { data: { bk_biz_name: 'tz2', bk_biz_maintainer: 'admin', time_zone: 'Europe/Paris', language: '2' } });
    expect(r2.data).toMatchObject({ time_zone: 'Europe/Paris', language: '2' });
  });
});
