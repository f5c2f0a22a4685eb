import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { IDENTITY_LOOKUP, installStatementCounter, type StatementCounter } from './support/statement-counter.js';
import { makeBusiness, makeSet, startTopograph, type TestTopograph } from './support/server.js';

let counter: StatementCounter;
describe(`zz count (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;
  const out: string[] = [];
  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'counted', 'admin');
    await t.esb('create_object_attribute', { bk_obj_id: 'host', bk_property_id: 'rack', bk_property_name: 'rack', bk_property_type: 'singlechar' });
    const mods: number[] = [];
    for (const s of ['s1', 's2', 's3']) {
      const set = await makeSet(t, biz, s);
      for (const name of ['a', 'b']) {
        const m = await t.esb('create_module', { bk_biz_id: biz, bk_set_id: set, data: { bk_parent_id: set, bk_module_name: name } });
        mods.push(m.data.bk_module_id as number);
      }
    }
    const info = Object.fromEntries(Array.from({ length: 450 }, (_, i) => [String(i), { bk_host_innerip: `10.1.${i >> 8}.${i & 255}`, bk_host_name: `h${i}`, rack: `r${i % 7}` }]));
    const ids = (await t.esb('add_host_to_resource', { bk_biz_id: biz, host_info: info })).data.bk_host_ids as number[];
    await t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: ids, bk_module_id: mods, is_increment: false });
    counter = installStatementCounter();
  }, 120_000);
  afterAll(async () => { counter?.restore(); console.log(out.join('\n')); await t?.stop(); });

  it('counts', async () => {
    const all = ['host', 'biz', 'set', 'module'].map((bk_obj_id) => ({ bk_obj_id, fields: [], condition: [] }));
    const bodies: Record<string, unknown>[] = [
      { condition: [...all, { bk_obj_id: 'plat', condition: [{ field: 'bk_cloud_id', operator: '$eq', value: 0 }] }], page: { sort: '-rack' } },
      { bk_biz_id: biz, condition: all },
      { ip: { data: ['10.1.'] }, condition: [{ bk_obj_id: 'biz', condition: [{ field: 'bk_biz_name', operator: '$regex', value: 'count' }] }, { bk_obj_id: 'host', condition: [{ field: 'rack', operator: '$ne', value: 'x' }] }] },
    ];
    for (const body of bodies) {
      const m = async (limit: number) => {
        const { result, statements } = await counter.count(() => t.esb('search_host', { ...body, page: { ...(body.page as object), limit } }));
        expect(result.message).toBe('success');
        return { n: statements.filter((q) => !IDENTITY_LOOKUP.test(q)).length, rows: (result.data.info as unknown[]).length, statements };
      };
      await m(1);
      const a = await m(5); const b = await m(450);
      out.push(`${JSON.stringify(body).slice(0, 80)}: 5->${a.n} (${a.rows}) 450->${b.n} (${b.rows})`);
      if (a.n !== b.n) out.push(b.statements.join('\n---\n'));
    }
  }, 120_000);
});
