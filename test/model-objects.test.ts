import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { startTopograph, type EsbAnswer, type TestTopograph } from './support/server.js';

/** search_classifications and search_objects: the model's objects, as bk-cmdb's model calls answer them. */

type Row = Record<string, unknown>;

describe(`model objects (${TEST_DB})`, () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t?.stop());

  const data = (r: EsbAnswer) => {
    expect(r.message).toBe('success');
    return r.data as Row[];
  };

  it('lists the objects, each in a classification search_classifications answers, each with its attributes', async () => {
    const classes = data(await t.esb('search_classifications', {}));
    expect(classes.map((c) => c.bk_classification_id)).toEqual(['bk_host_manage', 'bk_biz_topo', 'bk_organization']);
    for (const c of classes) expect(c).toMatchObject({ bk_classification_type: 'inner', bk_supplier_account: '0', id: expect.any(Number) });
    const objects = data(await t.esb('search_objects', {}));
    expect(objects.map((o) => o.bk_obj_id)).toEqual(['biz', 'set', 'module', 'host', 'plat', 'bk_biz_set_obj', 'process']);
    const known = new Set(classes.map((c) => c.bk_classification_id));
    for (const o of objects) {
      expect(known.has(o.bk_classification_id)).toBe(true);
      expect(o).toMatchObject({ ispre: true, bk_ispaused: false, bk_supplier_account: '0', bk_obj_name: expect.any(String) });
      expect(data(await t.esb('search_object_attribute', { bk_obj_id: o.bk_obj_id })).length).toBeGreaterThan(0);
    }
  });

  it('filters by whole values; a value of the wrong type is refused', async () => {
    expect(data(await t.esb('search_objects', { bk_classification_id: 'bk_biz_topo' })).map((o) => o.bk_obj_id)).toEqual(['set', 'module', 'process']);
    expect(data(await t.esb('search_objects', { bk_obj_id: 'plat' }))).toMatchObject([{ bk_obj_name: 'cloud area', bk_classification_id: 'bk_host_manage' }]);
    expect(data(await t.esb('search_objects', { bk_classification_id: 'bk_host_manage', obj_sort_number: 1 })).map((o) => o.bk_obj_id)).toEqual(['host']);
    expect(data(await t.esb('search_objects', { bk_obj_id: 'bk_switch' }))).toEqual([]);
    const r = await t.esb('search_objects', { obj_sort_number: '1' });
    expect([r.result, r.code]).toEqual([false, 1306000]);
    expect(r.message).toContain('obj_sort_number');
  });

  it('names the mainline objects as the model does', async () => {
    const objects = data(await t.esb('search_objects', {}));
    const topo = data(await t.esb('get_mainline_object_topo', {}));
    for (const level of topo) expect(level.bk_obj_name).toBe(objects.find((o) => o.bk_obj_id === level.bk_obj_id)?.bk_obj_name);
  });
});
