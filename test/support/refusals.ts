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
