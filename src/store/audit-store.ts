import type { Kysely } from 'kysely';

export interface AuditQuery {
  bizId?: number;
  resourceTypes?: string[];
  actions?: string[];
  user?: string;
  resourceName?: string;
  resourceId?: string;
  from?: number;
  to?: number;
  ids?: number[];
  /** the reader's: records that belong to another enterprise (its data centers') are left out */
  enterpriseId?: string;
  start: number;
  limit: number;
  ascending: boolean;
}

export interface AuditRow {
  id: number;
  auditType: string;
  resourceType: string;
  action: string;
  bizId: number | null;
  resourceId: string;
  resourceName: string;
  user: string;
  appCode: string;
  requestId: string;
  operationTime: number;
  detail: unknown;
}

/** Reads of the operation audit; every filter it offers has an index (see migration 0001). */
export class AuditStore {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(private readonly db: Kysely<any>) {}

  async search(q: AuditQuery, withDetail: boolean): Promise<{ count: number; rows: AuditRow[] }> {
    let base = this.db.selectFrom('audit_log');
    const { enterpriseId } = q;
    if (enterpriseId !== undefined) base = base.where((eb) => eb.or([eb('enterprise_id', 'is', null), eb('enterprise_id', '=', enterpriseId)]));
    if (q.bizId !== undefined) base = base.where('bk_biz_id', '=', q.bizId);
    if (q.resourceTypes?.length) base = base.where('resource_type', 'in', q.resourceTypes);
    if (q.actions?.length) base = base.where('action', 'in', q.actions);
    if (q.user !== undefined) base = base.where('operator', '=', q.user);
    if (q.resourceName !== undefined) base = base.where('resource_name', '=', q.resourceName);
    if (q.resourceId !== undefined) base = base.where('resource_id', '=', q.resourceId);
    if (q.from !== undefined) base = base.where('operation_time', '>=', q.from);
    if (q.to !== undefined) base = base.where('operation_time', '<=', q.to);
    if (q.ids) base = base.where('id', 'in', q.ids.length ? q.ids : [-1]);
    const { count } = await base.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    const columns = ['id', 'audit_type', 'resource_type', 'action', 'bk_biz_id', 'resource_id', 'resource_name', 'operator', 'app_code', 'request_id', 'operation_time'];
    const rows = await base
      .select(withDetail ? [...columns, 'operation_detail'] : columns)
      .orderBy('id', q.ascending ? 'asc' : 'desc')
      .limit(q.limit)
      .offset(q.start)
      .execute();
    return {
      count: Number(count),
      rows: rows.map((r) => ({
        id: r.id,
        auditType: r.audit_type,
        resourceType: r.resource_type,
        action: r.action,
        bizId: r.bk_biz_id,
        resourceId: r.resource_id,
        resourceName: r.resource_name,
        user: r.operator,
        appCode: r.app_code,
        requestId: r.request_id,
        operationTime: Number(r.operation_time),
        detail: withDetail ? JSON.parse(r.operation_detail) : null,
      })),
    };
  }
}
