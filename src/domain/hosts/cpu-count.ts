import type { Deps } from '../context.js';
import { invalidParameter } from '../errors.js';
import { existingBiz } from '../topology/guards.js';
import { parsePage } from './params.js';

/** bk-cmdb's cap on count_biz_host_cpu's page of businesses. */
export const MAX_CPU_COUNT_PAGE = 10;

/**
 * count_biz_host_cpu (bk-cmdb's call for cost accounting): per business, its hosts, their CPU cores (bk_cpu) and
 * how many have none recorded: [{bk_biz_id, host_count, cpu_count, no_cpu_host_count}]. Either one business
 * (bk_biz_id) or a page of every business but the archived ones, by id (page.limit ≤ 10), never both; a business
 * without hosts answers zeros. Two queries: the businesses, the counts.
 */
export async function countBizHostCpu(deps: Deps, p: { bk_biz_id?: number; page?: unknown }) {
  // bk-cmdb reads a bk_biz_id of 0 as none given
  const bizId = p.bk_biz_id || undefined;
  const hasPage = p.page !== undefined && p.page !== null;
  if (bizId !== undefined && hasPage) throw invalidParameter('page', 'and bk_biz_id can only use one of them: one business, or a page of them all');
  if (bizId === undefined && !hasPage) throw invalidParameter('bk_biz_id', 'or page is required: one business, or a page of them all');
  let bizIds: number[];
  if (bizId !== undefined) {
    await existingBiz(deps, bizId);
    bizIds = [bizId];
  } else {
    const { start, limit } = parsePage(undefined, p.page, MAX_CPU_COUNT_PAGE);
    // archived businesses are left out of the pages, as bk-cmdb's; the resource pool is in them
    const { rows } = await deps.store.search('biz', { filters: [{ field: 'bk_data_status', op: 'ne', value: 'disabled' }], start, limit, sort: [] });
    bizIds = rows.map((b) => b.bk_biz_id as number);
  }
  const counts = new Map((await deps.store.hosts.cpuCounts(bizIds)).map((c) => [c.bizId, c]));
  return bizIds.map((id) => {
    const c = counts.get(id);
    return { bk_biz_id: id, host_count: c?.hosts ?? 0, cpu_count: c?.cpus ?? 0, no_cpu_host_count: c?.noCpu ?? 0 };
  });
}
