import { expect } from 'vitest';
import type { EsbAnswer, TestTopograph } from './server.js';

/** A write actor for tests that put rows in place through the store directly. */
export const DIRECT = { user: 'direct', appCode: 'direct', requestId: 'direct' };

/** How many audit records exist: every write leaves at least one, a refused one none. */
export async function auditCount(t: TestTopograph): Promise<number> {
  const r = await t.esb('list_operation_audit', { page: { limit: 1 } });
  expect(r.result).toBe(true);
  return r.data.count as number;
}

/** A call that succeeded: its data (the envelope's result, code and message checked). */
export function ok(r: EsbAnswer) {
  expect(r.message).toBe('success');
  expect(r.result).toBe(true);
  return r.data;
}

/** A refused call: its code, the error envelope, and no audit record (so nothing was written). */
export async function expectRefused(t: TestTopograph, call: () => Promise<EsbAnswer>, code: number): Promise<EsbAnswer> {
  const before = await auditCount(t);
  const r = await call();
  expect(r.result).toBe(false);
  expect(r.code).toBe(code);
  expect(r.data).toBeNull();
  expect(await auditCount(t)).toBe(before);
  return r;
}

/** A host placed in a module directly through the store (for tests whose subject is not the host calls). */
export async function addHostDirectly(
  t: TestTopograph,
  ip: string,
  place: { bizId: number; setId: number; moduleId: number },
): Promise<number> {
  return t.store.write(DIRECT, async (w) => {
    const h = await w.insertInstance('host', { bk_host_innerip: ip, bk_cloud_id: 0 });
    await w.trx
      .insertInto('host_module')
      .values({ bk_host_id: h.bk_host_id, bk_module_id: place.moduleId, bk_set_id: place.setId, bk_biz_id: place.bizId })
      .execute();
    return h.bk_host_id as number;
  });
}

export async function removeHostDirectly(t: TestTopograph, hostId: number): Promise<void> {
  await t.store.write(DIRECT, async (w) => {
    await w.trx.deleteFrom('host_module').where('bk_host_id', '=', hostId).execute();
    await w.deleteInstances('host', [{ bk_host_id: hostId }]);
  });
}
