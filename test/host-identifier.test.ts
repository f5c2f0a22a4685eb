import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { expectRefused, ok } from './support/fixtures.js';
import { makeBusiness, makeModule, makeSet, startTopograph, type TestTopograph } from './support/server.js';
import { IDENTITY_LOOKUP, installStatementCounter } from './support/statement-counter.js';

/** search_hostidentifier: each host's identity as GSE reads it — its fields, its places and its processes. */

const INVALID = 1199006;
const TOO_MANY = 1199035;

type Row = Record<string, unknown>;

describe(`search_hostidentifier (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;
  let web: number;
  let nginx: number;
  let php: number;
  let h1: number;
  let h2: number;
  let area: number;

  const identify = async (body: Row) => ok(await t.esb('search_hostidentifier', body)) as { count: number; info: Row[] };

  beforeAll(async () => {
    t = await startTopograph({ TOPOGRAPH_READ_CACHE_MB: '0' });
    biz = await makeBusiness(t, 'gse-shop');
    ok(await t.esb('update_business', { bk_biz_id: biz, data: { bk_biz_name: 'gse-shop' } }));
    web = await makeSet(t, biz, 'web');
    ok(await t.esb('update_set', { bk_biz_id: biz, bk_set_id: web, data: { bk_set_env: '3', bk_service_status: '1' } }));
    nginx = await makeModule(t, biz, web, 'nginx');
    php = await makeModule(t, biz, web, 'php');
    area = (ok(await t.esb('create_cloud_area', { bk_cloud_name: 'gse-vpc' })) as { created: { id: number } }).created.id;
    [h1, h2] = ok(
      await t.esb('add_host_to_business_idle', {
        bk_biz_id: biz,
        bk_host_list: [
          { bk_host_innerip: '10.80.0.1', bk_host_name: 'web-1', bk_os_type: '1', bk_cpu: 8, bk_mem: 16384, bk_disk: 100 },
          { bk_host_innerip: '10.80.0.2', bk_host_name: 'web-2', bk_host_outerip: '203.0.113.7' },
        ],
      }),
    ).bk_host_ids as number[];
    ok(await t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: [h1], bk_module_id: [nginx, php], is_increment: false }));
    // the same address in another cloud area is another host
    ok(await t.esb('add_host_to_resource', { host_info: { 0: { bk_host_innerip: '10.80.0.1', bk_cloud_id: area, bk_host_name: 'elsewhere' } } }));
    ok(
      await t.esb('create_service_instance', {
        bk_biz_id: biz,
        bk_module_id: nginx,
        instances: [
          {
            bk_host_id: h1,
            processes: [
              {
                process_template_id: 0,
                process_info: {
                  bk_process_name: 'nginx',
                  bk_func_name: 'nginx',
                  bk_start_param_regex: 'nginx: master',
                  bind_info: [
                    { enable: true, ip: '2', port: '80', protocol: '1', template_row_id: 1 },
                    { enable: false, ip: '1', port: '8080', protocol: '1', template_row_id: 2 },
                  ],
                },
              },
            ],
          },
        ],
      }),
    );
  });
  afterAll(() => t?.stop());

  it("answers a host's identity: its fields, each module it is in, and its processes", async () => {
    const { count, info } = await identify({ ip: { data: ['10.80.0.1'], bk_cloud_id: 0 } });
    expect(count).toBe(1);
    const [me] = info;
    expect(me).toMatchObject({
      bk_host_id: h1,
      bk_host_name: 'web-1',
      bk_supplier_account: '0',
      bk_cloud_id: 0,
      bk_cloud_name: 'Default Area',
      bk_host_innerip: '10.80.0.1',
      bk_host_outerip: '',
      bk_os_type: '1',
      bk_cpu: 8,
      bk_mem: 16384,
      bk_disk: 100,
    });
    const place = (module: number, name: string) => ({
      bk_biz_id: biz,
      bk_biz_name: 'gse-shop',
      bk_set_id: web,
      bk_set_name: 'web',
      bk_module_id: module,
      bk_module_name: name,
      bk_service_status: '1',
      bk_set_env: '3',
      layer: null,
    });
    expect(me!.associations).toEqual({ [nginx]: place(nginx, 'nginx'), [php]: place(php, 'php') });
    const processes = me!.process as Row[];
    expect(processes).toHaveLength(1);
    expect(processes[0]).toMatchObject({
      bk_process_name: 'nginx',
      bk_func_name: 'nginx',
      bk_start_param_regex: 'nginx: master',
      bind_ip: '2',
      port: '80',
      protocol: '1',
      bk_enable_port: true,
      bind_modules: [nginx],
    });
    expect((processes[0]!.bind_info as Row[]).map((b) => b.port)).toEqual(['80', '8080']);
    expect(typeof processes[0]!.bk_process_id).toBe('number');
  });

  it('a host without processes or places answers empty ones', async () => {
    const { info } = await identify({ ip: { data: ['10.80.0.1'], bk_cloud_id: area } });
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({ bk_host_name: 'elsewhere', bk_cloud_id: area, bk_cloud_name: 'gse-vpc', process: [] });
    // a resource-pool host sits in the pool's idle module
    expect(Object.values(info[0]!.associations as Row)).toHaveLength(1);
  });

  it('without a cloud area an address finds its hosts in every area; without addresses every host is listed', async () => {
    const both = await identify({ ip: { data: ['10.80.0.1'] }, page: { start: 0, limit: 10, sort: 'bk_host_name' } });
    expect(both.info.map((h) => h.bk_host_name)).toEqual(['elsewhere', 'web-1']);
    const all = await identify({ page: { start: 0, limit: 500 } });
    expect(all.count).toBe(3);
    expect(all.info.map((h) => h.bk_host_id)).toEqual(expect.arrayContaining([h1, h2]));
    const inArea = await identify({ ip: { bk_cloud_id: 0 } });
    expect(inArea.info.map((h) => h.bk_host_id).sort((a, b) => (a as number) - (b as number))).toEqual([h1, h2]);
  });

  it('finds a host by its outer address too, as bk-cmdb', async () => {
    const { info } = await identify({ ip: { data: ['203.0.113.7'], bk_cloud_id: 0 } });
    expect(info.map((h) => [h.bk_host_id, h.bk_host_outerip])).toEqual([[h2, '203.0.113.7']]);
  });

  it('pages: count is every match, info one page of them', async () => {
    const page = await identify({ ip: { data: ['10.80.0.1', '10.80.0.2'], bk_cloud_id: 0 }, page: { start: 1, limit: 1, sort: 'bk_host_innerip' } });
    expect(page.count).toBe(2);
    expect(page.info.map((h) => h.bk_host_id)).toEqual([h2]);
  });

  it('takes the same number of statements for one host and for a page of many', async () => {
    const counter = installStatementCounter();
    try {
      const statements = async (body: Row) => {
        const { result, statements: seen } = await counter.count(() => t.esb('search_hostidentifier', body));
        expect(result.result).toBe(true);
        return seen.filter((q) => !IDENTITY_LOOKUP.test(q)).length;
      };
      const one = await statements({ ip: { data: ['10.80.0.2'] } });
      const many = await statements({ page: { start: 0, limit: 500 } });
      expect(many).toBe(one);
    } finally {
      counter.restore();
    }
  });

  it('refuses bad addresses, a bad cloud area, over 500 addresses and a sort on no host field, naming each', async () => {
    const cases: Array<[Row, number, string]> = [
      [{ ip: { data: '10.80.0.1' } }, INVALID, 'ip.data'],
      [{ ip: { data: [5] } }, INVALID, 'ip.data[0]'],
      [{ ip: { data: ['10.80.0.1'], bk_cloud_id: '0' } }, INVALID, 'ip.bk_cloud_id'],
      [{ ip: { data: Array.from({ length: 501 }, (_, i) => `10.81.${i >> 8}.${i & 255}`) } }, TOO_MANY, 'ip.data'],
      [{ page: { start: 0, limit: 10, sort: 'bk_set_name' } }, INVALID, 'page.sort'],
    ];
    for (const [body, code, field] of cases) {
      const r = await expectRefused(t, () => t.esb('search_hostidentifier', body), code);
      expect(r.message).toContain(field);
    }
  });
});
