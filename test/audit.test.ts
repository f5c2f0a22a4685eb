import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, makeBusiness, makeSet, startTopograph, type EsbAnswer, type TestTopograph } from './support/server.js';

/**
 * The operation audit (bk-cmdb-detail.md §7): every topology write leaves its records, in the same
 * transaction, carrying the caller, the app and the request id; a refused write leaves none.
 * list_operation_audit, search_inst_audit and find_audit_by_id read them.
 */

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let seq = 0;
const rid = (label: string) => `${label}-${++seq}`;

/** A call with its own X-Request-Id; answers the envelope. */
async function call(t: TestTopograph, name: string, body: Record<string, unknown>, requestId: string, user?: string): Promise<EsbAnswer> {
  const payload = user ? { bk_username: user, ...body } : body;
  return t.esb(name, payload, { headers: { 'x-request-id': requestId } });
}

/** Every audit record (newest first), up to 200 at a time. */
async function allRecords(t: TestTopograph, condition: Record<string, unknown> = {}): Promise<Rec[]> {
  const r = await t.esb('list_operation_audit', { condition, page: { limit: 200 } });
  expect(r.result).toBe(true);
  return r.data.info as Rec[];
}

async function auditCount(t: TestTopograph, condition: Record<string, unknown> = {}): Promise<number> {
  const r = await t.esb('list_operation_audit', { condition, page: { limit: 1 } });
  expect(r.result).toBe(true);
  return r.data.count as number;
}

/** The records a request left, newest first. */
async function recordsOf(t: TestTopograph, requestId: string): Promise<Rec[]> {
  return (await allRecords(t)).filter((a) => a.rid === requestId);
}

async function detail(t: TestTopograph, id: number): Promise<Rec> {
  const r = await t.esb('find_audit_by_id', { id: [id] });
  expect(r.result).toBe(true);
  expect(r.data).toHaveLength(1);
  return r.data[0] as Rec;
}

/** A write that succeeds and leaves records; answers them (newest first). */
async function audited(t: TestTopograph, name: string, body: Record<string, unknown>, user?: string): Promise<{ answer: EsbAnswer; records: Rec[] }> {
  const id = rid(name);
  const answer = await call(t, name, body, id, user);
  expect(answer.message).toBe('success');
  expect(answer.request_id).toBe(id);
  const records = await recordsOf(t, id);
  expect(records.length).toBeGreaterThan(0);
  for (const r of records) {
    expect(r.rid).toBe(id);
    expect(r.code).toBe(APP.bk_app_code);
    expect(r.user).toBe(user ?? 'admin');
  }
  return { answer, records };
}

/** Shanghai wall-clock time, as list_operation_audit reads it. */
const wallClock = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

describe('audit records of topology writes', () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t.stop());

  it('create_business: the business and its idle pool, one request id, the app code', async () => {
    const { answer, records } = await audited(t, 'create_business', { data: { bk_biz_name: 'audited', bk_biz_maintainer: 'admin' } });
    const biz = answer.data.bk_biz_id as number;
    expect(records.map((r) => `${r.resource_type}:${r.action}`).sort()).toEqual(
      ['business:create', 'module:create', 'module:create', 'module:create', 'set:create'].sort(),
    );
    for (const r of records) {
      expect(r.bk_biz_id).toBe(biz);
      expect(r.operate_from).toBe('user');
      expect(r.bk_supplier_account).toBe('0');
      expect(r.operation_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(r.operation_detail).toBeNull(); // lists leave it out
    }
    const bizRec = records.find((r) => r.resource_type === 'business')!;
    expect(bizRec).toMatchObject({ audit_type: 'business', resource_id: biz, resource_name: 'audited' });
    const full = await detail(t, bizRec.id);
    expect(full.operation_detail).toMatchObject({
      bk_obj_id: 'biz',
      details: { pre_data: null, cur_data: { bk_biz_id: biz, bk_biz_name: 'audited' }, update_fields: null },
    });
  });

  it('the record carries the X-Request-Id of the call (abc123) and the app code', async () => {
    const biz = await makeBusiness(t, 'ridbiz');
    const r = await t.esb('create_set', { bk_biz_id: biz, data: { bk_parent_id: biz, bk_set_name: 'ridset' } }, { headers: { 'x-request-id': 'abc123' } });
    expect(r.result).toBe(true);
    expect(r.request_id).toBe('abc123');
    const recs = await recordsOf(t, 'abc123');
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({
      rid: 'abc123',
      code: 'esb_test',
      user: 'admin',
      audit_type: 'business_resource',
      resource_type: 'set',
      action: 'create',
      bk_biz_id: biz,
      resource_id: r.data.bk_set_id,
      resource_name: 'ridset',
    });
  });

  it('without a usable X-Request-Id the record carries the id the envelope answers', async () => {
    const biz = await makeBusiness(t, 'ridless');
    const plain = await t.esb('create_set', { bk_biz_id: biz, data: { bk_parent_id: biz, bk_set_name: 'noheader' } });
    expect(plain.request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(await recordsOf(t, plain.request_id)).toMatchObject([{ resource_type: 'set', resource_name: 'noheader' }]);
    const bad = await t.esb('create_set', { bk_biz_id: biz, data: { bk_parent_id: biz, bk_set_name: 'badheader' } }, { headers: { 'x-request-id': 'not a valid id!' } });
    expect(bad.request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(await recordsOf(t, bad.request_id)).toMatchObject([{ resource_type: 'set', resource_name: 'badheader' }]);
  });

  it('update_set: pre_data, cur_data and update_fields', async () => {
    const biz = await makeBusiness(t, 'updaudit');
    const set = await makeSet(t, biz, 'before');
    const { records } = await audited(t, 'update_set', { bk_biz_id: biz, bk_set_id: set, data: { bk_set_name: 'after', bk_capacity: 5 } });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ resource_type: 'set', action: 'update', resource_id: set, resource_name: 'after', bk_biz_id: biz });
    const full = await detail(t, records[0]!.id);
    expect(full.operation_detail.bk_obj_id).toBe('set');
    expect(full.operation_detail.details.pre_data).toMatchObject({ bk_set_id: set, bk_set_name: 'before', bk_capacity: null });
    expect(full.operation_detail.details.cur_data).toMatchObject({ bk_set_id: set, bk_set_name: 'after', bk_capacity: 5 });
    expect([...full.operation_detail.details.update_fields].sort()).toEqual(['bk_capacity', 'bk_set_name']);
    expect(full).toMatchObject({ rid: records[0]!.rid, code: 'esb_test', user: 'admin' });
  });

  it('delete_set and batch_delete_set: a delete record for the set and each module', async () => {
    const biz = await makeBusiness(t, 'delaudit');
    const set = await makeSet(t, biz, 'goner');
    const m = await t.esb('create_module', { bk_biz_id: biz, bk_set_id: set, data: { bk_parent_id: set, bk_module_name: 'gm' } });
    const { records } = await audited(t, 'delete_set', { bk_biz_id: biz, bk_set_id: set });
    expect(records.map((r) => `${r.resource_type}:${r.resource_id}:${r.action}`).sort()).toEqual(
      [`module:${m.data.bk_module_id}:delete`, `set:${set}:delete`].sort(),
    );
    const setRec = records.find((r) => r.resource_type === 'set')!;
    const full = await detail(t, setRec.id);
    expect(full.operation_detail.details).toMatchObject({ pre_data: { bk_set_id: set, bk_set_name: 'goner' }, cur_data: null });

    const a = await makeSet(t, biz, 'ba');
    const b = await makeSet(t, biz, 'bb');
    const batch = await audited(t, 'batch_delete_set', { bk_biz_id: biz, delete: { inst_ids: [a, b] } });
    expect(batch.records.filter((r) => r.resource_type === 'set').map((r) => r.resource_id).sort()).toEqual([a, b].sort());
    expect(batch.records.every((r) => r.action === 'delete')).toBe(true);
  });

  it('modules: create, update, delete', async () => {
    const biz = await makeBusiness(t, 'modaudit', 'admin,alice');
    const set = await makeSet(t, biz, 's');
    const created = await audited(t, 'create_module', { bk_biz_id: biz, bk_set_id: set, data: { bk_parent_id: set, bk_module_name: 'm1' } });
    const id = created.answer.data.bk_module_id as number;
    expect(created.records).toHaveLength(1);
    expect(created.records[0]).toMatchObject({ audit_type: 'business_resource', resource_type: 'module', action: 'create', resource_id: id, bk_biz_id: biz });
    const updated = await audited(t, 'update_module', { bk_biz_id: biz, bk_set_id: set, bk_module_id: id, data: { operator: 'op1' } }, 'alice');
    expect(updated.records).toMatchObject([{ resource_type: 'module', action: 'update', resource_id: id, user: 'alice' }]);
    const full = await detail(t, updated.records[0]!.id);
    expect(full.operation_detail.details).toMatchObject({ pre_data: { operator: null }, cur_data: { operator: 'op1' }, update_fields: ['operator'] });
    const deleted = await audited(t, 'delete_module', { bk_biz_id: biz, bk_set_id: set, bk_module_id: id });
    expect(deleted.records).toMatchObject([{ resource_type: 'module', action: 'delete', resource_id: id, resource_name: 'm1' }]);
  });

  it('cloud areas: create, update, delete (cloud_resource, bk_biz_id 0)', async () => {
    const created = await audited(t, 'create_cloud_area', { bk_cloud_name: 'audited-area' });
    const id = created.answer.data.created.id as number;
    expect(created.records).toMatchObject([
      { audit_type: 'cloud_resource', resource_type: 'cloud_area', action: 'create', resource_id: id, resource_name: 'audited-area', bk_biz_id: 0 },
    ]);
    const updated = await audited(t, 'update_cloud_area', { bk_cloud_id: id, bk_cloud_name: 'audited-area2' });
    expect(updated.records).toMatchObject([{ resource_type: 'cloud_area', action: 'update', resource_id: id, resource_name: 'audited-area2' }]);
    const full = await detail(t, updated.records[0]!.id);
    expect(full.operation_detail.bk_obj_id).toBe('plat');
    expect(full.operation_detail.details.pre_data).toMatchObject({ bk_cloud_name: 'audited-area' });
    expect(full.operation_detail.details.cur_data).toMatchObject({ bk_cloud_name: 'audited-area2', bk_last_editor: 'admin' });
    expect(full.operation_detail.details.update_fields).toContain('bk_cloud_name');
    const deleted = await audited(t, 'delete_cloud_area', { bk_cloud_id: id });
    expect(deleted.records).toMatchObject([{ resource_type: 'cloud_area', action: 'delete', resource_id: id }]);
  });

  it('businesses: update, archive, recover, delete', async () => {
    const biz = await makeBusiness(t, 'bizlife');
    const updated = await audited(t, 'update_business', { bk_biz_id: biz, data: { life_cycle: '1' } });
    expect(updated.records).toMatchObject([{ audit_type: 'business', resource_type: 'business', action: 'update', resource_id: biz, bk_biz_id: biz }]);
    const full = await detail(t, updated.records[0]!.id);
    expect(full.operation_detail.details).toMatchObject({ pre_data: { life_cycle: '2' }, cur_data: { life_cycle: '1' }, update_fields: ['life_cycle'] });

    const archived = await audited(t, 'update_business_enable_status', { bk_biz_id: biz, flag: 'disabled' });
    expect(archived.records.map((r) => r.action)).toContain('archive');
    const archiveRec = archived.records.find((r) => r.action === 'archive')!;
    expect(archiveRec).toMatchObject({ resource_type: 'business', resource_id: biz, resource_name: 'bizlife' });
    const archiveFull = await detail(t, archiveRec.id);
    expect(archiveFull.operation_detail.details).toMatchObject({ pre_data: { bk_data_status: null }, cur_data: { bk_data_status: 'disabled' } });

    const recovered = await audited(t, 'update_business_enable_status', { bk_biz_id: biz, flag: 'enable' });
    expect(recovered.records.map((r) => r.action)).toContain('recover');

    await t.esb('update_business_enable_status', { bk_biz_id: biz, flag: 'disabled' });
    const deleted = await audited(t, 'delete_business', { bk_biz_id: biz });
    const kinds = deleted.records.map((r) => `${r.resource_type}:${r.action}`);
    expect(kinds).toContain('business:delete');
    expect(kinds.filter((k) => k === 'set:delete')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'module:delete')).toHaveLength(3);
  });

  // bk-cmdb writes one record per archive or restore (action archive / recover); a second "update" record
  // for the same change shows up in list_operation_audit filtered by action "update" as a business edit
  // that nobody made.
  it('archive and restore each leave exactly one record', async () => {
    const biz = await makeBusiness(t, 'onerecord');
    const archived = await audited(t, 'update_business_enable_status', { bk_biz_id: biz, flag: 'disabled' });
    expect(archived.records.map((r) => r.action)).toEqual(['archive']);
    const recovered = await audited(t, 'update_business_enable_status', { bk_biz_id: biz, flag: 'enable' });
    expect(recovered.records.map((r) => r.action)).toEqual(['recover']);
  });

  it('a refused write leaves no record', async () => {
    const biz = await makeBusiness(t, 'refusals', 'admin');
    const set = await makeSet(t, biz, 'taken');
    const other = await makeSet(t, biz, 'other');
    const internal = await t.esb('get_biz_internal_module', { bk_biz_id: biz });
    const refusals: Array<[string, Record<string, unknown>, number, string?]> = [
      ['update_set', { bk_biz_id: biz, bk_set_id: other, data: { bk_set_name: 'taken' } }, 1101108],
      ['update_set', { bk_biz_id: biz, bk_set_id: other, data: { bk_set_desc: 'x' } }, 9900403, 'bob'],
      ['delete_set', { bk_biz_id: biz, bk_set_id: internal.data.bk_set_id }, 1101098],
      ['batch_delete_set', { bk_biz_id: biz, delete: { inst_ids: [set, internal.data.bk_set_id] } }, 1101098],
      ['update_module', { bk_biz_id: biz, bk_set_id: internal.data.bk_set_id, bk_module_id: internal.data.module[0].bk_module_id, data: { operator: 'x' } }, 1101098],
      ['update_business', { bk_biz_id: biz, data: { time_zone: 'UTC' } }, 1101047],
      ['update_business', { bk_biz_id: biz, data: { life_cycle: '1', nope: 1 } }, 1199060],
      ['delete_business', { bk_biz_id: biz }, 1101112],
      ['update_cloud_area', { bk_cloud_id: 0, bk_cloud_name: 'x' }, 1199076],
      ['delete_cloud_area', { bk_cloud_id: 0 }, 1110066],
      ['create_set', { bk_biz_id: biz, data: { bk_parent_id: biz, bk_set_name: 'taken' } }, 1101108],
    ];
    for (const [name, body, code, user] of refusals) {
      const before = await auditCount(t);
      const id = rid(`refused-${name}`);
      const r = await call(t, name, body, id, user);
      expect({ name, code: r.code }).toEqual({ name, code });
      expect(await auditCount(t)).toBe(before);
      expect(await recordsOf(t, id)).toEqual([]);
    }
  });
});

describe('list_operation_audit, search_inst_audit, find_audit_by_id', () => {
  let t: TestTopograph;
  let bizA: number;
  let bizB: number;
  let setA: number;
  let area: number;
  let started: number;
  beforeAll(async () => {
    t = await startTopograph();
    started = Date.now();
    bizA = await makeBusiness(t, 'filter-a', 'admin,alice');
    bizB = await makeBusiness(t, 'filter-b');
    setA = await makeSet(t, bizA, 'sa');
    await makeSet(t, bizB, 'sb');
    await t.as('alice')('update_set', { bk_biz_id: bizA, bk_set_id: setA, data: { bk_set_desc: 'by alice' } });
    const c = await t.esb('create_cloud_area', { bk_cloud_name: 'filter-area' });
    area = c.data.created.id;
  });
  afterAll(() => t.stop());

  it('lists newest first (by id and operation_time) with the total count', async () => {
    const r = await t.esb('list_operation_audit', { page: { limit: 200 } });
    expect(r.result).toBe(true);
    const info = r.data.info as Rec[];
    expect(r.data.count).toBe(info.length);
    expect(info.length).toBe(2 * 5 + 2 + 1 + 1);
    for (let i = 1; i < info.length; i++) {
      expect(info[i - 1]!.id).toBeGreaterThan(info[i]!.id);
      expect(info[i - 1]!.operation_time >= info[i]!.operation_time).toBe(true);
    }
    expect(info[0]).toMatchObject({ resource_type: 'cloud_area', action: 'create', resource_id: area });
    const asc = await t.esb('list_operation_audit', { page: { limit: 200, sort: 'operation_time' } });
    expect((asc.data.info as Rec[]).map((x) => x.id)).toEqual(info.map((x) => x.id).reverse());
  });

  it('pages with start and limit', async () => {
    const all = (await allRecords(t)).map((x) => x.id);
    const page = await t.esb('list_operation_audit', { page: { start: 2, limit: 3 } });
    expect(page.data.count).toBe(all.length);
    expect((page.data.info as Rec[]).map((x) => x.id)).toEqual(all.slice(2, 5));
  });

  it('caps page.limit at 200 (201 → 1199059)', async () => {
    expect((await t.esb('list_operation_audit', { page: { limit: 200 } })).result).toBe(true);
    const over = await t.esb('list_operation_audit', { page: { limit: 201 } });
    expect(over.result).toBe(false);
    expect(over.code).toBe(1199059);
    const inst = await t.esb('search_inst_audit', { bk_obj_id: 'set', page: { limit: 201 } });
    expect(inst.code).toBe(1199059);
    const ids = await t.esb('find_audit_by_id', { id: Array.from({ length: 201 }, (_, i) => i + 1) });
    expect(ids.code).toBe(1199059);
  });

  it('filters by bk_biz_id', async () => {
    const a = await allRecords(t, { bk_biz_id: bizA });
    expect(a.length).toBe(5 + 1 + 1);
    expect(a.every((x) => x.bk_biz_id === bizA)).toBe(true);
    const b = await allRecords(t, { bk_biz_id: bizB });
    expect(b.length).toBe(5 + 1);
    expect(b.every((x) => x.bk_biz_id === bizB)).toBe(true);
  });

  it('filters by resource_type (a string or a list) and by action', async () => {
    const sets = await allRecords(t, { resource_type: 'set' });
    expect(sets.length).toBe(2 + 2 + 1); // two idle pools, two sets, one update
    expect(sets.every((x) => x.resource_type === 'set')).toBe(true);
    const both = await allRecords(t, { resource_type: ['business', 'cloud_area'] });
    expect(both.map((x) => x.resource_type).sort()).toEqual(['business', 'business', 'cloud_area']);
    const updates = await allRecords(t, { action: ['update'] });
    expect(updates).toMatchObject([{ resource_type: 'set', resource_id: setA, user: 'alice' }]);
    const setCreates = await allRecords(t, { resource_type: 'set', action: ['create'], bk_biz_id: bizA });
    expect(setCreates).toHaveLength(2);
  });

  it('filters by user', async () => {
    const alice = await allRecords(t, { user: 'alice' });
    expect(alice).toHaveLength(1);
    expect(alice[0]).toMatchObject({ user: 'alice', action: 'update', resource_id: setA });
    const nobody = await auditCount(t, { user: 'nobody' });
    expect(nobody).toBe(0);
    const admin = await auditCount(t, { user: 'admin' });
    expect(admin).toBe((await auditCount(t)) - 1);
  });

  it('filters by resource_name and resource_id', async () => {
    const byName = await allRecords(t, { resource_name: 'filter-area' });
    expect(byName).toMatchObject([{ resource_type: 'cloud_area', resource_id: area }]);
    const byId = await allRecords(t, { resource_type: 'set', resource_id: setA });
    expect(byId.map((x) => x.action)).toEqual(['update', 'create']);
  });

  it('filters by operation_time range (wall clock in the server zone, or RFC 3339)', async () => {
    const total = await auditCount(t);
    const now = Date.now();
    const around = await auditCount(t, { operation_time: { start: wallClock(started - 2000), end: wallClock(now + 2000) } });
    expect(around).toBe(total);
    const future = await auditCount(t, { operation_time: { start: wallClock(now + 3600_000) } });
    expect(future).toBe(0);
    const past = await auditCount(t, { operation_time: { end: wallClock(started - 3600_000) } });
    expect(past).toBe(0);
    const rfc = await auditCount(t, { operation_time: { start: new Date(started - 2000).toISOString(), end: new Date(now + 2000).toISOString() } });
    expect(rfc).toBe(total);
    // a UTC wall clock an hour ahead is, in the server's zone (UTC+8), seven hours ago: nothing ends before it
    const utcWall = new Date(now + 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect(await auditCount(t, { operation_time: { end: utcWall } })).toBe(0);
    // the displayed time of a record finds it as a start
    const newest = (await allRecords(t))[0]!;
    const fromIt = await allRecords(t, { operation_time: { start: newest.operation_time } });
    expect(fromIt.map((x) => x.id)).toContain(newest.id);
    const bad = await t.esb('list_operation_audit', { condition: { operation_time: { start: 'yesterday' } } });
    expect(bad.code).toBe(1199006);
  });

  it('search_inst_audit narrows to one object (bk_obj_id) and one instance', async () => {
    const sets = await t.esb('search_inst_audit', { bk_obj_id: 'set', page: { limit: 200 } });
    expect(sets.result).toBe(true);
    expect(sets.data.count).toBe(5);
    expect((sets.data.info as Rec[]).every((x) => x.resource_type === 'set')).toBe(true);
    const plat = await t.esb('search_inst_audit', { bk_obj_id: 'plat' });
    expect(plat.data.info).toMatchObject([{ resource_type: 'cloud_area', resource_id: area }]);
    const biz = await t.esb('search_inst_audit', { bk_obj_id: 'biz', condition: { bk_biz_id: bizB } });
    expect(biz.data.info).toMatchObject([{ resource_type: 'business', resource_id: bizB }]);
    const one = await t.esb('search_inst_audit', { bk_obj_id: 'set', condition: { bk_inst_id: setA } });
    expect((one.data.info as Rec[]).map((x) => x.action)).toEqual(['update', 'create']);
    const bad = await t.esb('search_inst_audit', { bk_obj_id: 'bk_switch' });
    expect(bad.result).toBe(false);
    expect(bad.code).toBe(1199006);
  });

  it('find_audit_by_id answers full records, operation_detail included', async () => {
    const list = await allRecords(t, { action: ['update'] });
    const ids = [list[0]!.id, (await allRecords(t, { resource_type: 'cloud_area' }))[0]!.id];
    const r = await t.esb('find_audit_by_id', { id: ids });
    expect(r.result).toBe(true);
    expect((r.data as Rec[]).map((x) => x.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    const upd = (r.data as Rec[]).find((x) => x.id === list[0]!.id)!;
    expect(upd).toMatchObject({
      user: 'alice',
      code: 'esb_test',
      resource_type: 'set',
      operation_detail: {
        bk_obj_id: 'set',
        details: { pre_data: { bk_set_desc: '' }, cur_data: { bk_set_desc: 'by alice' }, update_fields: ['bk_set_desc'] },
      },
    });
    // the record's times read as the set's own answer gives them, not as stored milliseconds
    const wireTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;
    for (const side of ['pre_data', 'cur_data'] as const) {
      const data = (upd.operation_detail as { details: Record<string, Rec> }).details[side]!;
      expect(data.create_time).toMatch(wireTime);
      expect(data.last_time).toMatch(wireTime);
    }
    const none = await t.esb('find_audit_by_id', { id: [99999999] });
    expect(none.result).toBe(true);
    expect(none.data).toEqual([]);
    const empty = await t.esb('find_audit_by_id', { id: [] });
    expect(empty.code).toBe(1199006);
  });

  it('refuses malformed conditions (1199006)', async () => {
    expect((await t.esb('list_operation_audit', { condition: { bk_biz_id: 'one' } })).code).toBe(1199006);
    expect((await t.esb('list_operation_audit', { condition: { action: [1] } })).code).toBe(1199006);
    expect((await t.esb('list_operation_audit', { page: { sort: 'user' } })).code).toBe(1199006);
  });
});
