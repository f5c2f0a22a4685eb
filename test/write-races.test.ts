import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { ADMIN_TOKEN, makeBusiness, startTopograph, type EsbAnswer, type TestTopograph } from './support/server.js';
import { ok } from './support/fixtures.js';
import { regionBody } from './support/region-fixtures.js';

/**
 * Changes and deletions of one record sent at the same moment. On PostgreSQL they run side by side: the
 * record is locked when it is read to be changed, so the second request decides on what the first committed
 * (a deleted record is not found; a changed one is changed again, not overwritten with what it was before),
 * and each change leaves exactly one audit record. On SQLite writes take turns; the same rules must hold.
 */
const NOT_FOUND = 1199019;

interface AuditRecord {
  id: number;
  action: string;
  operation_detail: { details: { pre_data: Record<string, unknown>; cur_data: Record<string, unknown> } };
}
const N = 8;

describe(`one record changed or deleted by simultaneous requests (${TEST_DB})`, () => {
  let t: TestTopograph;
  let bizId: number;
  beforeAll(async () => {
    t = await startTopograph();
    bizId = await makeBusiness(t, 'races');
  });
  afterAll(() => t?.stop());

  const audits = async (condition: Record<string, unknown>) => {
    const data = ok(await t.esb('list_operation_audit', { condition, page: { limit: 200, sort: 'id' } }));
    return data.info as AuditRecord[];
  };

  /** Exactly one answer succeeded; every other one was told the record is gone. */
  const oneWins = (answers: EsbAnswer[]) => {
    expect(answers.filter((a) => a.result)).toHaveLength(1);
    expect(answers.filter((a) => !a.result).map((a) => a.code)).toEqual(Array(answers.length - 1).fill(NOT_FOUND));
  };

  const createSet = async (name: string) =>
    ok(await t.esb('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: name } })).bk_set_id as number;

  it('a custom attribute deleted by many at once: one deletes it, the others are told it does not exist, one audit record', async () => {
    const attr = ok(await t.esb('create_object_attribute', { bk_obj_id: 'set', bk_property_id: 'race_attr', bk_property_name: 'race', bk_property_type: 'singlechar' }));
    oneWins(await Promise.all(Array.from({ length: N }, () => t.esb('delete_object_attribute', { id: attr.id }))));
    const deleted = (await audits({ resource_type: 'model_attribute', resource_id: attr.id })).filter((a) => a.action === 'delete');
    expect(deleted).toHaveLength(1);
  });

  it('a custom attribute changed by two at once keeps both changes', async () => {
    for (let i = 0; i < 5; i++) {
      const attr = ok(await t.esb('create_object_attribute', { bk_obj_id: 'module', bk_property_id: `race_upd_${i}`, bk_property_name: 'before', bk_property_type: 'singlechar' }));
      const answers = await Promise.all([
        t.esb('update_object_attribute', { id: attr.id, bk_property_name: `name ${i}` }),
        t.esb('update_object_attribute', { id: attr.id, description: `description ${i}` }),
      ]);
      expect(answers.map((a) => a.result)).toEqual([true, true]);
      const [now] = ok(await t.esb('search_object_attribute', { bk_obj_id: 'module', bk_property_id: `race_upd_${i}` }));
      expect([now.bk_property_name, now.description]).toEqual([`name ${i}`, `description ${i}`]);
    }
  });

  it('a set deleted by many at once: one deletes it, one audit record and one event', async () => {
    const setId = await createSet('race-delete');
    oneWins(await Promise.all(Array.from({ length: N }, () => t.esb('delete_set', { bk_biz_id: bizId, bk_set_id: setId }))));
    const deleted = (await audits({ resource_type: 'set', resource_id: setId })).filter((a) => a.action === 'delete');
    expect(deleted).toHaveLength(1);
    const events = ok(await t.esb('resource_watch', { bk_resource: 'set', bk_event_types: ['delete'], bk_start_from: 0 }));
    expect((events.bk_events as Array<{ bk_detail: { bk_set_id: number } }>).filter((e) => e.bk_detail?.bk_set_id === setId)).toHaveLength(1);
  });

  it('a module deleted by many at once: one deletes it', async () => {
    const setId = await createSet('race-module-parent');
    const mod = ok(await t.esb('create_module', { bk_biz_id: bizId, bk_set_id: setId, data: { bk_parent_id: setId, bk_module_name: 'race-module' } }));
    oneWins(await Promise.all(Array.from({ length: N }, () => t.esb('delete_module', { bk_biz_id: bizId, bk_set_id: setId, bk_module_id: mod.bk_module_id }))));
    expect((await audits({ resource_type: 'module', resource_id: mod.bk_module_id })).filter((a) => a.action === 'delete')).toHaveLength(1);
  });

  it('a set changed while it is deleted: the change succeeds before the delete or is told the set is gone', async () => {
    for (let i = 0; i < 5; i++) {
      const setId = await createSet(`race-update-delete-${i}`);
      const [updated, deleted] = await Promise.all([
        t.esb('update_set', { bk_biz_id: bizId, bk_set_id: setId, data: { bk_set_desc: 'changed' } }),
        t.esb('delete_set', { bk_biz_id: bizId, bk_set_id: setId }),
      ]);
      expect(deleted.result).toBe(true);
      const trail = (await audits({ resource_type: 'set', resource_id: setId })).map((a) => a.action);
      if (updated.result) expect(trail).toEqual(['create', 'update', 'delete']);
      else {
        expect(updated.code).toBe(NOT_FOUND);
        expect(trail).toEqual(['create', 'delete']);
      }
    }
  });

  it("two changes of one business set at once: the second one's audit starts from the first one's result", async () => {
    const created = ok(await t.esb('create_business_set', { bk_biz_set_attr: { bk_biz_set_name: 'race-set' }, bk_scope: { match_all: true } }));
    const id = created as number;
    for (let i = 0; i < 5; i++) {
      const answers = await Promise.all([
        t.esb('batch_update_business_set', { bk_biz_set_ids: [id], data: { bk_biz_set_attr: { bk_biz_set_desc: `desc ${i}` } } }),
        t.esb('batch_update_business_set', { bk_biz_set_ids: [id], data: { bk_biz_set_attr: { bk_biz_maintainer: `user${i}` } } }),
      ]);
      expect(answers.map((a) => a.result)).toEqual([true, true]);
    }
    const ids = (await audits({ resource_type: 'biz_set', resource_id: id })).filter((a) => a.action === 'update').map((a) => a.id);
    expect(ids).toHaveLength(10);
    // find_audit_by_id has the details list_operation_audit leaves out
    const updates = (ok(await t.esb('find_audit_by_id', { id: ids })) as AuditRecord[]).sort((a, b) => a.id - b.id);
    for (let k = 1; k < updates.length; k++) {
      const [prev, next] = [updates[k - 1]!.operation_detail.details, updates[k]!.operation_detail.details];
      expect([next.pre_data.bk_biz_set_desc, next.pre_data.bk_biz_maintainer]).toEqual([prev.cur_data.bk_biz_set_desc, prev.cur_data.bk_biz_maintainer]);
    }
  });

  it('a service category, a service template and a set template, each deleted by many at once: one deletes it, one audit record', async () => {
    const category = ok(await t.esb('create_service_category', { bk_biz_id: bizId, name: 'race-root' }));
    const child = ok(await t.esb('create_service_category', { bk_biz_id: bizId, name: 'race-child', bk_parent_id: category.id }));
    const template = ok(await t.esb('create_service_template', { bk_biz_id: bizId, name: 'race-st', service_category_id: child.id }));
    const setTemplate = ok(await t.esb('create_set_template', { bk_biz_id: bizId, name: 'race-sett', service_template_ids: [template.id] }));
    const cases: Array<[string, Record<string, unknown>, string, number]> = [
      ['delete_set_template', { set_template_ids: [setTemplate.id] }, 'set_template', setTemplate.id],
      ['delete_service_template', { service_template_id: template.id }, 'service_template', template.id],
      ['delete_service_category', { id: child.id }, 'service_category', child.id],
    ];
    for (const [call, params, resourceType, id] of cases) {
      oneWins(await Promise.all(Array.from({ length: N }, () => t.esb(call, { bk_biz_id: bizId, ...params }))));
      expect((await audits({ resource_type: resourceType, resource_id: id })).filter((a) => a.action === 'delete'), call).toHaveLength(1);
    }
  });

  it('a service template renamed by two at once: the second audit starts from the first one\'s name', async () => {
    const category = ok(await t.esb('create_service_category', { bk_biz_id: bizId, name: 'race-rename-root' }));
    const child = ok(await t.esb('create_service_category', { bk_biz_id: bizId, name: 'race-rename-child', bk_parent_id: category.id }));
    const template = ok(await t.esb('create_service_template', { bk_biz_id: bizId, name: 'race-rename', service_category_id: child.id }));
    const answers = await Promise.all(['first', 'second'].map((name) => t.esb('update_service_template', { bk_biz_id: bizId, id: template.id, name })));
    expect(answers.map((a) => a.result)).toEqual([true, true]);
    const ids = (await audits({ resource_type: 'service_template', resource_id: template.id })).filter((a) => a.action === 'update').map((a) => a.id);
    const [one, two] = (ok(await t.esb('find_audit_by_id', { id: ids })) as AuditRecord[]).sort((a, b) => a.id - b.id);
    expect(one!.operation_detail.details.pre_data.name).toBe('race-rename');
    expect(two!.operation_detail.details.pre_data.name).toBe(one!.operation_detail.details.cur_data.name);
  });

  it('a data center deleted by many at once (Rainbond face): one answers 200, the others 404', async () => {
    const headers = { authorization: ADMIN_TOKEN };
    const made = await t.app.inject({ method: 'POST', url: '/openapi/v1/regions', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(regionBody('race-dc')) });
    expect(made.statusCode, made.body).toBe(201);
    const answers = await Promise.all(Array.from({ length: N }, () => t.app.inject({ method: 'DELETE', url: '/openapi/v1/regions/race-dc', headers })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, ...Array(N - 1).fill(404)]);
  });

  describe('service instances and the transfers that take their hosts away', () => {
    let setId: number;
    let m1: number;
    let m2: number;
    let host: number;
    const ROUNDS = 6;
    const proc = (name: string) => ({ process_info: { bk_process_name: name, bk_func_name: name } });
    const instancesOn = async (moduleId: number) => ok(await t.esb('list_service_instance', { bk_biz_id: bizId, bk_module_id: moduleId, bk_host_ids: [host] })).count as number;
    const into = async (moduleId: number) => ok(await t.esb('transfer_host_module', { bk_biz_id: bizId, bk_host_id: [host], bk_module_id: [moduleId], is_increment: false }));
    /** the host in m1 with one service instance there holding two processes: answers the instance and its processes */
    const placed = async () => {
      await into(m1);
      const [si] = ok(await t.esb('create_service_instance', { bk_biz_id: bizId, bk_module_id: m1, instances: [{ bk_host_id: host, processes: [proc('a'), proc('b')] }] })) as number[];
      const procs = (ok(await t.esb('list_process_instance', { bk_biz_id: bizId, service_instance_id: si })) as Array<{ property: { bk_process_id: number } }>).map((p) => p.property.bk_process_id);
      return { si: si!, procs };
    };

    beforeAll(async () => {
      setId = await createSet('race-si');
      m1 = ok(await t.esb('create_module', { bk_biz_id: bizId, bk_set_id: setId, data: { bk_parent_id: setId, bk_module_name: 'm1' } })).bk_module_id;
      m2 = ok(await t.esb('create_module', { bk_biz_id: bizId, bk_set_id: setId, data: { bk_parent_id: setId, bk_module_name: 'm2' } })).bk_module_id;
      [host] = ok(await t.esb('add_host_to_business_idle', { bk_biz_id: bizId, bk_host_list: [{ bk_host_innerip: '10.77.0.1', bk_cloud_id: 0 }] })).bk_host_ids;
    });

    it('a service instance created while its host is moved out of the module: the move wins, and no instance is left behind', async () => {
      for (let i = 0; i < ROUNDS; i++) {
        await into(m1);
        const [created, moved] = await Promise.all([
          t.esb('create_service_instance', { bk_biz_id: bizId, bk_module_id: m1, instances: [{ bk_host_id: host }] }),
          t.esb('transfer_host_module', { bk_biz_id: bizId, bk_host_id: [host], bk_module_id: [m2], is_increment: false }),
        ]);
        expect(moved.result, moved.message).toBe(true);
        if (!created.result) {
          expect(created.code).toBe(1199011);
          expect(created.message).toContain('instances[0].bk_host_id');
        }
        expect(await instancesOn(m1)).toBe(0);
      }
    });

    it('a transfer meeting writes on the instances it takes away succeeds, and takes what they left', async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const writes = [
          (x: { si: number; procs: number[] }) => t.esb('create_process_instance', { bk_biz_id: bizId, service_instance_id: x.si, processes: [proc('c')] }),
          (x: { si: number; procs: number[] }) => t.esb('delete_service_instance', { bk_biz_id: bizId, service_instance_ids: [x.si] }),
          (x: { si: number; procs: number[] }) => t.esb('delete_process_instance', { bk_biz_id: bizId, process_instance_ids: [x.procs[0]] }),
        ];
        for (const write of writes) {
          const x = await placed();
          const [other, moved] = await Promise.all([write(x), t.esb('transfer_host_to_idlemodule', { bk_biz_id: bizId, bk_host_id: [host] })]);
          expect(moved.result, moved.message).toBe(true);
          if (!other.result) expect(other.code).toBe(NOT_FOUND);
          expect(await instancesOn(m1)).toBe(0);
          expect(ok(await t.esb('list_process_detail_by_ids', { bk_biz_id: bizId, bk_process_ids: x.procs }))).toEqual([]);
        }
      }
    });

    it('a service instance deleted while one of its processes is: the instance still goes', async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const x = await placed();
        const [instance, process] = await Promise.all([
          t.esb('delete_service_instance', { bk_biz_id: bizId, service_instance_ids: [x.si] }),
          t.esb('delete_process_instance', { bk_biz_id: bizId, process_instance_ids: [x.procs[0]] }),
        ]);
        expect(instance.result, instance.message).toBe(true);
        if (!process.result) expect(process.code).toBe(NOT_FOUND);
        expect(await instancesOn(m1)).toBe(0);
      }
    });
  });

  describe('process templates and the service instances that follow them', () => {
    const ROUNDS = 4;
    const HOSTS = 30;
    let round = 0;
    const cell = (value: unknown, held = true) => ({ value, as_default_value: held });
    const spec = (name: string, startCmd: string) => ({ bk_process_name: cell(name), bk_func_name: cell(name), start_cmd: cell(startCmd), user: cell('www', false) });
    type Proc = { bk_process_id: number; process_template_id: number; start_cmd: string; user: string; bk_process_name: string };

    /** a fresh service template, a module made from it in a new set, and HOSTS hosts in the business's idle module */
    async function scene() {
      round++;
      const root = ok(await t.esb('create_service_category', { bk_biz_id: bizId, name: `ptr-root-${round}` }));
      const leaf = ok(await t.esb('create_service_category', { bk_biz_id: bizId, name: `ptr-leaf-${round}`, bk_parent_id: root.id }));
      const st = ok(await t.esb('create_service_template', { bk_biz_id: bizId, name: `ptr-${round}`, service_category_id: leaf.id })).id as number;
      const set = await createSet(`ptr-set-${round}`);
      const mod = ok(await t.esb('create_module', { bk_biz_id: bizId, bk_set_id: set, data: { bk_parent_id: set, bk_module_name: `ptr-${round}`, service_template_id: st } })).bk_module_id as number;
      const hosts = ok(await t.esb('add_host_to_business_idle', { bk_biz_id: bizId, bk_host_list: Array.from({ length: HOSTS }, (_, i) => ({ bk_host_innerip: `10.88.${round}.${i + 1}`, bk_cloud_id: 0 })) })).bk_host_ids as number[];
      return { st, mod, hosts };
    }
    const moveIn = (mod: number, hosts: number[]) => t.esb('transfer_host_module', { bk_biz_id: bizId, bk_host_id: hosts, bk_module_id: [mod], is_increment: false });
    const moveOut = (hosts: number[]) => t.esb('transfer_host_to_idlemodule', { bk_biz_id: bizId, bk_host_id: hosts });
    /** every process of the module's instances, per instance */
    const processesIn = async (mod: number) => {
      const r = ok(await t.esb('list_service_instance_detail', { bk_biz_id: bizId, bk_module_id: mod, page: { limit: 1000 } }));
      return (r.info as Array<{ process_instances: Array<{ process: Proc }> }>).map((i) => i.process_instances.map((p) => p.process));
    };
    const templatesOf = async (st: number) => ok(await t.esb('list_proc_template', { bk_biz_id: bizId, service_template_id: st })).info as Array<{ id: number; property: Record<string, { value: unknown }> }>;

    it('a held field changed while hosts arrive reaches every process, the new ones too', async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const { st, mod, hosts } = await scene();
        const [tpl] = ok(await t.esb('batch_create_proc_template', { bk_biz_id: bizId, service_template_id: st, processes: [{ spec: spec('app', 'v0') }] })) as number[];
        const [changed, moved] = await Promise.all([
          t.esb('update_proc_template', { bk_biz_id: bizId, process_template_id: tpl, process_property: { start_cmd: cell('v1') } }),
          moveIn(mod, hosts),
        ]);
        expect([changed.result, moved.result], `${changed.message} / ${moved.message}`).toEqual([true, true]);
        const procs = (await processesIn(mod)).flat();
        expect(procs).toHaveLength(HOSTS);
        expect(new Set(procs.map((p) => p.start_cmd))).toEqual(new Set(['v1']));
      }
    });

    it('a template created while hosts arrive gives every instance its process', async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const { st, mod, hosts } = await scene();
        const [created, moved] = await Promise.all([t.esb('batch_create_proc_template', { bk_biz_id: bizId, service_template_id: st, processes: [{ spec: spec('app', 'v0') }] }), moveIn(mod, hosts)]);
        expect([created.result, moved.result]).toEqual([true, true]);
        const perInstance = await processesIn(mod);
        expect(perInstance).toHaveLength(HOSTS);
        expect(perInstance.every((list) => list.length === 1 && list[0]!.process_template_id === created.data[0])).toBe(true);
      }
    });

    it('a template deleted while hosts arrive leaves no process made from it', async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const { st, mod, hosts } = await scene();
        const [tpl] = ok(await t.esb('batch_create_proc_template', { bk_biz_id: bizId, service_template_id: st, processes: [{ spec: spec('app', 'v0') }] })) as number[];
        const [deleted, moved] = await Promise.all([t.esb('delete_proc_template', { bk_biz_id: bizId, process_templates: [tpl] }), moveIn(mod, hosts)]);
        expect([deleted.result, moved.result]).toEqual([true, true]);
        expect((await processesIn(mod)).flat()).toEqual([]);
      }
    });

    it('a field held while a process changes it: the process ends with the held value, or its change is refused', async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const { st, mod, hosts } = await scene();
        const [tpl] = ok(await t.esb('batch_create_proc_template', { bk_biz_id: bizId, service_template_id: st, processes: [{ spec: spec('app', 'v0') }] })) as number[];
        ok(await moveIn(mod, hosts.slice(0, 1)));
        const [proc] = (await processesIn(mod)).flat();
        const [held, own] = await Promise.all([
          t.esb('update_proc_template', { bk_biz_id: bizId, process_template_id: tpl, process_property: { user: cell('www', true) } }),
          t.esb('update_process_instance', { bk_biz_id: bizId, processes: [{ bk_process_id: proc!.bk_process_id, user: 'root' }] }),
        ]);
        expect(held.result).toBe(true);
        if (!own.result) expect(own.code).toBe(1101097);
        expect((await processesIn(mod)).flat().map((p) => p.user)).toEqual(['www']);
      }
    });

    it('template writes while hosts leave succeed, and take nothing that left', async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const { st, mod, hosts } = await scene();
        const [tpl] = ok(await t.esb('batch_create_proc_template', { bk_biz_id: bizId, service_template_id: st, processes: [{ spec: spec('app', 'v0') }] })) as number[];
        ok(await moveIn(mod, hosts));
        const answers = await Promise.all([
          t.esb('update_proc_template', { bk_biz_id: bizId, process_template_id: tpl, process_property: { start_cmd: cell('v1') } }),
          t.esb('batch_create_proc_template', { bk_biz_id: bizId, service_template_id: st, processes: [{ spec: spec('extra', 'x') }] }),
          moveOut(hosts),
        ]);
        expect(answers.map((a) => a.result), answers.map((a) => a.message).join(' / ')).toEqual([true, true, true]);
        expect(await processesIn(mod)).toEqual([]);
        expect((await templatesOf(st)).map((x) => x.property.start_cmd!.value)).toEqual(['v1', 'x']);
      }
    });
  });
});
