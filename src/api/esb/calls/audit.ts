import { Type } from '@sinclair/typebox';
import { findAuditById, listAudit } from '../../../domain/audit.js';
import { defineCall } from '../call.js';

const auditParams = {
  condition: Type.Optional(
    Type.Unknown({ description: '{bk_biz_id, resource_type, action: [..], user, resource_name, resource_id, operation_time: {start, end}}' }),
  ),
  page: Type.Optional(Type.Unknown({ description: '{start, limit ≤ 200, sort: "-operation_time" (default) | "operation_time"}' })),
};

export const listOperationAuditCall = defineCall({
  name: 'list_operation_audit',
  group: 'audit',
  summary: 'The operation audit, newest first: {count, info}; operation_detail is left out (find_audit_by_id has it).',
  params: auditParams,
  handle: (ctx, body) => listAudit(ctx.deps, ctx.principal, body),
});

export const searchInstAuditCall = defineCall({
  name: 'search_inst_audit',
  group: 'audit',
  summary: "One object's audit: bk_obj_id (biz, set, module, plat, host) plus list_operation_audit's condition.",
  params: { bk_obj_id: Type.String(), ...auditParams },
  handle: (ctx, body) => listAudit(ctx.deps, ctx.principal, body),
});

export const findAuditByIdCall = defineCall({
  name: 'find_audit_by_id',
  group: 'audit',
  summary: 'Full audit records (with operation_detail: pre_data, cur_data, update_fields) by id, at most 200.',
  params: { id: Type.Array(Type.Integer({ minimum: 0, maximum: 2147483647 }), { description: 'audit ids' }) },
  handle: (ctx, body) => findAuditById(ctx.deps, ctx.principal, body.id),
});
