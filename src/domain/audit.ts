import type { Deps, Principal } from './context.js';
import { DomainError, invalidParameter } from './errors.js';
import type { AuditRow } from '../store/audit-store.js';
import { formatTime, parseWallClock, withWireTimes } from './time.js';
import { OBJECT_IDS, isObjId } from './model/attribute.js';
import { RECORD_NAMES } from './model/objects.js';

/** bk-cmdb's cap on audit pages and id lists. */
export const MAX_AUDIT_PAGE = 200;


function wallClock(ms: number, timeZone: string): string {
  return formatTime(ms, timeZone).slice(0, 19).replace('T', ' ');
}

/** An instance record's pre_data and cur_data keep their times as the instance calls answer them. */
function detailOnTheWire(detail: unknown, timeZone: string): unknown {
  const d = detail as { details?: { pre_data?: unknown; cur_data?: unknown } } | null;
  if (!d?.details || typeof d.details !== 'object') return detail;
  return {
    ...d,
    details: { ...d.details, pre_data: withWireTimes(d.details.pre_data, timeZone), cur_data: withWireTimes(d.details.cur_data, timeZone) },
  };
}

function toWire(r: AuditRow, timeZone: string) {
  return {
    id: r.id,
    audit_type: r.auditType,
    bk_supplier_account: '0',
    user: r.user,
    resource_type: r.resourceType,
    action: r.action,
    operate_from: 'user',
    operation_detail: detailOnTheWire(r.detail, timeZone),
    operation_time: wallClock(r.operationTime, timeZone),
    bk_biz_id: r.bizId ?? 0,
    resource_id: /^\d+$/.test(r.resourceId) ? Number(r.resourceId) : r.resourceId,
    resource_name: r.resourceName,
    code: r.appCode,
    rid: r.requestId,
  };
}

const asObject = (field: string, v: unknown): Record<string, unknown> => {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidParameter(field, 'must be an object');
  return v as Record<string, unknown>;
};

function page(v: unknown) {
  const p = asObject('page', v);
  const start = p.start ?? 0;
  const limit = p.limit ?? 20;
  if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0) throw invalidParameter('page.start', 'must be an integer ≥ 0');
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) throw invalidParameter('page.limit', 'must be an integer ≥ 0');
  if (limit > MAX_AUDIT_PAGE) {
    throw new DomainError('page_limit', `page limit is exceeded: 'page.limit' is ${limit}, at most ${MAX_AUDIT_PAGE}`, { field: 'page.limit' });
  }
  const sort = p.sort ?? '-operation_time';
  if (sort !== '-operation_time' && sort !== 'operation_time' && sort !== 'id' && sort !== '-id') {
    throw invalidParameter('page.sort', 'must be operation_time or id, "-" before it for newest first');
  }
  return { start, limit: limit || 20, ascending: !String(sort).startsWith('-') };
}

/**
 * list_operation_audit / search_inst_audit: filter by business, resource type (or bk_obj_id), action, user,
 * resource, time range; newest first; operation_detail left out of lists (find_audit_by_id has it).
 */
export async function listAudit(deps: Deps, reader: Principal, params: { condition?: unknown; page?: unknown; bk_obj_id?: unknown }) {
  const c = asObject('condition', params.condition);
  const time = asObject('condition.operation_time', c.operation_time);
  const list = (field: string, v: unknown) => {
    if (v === undefined || v === null) return undefined;
    const arr = Array.isArray(v) ? v : [v];
    if (!arr.every((x) => typeof x === 'string' && !x.includes('\u0000'))) {
      throw invalidParameter(field, 'must be a string or an array of strings, without NUL characters');
    }
    return arr as string[];
  };
  const int = (field: string, v: unknown) => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2147483647) throw invalidParameter(field, 'must be an integer id (0 to 2147483647)');
    return v;
  };
  const str = (field: string, v: unknown) => {
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string' || v.includes('\u0000')) throw invalidParameter(field, 'must be a string without NUL characters');
    return v;
  };
  let resourceTypes = list('condition.resource_type', c.resource_type);
  if (params.bk_obj_id !== undefined) {
    if (!isObjId(params.bk_obj_id)) throw invalidParameter('bk_obj_id', `must be one of ${OBJECT_IDS.join(', ')}`);
    resourceTypes = [RECORD_NAMES[params.bk_obj_id].resourceType];
  }
  const resourceId = c.resource_id ?? c.bk_inst_id;
  const { count, rows } = await deps.store.audit.search(
    {
      bizId: int('condition.bk_biz_id', c.bk_biz_id),
      resourceTypes,
      actions: list('condition.action', c.action),
      user: str('condition.user', c.user),
      resourceName: str('condition.resource_name', c.resource_name),
      // ids are integers, but data centers' and dynamic groups' are text
      resourceId: typeof resourceId === 'string' ? str('condition.resource_id', resourceId) : resourceId === undefined ? undefined : String(int('condition.resource_id', resourceId)),
      from: parseWallClock('condition.operation_time.start', time.start, deps.timeZone),
      to: parseWallClock('condition.operation_time.end', time.end, deps.timeZone),
      enterpriseId: reader.enterpriseId,
      ...page(params.page),
    },
    false,
  );
  return { count, info: rows.map((r) => toWire(r, deps.timeZone)) };
}

/** find_audit_by_id: full records, operation_detail included. */
export async function findAuditById(deps: Deps, reader: Principal, ids: unknown) {
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((i) => Number.isInteger(i))) {
    throw invalidParameter('id', 'must be a non-empty array of audit ids');
  }
  if (ids.length > MAX_AUDIT_PAGE) throw new DomainError('page_limit', `'id' names ${ids.length} records, at most ${MAX_AUDIT_PAGE}`, { field: 'id' });
  const { rows } = await deps.store.audit.search({ ids: ids as number[], enterpriseId: reader.enterpriseId, start: 0, limit: MAX_AUDIT_PAGE, ascending: true }, true);
  return rows.map((r) => toWire(r, deps.timeZone));
}
