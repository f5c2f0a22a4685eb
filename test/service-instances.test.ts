import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { APP, makeBusiness, makeModule, makeSet, startTopograph, type TestTopograph } from './support/server.js';
import { auditCount, expectRefused, ok } from './support/fixtures.js';

/**
 * Service instances and their processes: create, list (three forms), delete; the process calls; and how a
 * service instance follows its host (gone when the host leaves the module, made when it enters a module made
 * from a service template).
 */
const INVALID = 1199006;
const REQUIRED = 1199010;
const MISSING_PARAMETER = 1306000; // a required top-level parameter, refused before the call runs
const NOT_INTEGER = 1199009;
const INVALID_REFERENCE = 1199011;
const NOT_FOUND = 1199019;
const TOO_MANY = 1199035;
const PAGE_LIMIT = 1199059;
const TEMPLATE_FORBIDDEN = 1101097;
const NO_PERMISSION = 9900403;

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PROCESS = { bk_process_name: 'nginx-main', bk_func_name: 'nginx', start_cmd: './nginx', bind_info: [{ enable: true, ip: '2', port: '80', protocol: '1', template_row_id: 1 }] };

describe(`service instances and processes (${TEST_DB})`, () => {
  let t: TestTopograph;
  let biz: number;
  let setId: number;
  let web: number;
  let db: number;
  let hosts: number[];
  let idleModule: number;

  const move = (ids: number[], modules: number[]) => t.esb('transfer_host_module', { bk_biz_id: biz, bk_host_id: ids, bk_module_id: modules, is_increment: false });
  const create = (body: Row) => t.esb('create_service_instance', { bk_biz_id: biz, ...body });
  const instancesOf = async (body: Row = {}) => ok(await t.esb('list_service_instance', { bk_biz_id: biz, ...body })) as { count: number; info: Row[] };
  const audits = async (resource_type: string, action?: string) =>
    (ok(await t.esb('list_operation_audit', { condition: { resource_type, ...(action ? { action } : {}) }, page: { limit: 200 } })) as { info: Row[] }).info;

  beforeAll(async () => {
    t = await startTopograph();
    biz = await makeBusiness(t, 'svc', 'admin');
    setId = await makeSet(t, biz, 'svc-set');
    web = await makeModule(t, biz, setId, 'web');
    db = await makeModule(t, biz, setId, 'db');
    const added = ok(await t.esb('add_host_to_business_idle', { bk_biz_id: biz, bk_host_list: [1, 2, 3, 4].map((i) => ({ bk_host_innerip: `10.30.0.${i}`, bk_cloud_id: 0 })) }));
    hosts = added.bk_host_ids as number[];
    ok(await move([hosts[0]!, hosts[1]!], [web]));
    ok(await move([hosts[2]!], [web, db]));
    idleModule = (ok(await t.esb('get_biz_internal_module', { bk_biz_id: biz })) as Row).module.find((m: Row) => m.default === 1).bk_module_id;
  });
  afterAll(() => t?.stop());

  describe('create_service_instance', () => {
    it('creates instances on hosts of the module, with their processes, and answers the ids in order', async () => {
      const ids = ok(
        await create({
          bk_module_id: web,
          instances: [
            { bk_host_id: hosts[0], processes: [{ process_template_id: 0, process_info: PROCESS }] },
            { bk_host_id: hosts[1], service_instance_name: 'named-by-hand' },
          ],
        }),
      ) as number[];
      expect(ids).toHaveLength(2);
      expect(ids[1]).toBeGreaterThan(ids[0]!);
      const { info } = await instancesOf({ bk_module_id: web });
      const [first, second] = ids.map((id) => info.find((r) => r.id === id)!);
      // bk-cmdb's default name: inner IP, first process alias, first port
      expect(first).toMatchObject({ name: '10.30.0.1_nginx-main_80', bk_biz_id: biz, bk_module_id: web, bk_host_id: hosts[0], service_template_id: 0, creator: 'admin', bk_supplier_account: '0' });
      expect(first!.create_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
      expect(second!.name).toBe('named-by-hand');
      const procs = ok(await t.esb('list_process_instance', { bk_biz_id: biz, service_instance_id: ids[0] })) as Row[];
      expect(procs).toHaveLength(1);
      expect(procs[0]!.property).toMatchObject({ bk_process_name: 'nginx-main', bk_func_name: 'nginx', start_cmd: './nginx', auto_start: false, bk_biz_id: biz, service_instance_id: ids[0] });
      expect(procs[0]!.property.bind_info).toEqual([{ enable: true, ip: '2', port: '80', protocol: '1', template_row_id: 1 }]);
      expect(procs[0]!.relation).toEqual({ bk_biz_id: biz, bk_process_id: procs[0]!.property.bk_process_id, service_instance_id: ids[0], process_template_id: 0, bk_host_id: hosts[0], bk_supplier_account: '0' });
      // audited: each instance, each process; the process is watchable
      expect((await audits('service_instance', 'create')).map((a) => a.resource_id)).toEqual(expect.arrayContaining(ids));
      expect((await audits('process', 'create')).map((a) => a.resource_id)).toContain(procs[0]!.property.bk_process_id);
      const events = ok(await t.esb('resource_watch', { bk_resource: 'process', bk_event_types: ['create'], bk_start_from: 0 }));
      expect((events.bk_events as Row[]).map((e) => e.bk_detail?.bk_process_id)).toContain(procs[0]!.property.bk_process_id);
    });

    it('refuses a host that is not in the module, naming it, and writes nothing (not the other instances either)', async () => {
      const before = await instancesOf();
      const r = await expectRefused(t, () => create({ bk_module_id: db, instances: [{ bk_host_id: hosts[2] }, { bk_host_id: hosts[0] }] }), INVALID_REFERENCE);
      expect(r.message).toContain('instances[1].bk_host_id');
      expect((await instancesOf()).count).toBe(before.count);
    });

    it('checks every process against the process model, naming the field with its place', async () => {
      const missing = await expectRefused(t, () => create({ bk_module_id: db, instances: [{ bk_host_id: hosts[2], processes: [{ process_info: { bk_func_name: 'x' } }] }] }), REQUIRED);
      expect(missing.message).toContain('instances[0].processes[0].process_info.bk_process_name');
      const wrongType = await expectRefused(t, () => create({ bk_module_id: db, instances: [{ bk_host_id: hosts[2], processes: [{ process_info: { ...PROCESS, proc_num: '2' } }] }] }), NOT_INTEGER);
      expect(wrongType.message).toContain('process_info.proc_num');
      const range = await expectRefused(t, () => create({ bk_module_id: db, instances: [{ bk_host_id: hosts[2], processes: [{ process_info: { ...PROCESS, priority: 0 } }] }] }), INVALID);
      expect(range.message).toContain('priority');
      const port = await expectRefused(t, () => create({ bk_module_id: db, instances: [{ bk_host_id: hosts[2], processes: [{ process_info: { ...PROCESS, bind_info: [{ enable: true, ip: '2', port: '70000' }] } }] }] }), INVALID);
      expect(port.message).toContain('process_info.bind_info[0].port');
      const ip = await expectRefused(t, () => create({ bk_module_id: db, instances: [{ bk_host_id: hosts[2], processes: [{ process_info: { ...PROCESS, bind_info: [{ enable: true, ip: 'localhost', port: '80' }] } }] }] }), INVALID);
      expect(ip.message).toContain('bind_info[0].ip');
      const proto = await expectRefused(t, () => create({ bk_module_id: db, instances: [{ bk_host_id: hosts[2], processes: [{ process_info: { ...PROCESS, bind_info: [{ ip: '1', port: '80', protocol: 'tcp' }] } }] }] }), INVALID);
      expect(proto.message).toContain('protocol');
      const template = await expectRefused(t, () => create({ bk_module_id: db, instances: [{ bk_host_id: hosts[2], processes: [{ process_template_id: 7, process_info: PROCESS }] }] }), INVALID_REFERENCE);
      expect(template.message).toContain('process_template_id');
    });

    it('refuses the idle pool, a module of another business, missing and malformed parameters, and too many instances', async () => {
      await expectRefused(t, () => create({ bk_module_id: idleModule, instances: [{ bk_host_id: hosts[3] }] }), INVALID);
      const other = await makeBusiness(t, 'svc-other', 'admin');
      const otherSet = await makeSet(t, other, 'o');
      const otherModule = await makeModule(t, other, otherSet, 'o');
      await expectRefused(t, () => create({ bk_module_id: otherModule, instances: [{ bk_host_id: hosts[0] }] }), INVALID_REFERENCE);
      await expectRefused(t, () => create({ bk_module_id: web }), MISSING_PARAMETER);
      await expectRefused(t, () => create({ bk_module_id: web, instances: [] }), INVALID);
      await expectRefused(t, () => create({ bk_module_id: web, instances: [{ bk_host_id: '1' }] }), NOT_INTEGER);
      await expectRefused(t, () => create({ bk_module_id: web, instances: Array.from({ length: 101 }, () => ({ bk_host_id: hosts[0] })) }), TOO_MANY);
    });

    it('is refused to a user who does not maintain the business', async () => {
      const r = await expectRefused(t, () => t.as('mallory')('create_service_instance', { bk_biz_id: biz, bk_module_id: web, instances: [{ bk_host_id: hosts[0] }] }), NO_PERMISSION);
      expect(r.permission).not.toBeNull();
    });
  });

  describe('the lists', () => {
    it('list_service_instance narrows by module, hosts and name, pages by id', async () => {
      const all = await instancesOf();
      expect(all.count).toBeGreaterThanOrEqual(2);
      expect(all.info.map((r) => r.id)).toEqual([...all.info.map((r) => r.id)].sort((a, b) => a - b));
      const byHost = await instancesOf({ bk_host_ids: [hosts[1]] });
      expect(byHost.info.map((r) => r.name)).toEqual(['named-by-hand']);
      expect((await instancesOf({ search_key: 'BY-HAND' })).info.map((r) => r.name)).toEqual(['named-by-hand']);
      expect((await instancesOf({ bk_module_id: db })).count).toBe(0);
      const paged = await instancesOf({ page: { start: 1, limit: 1, sort: '-id' } });
      expect(paged.count).toBe(all.count);
      expect(paged.info.map((r) => r.id)).toEqual([all.info[all.info.length - 2]!.id]);
      expect(all.info.every((r) => r.labels === null)).toBe(true);
      await expectRefused(t, () => t.esb('list_service_instance', { bk_biz_id: biz, selectors: [{ key: 'k', operator: 'like', values: ['v'] }] }), INVALID);
      await expectRefused(t, () => t.esb('list_service_instance', { bk_biz_id: biz, page: { limit: 501 } }), PAGE_LIMIT);
      await expectRefused(t, () => t.esb('list_service_instance', { bk_biz_id: 999999 }), INVALID_REFERENCE);
    });

    it('list_service_instance_by_host answers one host', async () => {
      const r = ok(await t.esb('list_service_instance_by_host', { bk_biz_id: biz, bk_host_id: hosts[0] }));
      expect(r.count).toBe(1);
      expect(r.info[0].bk_host_id).toBe(hosts[0]);
      // parameters of the other lists are named as ignored, and narrow nothing
      const other = await t.esb('list_service_instance_by_host', { bk_biz_id: biz, bk_host_id: hosts[0], bk_module_id: db, search_key: 'nothing-like-it' });
      expect(ok(other).info.map((i: Row) => i.id)).toEqual([r.info[0].id]);
      expect(String(other.headers['x-topograph-ignored-fields']).split(',').sort()).toEqual(['bk_module_id', 'search_key']);
      const byIds = await t.esb('list_service_instance', { bk_biz_id: biz, service_instance_ids: [999999] });
      expect(ok(byIds).count).toBe((await instancesOf()).count);
      expect(byIds.headers['x-topograph-ignored-fields']).toBe('service_instance_ids');
    });

    it('list_service_instance_detail adds the service category and the processes', async () => {
      const r = ok(await t.esb('list_service_instance_detail', { bk_biz_id: biz, bk_host_list: [hosts[0], hosts[1]], page: { limit: 10 } }));
      expect(r.count).toBe(2);
      const withProcess = (r.info as Row[]).find((i) => i.bk_host_id === hosts[0])!;
      expect(withProcess.service_category_id).toBeGreaterThan(0);
      expect(withProcess.process_instances).toHaveLength(1);
      expect(withProcess.process_instances[0].process.bk_func_name).toBe('nginx');
      expect(withProcess.process_instances[0].relation.service_instance_id).toBe(withProcess.id);
      expect((r.info as Row[]).find((i) => i.bk_host_id === hosts[1])!.process_instances).toEqual([]);
      const one = ok(await t.esb('list_service_instance_detail', { bk_biz_id: biz, service_instance_ids: [withProcess.id], page: { limit: 10 } }));
      expect(one.info.map((i: Row) => i.id)).toEqual([withProcess.id]);
    });
  });

  describe('the process calls', () => {
    let instance: number;
    beforeAll(async () => {
      [instance] = ok(await create({ bk_module_id: db, instances: [{ bk_host_id: hosts[2], service_instance_name: 'db-1' }] })) as number[];
    });

    it('create, update, list by ids and delete processes of a hand-made service instance', async () => {
      const ids = ok(
        await t.esb('create_process_instance', {
          bk_biz_id: biz,
          service_instance_id: instance,
          processes: [{ process_info: { bk_process_name: 'mysqld', bk_func_name: 'mysqld' } }, { process_info: { bk_process_name: 'agent', bk_func_name: 'agent', proc_num: 2 } }],
        }),
      ) as number[];
      expect(ids).toHaveLength(2);
      expect(ok(await t.esb('update_process_instance', { bk_biz_id: biz, processes: [{ bk_process_id: ids[0], user: 'mysql', bind_info: [{ ip: '3', port: '3306', protocol: '1', enable: true }] }] }))).toEqual([ids[0]]);
      const details = ok(await t.esb('list_process_detail_by_ids', { bk_biz_id: biz, bk_process_ids: ids, fields: ['user', 'bind_info'] })) as Row[];
      expect(details).toEqual([
        { bk_process_id: ids[0], user: 'mysql', bind_info: [{ enable: true, ip: '3', port: '3306', protocol: '1', template_row_id: 1 }] },
        { bk_process_id: ids[1], user: '', bind_info: [] },
      ]);
      const updated = (await audits('process', 'update')).find((a) => a.resource_id === ids[0]);
      expect(updated).toBeDefined();
      ok(await t.esb('delete_process_instance', { bk_biz_id: biz, process_instance_ids: [ids[1]] }));
      expect((ok(await t.esb('list_process_instance', { bk_biz_id: biz, service_instance_id: instance })) as Row[]).map((p) => p.property.bk_process_id)).toEqual([ids[0]]);
    });

    it('refuses unknown or non-editable process fields, processes of another business, and a second entry for one process', async () => {
      const [pid] = ok(await t.esb('create_process_instance', { bk_biz_id: biz, service_instance_id: instance, processes: [{ process_info: { bk_process_name: 'p', bk_func_name: 'p' } }] })) as number[];
      await expectRefused(t, () => t.esb('update_process_instance', { bk_biz_id: biz, processes: [{ bk_process_id: pid, colour: 'red' }] }), 1199060);
      // the fields the calls set are not the client's to change either
      for (const field of ['bk_host_id', 'bk_biz_id', 'service_instance_id', 'process_template_id']) {
        const r = await expectRefused(t, () => t.esb('update_process_instance', { bk_biz_id: biz, processes: [{ bk_process_id: pid, [field]: 99 }] }), 1199060);
        expect(r.message).toContain(`processes[0].${field}`);
      }
      await expectRefused(t, () => t.esb('update_process_instance', { bk_biz_id: biz, processes: [{ bk_process_id: pid, timeout: 'x' }] }), NOT_INTEGER);
      await expectRefused(t, () => t.esb('update_process_instance', { bk_biz_id: biz, processes: [{ bk_process_id: 99999 }] }), NOT_FOUND);
      await expectRefused(t, () => t.esb('update_process_instance', { bk_biz_id: biz, processes: [{ bk_process_id: pid, user: 'a' }, { bk_process_id: pid, user: 'b' }] }), INVALID);
      await expectRefused(t, () => t.esb('delete_process_instance', { bk_biz_id: biz, process_instance_ids: [pid, 99999] }), NOT_FOUND);
      await expectRefused(t, () => t.esb('list_process_detail_by_ids', { bk_biz_id: biz, bk_process_ids: [pid], fields: ['nope'] }), INVALID);
      await expectRefused(t, () => t.esb('create_process_instance', { bk_biz_id: biz, service_instance_id: 99999, processes: [{ process_info: { bk_process_name: 'p', bk_func_name: 'p' } }] }), NOT_FOUND);
    });

    it('delete_service_instance removes the instance and its processes, all or none', async () => {
      const [gone] = ok(await create({ bk_module_id: db, instances: [{ bk_host_id: hosts[2], processes: [{ process_info: { bk_process_name: 'x', bk_func_name: 'x' } }] }] })) as number[];
      const [proc] = (ok(await t.esb('list_process_instance', { bk_biz_id: biz, service_instance_id: gone })) as Row[]).map((p) => p.property.bk_process_id);
      await expectRefused(t, () => t.esb('delete_service_instance', { bk_biz_id: biz, service_instance_ids: [gone, 99999] }), NOT_FOUND);
      ok(await t.esb('delete_service_instance', { bk_biz_id: biz, service_instance_ids: [gone] }));
      await expectRefused(t, () => t.esb('list_process_instance', { bk_biz_id: biz, service_instance_id: gone }), NOT_FOUND);
      expect(ok(await t.esb('list_process_detail_by_ids', { bk_biz_id: biz, bk_process_ids: [proc] }))).toEqual([]);
      expect((await audits('process', 'delete')).map((a) => a.resource_id)).toContain(proc);
      expect((await audits('service_instance', 'delete')).map((a) => a.resource_id)).toContain(gone);
    });
  });

  describe('service instances follow their hosts', () => {
    it('a host that leaves a module takes its service instances there, and their processes, with it (audited)', async () => {
      const [mine] = ok(await create({ bk_module_id: db, instances: [{ bk_host_id: hosts[2], processes: [{ process_info: { bk_process_name: 'leave', bk_func_name: 'leave' } }] }] })) as number[];
      const inWeb = (await instancesOf({ bk_host_ids: [hosts[2]], bk_module_id: web })).count;
      const before = await auditCount(t);
      ok(await move([hosts[2]!], [web])); // leaves db, stays in web
      const left = await instancesOf({ bk_host_ids: [hosts[2]] });
      expect(left.info.filter((r) => r.bk_module_id === db)).toEqual([]);
      expect(left.info.filter((r) => r.bk_module_id === web)).toHaveLength(inWeb);
      expect((await audits('service_instance', 'delete')).map((a) => a.resource_id)).toContain(mine);
      expect(await auditCount(t)).toBeGreaterThan(before + 1);
    });

    it('a host moved to a module made from a service template gets a service instance there', async () => {
      const root = ok(await t.esb('create_service_category', { bk_biz_id: biz, name: 'svc-root' }));
      const leaf = ok(await t.esb('create_service_category', { bk_biz_id: biz, name: 'svc-leaf', bk_parent_id: root.id }));
      const tpl = ok(await t.esb('create_service_template', { bk_biz_id: biz, name: 'svc-tpl', service_category_id: leaf.id }));
      const templated = await makeModule(t, biz, setId, 'svc-tpl', { service_template_id: tpl.id });
      ok(await move([hosts[3]!], [templated]));
      const made = await instancesOf({ bk_host_ids: [hosts[3]] });
      expect(made.info).toEqual([expect.objectContaining({ bk_module_id: templated, service_template_id: tpl.id, name: '10.30.0.4' })]);
      // hand-made processes are refused in it
      await expectRefused(t, () => t.esb('create_process_instance', { bk_biz_id: biz, service_instance_id: made.info[0]!.id, processes: [{ process_info: { bk_process_name: 'p', bk_func_name: 'p' } }] }), TEMPLATE_FORBIDDEN);
      // and back to the idle module: the instance goes
      ok(await t.esb('transfer_host_to_idlemodule', { bk_biz_id: biz, bk_host_id: [hosts[3]] }));
      expect((await instancesOf({ bk_host_ids: [hosts[3]] })).count).toBe(0);
    });
  });

  describe('process templates', () => {
    let st: number;
    let templated: number;
    const spec = (name: string, extra: Row = {}) => ({
      bk_process_name: { value: name, as_default_value: true },
      bk_func_name: { value: name, as_default_value: true },
      start_cmd: { value: `./${name} start`, as_default_value: true },
      user: { value: 'www', as_default_value: false },
      bind_info: { value: [{ enable: { value: true, as_default_value: true }, ip: { value: '2', as_default_value: true }, port: { value: '8080', as_default_value: true }, protocol: { value: '1', as_default_value: true }, row_id: 1 }], as_default_value: true },
      ...extra,
    });
    const processesOf = async (instanceId: number) => (ok(await t.esb('list_process_instance', { bk_biz_id: biz, service_instance_id: instanceId })) as Row[]).map((p) => p.property);

    beforeAll(async () => {
      const root = ok(await t.esb('create_service_category', { bk_biz_id: biz, name: 'pt-root' }));
      const leaf = ok(await t.esb('create_service_category', { bk_biz_id: biz, name: 'pt-leaf', bk_parent_id: root.id }));
      st = ok(await t.esb('create_service_template', { bk_biz_id: biz, name: 'pt-app', service_category_id: leaf.id })).id;
      templated = await makeModule(t, biz, setId, 'pt-app', { service_template_id: st });
    });

    it('a new process template reaches the service instances made from its service template at once', async () => {
      ok(await move([hosts[3]!], [templated]));
      const [instance] = (await instancesOf({ bk_host_ids: [hosts[3]] })).info;
      expect(await processesOf(instance!.id)).toEqual([]);
      const ids = ok(await t.esb('batch_create_proc_template', { bk_biz_id: biz, service_template_id: st, processes: [{ spec: spec('api') }, { spec: spec('worker') }] })) as number[];
      expect(ids).toHaveLength(2);
      const procs = await processesOf(instance!.id);
      expect(procs.map((p) => [p.bk_process_name, p.process_template_id, p.start_cmd, p.user])).toEqual([
        ['api', ids[0], './api start', 'www'],
        ['worker', ids[1], './worker start', 'www'],
      ]);
      expect(procs[0]!.bind_info).toEqual([{ enable: true, ip: '2', port: '8080', protocol: '1', template_row_id: 1 }]);
      const listed = ok(await t.esb('list_proc_template', { bk_biz_id: biz, service_template_id: st }));
      expect(listed.count).toBe(2);
      expect(listed.info[0]).toMatchObject({ id: ids[0], bk_process_name: 'api', bk_biz_id: biz, service_template_id: st, creator: 'admin', bk_supplier_account: '0' });
      // every process field is in the property, those not given unset and the instances' own
      expect(listed.info[0].property.timeout).toEqual({ value: null, as_default_value: false });
      expect(listed.info[0].property.start_cmd).toEqual({ value: './api start', as_default_value: true });
      expect(ok(await t.esb('get_proc_template', { bk_biz_id: biz, process_template_id: ids[1] })).bk_process_name).toBe('worker');
      expect((await audits('process_template', 'create')).map((a) => a.resource_id)).toEqual(expect.arrayContaining(ids));
    });

    it('a change of a field the template holds reaches every process made from it; one it leaves to them does not', async () => {
      const [tpl] = (ok(await t.esb('list_proc_template', { bk_biz_id: biz, service_template_id: st })).info as Row[]).filter((x) => x.bk_process_name === 'api');
      const [instance] = (await instancesOf({ bk_host_ids: [hosts[3]] })).info;
      const api = (await processesOf(instance!.id)).find((p) => p.bk_process_name === 'api')!;
      // a field the template leaves to the process can change on the process; one it holds can't
      ok(await t.esb('update_process_instance', { bk_biz_id: biz, processes: [{ bk_process_id: api.bk_process_id, user: 'root' }] }));
      await expectRefused(t, () => t.esb('update_process_instance', { bk_biz_id: biz, processes: [{ bk_process_id: api.bk_process_id, start_cmd: 'x' }] }), TEMPLATE_FORBIDDEN);
      const after = ok(await t.esb('update_proc_template', { bk_biz_id: biz, process_template_id: tpl!.id, process_property: { start_cmd: { value: './api run', as_default_value: true }, user: { value: 'nobody', as_default_value: false } } }));
      expect(after.property.start_cmd.value).toBe('./api run');
      const now = (await processesOf(instance!.id)).find((p) => p.bk_process_name === 'api')!;
      expect([now.start_cmd, now.user]).toEqual(['./api run', 'root']);
      // holding the user from now on brings it to the processes
      ok(await t.esb('update_proc_template', { bk_biz_id: biz, process_template_id: tpl!.id, process_property: { user: { value: 'nobody', as_default_value: true } } }));
      expect((await processesOf(instance!.id)).find((p) => p.bk_process_name === 'api')!.user).toBe('nobody');
      expect((await audits('process', 'update')).map((a) => a.resource_id)).toContain(api.bk_process_id);
    });

    it('refuses bad specs, naming the field, and a second template with an alias taken', async () => {
      await expectRefused(t, () => t.esb('batch_create_proc_template', { bk_biz_id: biz, service_template_id: st, processes: [{ spec: { bk_process_name: { value: 'x', as_default_value: true } } }] }), REQUIRED);
      const wrongType = await expectRefused(t, () => t.esb('batch_create_proc_template', { bk_biz_id: biz, service_template_id: st, processes: [{ spec: spec('y', { proc_num: { value: 'two', as_default_value: false } }) }] }), NOT_INTEGER);
      expect(wrongType.message).toContain('processes[0].spec.proc_num');
      const badPort = await expectRefused(t, () => t.esb('batch_create_proc_template', { bk_biz_id: biz, service_template_id: st, processes: [{ spec: spec('y', { bind_info: { value: [{ port: { value: '0', as_default_value: true } }], as_default_value: true } }) }] }), INVALID);
      expect(badPort.message).toContain('processes[0].spec.bind_info.value[0].port');
      await expectRefused(t, () => t.esb('batch_create_proc_template', { bk_biz_id: biz, service_template_id: st, processes: [{ spec: spec('api') }] }), 1199014);
      await expectRefused(t, () => t.esb('batch_create_proc_template', { bk_biz_id: biz, service_template_id: st, processes: [{ spec: spec('twin') }, { spec: spec('twin') }] }), 1199014);
      await expectRefused(t, () => t.esb('update_proc_template', { bk_biz_id: biz, process_template_id: 999999, process_property: { user: { value: 'a', as_default_value: false } } }), NOT_FOUND);
      await expectRefused(t, () => t.esb('list_proc_template', { bk_biz_id: biz }), INVALID);
    });

    it('create_service_instance in a module made from the template: one process per template, the request giving what the template leaves', async () => {
      const templates = ok(await t.esb('list_proc_template', { bk_biz_id: biz, service_template_id: st })).info as Row[];
      const worker = templates.find((x) => x.bk_process_name === 'worker')!;
      const made = await create({ bk_module_id: templated, instances: [{ bk_host_id: hosts[3], processes: [{ process_template_id: worker.id, process_info: { user: 'ops', start_cmd: 'ignored' } }] }] });
      const [id] = ok(made) as number[];
      // the value the template decides is dropped, and said to be
      expect(made.headers['x-topograph-ignored-fields']).toBe('instances[0].processes[0].process_info.start_cmd');
      const procs = await processesOf(id!);
      expect(procs.map((p) => p.bk_process_name)).toEqual(['api', 'worker']);
      const w = procs.find((p) => p.bk_process_name === 'worker')!;
      // user is the worker's own; start_cmd is held by the template
      expect([w.user, w.start_cmd]).toEqual(['ops', './worker start']);
      await expectRefused(t, () => create({ bk_module_id: templated, instances: [{ bk_host_id: hosts[3], processes: [{ process_template_id: 999, process_info: {} }] }] }), INVALID_REFERENCE);
    });

    it("bk-cmdb's sync calls: nothing differs, nothing is written, and what they name is checked", async () => {
      const before = await auditCount(t);
      expect(ok(await t.esb('sync_service_template_to_service_instance', { bk_biz_id: biz, service_template_id: st, bk_module_ids: [templated] }))).toBeNull();
      expect(await auditCount(t)).toBe(before);
      const notFromIt = await expectRefused(t, () => t.esb('sync_service_template_to_service_instance', { bk_biz_id: biz, service_template_id: st, bk_module_ids: [templated, web] }), INVALID);
      expect(notFromIt.message).toContain(`bk_module_ids' names ${web}, which are not modules of business ${biz} made from service template ${st}`);
      await expectRefused(t, () => t.esb('sync_service_template_to_service_instance', { bk_biz_id: biz, service_template_id: 999999, bk_module_ids: [templated] }), NOT_FOUND);
      await expectRefused(t, () => t.as('stranger')('sync_service_template_to_service_instance', { bk_biz_id: biz, service_template_id: st, bk_module_ids: [templated] }), NO_PERMISSION);
      expect(ok(await t.esb('list_service_template_difference', { bk_biz_id: biz, is_partial: true, service_template_ids: [st] }))).toEqual({ service_templates: [{ service_template_id: st, need_sync: false }] });
      expect(ok(await t.esb('list_service_template_difference', { bk_biz_id: biz, is_partial: false, bk_module_ids: [templated, web] }))).toEqual({
        modules: [
          { bk_module_id: templated, need_sync: false },
          { bk_module_id: web, need_sync: false },
        ],
      });
      // a boolean parameter is typed by the call's schema, which the gateway checks (1306000, as a missing one)
      await expectRefused(t, () => t.esb('list_service_template_difference', { bk_biz_id: biz, is_partial: 'true', service_template_ids: [st] }), MISSING_PARAMETER);
      // by GET, as the ESB allows: is_partial read as the boolean it is
      const byGet = await t.app.inject({ method: 'GET', url: `/api/c/compapi/v2/cc/list_service_template_difference/?${new URLSearchParams({ ...APP, bk_username: 'admin', bk_biz_id: String(biz), is_partial: 'false', bk_module_ids: JSON.stringify([templated]) })}` });
      expect(byGet.json().data).toEqual({ modules: [{ bk_module_id: templated, need_sync: false }] });
      // an archived business takes no sync, as it takes no other write
      const shut = await makeBusiness(t, 'svc-archived', 'admin');
      ok(await t.esb('update_business_enable_status', { bk_biz_id: shut, flag: 'disabled' }));
      const archived = await t.esb('sync_service_template_to_service_instance', { bk_biz_id: shut, service_template_id: st, bk_module_ids: [templated] });
      expect([archived.result, archived.message]).toEqual([false, expect.stringContaining('archived')]);
      await expectRefused(t, () => t.esb('list_service_template_difference', { bk_biz_id: biz, is_partial: true, service_template_ids: [999999] }), INVALID);
    });

    it('a template row of bind_info answers its four cells; instances are renamed after their first process as it changes', async () => {
      const [tpl] = ok(await t.esb('batch_create_proc_template', { bk_biz_id: biz, service_template_id: st, processes: [{ spec: spec('aaa-first', { bind_info: { value: [{ ip: { value: '1', as_default_value: true }, port: { value: '9000', as_default_value: true }, row_id: 3 }], as_default_value: true } }) }] })) as number[];
      const got = ok(await t.esb('get_proc_template', { process_template_id: tpl }));
      expect(got.property.bind_info.value).toEqual([
        { enable: { value: false, as_default_value: false }, ip: { value: '1', as_default_value: true }, port: { value: '9000', as_default_value: true }, protocol: { value: '1', as_default_value: false }, row_id: 3 },
      ]);
      // the new template's process is now some instances' first: their names follow it
      const names = (await instancesOf({ bk_module_id: templated })).info.map((r) => r.name);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(name).toMatch(/^10\.30\.0\.4_(api|aaa-first)_\d+$/);
      ok(await t.esb('delete_proc_template', { bk_biz_id: biz, process_templates: [tpl] }));
    });

    it('a required process attribute is required in every template; a deleted one leaves the templates too', async () => {
      const must = ok(await t.esb('create_object_attribute', { bk_obj_id: 'process', bk_property_id: 'tier', bk_property_name: 'tier', bk_property_type: 'singlechar', isrequired: true }));
      const missing = await expectRefused(t, () => t.esb('batch_create_proc_template', { bk_biz_id: biz, service_template_id: st, processes: [{ spec: spec('needs-tier') }] }), REQUIRED);
      expect(missing.message).toContain('processes[0].spec.tier');
      const [tpl] = ok(await t.esb('batch_create_proc_template', { bk_biz_id: biz, service_template_id: st, processes: [{ spec: spec('has-tier', { tier: { value: 'gold', as_default_value: true } }) }] })) as number[];
      ok(await t.esb('delete_object_attribute', { id: must.id }));
      expect(ok(await t.esb('get_proc_template', { process_template_id: tpl })).property.tier).toBeUndefined();
      // a later attribute of the same id starts empty, in templates as in processes
      ok(await t.esb('create_object_attribute', { bk_obj_id: 'process', bk_property_id: 'tier', bk_property_name: 'tier', bk_property_type: 'int' }));
      ok(await move([hosts[2]!], [templated]));
      ok(await t.esb('delete_proc_template', { bk_biz_id: biz, process_templates: [tpl] }));
    });

    it("a template's process is not deleted by hand: the refusal names the process template", async () => {
      const [instance] = (await instancesOf({ bk_module_id: templated })).info;
      const [held] = await processesOf(instance!.id);
      const r = await expectRefused(t, () => t.esb('delete_process_instance', { bk_biz_id: biz, process_instance_ids: [held!.bk_process_id] }), TEMPLATE_FORBIDDEN);
      expect(r.message).toContain(`process template ${held!.process_template_id}`);
    });

    it('delete_proc_template takes the processes made from it along; delete_service_template its process templates', async () => {
      const templates = ok(await t.esb('list_proc_template', { bk_biz_id: biz, service_template_id: st })).info as Row[];
      const worker = templates.find((x) => x.bk_process_name === 'worker')!;
      ok(await t.esb('delete_proc_template', { bk_biz_id: biz, process_templates: [worker.id] }));
      for (const instance of (await instancesOf({ bk_module_id: templated })).info) {
        expect((await processesOf(instance.id)).map((p) => p.bk_process_name)).toEqual(['api']);
      }
      await expectRefused(t, () => t.esb('get_proc_template', { process_template_id: worker.id }), NOT_FOUND);
      // a service template no module is made from goes with its process templates
      const spare = ok(await t.esb('create_service_template', { bk_biz_id: biz, name: 'pt-spare', service_category_id: ok(await t.esb('get_service_template', { service_template_id: st })).service_category_id })).id;
      const [spareTpl] = ok(await t.esb('batch_create_proc_template', { bk_biz_id: biz, service_template_id: spare, processes: [{ spec: spec('solo') }] })) as number[];
      ok(await t.esb('delete_service_template', { bk_biz_id: biz, service_template_id: spare }));
      await expectRefused(t, () => t.esb('get_proc_template', { process_template_id: spareTpl }), NOT_FOUND);
      expect((await audits('process_template', 'delete')).map((a) => a.resource_id)).toEqual(expect.arrayContaining([worker.id, spareTpl]));
    });
  });

  describe('labels and the set-template list', () => {
    it('labels go on and off instances, are answered by the lists, and select them', async () => {
      const { info } = await instancesOf({ bk_module_id: web });
      const [a, b] = info.map((r) => r.id);
      ok(await t.esb('add_label_for_service_instance', { bk_biz_id: biz, instance_ids: [a, b], labels: { env: 'prod', tier: 'web' } }));
      ok(await t.esb('add_label_for_service_instance', { bk_biz_id: biz, instance_ids: [b], labels: { env: 'test' } }));
      const labelled = await instancesOf({ bk_module_id: web });
      expect(labelled.info.find((r) => r.id === a)!.labels).toEqual({ env: 'prod', tier: 'web' });
      expect(labelled.info.find((r) => r.id === b)!.labels).toEqual({ env: 'test', tier: 'web' });
      const pick = async (selectors: Row[]) => (await instancesOf({ bk_module_id: web, selectors })).info.map((r) => r.id);
      expect(await pick([{ key: 'env', operator: '=', values: ['prod'] }])).toEqual([a]);
      expect(await pick([{ key: 'env', operator: '!=', values: ['prod'] }])).toEqual([b]);
      expect(await pick([{ key: 'env', operator: 'in', values: ['prod', 'test'] }])).toEqual([a, b]);
      expect(await pick([{ key: 'env', operator: 'notin', values: ['test'] }])).toEqual([a]);
      expect(await pick([{ key: 'tier', operator: 'exists' }, { key: 'env', operator: '=', values: ['test'] }])).toEqual([b]);
      expect(await pick([{ key: 'owner', operator: '!' }])).toEqual([a, b]);
      const detail = ok(await t.esb('list_service_instance_detail', { bk_biz_id: biz, selectors: [{ key: 'env', operator: '=', values: ['test'] }], page: { limit: 10 } }));
      expect(detail.info.map((r: Row) => [r.id, r.labels.env])).toEqual([[b, 'test']]);
      // a key no instance has (even one every object inherits) changes nothing and records nothing
      const before = await auditCount(t);
      ok(await t.esb('remove_label_from_service_instance', { bk_biz_id: biz, instance_ids: [a, b], keys: ['toString', 'constructor'] }));
      expect(await auditCount(t)).toBe(before);
      ok(await t.esb('remove_label_from_service_instance', { bk_biz_id: biz, instance_ids: [a, b], keys: ['env', 'owner'] }));
      expect((await instancesOf({ bk_module_id: web })).info.filter((r) => r.id === a || r.id === b).map((r) => r.labels)).toEqual([{ tier: 'web' }, { tier: 'web' }]);
      const changes = (await audits('service_instance', 'update')).filter((x) => x.resource_id === a);
      expect(changes.length).toBeGreaterThanOrEqual(2);
    });

    it('refuses bad labels, keys and selectors, naming them, and instances of another business', async () => {
      const [a] = (await instancesOf({ bk_module_id: web })).info.map((r) => r.id);
      const bad = async (body: Row, code: number, name: string) => expect((await expectRefused(t, () => t.esb('add_label_for_service_instance', { bk_biz_id: biz, instance_ids: [a], ...body }), code)).message).toContain(name);
      await bad({ labels: { '9lives': 'x' } }, INVALID, 'labels.9lives');
      await bad({ labels: { env: 'no spaces' } }, INVALID, 'labels.env');
      await bad({ labels: { env: 5 } }, 1199007, 'labels.env');
      await bad({ labels: { ['k'.repeat(64)]: 'x' } }, INVALID, 'labels.');
      await bad({ labels: {} }, INVALID, 'labels');
      await bad({ instance_ids: [a, 999999], labels: { env: 'x' } }, NOT_FOUND, 'instance_ids');
      await expectRefused(t, () => t.esb('remove_label_from_service_instance', { bk_biz_id: biz, instance_ids: [a], keys: ['-x'] }), INVALID);
      for (const selector of [{ key: 'env', operator: '=', values: ['a', 'b'] }, { key: 'env', operator: 'exists', values: ['a'] }, { key: 'env', operator: 'in', values: [] }, { key: '', operator: '=' }]) {
        await expectRefused(t, () => t.esb('list_service_instance', { bk_biz_id: biz, selectors: [selector] }), INVALID);
      }
    });

    it('list_service_instance_by_set_template answers the instances in modules of sets made from the set template', async () => {
      const root = ok(await t.esb('create_service_category', { bk_biz_id: biz, name: 'st-root' }));
      const leaf = ok(await t.esb('create_service_category', { bk_biz_id: biz, name: 'st-leaf', bk_parent_id: root.id }));
      const st = ok(await t.esb('create_service_template', { bk_biz_id: biz, name: 'st-svc', service_category_id: leaf.id })).id;
      const setTemplate = ok(await t.esb('create_set_template', { bk_biz_id: biz, name: 'st-set', service_template_ids: [st] })).id;
      const made = ok(await t.esb('create_set', { bk_biz_id: biz, data: { bk_parent_id: biz, bk_set_name: 'from-template', set_template_id: setTemplate } })).bk_set_id;
      const [mod] = (ok(await t.esb('search_module', { bk_biz_id: biz, bk_set_id: made })).info as Row[]).map((m) => m.bk_module_id);
      ok(await move([hosts[0]!], [web, mod]));
      const r = ok(await t.esb('list_service_instance_by_set_template', { bk_biz_id: biz, set_template_id: setTemplate, page: { start: 0, limit: 10 } }));
      expect(r.info.map((i: Row) => [i.bk_module_id, i.bk_host_id, i.service_template_id])).toEqual([[mod, hosts[0], st]]);
      expect(ok(await t.esb('list_service_instance_by_set_template', { bk_biz_id: biz, set_template_id: 999999 })).count).toBe(0);
    });
  });
});
