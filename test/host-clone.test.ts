import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { auditCount, expectRefused } from './support/fixtures.js';
import { makeBusiness, startTopograph, type TestTopograph } from './support/server.js';

/** clone_host_property: one host's attribute values copied to others, never what identifies a host. */

const INVALID_REFERENCE = 1199011;
const NOT_IN_BUSINESS = 1113002;

describe(`clone_host_property (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;
  let other: number;
  const add = async (bizId: number, host: Record<string, unknown>) => {
    const r = await t.esb('add_host_to_business_idle', { bk_biz_id: bizId, bk_host_list: [{ bk_cloud_id: 0, ...host }] });
    expect(r.result, r.message).toBe(true);
    return r.data.bk_host_ids[0] as number;
  };
  const valuesOf = async (id: number) =>
    Object.fromEntries(
      ((await t.esb('get_host_base_info', { bk_host_id: id })).data as Array<{ bk_property_id: string; bk_property_value: unknown }>).map((p) => [
        p.bk_property_id,
        p.bk_property_value,
      ]),
    );

  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'clone-biz', 'admin');
    other = await makeBusiness(t, 'clone-other', 'admin');
    expect((await t.esb('create_object_attribute', { bk_obj_id: 'host', bk_property_id: 'rack', bk_property_name: 'rack', bk_property_type: 'singlechar' })).result).toBe(true);
  });
  afterAll(() => t?.stop());

  const source = { bk_host_name: 'web-template', bk_os_type: '1', bk_cpu: 8, bk_comment: 'golden', rack: 'R7', bk_sn: 'SN-1', bk_asset_id: 'A-1', bk_host_outerip: '1.2.3.4' };

  it('copies the attribute values by inner IP (one or several targets), not what identifies a host', async () => {
    await add(biz, { bk_host_innerip: '10.60.0.1', ...source });
    const a = await add(biz, { bk_host_innerip: '10.60.0.2', bk_host_name: 'a', bk_sn: 'SN-2' });
    const b = await add(biz, { bk_host_innerip: '10.60.0.3' });
    const audits = await auditCount(t);
    const r = await t.esb('clone_host_property', { bk_biz_id: biz, bk_org_ip: '10.60.0.1', bk_dst_ip: '10.60.0.2,10.60.0.3', bk_cloud_id: 0 });
    expect({ result: r.result, data: r.data }, r.message).toEqual({ result: true, data: null });
    expect(await auditCount(t)).toBe(audits + 2);
    const [va, vb] = [await valuesOf(a), await valuesOf(b)];
    for (const v of [va, vb]) {
      expect(v).toMatchObject({ bk_host_name: 'web-template', bk_os_type: '1', bk_cpu: 8, bk_comment: 'golden', rack: 'R7' });
      expect(v.bk_asset_id).not.toBe('A-1');
      expect(v.bk_host_outerip).not.toBe('1.2.3.4');
    }
    expect(va).toMatchObject({ bk_host_innerip: '10.60.0.2', bk_sn: 'SN-2' });
    expect(vb.bk_host_innerip).toBe('10.60.0.3');
  });

  it('copies by id too, and writes nothing when the target already has the values', async () => {
    const src = await add(biz, { bk_host_innerip: '10.61.0.1', bk_host_name: 'src', bk_cpu: 2 });
    const dst = await add(biz, { bk_host_innerip: '10.61.0.2' });
    expect((await t.esb('clone_host_property', { bk_biz_id: biz, bk_org_id: src, bk_dst_id: dst })).result).toBe(true);
    expect(await valuesOf(dst)).toMatchObject({ bk_host_name: 'src', bk_cpu: 2 });
    const audits = await auditCount(t);
    expect((await t.esb('clone_host_property', { bk_biz_id: biz, bk_org_id: src, bk_dst_id: dst })).result).toBe(true);
    expect(await auditCount(t)).toBe(audits);
  });

  it('reads the other form’s names sent as null as not sent', async () => {
    const src = await add(biz, { bk_host_innerip: '10.63.0.1', bk_host_name: 'null-src' });
    const dst = await add(biz, { bk_host_innerip: '10.63.0.2' });
    const r = await t.esb('clone_host_property', { bk_biz_id: biz, bk_org_id: src, bk_dst_id: dst, bk_org_ip: null, bk_dst_ip: null });
    expect(r.result, r.message).toBe(true);
    expect((await valuesOf(dst)).bk_host_name).toBe('null-src');
  });

  it('refuses mixed or missing names, unknown IPs, hosts of another business, changing nothing', async () => {
    const src = await add(biz, { bk_host_innerip: '10.62.0.1', bk_host_name: 'src' });
    const dst = await add(biz, { bk_host_innerip: '10.62.0.2', bk_host_name: 'dst' });
    const elsewhere = await add(other, { bk_host_innerip: '10.62.0.3' });
    const mixed = await expectRefused(t, () => t.esb('clone_host_property', { bk_biz_id: biz, bk_org_ip: '10.62.0.1', bk_dst_id: dst }), 1199006);
    expect(mixed.message).toContain('bk_org_id');
    const missing = await expectRefused(t, () => t.esb('clone_host_property', { bk_biz_id: biz, bk_org_ip: '10.62.0.1' }), 1199010);
    expect(missing.message).toContain('bk_dst_ip');
    const unknown = await expectRefused(t, () => t.esb('clone_host_property', { bk_biz_id: biz, bk_org_ip: '10.62.0.1', bk_dst_ip: '10.62.9.9' }), INVALID_REFERENCE);
    expect(unknown.message).toContain('10.62.9.9');
    const outside = await expectRefused(t, () => t.esb('clone_host_property', { bk_biz_id: biz, bk_org_id: src, bk_dst_id: elsewhere }), NOT_IN_BUSINESS);
    expect(outside.message).toContain('bk_dst_id');
    const fromOutside = await expectRefused(t, () => t.esb('clone_host_property', { bk_biz_id: biz, bk_org_id: elsewhere, bk_dst_id: dst }), NOT_IN_BUSINESS);
    expect(fromOutside.message).toContain('bk_org_id');
    const noSource = await t.esb('clone_host_property', { bk_biz_id: biz, bk_org_id: 999999, bk_dst_id: dst });
    expect(noSource.result).toBe(false);
    expect(noSource.message).toContain('bk_org_id');
    await expectRefused(t, () => t.esb('clone_host_property', { bk_biz_id: biz, bk_org_ip: '10.62.0.1,10.62.0.2', bk_dst_ip: '10.62.0.3' }), 1199006);
    expect((await valuesOf(dst)).bk_host_name).toBe('dst');
  });
});
