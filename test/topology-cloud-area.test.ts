import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTopograph, type TestTopograph } from './support/server.js';
import { DIRECT, expectRefused } from './support/fixtures.js';

/**
 * Cloud areas end to end: search_cloud_area, update_cloud_area, delete_cloud_area
 * (bk-cmdb-detail.md §2.2–2.4). Every refusal is checked for its code and for leaving nothing behind.
 */

type Row = Record<string, unknown>;

async function createArea(t: TestTopograph, name: string, extra: Row = {}): Promise<number> {
  const r = await t.esb('create_cloud_area', { bk_cloud_name: name, ...extra });
  if (!r.result) throw new Error(`create_cloud_area failed: ${r.message}`);
  return r.data.created.id as number;
}

async function area(t: TestTopograph, id: number): Promise<Row | undefined> {
  const r = await t.esb('search_cloud_area', { condition: { bk_cloud_id: id } });
  expect(r.result).toBe(true);
  return r.data.info[0] as Row | undefined;
}

const ids = (info: Row[]) => info.map((r) => r.bk_cloud_id as number);
const names = (info: Row[]) => info.map((r) => r.bk_cloud_name as string);

describe('search_cloud_area', () => {
  let t: TestTopograph;
  let east: number;
  let west: number;
  let beta: number;
  let gamma: number;
  beforeAll(async () => {
    t = await startTopograph();
    east = await createArea(t, 'alpha-east', { bk_region: 'r-east', bk_cloud_vendor: '1' });
    west = await createArea(t, 'Alpha-West', { bk_region: 'r-west', bk_cloud_vendor: '2' });
    beta = await createArea(t, 'beta', { bk_cloud_vendor: '2' });
    gamma = await createArea(t, 'gamma', { bk_cloud_vendor: '1' });
  });
  afterAll(() => t.stop());

  it('lists every area, the built-in area 0 first, in id order, with count', async () => {
    const r = await t.esb('search_cloud_area', {});
    expect(r.result).toBe(true);
    expect(r.data.count).toBe(5);
    expect(ids(r.data.info)).toEqual([0, east, west, beta, gamma]);
    expect(r.data.info[0]).toMatchObject({ bk_cloud_id: 0, bk_cloud_name: 'Default Area', default: 1 });
    expect(r.data.info[1]).toMatchObject({
      bk_cloud_name: 'alpha-east',
      bk_region: 'r-east',
      bk_cloud_vendor: '1',
      bk_creator: 'admin',
      bk_last_editor: 'admin',
      bk_supplier_account: '0',
    });
    expect(r.data.info[1].create_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);
    expect(r.data.info[1]).not.toHaveProperty('custom');
  });

  it('matches plain string values exactly without is_fuzzy', async () => {
    const exact = await t.esb('search_cloud_area', { condition: { bk_cloud_name: 'beta' } });
    expect(ids(exact.data.info)).toEqual([beta]);
    const partial = await t.esb('search_cloud_area', { condition: { bk_cloud_name: 'alpha' } });
    expect(partial.result).toBe(true);
    expect(partial.data.count).toBe(0);
    expect(partial.data.info).toEqual([]);
  });

  it('is_fuzzy turns string values into case-insensitive "contains"', async () => {
    const r = await t.esb('search_cloud_area', { condition: { bk_cloud_name: 'ALPHA' }, is_fuzzy: true });
    expect(r.result).toBe(true);
    expect(r.data.count).toBe(2);
    expect(ids(r.data.info)).toEqual([east, west]);
    const mid = await t.esb('search_cloud_area', { condition: { bk_cloud_name: 'ha-w' }, is_fuzzy: true });
    expect(ids(mid.data.info)).toEqual([west]);
  });

  it('is_fuzzy escapes LIKE wildcards', async () => {
    const r = await t.esb('search_cloud_area', { condition: { bk_cloud_name: '%' }, is_fuzzy: true });
    expect(r.result).toBe(true);
    expect(r.data.count).toBe(0);
    const u = await t.esb('search_cloud_area', { condition: { bk_cloud_name: 'alpha_east' }, is_fuzzy: true });
    expect(u.data.count).toBe(0);
  });

  it('supports $in, $ne and plain integer values', async () => {
    const inR = await t.esb('search_cloud_area', { condition: { bk_cloud_id: { $in: [beta, east, 9999] } } });
    expect(ids(inR.data.info)).toEqual([east, beta]);
    const ne = await t.esb('search_cloud_area', { condition: { bk_cloud_vendor: { $ne: '2' } } });
    // area 0 has no vendor: $ne keeps it
    expect(ids(ne.data.info)).toEqual([0, east, gamma]);
    const plain = await t.esb('search_cloud_area', { condition: { bk_cloud_id: gamma } });
    expect(names(plain.data.info)).toEqual(['gamma']);
    const arr = await t.esb('search_cloud_area', { condition: { bk_cloud_vendor: ['1'] } });
    expect(ids(arr.data.info)).toEqual([east, gamma]);
  });

  it('projects to the asked fields plus the id', async () => {
    const r = await t.esb('search_cloud_area', { condition: { bk_cloud_id: west }, fields: ['bk_cloud_name', 'bk_region'] });
    expect(r.result).toBe(true);
    expect(r.data.info).toEqual([{ bk_cloud_id: west, bk_cloud_name: 'Alpha-West', bk_region: 'r-west' }]);
    const onlyName = await t.esb('search_cloud_area', { fields: ['bk_cloud_name'] });
    for (const row of onlyName.data.info) expect(Object.keys(row).sort()).toEqual(['bk_cloud_id', 'bk_cloud_name']);
  });

  it('sorts by page.sort, "-" for descending', async () => {
    const cond = { bk_cloud_id: { $in: [east, beta, gamma] } };
    const desc = await t.esb('search_cloud_area', { condition: cond, page: { sort: '-bk_cloud_name' } });
    expect(names(desc.data.info)).toEqual(['gamma', 'beta', 'alpha-east']);
    const asc = await t.esb('search_cloud_area', { condition: cond, page: { sort: 'bk_cloud_name' } });
    expect(names(asc.data.info)).toEqual(['alpha-east', 'beta', 'gamma']);
    const byId = await t.esb('search_cloud_area', { page: { sort: '-bk_cloud_id' } });
    expect(ids(byId.data.info)).toEqual([gamma, beta, west, east, 0]);
  });

  it('pages with start and limit; count is the total', async () => {
    const r = await t.esb('search_cloud_area', { page: { start: 1, limit: 2 } });
    expect(r.data.count).toBe(5);
    expect(ids(r.data.info)).toEqual([east, west]);
    const tail = await t.esb('search_cloud_area', { page: { start: 4, limit: 2 } });
    expect(ids(tail.data.info)).toEqual([gamma]);
  });

  it('caps page.limit at 1000 (1001 → 1199059)', async () => {
    const ok = await t.esb('search_cloud_area', { page: { limit: 1000 } });
    expect(ok.result).toBe(true);
    expect(ok.data.count).toBe(5);
    const over = await t.esb('search_cloud_area', { page: { limit: 1001 } });
    expect(over.result).toBe(false);
    expect(over.code).toBe(1199059);
    expect(over.message).toContain('page.limit');
  });

  it('refuses unknown fields in condition, fields and sort (1199006)', async () => {
    const c = await t.esb('search_cloud_area', { condition: { bk_nonexistent: 'x' } });
    expect(c.result).toBe(false);
    expect(c.code).toBe(1199006);
    expect(c.message).toContain('bk_nonexistent');
    const f = await t.esb('search_cloud_area', { fields: ['bk_nonexistent'] });
    expect(f.code).toBe(1199006);
    const s = await t.esb('search_cloud_area', { page: { sort: '-bk_nonexistent' } });
    expect(s.code).toBe(1199006);
    const op = await t.esb('search_cloud_area', { condition: { bk_cloud_id: { $where: 1 } } });
    expect(op.code).toBe(1199006);
    const neg = await t.esb('search_cloud_area', { page: { start: -1 } });
    expect(neg.code).toBe(1199006);
  });

  it('is readable by any user of the trusted app', async () => {
    const r = await t.as('bob')('search_cloud_area', { condition: { bk_cloud_id: beta } });
    expect(r.result).toBe(true);
    expect(names(r.data.info)).toEqual(['beta']);
  });
});

describe('update_cloud_area', () => {
  let t: TestTopograph;
  let a: number;
  let b: number;
  beforeAll(async () => {
    t = await startTopograph();
    a = await createArea(t, 'area-a', { bk_region: 'old-region' });
    b = await createArea(t, 'area-b');
  });
  afterAll(() => t.stop());

  it('renames an area and answers data null', async () => {
    const r = await t.esb('update_cloud_area', { bk_cloud_id: a, bk_cloud_name: 'area-a2', bk_cloud_vendor: '9' });
    expect(r.result).toBe(true);
    expect(r.code).toBe(0);
    expect(r.data).toBeNull();
    expect(await area(t, a)).toMatchObject({ bk_cloud_name: 'area-a2', bk_cloud_vendor: '9', bk_region: 'old-region' });
  });

  it('sets bk_last_editor to the caller and keeps bk_creator', async () => {
    const id = await t.store.write(DIRECT, async (w) => {
      const p = await w.insertInstance('plat', { bk_cloud_name: 'made-elsewhere', bk_creator: 'someone', bk_last_editor: 'someone', default: 0 });
      return p.bk_cloud_id as number;
    });
    expect(await area(t, id)).toMatchObject({ bk_last_editor: 'someone' });
    const r = await t.esb('update_cloud_area', { bk_cloud_id: id, bk_region: 'r9' });
    expect(r.result).toBe(true);
    expect(await area(t, id)).toMatchObject({ bk_region: 'r9', bk_last_editor: 'admin', bk_creator: 'someone' });
  });

  it('ignores empty strings', async () => {
    const r = await t.esb('update_cloud_area', { bk_cloud_id: b, bk_cloud_name: '', bk_region: 'new-region' });
    expect(r.result).toBe(true);
    expect(await area(t, b)).toMatchObject({ bk_cloud_name: 'area-b', bk_region: 'new-region' });
  });

  it('refuses a duplicate name (1199014) and changes nothing', async () => {
    const r = await expectRefused(t, () => t.esb('update_cloud_area', { bk_cloud_id: b, bk_cloud_name: 'area-a2', bk_region: 'should-not-stick' }), 1199014);
    expect(r.message).toContain('bk_cloud_name');
    expect(await area(t, b)).toMatchObject({ bk_cloud_name: 'area-b', bk_region: 'new-region' });
  });

  it('refuses the built-in area 0 (1199076)', async () => {
    await expectRefused(t, () => t.esb('update_cloud_area', { bk_cloud_id: 0, bk_cloud_name: 'renamed-default' }), 1199076);
    expect(await area(t, 0)).toMatchObject({ bk_cloud_name: 'Default Area' });
  });

  it('refuses an unknown area (1199019)', async () => {
    await expectRefused(t, () => t.esb('update_cloud_area', { bk_cloud_id: 987654, bk_cloud_name: 'ghost' }), 1199019);
    const r = await t.esb('search_cloud_area', { condition: { bk_cloud_name: 'ghost' } });
    expect(r.data.count).toBe(0);
  });

  it('refuses a user who is not the administrator (9900403, with the permission payload)', async () => {
    const r = await expectRefused(t, () => t.as('bob')('update_cloud_area', { bk_cloud_id: b, bk_cloud_name: 'bobs' }), 9900403);
    expect(r.permission).toMatchObject({ system_id: 'bk_cmdb', actions: [{ id: 'edit_cloud_area' }] });
    expect(await area(t, b)).toMatchObject({ bk_cloud_name: 'area-b' });
  });

  it('refuses unknown (1199060), non-editable (1101047) and invalid (1199006) values', async () => {
    await expectRefused(t, () => t.esb('update_cloud_area', { bk_cloud_id: b, bk_region: 'x1', bk_nonexistent: 'x' }), 1199060);
    await expectRefused(t, () => t.esb('update_cloud_area', { bk_cloud_id: b, bk_region: 'x2', bk_creator: 'mallory' }), 1101047);
    await expectRefused(t, () => t.esb('update_cloud_area', { bk_cloud_id: b, bk_cloud_vendor: '99' }), 1199006);
    expect(await area(t, b)).toMatchObject({ bk_region: 'new-region', bk_creator: 'admin', bk_cloud_vendor: null });
  });

  it('refuses a non-integer id at the gateway (1306000)', async () => {
    const r = await t.esb('update_cloud_area', { bk_cloud_id: String(b), bk_cloud_name: 'stringly' });
    expect(r.result).toBe(false);
    expect(r.code).toBe(1306000);
    expect(await area(t, b)).toMatchObject({ bk_cloud_name: 'area-b' });
  });
});

describe('delete_cloud_area', () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t.stop());

  it('deletes an area', async () => {
    const id = await createArea(t, 'doomed');
    const r = await t.esb('delete_cloud_area', { bk_cloud_id: id });
    expect(r.result).toBe(true);
    expect(r.data).toBeNull();
    expect(await area(t, id)).toBeUndefined();
    expect(await t.store.getInstance('plat', id)).toBeUndefined();
    // the name is free again
    expect((await t.esb('create_cloud_area', { bk_cloud_name: 'doomed' })).result).toBe(true);
  });

  it('refuses the built-in area 0 (1110066)', async () => {
    await expectRefused(t, () => t.esb('delete_cloud_area', { bk_cloud_id: 0 }), 1110066);
    expect(await area(t, 0)).toMatchObject({ bk_cloud_name: 'Default Area' });
  });

  it('refuses an unknown area (1199019)', async () => {
    await expectRefused(t, () => t.esb('delete_cloud_area', { bk_cloud_id: 424242 }), 1199019);
  });

  it('refuses a user who is not the administrator (9900403)', async () => {
    const id = await createArea(t, 'kept-from-bob');
    await expectRefused(t, () => t.as('bob')('delete_cloud_area', { bk_cloud_id: id }), 9900403);
    expect(await area(t, id)).toMatchObject({ bk_cloud_name: 'kept-from-bob' });
  });

  it('refuses an area that hosts use (1101030), then deletes it once they are gone', async () => {
    const id = await createArea(t, 'busy');
    const hostId = await t.store.write(DIRECT, async (w) => {
      const h = await w.insertInstance('host', { bk_host_innerip: '10.1.0.1', bk_cloud_id: id });
      return h.bk_host_id as number;
    });
    const r = await expectRefused(t, () => t.esb('delete_cloud_area', { bk_cloud_id: id }), 1101030);
    expect(r.message).toMatch(/host/);
    expect(await area(t, id)).toMatchObject({ bk_cloud_name: 'busy' });
    await t.store.write(DIRECT, async (w) => {
      await w.deleteInstances('host', [{ bk_host_id: hostId }]);
    });
    expect((await t.esb('delete_cloud_area', { bk_cloud_id: id })).result).toBe(true);
    expect(await area(t, id)).toBeUndefined();
  });
});
