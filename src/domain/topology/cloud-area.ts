import { actorOf, type CallContext, type Deps, type WithIgnored } from '../context.js';
import { DomainError, notFound } from '../errors.js';
import { validateForCreate } from '../model/validator.js';
import { assertAdmin } from '../permissions.js';
import type { SearchParams } from '../search-params.js';
import { searchInstances, updateInstance } from './instances.js';

type Data = Record<string, unknown>;

export const DEFAULT_CLOUD_ID = 0;

/** create_cloud_area: a plat instance; bk_creator and bk_last_editor are the caller. */
export async function createCloudArea(deps: Deps, ctx: CallContext, data: Data): Promise<WithIgnored<{ id: number }>> {
  assertAdmin(ctx.principal, 'create_cloud_area', typeof data.bk_cloud_name === 'string' ? data.bk_cloud_name : undefined);
  return deps.store.write(actorOf(ctx), async (w) => {
    const attrs = await w.attributes('plat');
    const { values, ignored } = validateForCreate(attrs, data, {
      strict: deps.strictFields,
      passThrough: new Set(['bk_supplier_account']),
    });
    const plat = await w.insertInstance('plat', {
      ...values,
      bk_creator: ctx.principal.username,
      bk_last_editor: ctx.principal.username,
      default: 0,
      bk_supplier_account: '0',
    });
    return { result: { id: plat.bk_cloud_id as number }, ignored };
  });
}

/** search_cloud_area: condition (is_fuzzy for "contains" on strings), page.limit ≤ 1000. */
export function searchCloudArea(deps: Deps, params: SearchParams & { is_fuzzy?: unknown }) {
  return searchInstances(deps, 'plat', params, { defaultLimit: 1000, maxLimit: 1000, fuzzyStrings: params.is_fuzzy === true });
}

/** update_cloud_area: area 0 is built in; empty strings are ignored, as bk-cmdb does. */
export async function updateCloudArea(deps: Deps, ctx: CallContext, cloudId: number, data: Data): Promise<void> {
  assertAdmin(ctx.principal, 'edit_cloud_area');
  if (cloudId === DEFAULT_CLOUD_ID) {
    throw new DomainError('builtin_forbidden', 'forbidden update built in bk-network area: cloud area 0 is built in', {
      field: 'bk_cloud_id',
      objId: 'plat',
    });
  }
  const changes = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== ''));
  await deps.store.write(actorOf(ctx), async (w) => {
    const before = await w.getInstance('plat', cloudId, 'update');
    if (!before) throw notFound(`cloud area ${cloudId} does not exist`);
    await updateInstance(w, 'plat', before, changes, ['bk_cloud_id', 'bk_supplier_account'], {
      bk_last_editor: ctx.principal.username,
    });
  });
}

/** delete_cloud_area: never area 0, never while hosts use it. */
export async function deleteCloudArea(deps: Deps, ctx: CallContext, cloudId: number): Promise<void> {
  assertAdmin(ctx.principal, 'delete_cloud_area');
  if (cloudId === DEFAULT_CLOUD_ID) {
    throw new DomainError('builtin_forbidden', "can't delete default bk-network area: cloud area 0 is built in", {
      field: 'bk_cloud_id',
      objId: 'plat',
      operation: 'delete',
    });
  }
  await deps.store.write(actorOf(ctx), async (w) => {
    const before = await w.getInstance('plat', cloudId, 'update');
    if (!before) throw notFound(`cloud area ${cloudId} does not exist`);
    const hosts = await w.countHostsInCloud(cloudId);
    if (hosts > 0) {
      throw new DomainError('has_hosts', `Having hosts under the target, deleting forbidden: ${hosts} host(s) are in cloud area ${cloudId}`, {
        field: 'bk_cloud_id',
      });
    }
    await w.deleteInstances('plat', [before]);
  });
}
