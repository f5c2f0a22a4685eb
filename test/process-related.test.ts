import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { expectRefused, ok } from './support/fixtures.js';
import { makeBusiness, makeModule, makeSet, startTopograph, type TestTopograph } from './support/server.js';
import { IDENTITY_LOOKUP, installStatementCounter } from './support/statement-counter.js';

/** list_process_related_info: a business's processes with the set, module, host and instance they belong to. */

const INVALID = 1199006;
const TOO_MANY = 1199035;
const UNKNOWN_BIZ = 1199011;

type Row = Record<string, unknown>;

describe(`list_process_related_info (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;
  let other: number;
  let web: number;
  let db: number;
  let nginx: number;
  let mysql: number;
  let h1: number;
  let h2: number;
  /** service instances: nginx on h1, nginx on h2, mysql on h2 */
  let si: number[] = [];

  const related = async (body: Row) => ok(await t.esb('list_process_related_info', { bk_biz_id: biz, ...body })) as { count: number; info: Row[] };
  const names = (info: Row[]) => info.map((r) => `${(r.process as Row).bk_process_name}@${(r.host as Row).bk_host_innerip}`);
  const process = (name: string, func: string, port: string) => ({
    process_info: { bk_process_name: name, bk_func_name: func, bk_func_id: `f-${func}`, start_cmd: `./${func}`, bind_info: [{ enable: true, ip: '1', port, protocol: '1', template_row_id: 1 }] },
  });

  beforeAll(async () => {
    t = await startTopograph({ TOPOGRAPH_READ_CACHE_MB: '0' });
    biz = await makeBusiness(t, 'gsekit-shop');
    other = await makeBusiness(t, 'elsewhere');
    web = await makeSet(t, biz, 'web');
    ok(await t.esb('update_set', { bk_biz_id: biz, bk_set_id: web, data: { bk_set_env: '3' } }));
    db = await makeSet(t, biz, 'db');
    nginx = await makeModule(t, biz, web, 'nginx');
    mysql = await makeModule(t, biz, db, 'mysql');
    [h1, h2] = ok(await t.esb('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [{ bk_host_innerip: '10.50.0.1' }, { bk_host_innerip: '10.50.0.2' }] }))
      .bk_host_ids as number[];
    ok(await t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: [h1], bk_module_id: [nginx], is_increment: false }));
    ok(await t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: [h2], bk_module_id: [nginx, mysql], is_increment: false }));
    const create = async (module: number, host: number, processes: unknown[]) =>
      (ok(await t.esb('create_service_instance', { bk_biz_id: biz, bk_module_id: module, instances: [{ bk_host_id: host, processes }] })) as number[])[0]!;
    si = [
      await create(nginx, h1, [process('nginx', 'nginx', '80'), process('exporter', 'exporter', '9113')]),
      await create(nginx, h2, [process('nginx', 'nginx', '80')]),
      await create(mysql, h2, [process('mysqld', 'mysqld', '3306')]),
    ];
    // another business's processes are never answered
    const oSet = await makeSet(t, other, 'o');
    const oMod = await makeModule(t, other, oSet, 'o');
    const [oh] = ok(await t.esb('add_host_to_business_idle', { bk_biz_id: other, bk_host_list: [{ bk_host_innerip: '10.50.9.1' }] })).bk_host_ids as number[];
    ok(await t.esb('transfer_host_module', { bk_biz_id: other, bk_host_id: [oh], bk_module_id: [oMod], is_increment: false }));
    ok(await t.esb('create_service_instance', { bk_biz_id: other, bk_module_id: oMod, instances: [{ bk_host_id: oh, processes: [process('nginx', 'nginx', '80')] }] }));
  });
  afterAll(() => t?.stop());

  it("answers each process of the business with its set, module, host, service instance and template, by process id", async () => {
    const { count, info } = await related({});
    expect(count).toBe(4);
    expect(names(info)).toEqual(['nginx@10.50.0.1', 'exporter@10.50.0.1', 'nginx@10.50.0.2', 'mysqld@10.50.0.2']);
    const [first] = info;
    expect(first).toMatchObject({
      set: { bk_set_id: web, bk_set_name: 'web', bk_set_env: '3' },
      module: { bk_module_id: nginx, bk_module_name: 'nginx' },
      host: { bk_host_id: h1, bk_cloud_id: 0, bk_host_innerip: '10.50.0.1' },
      service_instance: { id: si[0] },
      process_template: { id: 0 },
      process: { bk_process_name: 'nginx', bk_func_name: 'nginx', bk_func_id: 'f-nginx', start_cmd: './nginx' },
    });
    expect((first!.service_instance as Row).name).toMatch(/^10\.50\.0\.1_nginx/);
    expect(info.map((r) => (r.process as Row).bk_process_id)).toEqual([...info.map((r) => (r.process as Row).bk_process_id as number)].sort((a, b) => a - b));
  });

  it('narrows by set, module, service instance, names, function ids and process ids, all together', async () => {
    expect(names((await related({ set: { bk_set_ids: [db] } })).info)).toEqual(['mysqld@10.50.0.2']);
    expect(names((await related({ module: { bk_module_ids: [nginx] } })).info)).toEqual(['nginx@10.50.0.1', 'exporter@10.50.0.1', 'nginx@10.50.0.2']);
    expect(names((await related({ service_instance: { ids: [si[1]] } })).info)).toEqual(['nginx@10.50.0.2']);
    expect(names((await related({ process: { bk_process_names: ['nginx'] } })).info)).toEqual(['nginx@10.50.0.1', 'nginx@10.50.0.2']);
    expect(names((await related({ process: { bk_func_ids: ['f-exporter', 'f-mysqld'] } })).info)).toEqual(['exporter@10.50.0.1', 'mysqld@10.50.0.2']);
    const all = (await related({})).info;
    const mysqldId = (all[3]!.process as Row).bk_process_id as number;
    expect(names((await related({ process: { bk_process_ids: [mysqldId] } })).info)).toEqual(['mysqld@10.50.0.2']);
    // a set and a module that do not meet: nothing
    expect(await related({ set: { bk_set_ids: [db] }, module: { bk_module_ids: [nginx] } })).toEqual({ count: 0, info: [] });
    // empty lists narrow nothing
    expect((await related({ set: { bk_set_ids: [] }, process: { bk_process_names: [] } })).count).toBe(4);
  });

  it('projects the process to the fields asked for, the three ids always kept', async () => {
    const { info } = await related({ fields: ['bk_func_name'], page: { start: 0, limit: 1 } });
    expect(info[0]!.process).toEqual({ bk_process_id: expect.any(Number), bk_process_name: 'nginx', bk_func_id: 'f-nginx', bk_func_name: 'nginx' });
  });

  it('pages and sorts on process fields', async () => {
    const page = await related({ page: { start: 1, limit: 2, sort: '-bk_process_name' } });
    expect(page.count).toBe(4);
    expect(page.info.map((r) => (r.process as Row).bk_process_name)).toEqual(['nginx', 'mysqld']);
  });

  it('sorts a field some processes leave empty alike on both stores: empty first ascending, last descending', async () => {
    const all = (await related({})).info.map((r) => (r.process as Row).bk_process_id as number);
    // priorities 5, none, 1, none
    ok(await t.esb('update_process_instance', { bk_biz_id: biz, processes: [{ bk_process_id: all[0], priority: 5 }, { bk_process_id: all[2], priority: 1 }] }));
    const order = async (sort: string) => (await related({ page: { start: 0, limit: 10, sort } })).info.map((r) => (r.process as Row).bk_process_id);
    expect(await order('priority')).toEqual([all[1], all[3], all[2], all[0]]);
    expect(await order('-priority')).toEqual([all[0], all[2], all[1], all[3]]);
  });

  it('finds the processes without a function id by ""', async () => {
    ok(await t.esb('create_process_instance', { bk_biz_id: biz, service_instance_id: si[2], processes: [{ process_info: { bk_process_name: 'cron', bk_func_name: 'cron' } }] }));
    const { info } = await related({ process: { bk_func_ids: [''] }, fields: ['bk_func_id'] });
    expect(info.map((r) => r.process)).toEqual([{ bk_process_id: expect.any(Number), bk_process_name: 'cron', bk_func_id: '' }]);
  });

  it('costs the same statements for one process and for the whole business', async () => {
    const counter = installStatementCounter();
    try {
      const statements = async (body: Row) => {
        const { result, statements: seen } = await counter.count(() => t.esb('list_process_related_info', { bk_biz_id: biz, ...body }));
        expect(result.result).toBe(true);
        return seen.filter((q) => !IDENTITY_LOOKUP.test(q)).length;
      };
      expect(await statements({})).toBe(await statements({ service_instance: { ids: [si[2]] } }));
    } finally {
      counter.restore();
    }
  });

  it('refuses names with function ids, a custom sort field, bad lists and an unknown business, naming each', async () => {
    ok(await t.esb('create_object_attribute', { bk_obj_id: 'process', bk_property_id: 'owner_team', bk_property_name: 'team', bk_property_type: 'singlechar' }));
    const cases: Array<[Row, number, string]> = [
      [{ process: { bk_process_names: ['nginx'], bk_func_ids: ['f-nginx'] } }, INVALID, 'process.bk_func_ids'],
      [{ page: { sort: 'owner_team' } }, INVALID, 'page.sort'],
      [{ page: { sort: 'bk_set_name' } }, INVALID, 'page.sort'],
      [{ set: [web] }, INVALID, 'set'],
      [{ module: { bk_module_ids: 'x' } }, INVALID, 'module.bk_module_ids'],
      [{ process: { bk_process_names: [''] } }, INVALID, 'process.bk_process_names[0]'],
      [{ service_instance: { ids: Array.from({ length: 501 }, (_, i) => i + 1) } }, TOO_MANY, 'service_instance.ids'],
      [{ bk_biz_id: 999999 }, UNKNOWN_BIZ, 'bk_biz_id'],
      // a misspelt filter would answer every process
      [{ process: { bk_process_name: ['nginx'] } }, INVALID, 'process.bk_process_name'],
      [{ set: { bk_set_id: [web] } }, INVALID, 'set.bk_set_id'],
    ];
    for (const [body, code, field] of cases) {
      const r = await expectRefused(t, () => t.esb('list_process_related_info', { bk_biz_id: biz, ...body }), code);
      expect(r.message).toContain(field);
    }
  });
});
