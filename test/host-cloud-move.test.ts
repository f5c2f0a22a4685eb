import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { auditCount, expectRefused } from './support/fixtures.js';
import { makeBusiness, startTopograph, type TestTopograph } from './support/server.js';

/** update_host_cloud_area_field: hosts move into another cloud area, their inner IPs with them. */

const DUPLICATE = 1199014;
const CLOUD_NOT_FOUND = 1101032;
const NOT_IN_BUSINESS = 1113002;
const TOO_MANY = 1199035;
const REQUIRED = 1199010;

describe(`update_host_cloud_area_field (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;
  let other: number;
  let cloudA: number;
  let cloudB: number;

  const cloudOf = async (id: number) => (await t.esb('get_host_base_info', { bk_host_id: id })).data.find((p: { bk_property_id: string }) => p.bk_property_id === 'bk_cloud_id').bk_property_value;
  const addIdle = async (bizId: number, ip: string, cloud = 0) => {
    const r = await t.esb('add_host_to_business_idle', { bk_biz_id: bizId, bk_host_list: [{ bk_host_innerip: ip, bk_cloud_id: cloud }] });
    expect(r.result, r.message).toBe(true);
    return r.data.bk_host_ids[0] as number;
  };

  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'cloud-move', 'admin');
    other = await makeBusiness(t, 'cloud-other', 'admin');
    cloudA = (await t.esb('create_cloud_area', { bk_cloud_name: 'area-a' })).data.created.id as number;
    cloudB = (await t.esb('create_cloud_area', { bk_cloud_name: 'area-b' })).data.created.id as number;
  });
  afterAll(() => t?.stop());

  it('moves the hosts, with an audit record and an event for each, and their inner IPs follow', async () => {
    const h1 = await addIdle(biz, '10.30.0.1,10.30.0.9');
    const h2 = await addIdle(biz, '10.30.0.2');
    const audits = await auditCount(t);
    const watch = await t.esb('resource_watch', { bk_resource: 'host', bk_event_types: ['update'] });
    const r = await t.esb('update_host_cloud_area_field', { bk_host_ids: [h1, h2], bk_cloud_id: cloudA, bk_biz_id: biz });
    expect({ result: r.result, message: r.message, data: r.data }).toEqual({ result: true, message: 'success', data: null });
    expect([await cloudOf(h1), await cloudOf(h2)]).toEqual([cloudA, cloudA]);
    expect(await auditCount(t)).toBe(audits + 2);
    const events = await t.esb('resource_watch', { bk_resource: 'host', bk_event_types: ['update'], bk_cursor: watch.data.bk_events.at(-1)?.bk_cursor });
    const moved = events.data.bk_events.map((e: { bk_detail: { bk_host_id: number; bk_cloud_id: number } }) => [e.bk_detail.bk_host_id, e.bk_detail.bk_cloud_id]);
    expect(moved).toEqual(expect.arrayContaining([[h1, cloudA], [h2, cloudA]]));
    // the old area's addresses are free, the new area's taken (each of a host's addresses)
    expect(await addIdle(other, '10.30.0.9', 0)).toBeGreaterThan(0);
    const taken = await t.esb('add_host_to_business_idle', { bk_biz_id: other, bk_host_list: [{ bk_host_innerip: '10.30.0.9', bk_cloud_id: cloudA }] });
    expect(taken.result).toBe(false);
  });

  it('refuses the whole move when an inner IP is taken in the target area, and changes nothing', async () => {
    const inA = await addIdle(biz, '10.31.0.1', cloudA);
    const free = await addIdle(biz, '10.31.0.2');
    const clash = await addIdle(biz, '10.31.0.1');
    const r = await expectRefused(t, () => t.esb('update_host_cloud_area_field', { bk_host_ids: [free, clash], bk_cloud_id: cloudA }), DUPLICATE);
    expect(r.message).toContain('bk_host_innerip');
    expect([await cloudOf(free), await cloudOf(clash), await cloudOf(inA)]).toEqual([0, 0, cloudA]);
  });

  it('refuses two hosts that would share an inner IP in the target area', async () => {
    const a = await addIdle(biz, '10.32.0.1', cloudA);
    const b = await addIdle(biz, '10.32.0.1', 0);
    await expectRefused(t, () => t.esb('update_host_cloud_area_field', { bk_host_ids: [a, b], bk_cloud_id: cloudB }), DUPLICATE);
    expect([await cloudOf(a), await cloudOf(b)]).toEqual([cloudA, 0]);
  });

  it('refuses an unknown cloud area, hosts outside bk_biz_id, unknown hosts, too many or no hosts', async () => {
    const h = await addIdle(biz, '10.33.0.1');
    const elsewhere = await addIdle(other, '10.33.0.2');
    await expectRefused(t, () => t.esb('update_host_cloud_area_field', { bk_host_ids: [h], bk_cloud_id: 99999 }), CLOUD_NOT_FOUND);
    const outside = await expectRefused(t, () => t.esb('update_host_cloud_area_field', { bk_host_ids: [h, elsewhere], bk_cloud_id: cloudB, bk_biz_id: biz }), NOT_IN_BUSINESS);
    expect(outside.message).toContain(String(elsewhere));
    expect(outside.message).toContain('bk_host_ids');
    await expectRefused(t, () => t.esb('update_host_cloud_area_field', { bk_host_ids: [h], bk_cloud_id: cloudB, bk_biz_id: 99999 }), 1199011);
    const unknown = await t.esb('update_host_cloud_area_field', { bk_host_ids: [h, 999999], bk_cloud_id: cloudB });
    expect(unknown.result).toBe(false);
    expect(unknown.message).toContain('999999');
    await expectRefused(t, () => t.esb('update_host_cloud_area_field', { bk_host_ids: Array.from({ length: 2001 }, (_, i) => i + 1), bk_cloud_id: cloudB }), TOO_MANY);
    await expectRefused(t, () => t.esb('update_host_cloud_area_field', { bk_host_ids: [], bk_cloud_id: cloudB }), REQUIRED);
    expect(await cloudOf(h)).toBe(0);
  });
});
