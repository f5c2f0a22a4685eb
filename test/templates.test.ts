import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBusiness, startTopograph, type EsbAnswer, type TestTopograph } from './support/server.js';
import { addHostDirectly, removeHostDirectly } from './support/fixtures.js';
import { IDENTITY_LOOKUP, installStatementCounter } from './support/statement-counter.js';

/**
 * Service categories, service templates and set templates end to end: their calls, create_set and
 * create_module from templates, and the sync of sets with their set template (bk-cmdb-detail.md §1, §2.5, §2.9).
 */

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/;

let t: TestTopograph;

beforeAll(async () => {
  t = await startTopograph();
});
afterAll(() => t.stop());

async function auditCount(): Promise<number> {
  const r = await t.esb('list_operation_audit', { page: { limit: 1 } });
  expect(r.result).toBe(true);
  return r.data.count as number;
}

/** A refused call: its code, the error envelope, and no audit record (nothing was written). */
async function expectRefused(call: () => Promise<EsbAnswer>, code: number): Promise<EsbAnswer> {
  const before = await auditCount();
  const r = await call();
  expect(r.message).not.toBe('success');
  expect({ result: r.result, code: r.code, data: r.data }).toEqual({ result: false, code, data: null });
  expect(await auditCount()).toBe(before);
  return r;
}

/** Audit records of the template resource types (or any resource type given), oldest first. */
async function audits(resourceType: string, resourceId?: number) {
  const { rows } = await t.store.audit.search(
    { resourceTypes: [resourceType], resourceId: resourceId === undefined ? undefined : String(resourceId), start: 0, limit: 200, ascending: true },
    true,
  );
  return rows;
}

async function ok(name: string, body: Record<string, unknown>): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await t.esb(name, body);
  if (!r.result) throw new Error(`${name} failed: ${r.code} ${r.message}`);
  return r.data;
}

const categories = async (bizId: number): Promise<Row[]> => (await ok('list_service_category', { bk_biz_id: bizId })).info;
const category = (bizId: number, name: string, parent = 0): Promise<Row> => ok('create_service_category', { bk_biz_id: bizId, name, bk_parent_id: parent });
const serviceTemplate = (bizId: number, name: string, categoryId = 2): Promise<Row> =>
  ok('create_service_template', { bk_biz_id: bizId, name, service_category_id: categoryId });
const setTemplate = (bizId: number, name: string, ids: number[]): Promise<Row> => ok('create_set_template', { bk_biz_id: bizId, name, service_template_ids: ids });
const setFrom = (bizId: number, name: string, setTemplateId: number): Promise<Row> =>
  ok('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: name, set_template_id: setTemplateId } });
const plainSet = (bizId: number, name: string): Promise<Row> => ok('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: name } });

async function modulesOf(bizId: number, setId: number): Promise<Row[]> {
  const r = await ok('search_module', { bk_biz_id: bizId, bk_set_id: setId, page: { sort: 'bk_module_id' } });
  return r.info;
}
async function setsOf(bizId: number): Promise<Row[]> {
  return (await ok('search_set', { bk_biz_id: bizId })).info;
}
async function serviceTemplateNames(bizId: number): Promise<string[]> {
  return (await ok('list_service_template', { bk_biz_id: bizId })).info.map((s: Row) => s.name).sort();
}

/** A host in a module, written directly through the store. */
const addHost = (ip: string, bizId: number, setId: number, moduleId: number) => addHostDirectly(t, ip, { bizId, setId, moduleId });
const removeHost = (hostId: number) => removeHostDirectly(t, hostId);

describe('service categories', () => {
  let bizId: number;
  let otherBiz: number;
  beforeAll(async () => {
    bizId = await makeBusiness(t, 'cat-biz', 'admin,alice');
    otherBiz = await makeBusiness(t, 'cat-other', 'admin');
  });

  it('lists the built-in Default / Default pair in bk-cmdb\'s flat shape', async () => {
    const r = await t.esb('list_service_category', { bk_biz_id: bizId });
    expect(r.result).toBe(true);
    expect(r.data.count).toBe(r.data.info.length);
    const builtins = r.data.info.filter((c: Row) => c.id === 1 || c.id === 2);
    expect(builtins).toEqual([
      { id: 1, name: 'Default', bk_root_id: 1, bk_parent_id: 0, bk_biz_id: 0, is_built_in: true, bk_supplier_account: '0' },
      { id: 2, name: 'Default', bk_root_id: 1, bk_parent_id: 1, bk_biz_id: 0, is_built_in: true, bk_supplier_account: '0' },
    ]);
  });

  it('creates a root and a child, each visible to its business only, each with its audit record', async () => {
    const root = await category(bizId, 'Database');
    expect(root).toMatchObject({ name: 'Database', bk_parent_id: 0, bk_root_id: root.id, bk_biz_id: bizId, is_built_in: false, bk_supplier_account: '0' });
    // bk-cmdb's documentation names the parent parent_id: accepted too.
    const child = await ok('create_service_category', { bk_biz_id: bizId, name: 'MySQL', parent_id: root.id });
    expect(child).toMatchObject({ name: 'MySQL', bk_parent_id: root.id, bk_root_id: root.id, bk_biz_id: bizId, is_built_in: false });
    expect((await categories(bizId)).map((c) => c.id)).toEqual(expect.arrayContaining([root.id, child.id]));
    expect((await categories(otherBiz)).map((c) => c.id)).not.toContain(root.id);
    const a = await audits('service_category', child.id);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ auditType: 'business_resource', action: 'create', bizId, resourceName: 'MySQL', user: 'admin' });
    expect((a[0]!.detail as Row).details.cur_data).toMatchObject({ id: child.id, name: 'MySQL', bk_parent_id: root.id });
  });

  it('refuses a name its level already has (1113017), a parent that is not a visible root (1199006), and bad names', async () => {
    const root = await category(bizId, 'Queue');
    await category(bizId, 'Kafka', root.id);
    const before = (await categories(bizId)).length;
    // Roots share names with the global roots; children with every child visible to the business.
    await expectRefused(() => t.esb('create_service_category', { bk_biz_id: bizId, name: 'Default' }), 1113017);
    await expectRefused(() => t.esb('create_service_category', { bk_biz_id: bizId, name: 'Default', bk_parent_id: root.id }), 1113017);
    await expectRefused(() => t.esb('create_service_category', { bk_biz_id: bizId, name: 'Kafka', bk_parent_id: root.id }), 1113017);
    await expectRefused(() => t.esb('create_service_category', { bk_biz_id: bizId, name: 'X', bk_parent_id: 2 }), 1199006);
    const foreign = await category(otherBiz, 'Foreign');
    await expectRefused(() => t.esb('create_service_category', { bk_biz_id: bizId, name: 'X', bk_parent_id: foreign.id }), 1199006);
    await expectRefused(() => t.esb('create_service_category', { bk_biz_id: bizId, name: 'X', bk_parent_id: 99999 }), 1199006);
    await expectRefused(() => t.esb('create_service_category', { bk_biz_id: bizId, name: 'a b' }), 1199006);
    await expectRefused(() => t.esb('create_service_category', { bk_biz_id: bizId, name: 'x'.repeat(129) }), 1199006);
    await expectRefused(() => t.esb('create_service_category', { bk_biz_id: bizId, name: '  ' }), 1199010);
    await expectRefused(() => t.esb('create_service_category', { bk_biz_id: 99999, name: 'Y' }), 1199011);
    expect((await categories(bizId)).length).toBe(before);
    // The same name one level down is another name.
    expect((await category(otherBiz, 'Queue')).name).toBe('Queue');
  });

  it('renames a category of the business, but not a built-in one (1199054), another business\'s (1199019) or onto a taken name (1113017)', async () => {
    const cat = await category(bizId, 'Cache');
    const renamed = await ok('update_service_category', { bk_biz_id: bizId, id: cat.id, name: 'Caches' });
    expect(renamed).toMatchObject({ id: cat.id, name: 'Caches', bk_root_id: cat.id, bk_parent_id: 0, bk_biz_id: bizId });
    const a = await audits('service_category', cat.id);
    expect(a.map((x) => x.action)).toEqual(['create', 'update']);
    expect((a[1]!.detail as Row).details).toMatchObject({ pre_data: { name: 'Cache' }, cur_data: { name: 'Caches' }, update_fields: ['name'] });
    await expectRefused(() => t.esb('update_service_category', { bk_biz_id: bizId, id: 1, name: 'Mine' }), 1199054);
    await expectRefused(() => t.esb('update_service_category', { bk_biz_id: otherBiz, id: cat.id, name: 'Theirs' }), 1199019);
    await category(bizId, 'Storage');
    await expectRefused(() => t.esb('update_service_category', { bk_biz_id: bizId, id: cat.id, name: 'Storage' }), 1113017);
    await expectRefused(() => t.esb('update_service_category', { bk_biz_id: bizId, id: cat.id, name: 'bad name' }), 1199006);
    expect((await categories(bizId)).find((c) => c.id === cat.id)!.name).toBe('Caches');
  });

  it('deletes an unused leaf; refuses built-in ones (1199054), ones with children (1199055) and ones in use (1199056)', async () => {
    const root = await category(bizId, 'Web');
    const child = await category(bizId, 'Nginx', root.id);
    await expectRefused(() => t.esb('delete_service_category', { bk_biz_id: bizId, id: 2 }), 1199054);
    await expectRefused(() => t.esb('delete_service_category', { bk_biz_id: bizId, id: root.id }), 1199055);
    const st = await serviceTemplate(bizId, 'nginx-svc', child.id);
    await expectRefused(() => t.esb('delete_service_category', { bk_biz_id: bizId, id: child.id }), 1199056);
    await ok('delete_service_template', { bk_biz_id: bizId, service_template_id: st.id });
    const set = await plainSet(bizId, 'cat-set');
    await ok('create_module', { bk_biz_id: bizId, bk_set_id: set.bk_set_id, data: { bk_parent_id: set.bk_set_id, bk_module_name: 'web', service_category_id: child.id } });
    await expectRefused(() => t.esb('delete_service_category', { bk_biz_id: bizId, id: child.id }), 1199056);
    expect((await categories(bizId)).map((c) => c.id)).toEqual(expect.arrayContaining([root.id, child.id]));

    const spare = await category(bizId, 'Spare');
    const r = await t.esb('delete_service_category', { bk_biz_id: bizId, id: spare.id });
    expect(r).toMatchObject({ result: true, code: 0, data: null });
    expect((await categories(bizId)).map((c) => c.id)).not.toContain(spare.id);
    expect((await audits('service_category', spare.id)).map((x) => x.action)).toEqual(['create', 'delete']);
    await expectRefused(() => t.esb('delete_service_category', { bk_biz_id: bizId, id: spare.id }), 1199019);
  });

  it('lets a maintainer change categories, and refuses anyone else (9900403) without writing', async () => {
    const mine = await t.as('alice')('create_service_category', { bk_biz_id: bizId, name: 'ByAlice' });
    expect(mine.result).toBe(true);
    const before = (await categories(bizId)).length;
    const r = await expectRefused(() => t.as('bob')('create_service_category', { bk_biz_id: bizId, name: 'ByBob' }), 9900403);
    expect(r.permission).not.toBeNull();
    await expectRefused(() => t.as('bob')('update_service_category', { bk_biz_id: bizId, id: mine.data.id, name: 'Bobs' }), 9900403);
    await expectRefused(() => t.as('bob')('delete_service_category', { bk_biz_id: bizId, id: mine.data.id }), 9900403);
    expect((await categories(bizId)).length).toBe(before);
    // Reading needs no maintainer.
    expect((await t.as('bob')('list_service_category', { bk_biz_id: bizId })).result).toBe(true);
  });
});

describe('service templates', () => {
  let bizId: number;
  let otherBiz: number;
  beforeAll(async () => {
    bizId = await makeBusiness(t, 'st-biz', 'admin');
    otherBiz = await makeBusiness(t, 'st-other', 'admin');
  });

  it('creates one with bk-cmdb\'s fields, and an audit record', async () => {
    const st = await serviceTemplate(bizId, 'redis');
    expect(Object.keys(st).sort()).toEqual(
      ['bk_biz_id', 'bk_supplier_account', 'create_time', 'creator', 'host_apply_enabled', 'id', 'last_time', 'modifier', 'name', 'service_category_id'].sort(),
    );
    expect(st).toMatchObject({ bk_biz_id: bizId, name: 'redis', service_category_id: 2, creator: 'admin', modifier: 'admin', bk_supplier_account: '0', host_apply_enabled: false });
    expect(st.create_time).toMatch(TIME);
    expect(st.last_time).toBe(st.create_time);
    const a = await audits('service_template', st.id);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ auditType: 'business_resource', action: 'create', bizId, resourceName: 'redis' });
    expect(await ok('get_service_template', { service_template_id: st.id })).toEqual(st);
  });

  it('refuses a taken name (1199014), a missing or foreign category (1199006), a category with children (1113032), bad names', async () => {
    await serviceTemplate(bizId, 'taken');
    const before = await serviceTemplateNames(bizId);
    await expectRefused(() => t.esb('create_service_template', { bk_biz_id: bizId, name: 'taken', service_category_id: 2 }), 1199014);
    await expectRefused(() => t.esb('create_service_template', { bk_biz_id: bizId, name: 'n1', service_category_id: 99999 }), 1199006);
    const foreign = await category(otherBiz, 'ForeignLeaf');
    await expectRefused(() => t.esb('create_service_template', { bk_biz_id: bizId, name: 'n2', service_category_id: foreign.id }), 1199006);
    await expectRefused(() => t.esb('create_service_template', { bk_biz_id: bizId, name: 'n3', service_category_id: 1 }), 1113032);
    await expectRefused(() => t.esb('create_service_template', { bk_biz_id: bizId, name: 'a/b', service_category_id: 2 }), 1199006);
    await expectRefused(() => t.esb('create_service_template', { bk_biz_id: bizId, name: 'x'.repeat(257), service_category_id: 2 }), 1199073);
    await expectRefused(() => t.esb('create_service_template', { bk_biz_id: bizId, name: '', service_category_id: 2 }), 1199010);
    await expectRefused(() => t.esb('create_service_template', { bk_biz_id: 1, name: 'pool', service_category_id: 2 }), 1199054);
    await expectRefused(() => t.as('bob')('create_service_template', { bk_biz_id: bizId, name: 'bobs', service_category_id: 2 }), 9900403);
    expect(await serviceTemplateNames(bizId)).toEqual(before);
    // Names are per business.
    expect((await serviceTemplate(otherBiz, 'taken')).name).toBe('taken');
  });

  it('lists by business, category (children included), name search and page', async () => {
    const biz = await makeBusiness(t, 'st-list', 'admin');
    const root = await category(biz, 'Lists');
    const leaf = await category(biz, 'ListLeaf', root.id);
    const a = await serviceTemplate(biz, 'Alpha_1', leaf.id);
    const b = await serviceTemplate(biz, 'beta-50%');
    const c = await serviceTemplate(biz, 'gamma-500');
    const all = await ok('list_service_template', { bk_biz_id: biz });
    expect(all.count).toBe(3);
    expect(all.info.map((s: Row) => s.id)).toEqual([c.id, b.id, a.id]); // newest first
    expect(await ok('list_service_template', { bk_biz_id: biz, service_category_id: root.id })).toMatchObject({ count: 1, info: [{ id: a.id }] });
    expect((await ok('list_service_template', { bk_biz_id: biz, service_category_id: 2 })).count).toBe(2);
    // Case-insensitive "contains"; the wildcards of the search text are literal.
    expect((await ok('list_service_template', { bk_biz_id: biz, search: 'ALPHA' })).info.map((s: Row) => s.id)).toEqual([a.id]);
    expect((await ok('list_service_template', { bk_biz_id: biz, search: '50%' })).info.map((s: Row) => s.id)).toEqual([b.id]);
    expect((await ok('list_service_template', { bk_biz_id: biz, search: '_' })).info.map((s: Row) => s.id)).toEqual([a.id]);
    expect((await ok('list_service_template', { bk_biz_id: biz, search: 'alpha', is_exact: true })).count).toBe(0);
    expect((await ok('list_service_template', { bk_biz_id: biz, search: 'Alpha_1', is_exact: true })).count).toBe(1);
    const page = await ok('list_service_template', { bk_biz_id: biz, page: { start: 1, limit: 1, sort: 'name' } });
    expect(page).toMatchObject({ count: 3, info: [{ id: b.id }] });
    await expectRefused(() => t.esb('list_service_template', { bk_biz_id: biz, page: { limit: 1001 } }), 1199059);
    await expectRefused(() => t.esb('list_service_template', { bk_biz_id: biz, page: { sort: 'secret' } }), 1199006);
    await expectRefused(() => t.esb('list_service_template', { bk_biz_id: biz, search: 'a\u0000b' }), 1199006);
    expect((await ok('list_service_template', { bk_biz_id: otherBiz, search: 'Alpha' })).count).toBe(0);
  });

  it('get_service_template answers 1199019 for an unknown id', async () => {
    await expectRefused(() => t.esb('get_service_template', { service_template_id: 987654 }), 1199019);
  });

  it('renames and recategorises; the modules made from it follow, each with its audit record', async () => {
    const biz = await makeBusiness(t, 'st-update', 'admin');
    const leaf = await category(biz, 'UpdLeaf');
    const st = await serviceTemplate(biz, 'old-name');
    const set = await plainSet(biz, 'upd-set');
    const mod = await ok('create_module', { bk_biz_id: biz, bk_set_id: set.bk_set_id, data: { bk_parent_id: set.bk_set_id, bk_module_name: 'x', service_template_id: st.id } });
    expect(mod.bk_module_name).toBe('old-name');

    const updated = await ok('update_service_template', { bk_biz_id: biz, id: st.id, name: 'new-name', service_category_id: leaf.id });
    expect(updated).toMatchObject({ id: st.id, name: 'new-name', service_category_id: leaf.id, creator: 'admin', modifier: 'admin' });
    const [m] = await modulesOf(biz, set.bk_set_id);
    expect(m).toMatchObject({ bk_module_id: mod.bk_module_id, bk_module_name: 'new-name', service_category_id: leaf.id, service_template_id: st.id });
    const moduleAudits = await audits('module', mod.bk_module_id);
    expect(moduleAudits.map((x) => x.action)).toEqual(['create', 'update']);
    const stAudits = await audits('service_template', st.id);
    expect((stAudits.at(-1)!.detail as Row).details).toMatchObject({ pre_data: { name: 'old-name' }, cur_data: { name: 'new-name' } });

    await serviceTemplate(biz, 'other');
    await expectRefused(() => t.esb('update_service_template', { bk_biz_id: biz, id: st.id, name: 'other' }), 1199014);
    await expectRefused(() => t.esb('update_service_template', { bk_biz_id: biz, id: st.id }), 1199006);
    await expectRefused(() => t.esb('update_service_template', { bk_biz_id: biz, id: st.id, service_category_id: 1 }), 1113032);
    await expectRefused(() => t.esb('update_service_template', { bk_biz_id: otherBiz, id: st.id, name: 'stolen' }), 1199019);
    expect(await ok('get_service_template', { service_template_id: st.id })).toMatchObject({ name: 'new-name', service_category_id: leaf.id });
  });

  it('deletes an unused one; refuses one that modules use or a set template includes (1199056)', async () => {
    const biz = await makeBusiness(t, 'st-delete', 'admin');
    const used = await serviceTemplate(biz, 'used');
    const inTemplate = await serviceTemplate(biz, 'in-template');
    const unused = await serviceTemplate(biz, 'unused');
    const set = await plainSet(biz, 'del-set');
    await ok('create_module', { bk_biz_id: biz, bk_set_id: set.bk_set_id, data: { bk_parent_id: set.bk_set_id, bk_module_name: 'used', service_template_id: used.id } });
    await setTemplate(biz, 'holder', [inTemplate.id]);
    await expectRefused(() => t.esb('delete_service_template', { bk_biz_id: biz, service_template_id: used.id }), 1199056);
    await expectRefused(() => t.esb('delete_service_template', { bk_biz_id: biz, service_template_id: inTemplate.id }), 1199056);
    await expectRefused(() => t.esb('delete_service_template', { bk_biz_id: otherBiz, service_template_id: unused.id }), 1199019);
    await expectRefused(() => t.as('bob')('delete_service_template', { bk_biz_id: biz, service_template_id: unused.id }), 9900403);
    expect(await serviceTemplateNames(biz)).toEqual(['in-template', 'unused', 'used']);
    const r = await t.esb('delete_service_template', { bk_biz_id: biz, service_template_id: unused.id });
    expect(r).toMatchObject({ result: true, data: null });
    expect(await serviceTemplateNames(biz)).toEqual(['in-template', 'used']);
    expect((await audits('service_template', unused.id)).map((x) => x.action)).toEqual(['create', 'delete']);
  });
});

describe('create_module with a service template', () => {
  let bizId: number;
  let setId: number;
  let st: Row;
  let leaf: Row;
  beforeAll(async () => {
    bizId = await makeBusiness(t, 'cm-biz', 'admin');
    setId = (await plainSet(bizId, 'cm-set')).bk_set_id;
    leaf = await category(bizId, 'CmLeaf');
    st = await serviceTemplate(bizId, 'from-template', leaf.id);
  });

  it("takes the template's name (whatever the request says) and category, and records the template", async () => {
    const m = await ok('create_module', { bk_biz_id: bizId, bk_set_id: setId, data: { bk_parent_id: setId, bk_module_name: 'ignored', service_template_id: st.id } });
    expect(m).toMatchObject({ bk_module_name: 'from-template', service_template_id: st.id, service_category_id: leaf.id, set_template_id: 0, bk_set_id: setId });
  });

  it('needs no name of its own, and accepts the matching category', async () => {
    const set2 = (await plainSet(bizId, 'cm-set2')).bk_set_id;
    const m = await ok('create_module', { bk_biz_id: bizId, bk_set_id: set2, data: { bk_parent_id: set2, service_template_id: st.id, service_category_id: leaf.id } });
    expect(m).toMatchObject({ bk_module_name: 'from-template', service_category_id: leaf.id });
  });

  it('refuses a category that disagrees with the template (1108036) and a template of another business (1199006)', async () => {
    const set3 = (await plainSet(bizId, 'cm-set3')).bk_set_id;
    const r = await expectRefused(
      () => t.esb('create_module', { bk_biz_id: bizId, bk_set_id: set3, data: { bk_parent_id: set3, service_template_id: st.id, service_category_id: 2 } }),
      1108036,
    );
    expect(r.message).toMatch(/service category and template not coincide/);
    const otherBiz = await makeBusiness(t, 'cm-other', 'admin');
    const foreign = await serviceTemplate(otherBiz, 'foreign');
    await expectRefused(
      () => t.esb('create_module', { bk_biz_id: bizId, bk_set_id: set3, data: { bk_parent_id: set3, bk_module_name: 'm', service_template_id: foreign.id } }),
      1199006,
    );
    await expectRefused(
      () => t.esb('create_module', { bk_biz_id: bizId, bk_set_id: set3, data: { bk_parent_id: set3, bk_module_name: 'm', service_template_id: 2147483647 } }),
      1199006,
    );
    expect(await modulesOf(bizId, set3)).toEqual([]);
  });
});

describe('set templates', () => {
  let bizId: number;
  let otherBiz: number;
  let a: Row;
  let b: Row;
  let leaf: Row;
  beforeAll(async () => {
    bizId = await makeBusiness(t, 'sett-biz', 'admin');
    otherBiz = await makeBusiness(t, 'sett-other', 'admin');
    leaf = await category(bizId, 'SetLeaf');
    a = await serviceTemplate(bizId, 'svc-a', leaf.id);
    b = await serviceTemplate(bizId, 'svc-b');
  });

  it('creates one with its service templates, version null, and an audit record naming them', async () => {
    const tpl = await setTemplate(bizId, 'two-services', [b.id, a.id, b.id]);
    expect(Object.keys(tpl).sort()).toEqual(['bk_biz_id', 'bk_supplier_account', 'create_time', 'creator', 'id', 'last_time', 'modifier', 'name', 'version'].sort());
    expect(tpl).toMatchObject({ name: 'two-services', bk_biz_id: bizId, version: null, creator: 'admin', bk_supplier_account: '0' });
    expect(tpl.create_time).toMatch(TIME);
    const related = await t.esb('list_set_template_related_service_template', { bk_biz_id: bizId, set_template_id: tpl.id });
    expect(related.result).toBe(true);
    expect(related.data.map((s: Row) => s.id)).toEqual([a.id, b.id]);
    expect(related.data[0]).toMatchObject({ name: 'svc-a', service_category_id: leaf.id, bk_biz_id: bizId });
    const audit = await audits('set_template', tpl.id);
    expect(audit).toHaveLength(1);
    expect((audit[0]!.detail as Row).details.cur_data.service_template_ids).toEqual([b.id, a.id]);
  });

  it('refuses service templates of another business (1199006), a taken name (1199014), strangers (9900403)', async () => {
    await setTemplate(bizId, 'taken-set-template', []);
    const foreign = await serviceTemplate(otherBiz, 'foreign-svc');
    const count = (await ok('list_set_template', { bk_biz_id: bizId })).count;
    await expectRefused(() => t.esb('create_set_template', { bk_biz_id: bizId, name: 'n', service_template_ids: [a.id, foreign.id] }), 1199006);
    await expectRefused(() => t.esb('create_set_template', { bk_biz_id: bizId, name: 'n', service_template_ids: [123456] }), 1199006);
    await expectRefused(() => t.esb('create_set_template', { bk_biz_id: bizId, name: 'taken-set-template', service_template_ids: [] }), 1199014);
    await expectRefused(() => t.esb('create_set_template', { bk_biz_id: bizId, name: 'a,b', service_template_ids: [] }), 1199006);
    await expectRefused(() => t.as('bob')('create_set_template', { bk_biz_id: bizId, name: 'bobs', service_template_ids: [] }), 9900403);
    expect((await ok('list_set_template', { bk_biz_id: bizId })).count).toBe(count);
  });

  it('lists by business, ids and page', async () => {
    const biz = await makeBusiness(t, 'sett-list', 'admin');
    const x = await setTemplate(biz, 'x-template', []);
    const y = await setTemplate(biz, 'y-template', []);
    const z = await setTemplate(biz, 'z-template', []);
    const all = await ok('list_set_template', { bk_biz_id: biz });
    expect(all.count).toBe(3);
    expect(all.info.map((s: Row) => s.id)).toEqual([x.id, y.id, z.id]);
    expect(all.info[0]).toEqual(x);
    expect(await ok('list_set_template', { bk_biz_id: biz, set_template_ids: [z.id, x.id] })).toMatchObject({ count: 2, info: [{ id: x.id }, { id: z.id }] });
    expect(await ok('list_set_template', { bk_biz_id: biz, page: { start: 0, limit: 2, sort: '-name' } })).toMatchObject({ count: 3, info: [{ id: z.id }, { id: y.id }] });
    expect((await ok('list_set_template', { bk_biz_id: otherBiz, set_template_ids: [x.id] })).count).toBe(0);
    await expectRefused(() => t.esb('list_set_template', { bk_biz_id: biz, page: { limit: 5000 } }), 1199059);
    await expectRefused(() => t.esb('list_set_template_related_service_template', { bk_biz_id: otherBiz, set_template_id: x.id }), 1199019);
  });

  it('create_set with set_template_id records the template and makes one module per service template, in one transaction', async () => {
    const tpl = await setTemplate(bizId, 'for-sets', [a.id, b.id]);
    const set = await setFrom(bizId, 'templated-set', tpl.id);
    expect(set).toMatchObject({ set_template_id: tpl.id, set_template_version: null, bk_set_name: 'templated-set', default: 0 });
    const modules = await modulesOf(bizId, set.bk_set_id);
    expect(modules.map((m) => ({ name: m.bk_module_name, st: m.service_template_id, cat: m.service_category_id, stpl: m.set_template_id, parent: m.bk_parent_id, type: m.bk_module_type })))
      .toEqual([
        { name: 'svc-a', st: a.id, cat: leaf.id, stpl: tpl.id, parent: set.bk_set_id, type: '1' },
        { name: 'svc-b', st: b.id, cat: 2, stpl: tpl.id, parent: set.bk_set_id, type: '1' },
      ]);
    for (const m of modules) expect((await audits('module', m.bk_module_id)).map((x) => x.action)).toEqual(['create']);
    // A set made from a template takes no hand-made module.
    await expectRefused(
      () => t.esb('create_module', { bk_biz_id: bizId, bk_set_id: set.bk_set_id, data: { bk_parent_id: set.bk_set_id, bk_module_name: 'extra' } }),
      1101097,
    );
  });

  it('concurrent list changes of one set template each get their own version, and the last one is what stays', async () => {
    const tpl = await setTemplate(bizId, 'raced', [a.id]);
    const lists = [[a.id, b.id], [b.id], [a.id], [b.id, a.id], [b.id], [a.id, b.id], [a.id], [b.id]];
    const answers = await Promise.all(lists.map((ids) => t.esb('update_set_template', { bk_biz_id: bizId, set_template_id: tpl.id, service_template_ids: ids })));
    for (const r of answers) expect(r.result).toBe(true);
    const updates = (await audits('set_template', tpl.id)).filter((x) => x.action === 'update').map((x) => (x.detail as Row).details as Row);
    const versions = updates.map((d) => (d.cur_data as Row).version as number).sort((x, y) => x - y);
    // Every change is a version of its own: 1, 2, … with no number given twice.
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    // Each change starts from the list the one before it left.
    for (const d of updates) expect((d.pre_data as Row).version ?? 0).toBe(((d.cur_data as Row).version as number) - 1);
    const final = (await ok('list_set_template', { bk_biz_id: bizId, set_template_ids: [tpl.id] })).info[0] as Row;
    expect(final.version).toBe(versions.length === 0 ? null : versions[versions.length - 1]);
    const last = updates.find((d) => (d.cur_data as Row).version === final.version);
    const related = (await ok('list_set_template_related_service_template', { bk_biz_id: bizId, set_template_id: tpl.id })).map((s: Row) => s.id);
    expect([...related].sort()).toEqual([...((last?.cur_data as Row | undefined)?.service_template_ids as number[] ?? [a.id])].sort());
  });

  it('create_set refuses an unknown or foreign set template (1199011) and creates nothing', async () => {
    const foreign = await setTemplate(otherBiz, 'foreign-template', []);
    const before = (await setsOf(bizId)).length;
    await expectRefused(() => t.esb('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: 'nope', set_template_id: foreign.id } }), 1199011);
    await expectRefused(() => t.esb('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: 'nope', set_template_id: 777777 } }), 1199011);
    expect((await setsOf(bizId)).length).toBe(before);
  });

  it('create_set is one transaction: when a module of the template cannot be made, no set is left behind', async () => {
    const tpl = await setTemplate(bizId, 'rollback-template', [a.id]);
    // A required module attribute that template-made modules have no value for.
    const attr = await ok('create_object_attribute', {
      bk_obj_id: 'module', bk_property_id: 'owner_team', bk_property_name: 'owner team', bk_property_type: 'singlechar', isrequired: true,
    });
    try {
      const before = (await setsOf(bizId)).length;
      await expectRefused(() => t.esb('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: 'rolled-back', set_template_id: tpl.id } }), 1199010);
      expect((await setsOf(bizId)).map((s) => s.bk_set_name)).not.toContain('rolled-back');
      expect((await setsOf(bizId)).length).toBe(before);
    } finally {
      await ok('delete_object_attribute', { id: attr.id });
    }
    expect((await setFrom(bizId, 'rolled-forward', tpl.id)).set_template_id).toBe(tpl.id);
  });

  it('update_set_template renames without a new version; a changed list bumps it, the same list does not', async () => {
    const tpl = await setTemplate(bizId, 'versioned', [a.id]);
    const renamed = await ok('update_set_template', { bk_biz_id: bizId, set_template_id: tpl.id, name: 'versioned-2' });
    expect(renamed).toMatchObject({ id: tpl.id, name: 'versioned-2', version: null });
    const v1 = await ok('update_set_template', { bk_biz_id: bizId, set_template_id: tpl.id, service_template_ids: [a.id, b.id] });
    expect(v1.version).toBe(1);
    const same = await ok('update_set_template', { bk_biz_id: bizId, set_template_id: tpl.id, service_template_ids: [b.id, a.id] });
    expect(same.version).toBe(1);
    const v2 = await ok('update_set_template', { bk_biz_id: bizId, set_template_id: tpl.id, service_template_ids: [b.id] });
    expect(v2.version).toBe(2);
    expect((await ok('list_set_template_related_service_template', { bk_biz_id: bizId, set_template_id: tpl.id })).map((s: Row) => s.id)).toEqual([b.id]);
    const audit = await audits('set_template', tpl.id);
    expect(audit.map((x) => x.action)).toEqual(['create', 'update', 'update', 'update']);
    expect((audit[2]!.detail as Row).details).toMatchObject({
      pre_data: { service_template_ids: [a.id], version: null },
      cur_data: { service_template_ids: [a.id, b.id], version: 1 },
    });

    await setTemplate(bizId, 'occupied', []);
    await expectRefused(() => t.esb('update_set_template', { bk_biz_id: bizId, set_template_id: tpl.id, name: 'occupied' }), 1199014);
    await expectRefused(() => t.esb('update_set_template', { bk_biz_id: bizId, set_template_id: tpl.id, service_template_ids: [999999] }), 1199006);
    await expectRefused(() => t.esb('update_set_template', { bk_biz_id: bizId, set_template_id: tpl.id }), 1199006);
    await expectRefused(() => t.esb('update_set_template', { bk_biz_id: otherBiz, set_template_id: tpl.id, name: 'x' }), 1199019);
    expect((await ok('list_set_template', { bk_biz_id: bizId, set_template_ids: [tpl.id] })).info[0]).toMatchObject({ name: 'versioned-2', version: 2 });
  });

  it('delete_set_template deletes unused templates; refuses used (1199056) or unknown (1199019) ones, all or nothing', async () => {
    const used = await setTemplate(bizId, 'del-used', [a.id]);
    const free1 = await setTemplate(bizId, 'del-free1', [a.id]);
    const free2 = await setTemplate(bizId, 'del-free2', []);
    await setFrom(bizId, 'del-set', used.id);
    await expectRefused(() => t.esb('delete_set_template', { bk_biz_id: bizId, set_template_ids: [free1.id, used.id] }), 1199056);
    await expectRefused(() => t.esb('delete_set_template', { bk_biz_id: bizId, set_template_ids: [free1.id, 888888] }), 1199019);
    await expectRefused(() => t.esb('delete_set_template', { bk_biz_id: bizId, set_template_ids: [] }), 1199006);
    // over the cap of 200 ids: bk-cmdb's "exceed the limit", as every id list
    const tooMany = await expectRefused(() => t.esb('delete_set_template', { bk_biz_id: bizId, set_template_ids: Array.from({ length: 201 }, (_, i) => i + 1) }), 1199035);
    expect(tooMany.message).toContain('set_template_ids');
    await expectRefused(() => t.as('bob')('delete_set_template', { bk_biz_id: bizId, set_template_ids: [free1.id] }), 9900403);
    expect((await ok('list_set_template', { bk_biz_id: bizId, set_template_ids: [used.id, free1.id, free2.id] })).count).toBe(3);
    const r = await t.esb('delete_set_template', { bk_biz_id: bizId, set_template_ids: [free1.id, free2.id] });
    expect(r).toMatchObject({ result: true, data: null });
    expect((await ok('list_set_template', { bk_biz_id: bizId, set_template_ids: [used.id, free1.id, free2.id] })).info.map((s: Row) => s.id)).toEqual([used.id]);
    expect((await audits('set_template', free1.id)).map((x) => x.action)).toEqual(['create', 'delete']);
    // Each deleted template's record keeps its own list of service templates.
    const preData = async (id: number) =>
      ((await audits('set_template', id)).at(-1)!.detail as { details: { pre_data: { service_template_ids: number[] } } }).details.pre_data;
    expect((await preData(free1.id)).service_template_ids).toEqual([a.id]);
    expect((await preData(free2.id)).service_template_ids).toEqual([]);
    // Its service template is free again.
    await expectRefused(() => t.esb('delete_service_template', { bk_biz_id: bizId, service_template_id: a.id }), 1199056);
  });
});

describe('set template sync', () => {
  let bizId: number;
  let sa: Row;
  let sb: Row;
  let sc: Row;
  let tpl: Row;
  let s1: Row;
  let s2: Row;
  const status = (body: Record<string, unknown> = {}) => ok('list_set_template_sync_status', { bk_biz_id: bizId, set_template_id: tpl.id, ...body });

  beforeAll(async () => {
    bizId = await makeBusiness(t, 'sync-biz', 'admin,alice');
    sa = await serviceTemplate(bizId, 'sync-a');
    sb = await serviceTemplate(bizId, 'sync-b');
    sc = await serviceTemplate(bizId, 'sync-c');
    tpl = await setTemplate(bizId, 'sync-template', [sa.id, sb.id]);
    s1 = await setFrom(bizId, 'sync-s1', tpl.id);
    s2 = await setFrom(bizId, 'sync-s2', tpl.id);
    await plainSet(bizId, 'sync-plain');
  });

  it('shows every set made from the template in sync after creation', async () => {
    const r = await status();
    expect(r.count).toBe(2);
    expect(r.info).toEqual([
      { bk_set_id: s1.bk_set_id, bk_set_name: 'sync-s1', set_template_id: tpl.id, set_template_version: null, template_version: null, need_sync: false, modules_to_add: [], modules_to_remove: [] },
      { bk_set_id: s2.bk_set_id, bk_set_name: 'sync-s2', set_template_id: tpl.id, set_template_version: null, template_version: null, need_sync: false, modules_to_add: [], modules_to_remove: [] },
    ]);
  });

  it('shows what differs once the template changes, for all sets or the named ones', async () => {
    await ok('update_set_template', { bk_biz_id: bizId, set_template_id: tpl.id, service_template_ids: [sb.id, sc.id] });
    const moduleA = (await modulesOf(bizId, s1.bk_set_id)).find((m) => m.service_template_id === sa.id)!;
    const r = await status({ bk_set_ids: [s1.bk_set_id] });
    expect(r).toEqual({
      count: 1,
      info: [
        {
          bk_set_id: s1.bk_set_id,
          bk_set_name: 'sync-s1',
          set_template_id: tpl.id,
          set_template_version: null,
          template_version: 1,
          need_sync: true,
          modules_to_add: [{ service_template_id: sc.id, bk_module_name: 'sync-c', service_category_id: 2 }],
          modules_to_remove: [{ bk_module_id: moduleA.bk_module_id, bk_module_name: 'sync-a', service_template_id: sa.id }],
        },
      ],
    });
    expect((await status()).info.map((s: Row) => s.need_sync)).toEqual([true, true]);
    const plain = (await setsOf(bizId)).find((s) => s.bk_set_name === 'sync-plain')!;
    await expectRefused(() => t.esb('list_set_template_sync_status', { bk_biz_id: bizId, set_template_id: tpl.id, bk_set_ids: [plain.bk_set_id] }), 1199006);
    await expectRefused(() => t.esb('list_set_template_sync_status', { bk_biz_id: bizId, set_template_id: 999999 }), 1199019);
  });

  it('refuses the whole sync while a module to remove holds hosts (1101030), changing nothing', async () => {
    const moduleA = (await modulesOf(bizId, s2.bk_set_id)).find((m) => m.service_template_id === sa.id)!;
    const hostId = await addHost('10.9.0.1', bizId, s2.bk_set_id, moduleA.bk_module_id);
    const before1 = await modulesOf(bizId, s1.bk_set_id);
    const before2 = await modulesOf(bizId, s2.bk_set_id);
    const r = await expectRefused(
      () => t.esb('sync_set_template_to_set', { bk_biz_id: bizId, set_template_id: tpl.id, bk_set_ids: [s1.bk_set_id, s2.bk_set_id] }),
      1101030,
    );
    expect(r.message).toMatch(/sync-a/);
    expect(await modulesOf(bizId, s1.bk_set_id)).toEqual(before1);
    expect(await modulesOf(bizId, s2.bk_set_id)).toEqual(before2);
    expect((await status()).info.map((s: Row) => s.set_template_version)).toEqual([null, null]);
    await removeHost(hostId);
  });

  it('refuses sets not made from the template (1199006), strangers (9900403) and an empty list', async () => {
    const plain = (await setsOf(bizId)).find((s) => s.bk_set_name === 'sync-plain')!;
    await expectRefused(() => t.esb('sync_set_template_to_set', { bk_biz_id: bizId, set_template_id: tpl.id, bk_set_ids: [s1.bk_set_id, plain.bk_set_id] }), 1199006);
    await expectRefused(() => t.esb('sync_set_template_to_set', { bk_biz_id: bizId, set_template_id: tpl.id, bk_set_ids: [] }), 1199006);
    await expectRefused(() => t.as('bob')('sync_set_template_to_set', { bk_biz_id: bizId, set_template_id: tpl.id, bk_set_ids: [s1.bk_set_id] }), 9900403);
    expect((await status()).info.map((s: Row) => s.need_sync)).toEqual([true, true]);
  });

  it('applies the differences to the named sets only, with audit records, and records the version', async () => {
    const moduleA = (await modulesOf(bizId, s1.bk_set_id)).find((m) => m.service_template_id === sa.id)!;
    const moduleB = (await modulesOf(bizId, s1.bk_set_id)).find((m) => m.service_template_id === sb.id)!;
    const r = await t.as('alice')('sync_set_template_to_set', { bk_biz_id: bizId, set_template_id: tpl.id, bk_set_ids: [s1.bk_set_id] });
    expect(r).toMatchObject({ result: true, code: 0, data: null });
    const after = await modulesOf(bizId, s1.bk_set_id);
    expect(after.map((m) => [m.bk_module_name, m.service_template_id, m.set_template_id])).toEqual([
      ['sync-b', sb.id, tpl.id],
      ['sync-c', sc.id, tpl.id],
    ]);
    expect(after[0]!.bk_module_id).toBe(moduleB.bk_module_id); // the kept module is the same module
    expect((await audits('module', moduleA.bk_module_id)).map((x) => x.action)).toEqual(['create', 'delete']);
    const added = after[1]!;
    const addAudit = await audits('module', added.bk_module_id);
    expect(addAudit).toHaveLength(1);
    expect(addAudit[0]).toMatchObject({ action: 'create', user: 'alice' });
    const setAudit = await audits('set', s1.bk_set_id);
    expect(setAudit.map((x) => x.action)).toEqual(['create', 'update']);
    expect((setAudit[1]!.detail as Row).details).toMatchObject({ cur_data: { set_template_version: 1 }, update_fields: ['set_template_version'] });

    const st = await status();
    expect(st.info.map((s: Row) => [s.bk_set_id, s.need_sync, s.set_template_version])).toEqual([
      [s1.bk_set_id, false, 1],
      [s2.bk_set_id, true, null],
    ]);
    // s2 is untouched: still sync-a and sync-b.
    expect((await modulesOf(bizId, s2.bk_set_id)).map((m) => m.bk_module_name)).toEqual(['sync-a', 'sync-b']);
    expect((await ok('search_set', { bk_biz_id: bizId, condition: { bk_set_id: s1.bk_set_id } })).info[0].set_template_version).toBe(1);

    // A sync of a set already in sync changes nothing and writes nothing.
    const count = await auditCount();
    expect((await t.esb('sync_set_template_to_set', { bk_biz_id: bizId, set_template_id: tpl.id, bk_set_ids: [s1.bk_set_id] })).result).toBe(true);
    expect(await auditCount()).toBe(count);
  });

  it('a set made after the change records the new version and is in sync at once', async () => {
    const s3 = await setFrom(bizId, 'sync-s3', tpl.id);
    expect(s3.set_template_version).toBe(1);
    expect((await modulesOf(bizId, s3.bk_set_id)).map((m) => m.bk_module_name)).toEqual(['sync-b', 'sync-c']);
    const st = await status({ bk_set_ids: [s3.bk_set_id] });
    expect(st.info[0]).toMatchObject({ need_sync: false, modules_to_add: [], modules_to_remove: [] });
  });
});

describe('a deleted business', () => {
  it("takes its service and set templates with it (sets made from them included)", async () => {
    const biz = await makeBusiness(t, 'doomed-biz', 'admin');
    const own = await t.esb('create_service_category', { bk_biz_id: biz, name: 'doomed-category', bk_parent_id: 0 });
    expect(own.result).toBe(true);
    const st = await serviceTemplate(biz, 'doomed-svc');
    const tpl = await setTemplate(biz, 'doomed-template', [st.id]);
    await setFrom(biz, 'doomed-set', tpl.id);
    expect((await t.esb('update_business_enable_status', { bk_biz_id: biz, flag: 'disabled' })).result).toBe(true);
    // An archived business takes no template writes.
    await expectRefused(() => t.esb('create_service_template', { bk_biz_id: biz, name: 'late', service_category_id: 2 }), 1199011);
    const r = await t.esb('delete_business', { bk_biz_id: biz });
    expect(r.message).toBe('success');
    await expectRefused(() => t.esb('get_service_template', { service_template_id: st.id }), 1199019);
    expect((await ok('list_set_template', { bk_biz_id: biz })).count).toBe(0);
    // Its own service category goes too, and every template row leaves a delete record.
    const { rows } = await t.store.audit.search({ bizId: biz, actions: ['delete'], start: 0, limit: 100, ascending: true }, false);
    expect(rows.map((a) => a.resourceType)).toEqual(expect.arrayContaining(['set_template', 'service_template', 'service_category', 'business']));
    const categories = await t.store.templates.categoriesVisibleTo(biz);
    expect(categories.length).toBeGreaterThan(0);
    expect(categories.map((c) => c.name)).not.toContain('doomed-category');
  });
});

describe('deleting a business with many templates', () => {
  /** A business, archived, owning `n` of each: a category with a child, a service template, a set template. */
  async function archivedWithTemplates(name: string, n: number): Promise<number> {
    const biz = await makeBusiness(t, name, 'admin');
    for (let i = 0; i < n; i++) {
      const root = await ok('create_service_category', { bk_biz_id: biz, name: `${name}-root-${i}`, bk_parent_id: 0 });
      await ok('create_service_category', { bk_biz_id: biz, name: `${name}-child-${i}`, bk_parent_id: root.id });
      const st = await serviceTemplate(biz, `${name}-svc-${i}`);
      await setTemplate(biz, `${name}-tpl-${i}`, [st.id]);
    }
    await ok('update_business_enable_status', { bk_biz_id: biz, flag: 'disabled' });
    return biz;
  }

  it('takes the same statements for 1 of each as for 6 (no statement per template or category)', async () => {
    const small = await archivedWithTemplates('del-small', 1);
    const large = await archivedWithTemplates('del-large', 6);
    const counter = installStatementCounter();
    try {
      const remove = async (biz: number) => {
        const { result, statements } = await counter.count(() => t.esb('delete_business', { bk_biz_id: biz }));
        expect(result.result).toBe(true);
        return statements.filter((q) => !IDENTITY_LOOKUP.test(q)).length;
      };
      expect(await remove(large)).toBe(await remove(small));
    } finally {
      counter.restore();
    }
    const { rows } = await t.store.audit.search({ bizId: large, actions: ['delete'], start: 0, limit: 100, ascending: true }, false);
    const deleted = (type: string) => rows.filter((a) => a.resourceType === type).length;
    expect([deleted('set_template'), deleted('service_template'), deleted('service_category')]).toEqual([6, 6, 12]);
    expect(await t.store.templates.categoriesVisibleTo(large)).not.toContainEqual(expect.objectContaining({ name: 'del-large-root-0' }));
  });
});

describe('set template sync of many sets', () => {
  it('takes the same statements for 1 set as for 8 (no statement per set or module)', async () => {
    const bizId = await makeBusiness(t, 'sync-many', 'admin');
    const [x, y, z] = [await serviceTemplate(bizId, 'many-x'), await serviceTemplate(bizId, 'many-y'), await serviceTemplate(bizId, 'many-z')];
    const tpl = await setTemplate(bizId, 'many-template', [x.id, y.id]);
    const sets: Row[] = [];
    for (let i = 0; i < 9; i++) sets.push(await setFrom(bizId, `many-${i}`, tpl.id));
    await ok('update_set_template', { bk_biz_id: bizId, set_template_id: tpl.id, service_template_ids: [y.id, z.id] });
    const counter = installStatementCounter();
    try {
      const sync = async (ids: number[]) => {
        const { result, statements } = await counter.count(() => t.esb('sync_set_template_to_set', { bk_biz_id: bizId, set_template_id: tpl.id, bk_set_ids: ids }));
        expect(result.result).toBe(true);
        return statements.filter((q) => !IDENTITY_LOOKUP.test(q)).length;
      };
      const one = await sync([sets[0]!.bk_set_id]);
      const eight = await sync(sets.slice(1).map((s) => s.bk_set_id));
      expect(eight).toBe(one);
    } finally {
      counter.restore();
    }
    // and every set now has the template's modules: y and z, not x
    for (const set of sets) {
      expect((await modulesOf(bizId, set.bk_set_id)).map((m) => m.bk_module_name).sort()).toEqual(['many-y', 'many-z']);
    }
  });
});
