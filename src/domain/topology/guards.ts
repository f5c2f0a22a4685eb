import type { Deps, Principal } from '../context.js';
import { DomainError, invalidReference, MAX_ID } from '../errors.js';
import { assertCanEditTopology } from '../permissions.js';
import type { InstanceRow } from '../../store/store.js';
import type { WriteSession } from '../../store/write-session.js';

/** The business a read names: it must exist (1199011). */
export async function existingBiz(deps: Deps, bizId: number): Promise<InstanceRow> {
  // an id no store can hold names nothing (PostgreSQL would refuse to compare it, without naming the field)
  const biz = Number.isInteger(bizId) && bizId >= 1 && bizId <= MAX_ID ? await deps.store.getInstance('biz', bizId) : undefined;
  if (!biz) throw invalidReference('bk_biz_id', `business ${bizId} does not exist`);
  return biz;
}

/** The business a topology write happens in: it exists, is not archived, is not the resource pool, and the caller may change it. */
export async function bizForTopologyWrite(
  w: WriteSession,
  principal: Principal,
  bizId: number,
  action: 'create_biz_topology' | 'edit_biz_topology' | 'delete_biz_topology',
): Promise<InstanceRow> {
  // held (shared) to commit: archiving or deleting the business waits for this write, and this one for them
  const biz = await w.getInstance('biz', bizId, 'share');
  if (!biz) throw invalidReference('bk_biz_id', `business ${bizId} does not exist`);
  assertCanEditTopology(principal, biz, action);
  if (biz.bk_data_status === 'disabled') {
    throw new DomainError('archived', `'bk_biz_id' the parameter is invalid or does not exist: business ${bizId} is archived; restore it before changing its topology`, {
      field: 'bk_biz_id',
    });
  }
  if (biz.default === 1) {
    throw new DomainError('builtin_forbidden', `operate built-in object forbidden: 'bk_biz_id' names business ${bizId}, the resource pool, which has no topology of its own`, {
      field: 'bk_biz_id',
      objId: 'biz',
    });
  }
  return biz;
}

/** The built-in kinds a system field may not be set to by a client. */
export function assertOrdinary(field: string, value: unknown): void {
  if (value !== 0) {
    throw new DomainError('invalid_value', `'${field}' must be 0: built-in sets and modules are created by Topograph itself`, {
      field,
    });
  }
}
