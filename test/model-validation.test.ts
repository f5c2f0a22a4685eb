import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_ATTRIBUTES } from '../src/domain/model/builtin-attributes.js';
import type { ObjId } from '../src/domain/model/attribute.js';
import { makeBusiness, makeSet, startTopograph, type EsbAnswer, type TestTopograph } from './support/server.js';

/**
 * The model and its validation through the real server: every write of biz, set, module and cloud area meets
 * the attribute validator, built-in and custom attributes alike, and answers bk-cmdb's codes. Every refusal is
 * also checked to have written nothing.
 */

const IGNORED = 'x-topograph-ignored-fields';
const ALL = { filters: [], start: 0, limit: 100, sort: [] };

/** How many rows of the object the store holds (the resource pool and idle pools included). */
const countOf = (t: TestTopograph, objId: ObjId) => t.store.search(objId, ALL).then((r) => r.count);

function expectOk(r: EsbAnswer): void {
  expect(r.message).toBe('success');
  expect(r.result).toBe(true);
  expect(r.code).toBe(0);
}

function expectRefused(r: EsbAnswer, code: number, ...mentions: string[]): void {
  expect(r.result, `expected a refusal, got ${JSON.stringify(r.data)}`).toBe(false);
  expect(r.code, r.message).toBe(code);
  expect(r.data).toBeNull();
  expect(r.status).toBe(200);
  for (const m of mentions) expect(r.message).toContain(m);
}

/** search_business by exact name: how many businesses carry it (search is "contains", so filter on our side too). */
async function businessesNamed(t: TestTopograph, name: string): Promise<Record<string, unknown>[]> {
  const r = await t.esb('search_business', { condition: { bk_biz_name: name }, page: { start: 0, limit: 200 } });
  expectOk(r);
  return (r.data.info as Record<string, unknown>[]).filter((b) => b.bk_biz_name === name);
}

describe('built-in attributes through the create calls', () => {
  let t: TestTopograph;
  let bizId: number;
  let setId: number;
  let n = 0;
  const unique = (prefix: string) => `${prefix}-${++n}`;

  beforeAll(async () => {
    t = await startTopograph();
    bizId = await makeBusiness(t, 'rules-biz', 'admin');
    setId = await makeSet(t, bizId, 'rules-set');
  });
  afterAll(() => t.stop());

  const createSet = (data: Record<string, unknown>) => t.esb('create_set', { bk_biz_id: bizId, data });
  const createModule = (data: Record<string, unknown>) => t.esb('create_module', { bk_biz_id: bizId, bk_set_id: setId, data });

  /** create_set with data is refused with code (message naming mentions), and no set was written. */
  async function setRefused(data: Record<string, unknown>, code: number, ...mentions: string[]) {
    const before = await countOf(t, 'set');
    expectRefused(await createSet(data), code, ...mentions);
    expect(await countOf(t, 'set')).toBe(before);
  }

  async function moduleRefused(data: Record<string, unknown>, code: number, ...mentions: string[]) {
    const before = await countOf(t, 'module');
    expectRefused(await createModule(data), code, ...mentions);
    expect(await countOf(t, 'module')).toBe(before);
  }

  /** create_business refused; neither the business nor its idle pool was written. */
  async function bizRefused(data: Record<string, unknown>, code: number, ...mentions: string[]) {
    const [bizBefore, setsBefore, modulesBefore] = [await countOf(t, 'biz'), await countOf(t, 'set'), await countOf(t, 'module')];
    expectRefused(await t.esb('create_business', { data }), code, ...mentions);
    expect(await countOf(t, 'biz')).toBe(bizBefore);
    expect(await countOf(t, 'set')).toBe(setsBefore);
    expect(await countOf(t, 'module')).toBe(modulesBefore);
    if (typeof data.bk_biz_name === 'string') expect(await businessesNamed(t, data.bk_biz_name.trim())).toEqual([]);
  }

  describe('required fields (1199010, naming the field)', () => {
    it('create_set without bk_set_name, or with an empty or blank one', async () => {
      await setRefused({ bk_parent_id: bizId }, 1199010, "'bk_set_name'", 'unassigned');
      await setRefused({ bk_parent_id: bizId, bk_set_name: '' }, 1199010, "'bk_set_name'");
      await setRefused({ bk_parent_id: bizId, bk_set_name: '   ' }, 1199010, "'bk_set_name'");
      await setRefused({ bk_parent_id: bizId, bk_set_name: null }, 1199010, "'bk_set_name'");
    });

    it('create_set without bk_parent_id', async () => {
      await setRefused({ bk_set_name: unique('orphan') }, 1199010, "'bk_parent_id'");
    });

    it('create_module without bk_module_name or bk_parent_id', async () => {
      await moduleRefused({ bk_parent_id: setId }, 1199010, "'bk_module_name'");
      await moduleRefused({ bk_module_name: unique('orphan') }, 1199010, "'bk_parent_id'");
    });

    it('create_business without bk_biz_name or bk_biz_maintainer', async () => {
      await bizRefused({ bk_biz_maintainer: 'admin' }, 1199010, "'bk_biz_name'");
      await bizRefused({ bk_biz_name: 'no-maintainer' }, 1199010, "'bk_biz_maintainer'");
      await bizRefused({ bk_biz_name: 'blank-maintainer', bk_biz_maintainer: '' }, 1199010, "'bk_biz_maintainer'");
    });

    it('create_cloud_area without bk_cloud_name: 1101000, as bk-cmdb folds every create_cloud_area failure, the reason in the message', async () => {
      const before = await countOf(t, 'plat');
      const r = await t.esb('create_cloud_area', {});
      expectRefused(r, 1101000, 'Failed to create instance', "'bk_cloud_name'", 'unassigned');
      expect(await countOf(t, 'plat')).toBe(before);
    });
  });

  describe('types, without coercion', () => {
    it('"5" for bk_capacity → 1199009', async () => {
      await setRefused({ bk_parent_id: bizId, bk_set_name: unique('s'), bk_capacity: '5' }, 1199009, "'bk_capacity'");
    });

    it('1.5 for bk_capacity and for bk_parent_id → 1199009', async () => {
      await setRefused({ bk_parent_id: bizId, bk_set_name: unique('s'), bk_capacity: 1.5 }, 1199009, "'bk_capacity'");
      await setRefused({ bk_parent_id: bizId + 0.5, bk_set_name: unique('s') }, 1199009, "'bk_parent_id'");
    });

    it('a string for bk_parent_id → 1199009', async () => {
      await setRefused({ bk_parent_id: String(bizId), bk_set_name: unique('s') }, 1199009, "'bk_parent_id'");
      await moduleRefused({ bk_parent_id: String(setId), bk_module_name: unique('m') }, 1199009, "'bk_parent_id'");
    });

    it('5 for bk_set_desc and for bk_set_name → 1199007', async () => {
      await setRefused({ bk_parent_id: bizId, bk_set_name: unique('s'), bk_set_desc: 5 }, 1199007, "'bk_set_desc'");
      await setRefused({ bk_parent_id: bizId, bk_set_name: 5 }, 1199007, "'bk_set_name'");
      await moduleRefused({ bk_parent_id: setId, bk_module_name: unique('m'), operator: 5 }, 1199007, "'operator'");
    });

    it('a boolean for a string and an object for an int are refused too', async () => {
      await setRefused({ bk_parent_id: bizId, bk_set_name: unique('s'), description: true }, 1199007, "'description'");
      await setRefused({ bk_parent_id: bizId, bk_set_name: unique('s'), bk_capacity: { n: 5 } }, 1199009, "'bk_capacity'");
    });
  });

  describe('enums and ranges (1199006)', () => {
    it('bk_set_env "4" and 3 (a number) are refused', async () => {
      await setRefused({ bk_parent_id: bizId, bk_set_name: unique('s'), bk_set_env: '4' }, 1199006, "'bk_set_env'");
      await setRefused({ bk_parent_id: bizId, bk_set_name: unique('s'), bk_set_env: 3 }, 1199006, "'bk_set_env'");
    });

    it('bk_service_status "3", bk_module_type 1 (a number) and life_cycle "9" are refused', async () => {
      await setRefused({ bk_parent_id: bizId, bk_set_name: unique('s'), bk_service_status: '3' }, 1199006, "'bk_service_status'");
      await moduleRefused({ bk_parent_id: setId, bk_module_name: unique('m'), bk_module_type: 1 }, 1199006, "'bk_module_type'");
      await bizRefused({ bk_biz_name: 'bad-life', bk_biz_maintainer: 'admin', life_cycle: '9' }, 1199006, "'life_cycle'");
    });

    it('a valid enum id is stored', async () => {
      const r = await createSet({ bk_parent_id: bizId, bk_set_name: unique('s'), bk_set_env: '1', bk_service_status: '2' });
      expectOk(r);
      expect(r.data).toMatchObject({ bk_set_env: '1', bk_service_status: '2' });
    });

    it('bk_capacity 0 and 1000000000 are out of range', async () => {
      await setRefused({ bk_parent_id: bizId, bk_set_name: unique('s'), bk_capacity: 0 }, 1199006, "'bk_capacity'");
      await setRefused({ bk_parent_id: bizId, bk_set_name: unique('s'), bk_capacity: 1000000000 }, 1199006, "'bk_capacity'");
      await setRefused({ bk_parent_id: bizId, bk_set_name: unique('s'), bk_capacity: -5 }, 1199006, "'bk_capacity'");
    });

    it('bk_capacity 1 and 999999999 are in range', async () => {
      for (const cap of [1, 999999999]) {
        const r = await createSet({ bk_parent_id: bizId, bk_set_name: unique('cap'), bk_capacity: cap });
        expectOk(r);
        expect(r.data.bk_capacity).toBe(cap);
      }
    });
  });

  describe('lengths', () => {
    it('bk_set_desc: 256 characters are stored, 257 → 1199015', async () => {
      const r = await createSet({ bk_parent_id: bizId, bk_set_name: unique('d'), bk_set_desc: 'd'.repeat(256) });
      expectOk(r);
      expect(r.data.bk_set_desc).toBe('d'.repeat(256));
      await setRefused({ bk_parent_id: bizId, bk_set_name: unique('d'), bk_set_desc: 'd'.repeat(257) }, 1199015, "'bk_set_desc'");
    });

    it('description: 2000 characters are stored, 2001 → 1199015', async () => {
      const r = await createSet({ bk_parent_id: bizId, bk_set_name: unique('d'), description: 'x'.repeat(2000) });
      expectOk(r);
      expect(r.data.description).toBe('x'.repeat(2000));
      await setRefused({ bk_parent_id: bizId, bk_set_name: unique('d'), description: 'x'.repeat(2001) }, 1199015, "'description'");
    });

    it('multi-byte characters count once', async () => {
      const r = await createSet({ bk_parent_id: bizId, bk_set_name: unique('d'), bk_set_desc: '集'.repeat(256) });
      expectOk(r);
      expect(r.data.bk_set_desc).toBe('集'.repeat(256));
    });

    it('a name of 256 characters is stored; 257 → 1199073 for sets, modules and businesses', async () => {
      const name = 'n'.repeat(256);
      const r = await createSet({ bk_parent_id: bizId, bk_set_name: name });
      expectOk(r);
      expect(r.data.bk_set_name).toBe(name);
      await setRefused({ bk_parent_id: bizId, bk_set_name: 'n'.repeat(257) }, 1199073, "'bk_set_name'");
      await moduleRefused({ bk_parent_id: setId, bk_module_name: 'm'.repeat(257) }, 1199073, "'bk_module_name'");
      await bizRefused({ bk_biz_name: 'b'.repeat(257), bk_biz_maintainer: 'admin' }, 1199073, "'bk_biz_name'");
    });
  });

  describe('the topology-name rule', () => {
    const BAD_NAMES: Array<[string, string]> = [
      ['a space', 'web 01'],
      ['a tab', 'web\t01'],
      ['a newline', 'web\n01'],
      ['a slash', 'web/01'],
      ['a hash', 'web#01'],
      ['a double hash', 'web##01'],
      ['a double quote', 'web"01'],
      ['a pipe', 'web|01'],
      ['a colon', 'web:01'],
      ['an asterisk', 'web*01'],
      ['a less-than', 'web<01'],
      ['a greater-than', 'web>01'],
      ['a question mark', 'web?01'],
      ['a backslash', 'web\\01'],
      ['a comma', 'web,01'],
    ];

    it.each(BAD_NAMES)('a set name with %s is refused (1199006)', async (_what, name) => {
      await setRefused({ bk_parent_id: bizId, bk_set_name: name }, 1199006, "'bk_set_name'");
    });

    it.each(BAD_NAMES)('a module name with %s is refused (1199006)', async (_what, name) => {
      await moduleRefused({ bk_parent_id: setId, bk_module_name: name }, 1199006, "'bk_module_name'");
    });

    it.each([
      ['a space', 'my biz'],
      ['a slash', 'my/biz'],
      ['a comma', 'my,biz'],
    ])('a business name with %s is refused (1199006)', async (_what, name) => {
      await bizRefused({ bk_biz_name: name, bk_biz_maintainer: 'admin' }, 1199006, "'bk_biz_name'");
    });

    it('a cloud area name is not a topology name: spaces are fine', async () => {
      const r = await t.esb('create_cloud_area', { bk_cloud_name: 'my area 1' });
      expectOk(r);
      const rows = await t.store.search('plat', { ...ALL, filters: [{ field: 'bk_cloud_id', op: 'eq', value: r.data.created.id }] });
      expect(rows.rows[0]?.bk_cloud_name).toBe('my area 1');
    });

    it('a set name is stored trimmed, so the untrimmed twin collides with it (1101108)', async () => {
      const r = await createSet({ bk_parent_id: bizId, bk_set_name: '  trimmed-set\t' });
      expectOk(r);
      expect(r.data.bk_set_name).toBe('trimmed-set');
      const stored = await t.store.search('set', { ...ALL, filters: [{ field: 'bk_set_id', op: 'eq', value: r.data.bk_set_id }] });
      expect(stored.rows[0]?.bk_set_name).toBe('trimmed-set');
      await setRefused({ bk_parent_id: bizId, bk_set_name: 'trimmed-set' }, 1101108);
      await setRefused({ bk_parent_id: bizId, bk_set_name: ' trimmed-set ' }, 1101108);
    });

    it('module and business names are stored trimmed', async () => {
      const m = await createModule({ bk_parent_id: setId, bk_module_name: ' trimmed-module ' });
      expectOk(m);
      expect(m.data.bk_module_name).toBe('trimmed-module');
      await moduleRefused({ bk_parent_id: setId, bk_module_name: 'trimmed-module' }, 1199014);

      const b = await t.esb('create_business', { data: { bk_biz_name: '  trimmed-biz  ', bk_biz_maintainer: ' admin ' } });
      expectOk(b);
      expect(b.data).toMatchObject({ bk_biz_name: 'trimmed-biz', bk_biz_maintainer: 'admin' });
      expect(await businessesNamed(t, 'trimmed-biz')).toHaveLength(1);
    });
  });

  describe('user fields (objuser)', () => {
    it('"alice,bob" is stored as given', async () => {
      const r = await createModule({ bk_parent_id: setId, bk_module_name: unique('users'), operator: 'alice,bob', bk_bak_operator: 'carol' });
      expectOk(r);
      expect(r.data).toMatchObject({ operator: 'alice,bob', bk_bak_operator: 'carol' });
      const b = await t.esb('create_business', { data: { bk_biz_name: unique('team-biz'), bk_biz_maintainer: 'alice,bob' } });
      expectOk(b);
      expect(b.data.bk_biz_maintainer).toBe('alice,bob');
    });

    it('"alice bob" is refused (1199016)', async () => {
      await moduleRefused({ bk_parent_id: setId, bk_module_name: unique('users'), operator: 'alice bob' }, 1199016, "'operator'");
      await moduleRefused({ bk_parent_id: setId, bk_module_name: unique('users'), bk_bak_operator: 'alice,,bob' }, 1199016, "'bk_bak_operator'");
      await bizRefused({ bk_biz_name: 'spaced-users', bk_biz_maintainer: 'alice bob' }, 1199016, "'bk_biz_maintainer'");
    });
  });

  describe('unknown fields', () => {
    it('are dropped and named in X-Topograph-Ignored-Fields (create_set)', async () => {
      const r = await createSet({ bk_parent_id: bizId, bk_set_name: unique('extra'), foo: 1, bar: 'x' });
      expectOk(r);
      expect(r.headers[IGNORED]).toBe('data.foo,data.bar');
      expect(r.data).not.toHaveProperty('foo');
      expect(r.data).not.toHaveProperty('bar');
      const stored = await t.store.search('set', { ...ALL, filters: [{ field: 'bk_set_id', op: 'eq', value: r.data.bk_set_id }] });
      expect(stored.rows[0]).not.toHaveProperty('foo');
    });

    it('no header when every field is known, nor for the pass-through bk_biz_id', async () => {
      const r = await createSet({ bk_parent_id: bizId, bk_set_name: unique('plain'), bk_biz_id: bizId, bk_supplier_account: '0' });
      expectOk(r);
      expect(r.headers[IGNORED]).toBeUndefined();
    });

    it('create_module, create_business and create_cloud_area report theirs too', async () => {
      const m = await createModule({ bk_parent_id: setId, bk_module_name: unique('extra'), foo: 1 });
      expectOk(m);
      expect(m.headers[IGNORED]).toBe('data.foo');
      expect(m.data).not.toHaveProperty('foo');

      const b = await t.esb('create_business', { data: { bk_biz_name: unique('extra-biz'), bk_biz_maintainer: 'admin', foo: 1 } });
      expectOk(b);
      expect(b.headers[IGNORED]).toBe('data.foo');
      expect(b.data).not.toHaveProperty('foo');

      const c = await t.esb('create_cloud_area', { bk_cloud_name: unique('extra-area'), foo: 1 });
      expectOk(c);
      expect(c.headers[IGNORED]).toBe('foo');
    });
  });

  describe('defaults', () => {
    it('a set: bk_set_env "3", bk_service_status "1", default 0, set_template_id 0, set_template_version null', async () => {
      const r = await createSet({ bk_parent_id: bizId, bk_set_name: unique('defaults') });
      expectOk(r);
      expect(r.data).toMatchObject({
        bk_biz_id: bizId,
        bk_parent_id: bizId,
        bk_set_env: '3',
        bk_service_status: '1',
        default: 0,
        set_template_id: 0,
        set_template_version: null,
        bk_set_desc: '',
        description: '',
        bk_capacity: null,
        bk_supplier_account: '0',
      });
      expect(r.data.bk_set_id).toBeGreaterThan(0);
    });

    it('a module: bk_module_type "1", service_category_id 2, host_apply_enabled false, operator null', async () => {
      const r = await createModule({ bk_parent_id: setId, bk_module_name: unique('defaults') });
      expectOk(r);
      expect(r.data).toMatchObject({
        bk_biz_id: bizId,
        bk_set_id: setId,
        bk_parent_id: setId,
        bk_module_type: '1',
        service_category_id: 2,
        service_template_id: 0,
        set_template_id: 0,
        host_apply_enabled: false,
        operator: null,
        bk_bak_operator: null,
        default: 0,
      });
    });

    it('a business: life_cycle "2", language "1", time_zone Asia/Shanghai', async () => {
      const r = await t.esb('create_business', { data: { bk_biz_name: unique('defaults-biz'), bk_biz_maintainer: 'admin' } });
      expectOk(r);
      expect(r.data).toMatchObject({ life_cycle: '2', language: '1', time_zone: 'Asia/Shanghai', default: 0, bk_biz_productor: null });
    });

    it('a client may not make a built-in set (default 1 → 1199006)', async () => {
      await setRefused({ bk_parent_id: bizId, bk_set_name: unique('builtin'), default: 1 }, 1199006, "'default'");
    });
  });
});

describe('strict fields (TOPOGRAPH_STRICT_FIELDS=on)', () => {
  let t: TestTopograph;
  let bizId: number;
  let setId: number;

  beforeAll(async () => {
    t = await startTopograph({ TOPOGRAPH_STRICT_FIELDS: 'on' });
    bizId = await makeBusiness(t, 'strict-biz', 'admin');
    setId = await makeSet(t, bizId, 'strict-set');
  });
  afterAll(() => t.stop());

  it('create_set refuses an unknown field with 1199060, naming it, and writes nothing', async () => {
    const before = await countOf(t, 'set');
    const r = await t.esb('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: 'with-foo', foo: 1 } });
    expectRefused(r, 1199060, "'foo'");
    expect(await countOf(t, 'set')).toBe(before);
  });

  it('create_module and create_business refuse them too', async () => {
    const modules = await countOf(t, 'module');
    const m = await t.esb('create_module', {
      bk_biz_id: bizId,
      bk_set_id: setId,
      data: { bk_parent_id: setId, bk_module_name: 'with-bar', bar: 'x' },
    });
    expectRefused(m, 1199060, "'bar'");
    expect(await countOf(t, 'module')).toBe(modules);

    const b = await t.esb('create_business', { data: { bk_biz_name: 'strict-extra', bk_biz_maintainer: 'admin', foo: 1 } });
    expectRefused(b, 1199060, "'foo'");
    expect(await businessesNamed(t, 'strict-extra')).toEqual([]);
  });

  it('known fields and the pass-through bk_biz_id / bk_supplier_account still work', async () => {
    const r = await t.esb('create_set', {
      bk_biz_id: bizId,
      data: { bk_parent_id: bizId, bk_set_name: 'strict-ok', bk_biz_id: bizId, bk_supplier_account: '0', bk_set_env: '2' },
    });
    expectOk(r);
    expect(r.headers[IGNORED]).toBeUndefined();
    expect(r.data).toMatchObject({ bk_set_name: 'strict-ok', bk_set_env: '2' });
  });

  // BUG (src/domain/topology/business.ts createBusiness): validateForCreate is called without the
  // passThrough set that create_set, create_module and create_cloud_area give it, so data.bk_supplier_account
  // is refused here (1199060) and reported as ignored in lenient mode. Marked `fails` until fixed.
  it('create_business takes data.bk_supplier_account like the other create calls', async () => {
    const r = await t.esb('create_business', { data: { bk_biz_name: 'strict-account', bk_biz_maintainer: 'admin', bk_supplier_account: '0' } });
    expectOk(r);
  });
});

/** create_object_attribute with the admin; answers the created attribute. */
async function defineAttribute(t: TestTopograph, def: Record<string, unknown>): Promise<Record<string, any>> {
  const r = await t.esb('create_object_attribute', def);
  expectOk(r);
  return r.data as Record<string, any>;
}

async function attributesOf(t: TestTopograph, objId: ObjId, propertyId?: string): Promise<Record<string, any>[]> {
  const r = await t.esb('search_object_attribute', { bk_obj_id: objId, ...(propertyId ? { bk_property_id: propertyId } : {}) });
  expectOk(r);
  return r.data as Record<string, any>[];
}

describe('a custom set attribute, from definition to deletion', () => {
  let t: TestTopograph;
  let bizId: number;
  let attrId: number;
  let n = 0;
  const name = () => `custom-${++n}`;

  beforeAll(async () => {
    t = await startTopograph();
    bizId = await makeBusiness(t, 'custom-set-biz', 'admin');
  });
  afterAll(() => t.stop());

  const createSet = (data: Record<string, unknown>) =>
    t.esb('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: name(), ...data } });

  async function setRefused(data: Record<string, unknown>, code: number, ...mentions: string[]) {
    const before = await countOf(t, 'set');
    expectRefused(await createSet(data), code, ...mentions);
    expect(await countOf(t, 'set')).toBe(before);
  }

  it('create_object_attribute defines a required singlechar with a regex', async () => {
    const a = await defineAttribute(t, {
      bk_obj_id: 'set',
      bk_property_id: 'owner_code',
      bk_property_name: 'owner code',
      bk_property_type: 'singlechar',
      option: '^[a-z]+$',
      isrequired: true,
    });
    expect(a).toMatchObject({
      bk_obj_id: 'set',
      bk_property_id: 'owner_code',
      bk_property_type: 'singlechar',
      option: '^[a-z]+$',
      isrequired: true,
      editable: true,
      ispre: false,
      creator: 'admin',
    });
    expect(a.id).toBeGreaterThan(0);
    attrId = a.id;
  });

  it('search_object_attribute lists every built-in (ispre true) and the custom one', async () => {
    const list = await attributesOf(t, 'set');
    const byId = new Map(list.map((a) => [a.bk_property_id as string, a]));
    for (const b of BUILTIN_ATTRIBUTES.set) {
      expect(byId.get(b.propertyId), b.propertyId).toMatchObject({ ispre: true, bk_obj_id: 'set', bk_property_type: b.type });
    }
    expect(byId.get('bk_set_name')).toMatchObject({ isrequired: true });
    expect(byId.get('owner_code')).toMatchObject({ id: attrId, ispre: false, isrequired: true, option: '^[a-z]+$' });
    expect(list.every((a) => a.bk_obj_id === 'set')).toBe(true);
    expect(await attributesOf(t, 'module', 'owner_code')).toEqual([]);
  });

  it('search_object_attribute refuses a bk_property_id that is not a string, naming it', async () => {
    for (const bad of [5, ['owner_code'], { $in: ['owner_code'] }, true]) {
      const r = await t.esb('search_object_attribute', { bk_obj_id: 'set', bk_property_id: bad });
      expect(r).toMatchObject({ result: false, code: 1199006 });
      expect(r.message).toContain('bk_property_id');
    }
  });

  it('a set without it is refused (1199010), naming it', async () => {
    await setRefused({}, 1199010, "'owner_code'");
    await setRefused({ owner_code: '' }, 1199010, "'owner_code'");
  });

  it('its regex and type apply (1199016, 1199007)', async () => {
    await setRefused({ owner_code: 'ABC' }, 1199016, "'owner_code'");
    await setRefused({ owner_code: 'abc1' }, 1199016, "'owner_code'");
    await setRefused({ owner_code: 5 }, 1199007, "'owner_code'");
  });

  it('a valid value is stored (trimmed) and appears in the create answer', async () => {
    const r = await createSet({ owner_code: ' ops ' });
    expectOk(r);
    expect(r.data.owner_code).toBe('ops');
    expect(r.headers[IGNORED]).toBeUndefined();
    const stored = await t.store.search('set', { ...ALL, filters: [{ field: 'owner_code', op: 'eq', value: 'ops' }] });
    expect(stored.count).toBe(1);
  });

  it('update_object_attribute isrequired false: the next write obeys it', async () => {
    expectOk(await t.esb('update_object_attribute', { id: attrId, isrequired: false }));
    expect((await attributesOf(t, 'set', 'owner_code'))[0]).toMatchObject({ isrequired: false, option: '^[a-z]+$' });
    const r = await createSet({});
    expectOk(r);
    expect(r.data.owner_code).toBe('');
  });

  it('update_object_attribute with a new regex: the next write obeys it', async () => {
    expectOk(await t.esb('update_object_attribute', { id: attrId, option: '^[0-9]+$' }));
    await setRefused({ owner_code: 'ops' }, 1199016, "'owner_code'");
    const r = await createSet({ owner_code: '42' });
    expectOk(r);
    expect(r.data.owner_code).toBe('42');
  });

  it('update_object_attribute refuses a bad regex, a new type and a required flag of the wrong type, changing nothing', async () => {
    expectRefused(await t.esb('update_object_attribute', { id: attrId, option: '([0-9' }), 1199011, 'option');
    expectRefused(await t.esb('update_object_attribute', { id: attrId, bk_property_type: 'int' }), 1199011, 'bk_property_type');
    expectRefused(await t.esb('update_object_attribute', { id: attrId, isrequired: 'yes' }), 1199025, 'isrequired');
    expect((await attributesOf(t, 'set', 'owner_code'))[0]).toMatchObject({ option: '^[0-9]+$', bk_property_type: 'singlechar', isrequired: false });
  });

  it('custom bool: "true" → 1199025; true is stored; missing → false', async () => {
    await defineAttribute(t, { bk_obj_id: 'set', bk_property_id: 'is_critical', bk_property_name: 'critical', bk_property_type: 'bool' });
    await setRefused({ is_critical: 'true' }, 1199025, "'is_critical'");
    await setRefused({ is_critical: 1 }, 1199025, "'is_critical'");
    const yes = await createSet({ is_critical: true });
    expectOk(yes);
    expect(yes.data.is_critical).toBe(true);
    const dflt = await createSet({});
    expectOk(dflt);
    expect(dflt.data.is_critical).toBe(false);
  });

  it('custom float: a string → 1199042; 1.5 is stored; the range applies', async () => {
    await defineAttribute(t, {
      bk_obj_id: 'set',
      bk_property_id: 'weight',
      bk_property_name: 'weight',
      bk_property_type: 'float',
      option: { min: 0, max: 10 },
    });
    await setRefused({ weight: '1.5' }, 1199042, "'weight'");
    await setRefused({ weight: 10.5 }, 1199006, "'weight'");
    const r = await createSet({ weight: 1.5 });
    expectOk(r);
    expect(r.data.weight).toBe(1.5);
  });

  it('custom int: 1.5 → 1199009, "3" → 1199009', async () => {
    await defineAttribute(t, { bk_obj_id: 'set', bk_property_id: 'replicas', bk_property_name: 'replicas', bk_property_type: 'int' });
    await setRefused({ replicas: 1.5 }, 1199009, "'replicas'");
    await setRefused({ replicas: '3' }, 1199009, "'replicas'");
    const r = await createSet({ replicas: 3 });
    expectOk(r);
    expect(r.data.replicas).toBe(3);
  });

  it('delete_object_attribute removes it; the field is then dropped as unknown', async () => {
    expectOk(await t.esb('delete_object_attribute', { id: attrId }));
    expect(await attributesOf(t, 'set', 'owner_code')).toEqual([]);
    const r = await createSet({ owner_code: '7' });
    expectOk(r);
    expect(r.headers[IGNORED]).toBe('data.owner_code');
    expect(r.data).not.toHaveProperty('owner_code');
    expect(r.data).toHaveProperty('is_critical', false);
    // deleting it again: it is gone
    expectRefused(await t.esb('delete_object_attribute', { id: attrId }), 1199019);
  });

  it('the same property id can be defined again after deletion', async () => {
    const a = await defineAttribute(t, { bk_obj_id: 'set', bk_property_id: 'owner_code', bk_property_name: 'owner', bk_property_type: 'singlechar' });
    expect(a.id).not.toBe(attrId);
    const r = await createSet({ owner_code: 'x y' });
    expectOk(r);
    expect(r.data.owner_code).toBe('x y');
  });
});

describe('a custom module attribute: an enum with a default', () => {
  let t: TestTopograph;
  let bizId: number;
  let setId: number;
  let n = 0;

  beforeAll(async () => {
    t = await startTopograph();
    bizId = await makeBusiness(t, 'custom-module-biz', 'admin');
    setId = await makeSet(t, bizId, 'custom-module-set');
    await defineAttribute(t, {
      bk_obj_id: 'module',
      bk_property_id: 'tier',
      bk_property_name: 'tier',
      bk_property_type: 'enum',
      option: [
        { id: 'gold', name: 'Gold', type: 'text', is_default: false },
        { id: 'silver', name: 'Silver', type: 'text', is_default: true },
      ],
    });
    await defineAttribute(t, {
      bk_obj_id: 'module',
      bk_property_id: 'zone',
      bk_property_name: 'zone',
      bk_property_type: 'enum',
      option: [
        { id: 'a', name: 'A', is_default: true },
        { id: 'b', name: 'B', is_default: false },
      ],
      default: 'b',
    });
  });
  afterAll(() => t.stop());

  const createModule = (data: Record<string, unknown>) =>
    t.esb('create_module', { bk_biz_id: bizId, bk_set_id: setId, data: { bk_parent_id: setId, bk_module_name: `mod-${++n}`, ...data } });

  it('the definition is listed with its options', async () => {
    const [tier] = await attributesOf(t, 'module', 'tier');
    expect(tier).toMatchObject({ bk_property_type: 'enum', ispre: false });
    expect(tier!.option).toEqual([
      { id: 'gold', name: 'Gold', type: 'text', is_default: false },
      { id: 'silver', name: 'Silver', type: 'text', is_default: true },
    ]);
  });

  it('a module without it gets the default option, in the create answer', async () => {
    const r = await createModule({});
    expectOk(r);
    expect(r.data.tier).toBe('silver');
    expect(r.data.zone).toBe('b'); // the attribute default wins over the option marked is_default
  });

  it('an id that is not an option, or a number, is refused (1199006) and nothing is written', async () => {
    for (const tier of ['bronze', 1, '']) {
      const before = await countOf(t, 'module');
      expectRefused(await createModule({ tier }), 1199006, "'tier'");
      expect(await countOf(t, 'module')).toBe(before);
    }
  });

  it('a valid id is stored', async () => {
    const r = await createModule({ tier: 'gold', zone: 'a' });
    expectOk(r);
    expect(r.data).toMatchObject({ tier: 'gold', zone: 'a' });
  });
});

describe('a custom business attribute: an int with min and max', () => {
  let t: TestTopograph;
  let attrId: number;

  beforeAll(async () => {
    t = await startTopograph();
    const a = await defineAttribute(t, {
      bk_obj_id: 'biz',
      bk_property_id: 'headcount',
      bk_property_name: 'headcount',
      bk_property_type: 'int',
      option: { min: 1, max: 100 },
    });
    attrId = a.id;
    expect(a.option).toEqual({ min: 1, max: 100 });
  });
  afterAll(() => t.stop());

  const createBiz = (name: string, extra: Record<string, unknown>) =>
    t.esb('create_business', { data: { bk_biz_name: name, bk_biz_maintainer: 'admin', ...extra } });

  it('out of range → 1199006, a string → 1199009; nothing is written', async () => {
    for (const [headcount, code] of [[0, 1199006], [101, 1199006], ['5', 1199009], [2.5, 1199009]] as const) {
      const before = await countOf(t, 'biz');
      expectRefused(await createBiz('counted', { headcount }), code, "'headcount'");
      expect(await countOf(t, 'biz')).toBe(before);
    }
    expect(await businessesNamed(t, 'counted')).toEqual([]);
  });

  it('the bounds themselves are accepted; the value is in the answer and in search_business', async () => {
    for (const headcount of [1, 100]) {
      const r = await createBiz(`counted-${headcount}`, { headcount });
      expectOk(r);
      expect(r.data.headcount).toBe(headcount);
      const [found] = await businessesNamed(t, `counted-${headcount}`);
      expect(found?.headcount).toBe(headcount);
    }
  });

  it('update_object_attribute narrows the range; the next write obeys it', async () => {
    expectOk(await t.esb('update_object_attribute', { id: attrId, option: { min: 1, max: 10 } }));
    expectRefused(await createBiz('counted-50', { headcount: 50 }), 1199006, "'headcount'");
    expectOk(await createBiz('counted-10', { headcount: 10 }));
  });

  // BUG (src/domain/model/attribute-service.ts deleteAttribute): the instances keep the deleted attribute's
  // values in their custom JSON; defining the same property id again (here with another type) brings the old
  // values back, unvalidated. bk-cmdb's core service unsets the field in every instance when it deletes the
  // attribute (cleanAttributeFieldInInstances). Marked `fails` until fixed.
  it('a deleted attribute takes its values with it', async () => {
    const r = await createBiz('stale-value', { headcount: 7 });
    expectOk(r);
    expectOk(await t.esb('delete_object_attribute', { id: attrId }));
    await defineAttribute(t, { bk_obj_id: 'biz', bk_property_id: 'headcount', bk_property_name: 'headcount', bk_property_type: 'singlechar' });
    const [found] = await businessesNamed(t, 'stale-value');
    expect(found).toBeDefined();
    expect(found!.headcount).not.toBe(7);
  });
});

describe('attribute definitions: what is refused', () => {
  let t: TestTopograph;
  const builtinId = async (objId: ObjId, propertyId: string) => (await attributesOf(t, objId, propertyId))[0]!.id as number;

  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t.stop());

  /** create_object_attribute refused with code; the property id is not defined afterwards. */
  async function definitionRefused(def: Record<string, unknown>, code: number, ...mentions: string[]) {
    const r = await t.esb('create_object_attribute', { bk_property_name: 'x', ...def });
    expectRefused(r, code, ...mentions);
    if (typeof def.bk_obj_id === 'string' && typeof def.bk_property_id === 'string' && ['biz', 'set', 'module', 'plat', 'host'].includes(def.bk_obj_id)) {
      const left = await attributesOf(t, def.bk_obj_id as ObjId, def.bk_property_id);
      expect(left.filter((a) => !a.ispre)).toEqual([]);
    }
  }

  it('deleting a built-in attribute → 1199054; it stays', async () => {
    const id = await builtinId('set', 'bk_set_name');
    expectRefused(await t.esb('delete_object_attribute', { id }), 1199054, 'bk_set_name');
    expect(await attributesOf(t, 'set', 'bk_set_name')).toHaveLength(1);
    const modId = await builtinId('module', 'bk_module_type');
    expectRefused(await t.esb('delete_object_attribute', { id: modId }), 1199054);
  });

  it('retyping or re-ruling a built-in attribute → 1199054; it is unchanged', async () => {
    const id = await builtinId('set', 'bk_set_desc');
    expectRefused(await t.esb('update_object_attribute', { id, bk_property_type: 'longchar' }), 1199054);
    expectRefused(await t.esb('update_object_attribute', { id, isrequired: true }), 1199054);
    expectRefused(await t.esb('update_object_attribute', { id, option: '^x$' }), 1199054);
    const capId = await builtinId('set', 'bk_capacity');
    expectRefused(await t.esb('update_object_attribute', { id: capId, option: { min: 5, max: 6 } }), 1199054);
    expect((await attributesOf(t, 'set', 'bk_set_desc'))[0]).toMatchObject({ bk_property_type: 'singlechar', isrequired: false, option: '' });
    expect((await attributesOf(t, 'set', 'bk_capacity'))[0]).toMatchObject({ option: { min: 1, max: 999999999 } });
  });

  it('a built-in attribute takes a new display name', async () => {
    const id = await builtinId('set', 'bk_set_desc');
    expectOk(await t.esb('update_object_attribute', { id, bk_property_name: 'cluster notes', description: 'free text' }));
    expect((await attributesOf(t, 'set', 'bk_set_desc'))[0]).toMatchObject({ bk_property_name: 'cluster notes', description: 'free text', ispre: true });
  });

  it('an invalid regex is refused at definition time (1199011) and nothing is created', async () => {
    await definitionRefused({ bk_obj_id: 'set', bk_property_id: 'bad_regex', bk_property_type: 'singlechar', option: '([a-z' }, 1199011, 'option');
    await definitionRefused({ bk_obj_id: 'set', bk_property_id: 'bad_regex', bk_property_type: 'longchar', option: '*' }, 1199011, 'option');
    await definitionRefused({ bk_obj_id: 'set', bk_property_id: 'bad_regex', bk_property_type: 'singlechar', option: 5 }, 1199011, 'option');
  });

  it('a bad enum option list is refused (1199011)', async () => {
    const enumDef = { bk_obj_id: 'module', bk_property_id: 'bad_enum', bk_property_type: 'enum' };
    await definitionRefused({ ...enumDef }, 1199011, 'option');
    await definitionRefused({ ...enumDef, option: [] }, 1199011, 'option');
    await definitionRefused({ ...enumDef, option: 'a,b' }, 1199011, 'option');
    await definitionRefused({ ...enumDef, option: [{ id: 'a', name: 'A' }, { id: 'a', name: 'A again' }] }, 1199011, 'option[1].id');
    await definitionRefused({ ...enumDef, option: [{ id: '', name: 'empty' }] }, 1199011, 'option[0].id');
    await definitionRefused({ ...enumDef, option: [{ id: 'a', name: '' }] }, 1199011, 'option[0].name');
    await definitionRefused({ ...enumDef, option: ['a', 'b'] }, 1199011, 'option[0]');
    await definitionRefused(
      { ...enumDef, option: [{ id: 'a', name: 'A', is_default: true }, { id: 'b', name: 'B', is_default: true }] },
      1199011,
      'option',
    );
    await definitionRefused({ ...enumDef, option: [{ id: 'a', name: 'A' }], default: 'z' }, 1199011, 'default');
  });

  it('min > max, a non-numeric bound and a default out of range are refused (1199011)', async () => {
    const intDef = { bk_obj_id: 'biz', bk_property_id: 'bad_range', bk_property_type: 'int' };
    await definitionRefused({ ...intDef, option: { min: 10, max: 1 } }, 1199011, 'min 10 is greater than max 1');
    await definitionRefused({ ...intDef, option: { min: 'ten' } }, 1199011, 'option.min');
    await definitionRefused({ ...intDef, option: { max: 1.5 } }, 1199011, 'option.max');
    await definitionRefused({ ...intDef, option: [1, 2] }, 1199011, 'option');
    await definitionRefused({ ...intDef, option: { min: 1, max: 10 }, default: 11 }, 1199011, 'default');
    await definitionRefused({ ...intDef, bk_property_type: 'float', option: { min: 2.5, max: 1.5 } }, 1199011, 'option');
  });

  it('a bad property id, type or object is refused', async () => {
    await definitionRefused({ bk_obj_id: 'set', bk_property_id: '1abc', bk_property_type: 'singlechar' }, 1199011, 'bk_property_id');
    await definitionRefused({ bk_obj_id: 'set', bk_property_id: 'has-dash', bk_property_type: 'singlechar' }, 1199011, 'bk_property_id');
    await definitionRefused({ bk_obj_id: 'set', bk_property_id: 'blob_field', bk_property_type: 'blob' }, 1199011, 'bk_property_type');
    await definitionRefused({ bk_obj_id: 'set', bk_property_id: 'fk', bk_property_type: 'foreignkey' }, 1199011, 'bk_property_type');
    await definitionRefused({ bk_obj_id: 'set', bk_property_id: 'no_type' }, 1199011, 'bk_property_type');
    await definitionRefused({ bk_obj_id: 'cluster', bk_property_id: 'x1', bk_property_type: 'singlechar' }, 1199006, 'bk_obj_id');
    await definitionRefused({ bk_obj_id: 'set', bk_property_type: 'singlechar' }, 1199010, 'bk_property_id');
    await definitionRefused({ bk_obj_id: 'set', bk_property_id: 'nameless', bk_property_type: 'singlechar', bk_property_name: '' }, 1199010, 'bk_property_name');
    await definitionRefused({ bk_obj_id: 'set', bk_property_id: 'str_required', bk_property_type: 'singlechar', isrequired: 'true' }, 1199025, 'isrequired');
  });

  it('a duplicate bk_property_id → 1101106, whether custom, built-in or reserved', async () => {
    await defineAttribute(t, { bk_obj_id: 'set', bk_property_id: 'dup_field', bk_property_name: 'first', bk_property_type: 'singlechar' });
    const r = await t.esb('create_object_attribute', { bk_obj_id: 'set', bk_property_id: 'dup_field', bk_property_name: 'second', bk_property_type: 'int' });
    expectRefused(r, 1101106, 'dup_field');
    const listed = await attributesOf(t, 'set', 'dup_field');
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ bk_property_name: 'first', bk_property_type: 'singlechar' });

    expectRefused(
      await t.esb('create_object_attribute', { bk_obj_id: 'set', bk_property_id: 'bk_set_name', bk_property_name: 'n', bk_property_type: 'singlechar' }),
      1101106,
      'bk_set_name',
    );
    expectRefused(
      await t.esb('create_object_attribute', { bk_obj_id: 'module', bk_property_id: 'default', bk_property_name: 'n', bk_property_type: 'int' }),
      1101106,
      'default',
    );
    expectRefused(
      await t.esb('create_object_attribute', { bk_obj_id: 'biz', bk_property_id: 'bk_biz_id', bk_property_name: 'n', bk_property_type: 'int' }),
      1101106,
      'bk_biz_id',
    );
    // the same id on another object is a different attribute
    await defineAttribute(t, { bk_obj_id: 'module', bk_property_id: 'dup_field', bk_property_name: 'on module', bk_property_type: 'singlechar' });
  });

  it('retyping a custom attribute is refused (1199011)', async () => {
    const a = await defineAttribute(t, { bk_obj_id: 'plat', bk_property_id: 'rack', bk_property_name: 'rack', bk_property_type: 'int' });
    expectRefused(await t.esb('update_object_attribute', { id: a.id, bk_property_type: 'singlechar' }), 1199011, 'bk_property_type');
    expectRefused(await t.esb('update_object_attribute', { id: a.id, bk_obj_id: 'host' }), 1199011, 'bk_obj_id');
    expect((await attributesOf(t, 'plat', 'rack'))[0]).toMatchObject({ bk_property_type: 'int' });
  });

  it('update or delete of an attribute that does not exist → 1199019', async () => {
    expectRefused(await t.esb('update_object_attribute', { id: 999999, bk_property_name: 'x' }), 1199019);
    expectRefused(await t.esb('delete_object_attribute', { id: 999999 }), 1199019);
  });

  it('a non-admin is refused with 9900403 and a permission object; nothing changes', async () => {
    const bob = t.as('bob');
    const created = await bob('create_object_attribute', {
      bk_obj_id: 'set',
      bk_property_id: 'bobs_field',
      bk_property_name: 'bob',
      bk_property_type: 'singlechar',
    });
    expectRefused(created, 9900403, 'bob');
    expect(created.permission).toMatchObject({
      system_id: 'bk_cmdb',
      actions: [{ id: 'edit_model', related_resource_types: [{ system_id: 'bk_cmdb', type: 'sys_model' }] }],
    });
    expect(await attributesOf(t, 'set', 'bobs_field')).toEqual([]);

    const a = await defineAttribute(t, { bk_obj_id: 'set', bk_property_id: 'admins_field', bk_property_name: 'admin', bk_property_type: 'singlechar' });
    const updated = await bob('update_object_attribute', { id: a.id, isrequired: true });
    expectRefused(updated, 9900403);
    expect(updated.permission).toMatchObject({ actions: [{ id: 'edit_model' }] });
    const deleted = await bob('delete_object_attribute', { id: a.id });
    expectRefused(deleted, 9900403);
    expect(deleted.permission).toMatchObject({ actions: [{ id: 'edit_model' }] });
    expect((await attributesOf(t, 'set', 'admins_field'))[0]).toMatchObject({ id: a.id, isrequired: false });

    // reading the model needs no permission
    const listed = await bob('search_object_attribute', { bk_obj_id: 'set', bk_property_id: 'admins_field' });
    expectOk(listed);
    expect(listed.data).toHaveLength(1);
  });

  // BUG (src/domain/model/attribute-service.ts updateAttribute, `str('bk_property_name', input.propertyName, 128) ??
  // before.propertyName`): str() is called without requiredValue, so "" passes and replaces the name, although
  // create refuses an empty bk_property_name (1199010). Marked `fails` until fixed.
  it('update_object_attribute refuses an empty bk_property_name', async () => {
    const a = await defineAttribute(t, { bk_obj_id: 'host', bk_property_id: 'named', bk_property_name: 'named', bk_property_type: 'singlechar' });
    const r = await t.esb('update_object_attribute', { id: a.id, bk_property_name: '' });
    expect(r.result).toBe(false);
    expect((await attributesOf(t, 'host', 'named'))[0]!.bk_property_name).toBe('named');
  });
});
