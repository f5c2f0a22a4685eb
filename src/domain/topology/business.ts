import { actorOf, type CallContext, type Deps, type WithIgnored } from '../context.js';
import { validateForCreate } from '../model/validator.js';
import { assertAdmin } from '../permissions.js';
import { parseSearch, type SearchParams } from '../search-params.js';
import { createIdlePool } from './idle-pool.js';
import { presentInstance } from './present.js';

type Data = Record<string, unknown>;

/** create_business: the business, then its idle pool, in one transaction. */
export async function createBusiness(deps: Deps, ctx: CallContext, data: Data): Promise<WithIgnored<Data>> {
  assertAdmin(ctx.principal, 'create_business', typeof data.bk_biz_name === 'string' ? data.bk_biz_name : undefined);
  return deps.store.write(actorOf(ctx), async (w) => {
    const attrs = await w.attributes('biz');
    const { values, ignored } = validateForCreate(attrs, data, { strict: deps.strictFields });
    const biz = await w.insertInstance('biz', { ...values, default: 0, bk_supplier_account: '0', bk_data_status: null });
    await createIdlePool(w, biz);
    return { result: presentInstance('biz', biz, attrs, deps.timeZone), ignored };
  });
}

/**
 * search_business: bk-cmdb's legacy condition (strings match as case-insensitive "contains", user fields
 * match whole names), never the resource pool, archived businesses only when bk_data_status is asked for.
 */
export async function searchBusiness(deps: Deps, params: SearchParams) {
  const attrs = await deps.store.attributes('biz');
  const { query, fields } = parseSearch('biz', attrs, params, { defaultLimit: 20, maxLimit: 200, fuzzyStrings: true });
  query.filters = query.filters.filter((f) => f.field !== 'default');
  query.filters.push({ field: 'default', op: 'eq', value: 0 });
  const asksStatus = query.filters.some((f) => f.field === 'bk_data_status');
  if (!asksStatus) query.filters.push({ field: 'bk_data_status', op: 'null' });
  const { count, rows } = await deps.store.search('biz', query);
  return { count, info: rows.map((r) => presentInstance('biz', r, attrs, deps.timeZone, fields)) };
}
