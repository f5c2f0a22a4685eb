import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBusiness, makeModule, makeSet, startTopograph, type TestTopograph } from './support/server.js';

/** The business tree: search_biz_inst_topo and get_biz_internal_module (bk-cmdb-detail.md §2.15–2.16). */

interface Node {
  bk_inst_id: number;
  bk_inst_name: string;
  bk_obj_id: string;
  bk_obj_name: string;
  default: number;
  child: Node[];
}

describe('search_biz_inst_topo', () => {
  let t: TestTopograph;
  let biz: number;
  let web: number;
  let db: number;
  let empty: number;
  let nginx: number;
  let php: number;
  let mysql: number;
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'treebiz');
    web = await makeSet(t, biz, 'web');
    db = await makeSet(t, biz, 'db');
    empty = await makeSet(t, biz, 'empty');
    nginx = await makeModule(t, biz, web, 'nginx');
    mysql = await makeModule(t, biz, db, 'mysql');
    php = await makeModule(t, biz, web, 'php');
    // another business's tree must not leak in
    const other = await makeBusiness(t, 'treeother');
    const os = await makeSet(t, other, 'web');
    await makeModule(t, other, os, 'nginx');
  });
  afterAll(() => t.stop());

  it('answers one business root with its sets and their modules, the idle pool left out', async () => {
    const r = await t.esb('search_biz_inst_topo', { bk_biz_id: biz });
    expect(r.result).toBe(true);
    expect(r.data).toEqual([
      {
        bk_inst_id: biz,
        bk_inst_name: 'treebiz',
        bk_obj_id: 'biz',
        bk_obj_name: 'business',
        default: 0,
        child: [
          {
            bk_inst_id: web,
            bk_inst_name: 'web',
            bk_obj_id: 'set',
            bk_obj_name: 'set',
            default: 0,
            child: [
              { bk_inst_id: nginx, bk_inst_name: 'nginx', bk_obj_id: 'module', bk_obj_name: 'module', default: 0, child: [] },
              { bk_inst_id: php, bk_inst_name: 'php', bk_obj_id: 'module', bk_obj_name: 'module', default: 0, child: [] },
            ],
          },
          {
            bk_inst_id: db,
            bk_inst_name: 'db',
            bk_obj_id: 'set',
            bk_obj_name: 'set',
            default: 0,
            child: [{ bk_inst_id: mysql, bk_inst_name: 'mysql', bk_obj_id: 'module', bk_obj_name: 'module', default: 0, child: [] }],
          },
          { bk_inst_id: empty, bk_inst_name: 'empty', bk_obj_id: 'set', bk_obj_name: 'set', default: 0, child: [] },
        ],
      },
    ]);
  });

  it('leaves out the idle pool and its built-in modules', async () => {
    const internal = await t.esb('get_biz_internal_module', { bk_biz_id: biz });
    const r = await t.esb('search_biz_inst_topo', { bk_biz_id: biz });
    const all: Node[] = [];
    const walk = (n: Node) => {
      all.push(n);
      n.child.forEach(walk);
    };
    (r.data as Node[]).forEach(walk);
    const ids = all.filter((n) => n.bk_obj_id === 'set').map((n) => n.bk_inst_id);
    expect(ids).not.toContain(internal.data.bk_set_id);
    expect(all.filter((n) => n.bk_obj_id === 'module').every((n) => n.default === 0)).toBe(true);
  });

  it('accepts and ignores level', async () => {
    const plain = await t.esb('search_biz_inst_topo', { bk_biz_id: biz });
    const leveled = await t.esb('search_biz_inst_topo', { bk_biz_id: biz, level: -1 });
    expect(leveled.result).toBe(true);
    expect(leveled.data).toEqual(plain.data);
  });

  it('follows renames and deletes', async () => {
    expect((await t.esb('update_set', { bk_biz_id: biz, bk_set_id: db, data: { bk_set_name: 'database' } })).result).toBe(true);
    expect((await t.esb('delete_module', { bk_biz_id: biz, bk_set_id: web, bk_module_id: php })).result).toBe(true);
    const r = await t.esb('search_biz_inst_topo', { bk_biz_id: biz });
    const sets = r.data[0].child as Node[];
    expect(sets.map((s) => s.bk_inst_name)).toEqual(['web', 'database', 'empty']);
    expect(sets[0]!.child.map((m) => m.bk_inst_id)).toEqual([nginx]);
  });

  it('answers a root with no children for a business with only its idle pool', async () => {
    const bare = await makeBusiness(t, 'bare');
    const r = await t.esb('search_biz_inst_topo', { bk_biz_id: bare });
    expect(r.result).toBe(true);
    expect(r.data).toEqual([{ bk_inst_id: bare, bk_inst_name: 'bare', bk_obj_id: 'biz', bk_obj_name: 'business', default: 0, child: [] }]);
  });

  it('refuses an unknown business (1199011)', async () => {
    const r = await t.esb('search_biz_inst_topo', { bk_biz_id: 987654 });
    expect(r.result).toBe(false);
    expect(r.code).toBe(1199011);
    expect(r.message).toContain('bk_biz_id');
    expect(r.data).toBeNull();
  });

  it('refuses a missing or non-integer bk_biz_id at the gateway (1306000)', async () => {
    expect((await t.esb('search_biz_inst_topo', {})).code).toBe(1306000);
    expect((await t.esb('search_biz_inst_topo', { bk_biz_id: String(biz) })).code).toBe(1306000);
  });
});

describe('get_biz_internal_module', () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t.stop());

  it("answers the idle-pool set and its three built-in modules (default 1, 2, 3)", async () => {
    const biz = await makeBusiness(t, 'internal');
    await makeSet(t, biz, 'ordinary');
    const r = await t.esb('get_biz_internal_module', { bk_biz_id: biz });
    expect(r.result).toBe(true);
    expect(Object.keys(r.data).sort()).toEqual(['bk_set_id', 'bk_set_name', 'module']);
    expect(r.data.bk_set_name).toBe('idle pool');
    const sets = await t.esb('search_set', { bk_biz_id: biz, condition: { default: 1 } });
    expect(sets.data.info.map((s: { bk_set_id: number }) => s.bk_set_id)).toEqual([r.data.bk_set_id]);
    expect(r.data.module).toHaveLength(3);
    expect(r.data.module.map((m: { default: number }) => m.default)).toEqual([1, 2, 3]);
    expect(r.data.module.map((m: { bk_module_name: string }) => m.bk_module_name)).toEqual(['idle host', 'fault host', 'recycle host']);
    for (const m of r.data.module) {
      expect(Object.keys(m).sort()).toEqual(['bk_module_id', 'bk_module_name', 'default', 'host_apply_enabled']);
      expect(m.host_apply_enabled).toBe(false);
    }
    const mods = await t.esb('search_module', { bk_biz_id: biz, bk_set_id: r.data.bk_set_id });
    expect(mods.data.info.map((m: { bk_module_id: number }) => m.bk_module_id)).toEqual(r.data.module.map((m: { bk_module_id: number }) => m.bk_module_id));
  });

  it("each business has its own idle pool", async () => {
    const a = await makeBusiness(t, 'internal-a');
    const b = await makeBusiness(t, 'internal-b');
    const ra = await t.esb('get_biz_internal_module', { bk_biz_id: a });
    const rb = await t.esb('get_biz_internal_module', { bk_biz_id: b });
    expect(ra.data.bk_set_id).not.toBe(rb.data.bk_set_id);
    const idsA = ra.data.module.map((m: { bk_module_id: number }) => m.bk_module_id);
    const idsB = rb.data.module.map((m: { bk_module_id: number }) => m.bk_module_id);
    expect(idsA.some((id: number) => idsB.includes(id))).toBe(false);
  });

  it('answers the resource pool business too', async () => {
    const r = await t.esb('get_biz_internal_module', { bk_biz_id: 1 });
    expect(r.result).toBe(true);
    expect(r.data).toMatchObject({ bk_set_id: 1, bk_set_name: 'idle pool' });
    expect(r.data.module.map((m: { bk_module_id: number }) => m.bk_module_id)).toEqual([1, 2, 3]);
  });

  it('refuses an unknown business (1199011)', async () => {
    const r = await t.esb('get_biz_internal_module', { bk_biz_id: 555555 });
    expect(r.result).toBe(false);
    expect(r.code).toBe(1199011);
    expect(r.data).toBeNull();
  });
});

describe('get_mainline_object_topo', () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t.stop());

  it('answers the mainline model top to bottom, each object naming its neighbours', async () => {
    const r = await t.esb('get_mainline_object_topo', {});
    expect(r.result, r.message).toBe(true);
    expect(r.data).toEqual([
      { bk_obj_id: 'biz', bk_obj_name: 'business', bk_supplier_account: '0', bk_next_obj: 'set', bk_next_name: 'set', bk_pre_obj_id: '', bk_pre_obj_name: '' },
      { bk_obj_id: 'set', bk_obj_name: 'set', bk_supplier_account: '0', bk_next_obj: 'module', bk_next_name: 'module', bk_pre_obj_id: 'biz', bk_pre_obj_name: 'business' },
      { bk_obj_id: 'module', bk_obj_name: 'module', bk_supplier_account: '0', bk_next_obj: 'host', bk_next_name: 'host', bk_pre_obj_id: 'set', bk_pre_obj_name: 'set' },
      { bk_obj_id: 'host', bk_obj_name: 'host', bk_supplier_account: '0', bk_next_obj: '', bk_next_name: '', bk_pre_obj_id: 'module', bk_pre_obj_name: 'module' },
    ]);
  });
});

describe('find_topo_node_paths', () => {
  let t: TestTopograph;
  let biz: number;
  let web: number;
  let nginx: number;
  let otherSet: number;
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'pathbiz');
    web = await makeSet(t, biz, 'web');
    nginx = await makeModule(t, biz, web, 'nginx');
    const other = await makeBusiness(t, 'pathother');
    otherSet = await makeSet(t, other, 'web');
  });
  afterAll(() => t.stop());

  it("answers each node's name and its path from the business to its parent, in the order asked", async () => {
    const r = await t.esb('find_topo_node_paths', {
      bk_biz_id: biz,
      bk_nodes: [
        { bk_obj_id: 'module', bk_inst_id: nginx },
        { bk_obj_id: 'set', bk_inst_id: web },
        { bk_obj_id: 'biz', bk_inst_id: biz },
      ],
    });
    expect(r.result, r.message).toBe(true);
    const bizStep = { bk_obj_id: 'biz', bk_inst_id: biz, bk_inst_name: 'pathbiz' };
    expect(r.data).toEqual([
      { bk_obj_id: 'module', bk_inst_id: nginx, bk_inst_name: 'nginx', bk_paths: [[bizStep, { bk_obj_id: 'set', bk_inst_id: web, bk_inst_name: 'web' }]] },
      { bk_obj_id: 'set', bk_inst_id: web, bk_inst_name: 'web', bk_paths: [[bizStep]] },
      { ...bizStep, bk_paths: [[]] },
    ]);
  });

  it('leaves out nodes the business does not hold', async () => {
    const r = await t.esb('find_topo_node_paths', {
      bk_biz_id: biz,
      bk_nodes: [
        { bk_obj_id: 'set', bk_inst_id: otherSet },
        { bk_obj_id: 'module', bk_inst_id: 999999 },
        { bk_obj_id: 'set', bk_inst_id: web },
      ],
    });
    expect(r.data.map((n: { bk_inst_id: number }) => n.bk_inst_id)).toEqual([web]);
  });

  it('refuses missing or malformed nodes, more than 1000, an unknown business, each naming the field', async () => {
    const cases: Array<[unknown, number, string]> = [
      [undefined, 1306000, 'bk_nodes'],
      [[], 1199010, 'bk_nodes'],
      [{ bk_obj_id: 'set', bk_inst_id: web }, 1199006, 'bk_nodes'],
      [[{ bk_obj_id: 'host', bk_inst_id: 1 }], 1199006, 'bk_nodes[0].bk_obj_id'],
      [[{ bk_obj_id: 'set', bk_inst_id: '3' }], 1199006, 'bk_nodes[0].bk_inst_id'],
      [Array.from({ length: 1001 }, () => ({ bk_obj_id: 'set', bk_inst_id: web })), 1199035, 'bk_nodes'],
    ];
    for (const [nodes, code, field] of cases) {
      const r = await t.esb('find_topo_node_paths', { bk_biz_id: biz, ...(nodes === undefined ? {} : { bk_nodes: nodes }) });
      expect({ code: r.code, names: r.message.includes(field) }, `${JSON.stringify(nodes)?.slice(0, 60)} → ${r.message}`).toEqual({ code, names: true });
    }
    const unknown = await t.esb('find_topo_node_paths', { bk_biz_id: 999999, bk_nodes: [{ bk_obj_id: 'set', bk_inst_id: web }] });
    expect(unknown.code).toBe(1199011);
  });
});
