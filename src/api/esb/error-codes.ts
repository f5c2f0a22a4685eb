import type { DomainError, DomainErrorKind, PermissionRequest } from '../../domain/errors.js';

/**
 * Domain error kinds → the code bk-cmdb (or the ESB gateway in front of it) answers for the same failure
 * (../shared/reference/bk-cmdb-detail.md §4). One table; calls that answer differently say so in
 * CALL_OVERRIDES below.
 */
export const ESB_CODES: Record<DomainErrorKind, number> = {
  required: 1199010,
  not_string: 1199007,
  not_integer: 1199009,
  not_number: 1199042,
  not_bool: 1199025,
  invalid_value: 1199006,
  regex_mismatch: 1199016,
  too_long: 1199015,
  name_too_long: 1199073,
  unknown_field: 1199060,
  not_editable: 1101047,
  invalid_reference: 1199011,
  invalid_parameter: 1199006,
  not_found: 1199019,
  duplicate: 1199014,
  builtin_forbidden: 1199054,
  has_children: 1199055,
  has_hosts: 1101030,
  page_limit: 1199059,
  permission_denied: 9900403,
  invalid_attribute_definition: 1199011,
  attribute_exists: 1101106,
  template_forbidden: 1101097,
  template_mismatch: 1108036, // "service category and template not coincide"
  in_use: 1199056, // "remove referenced record forbidden"
  archived: 1199011, // bk-cmdb no longer finds an archived business: 'bk_biz_id' invalid
  unauthenticated: 1306000,
  cursor_expired: 1103007, // bk-cmdb's CCErrEventChainNodeNotExist: watch again from a time or from now
  busy: -1, // bk-cmdb's "system busy"
};

/** The ESB gateway's own codes. */
export const GATEWAY_ERROR = 1306000;
export const COMPONENT_NOT_FOUND = 1306404;
export const RATE_LIMITED = 1306429;
export const JSON_INVALID = 1199000;
export const BODY_EMPTY = 1199005;
export const BODY_TOO_LARGE = 1199015;
export const INTERNAL_ERROR = 1199999;

/** The reasons in details.operation (the host rules', src/domain/hosts/errors.ts; too_many, src/domain/id-list.ts) → bk-cmdb's codes. */
const REASON_CODES: Record<string, number> = {
  'host.cloud_not_found': 1101032, // bk-network area does not exist
  'host.already_assigned': 1106010, // the host has already belonged to another business
  'host.builtin_module_mix': 1113005, // translate host to multiple module not contain inner module
  'host.archived_business': 1110031, // failed to transfer host to biz, biz has been archived
  'host.not_in_business': 1113002, // hostID [..] does not belong of businessID [..]
  'host.module_not_found': 1101080, // topo module not found
  'host.not_found': 1110008, // the host could not be found
  'host.already_in_pool': 1110052, // the host is already in the resource pool
  'host.not_in_idle_pool': 1110056, // hostID [..] not belong to business (its idle pool)
  'host.not_pool_module': 1110061, // module does not belong to the business (the resource pool)
  'host.not_in_pool': 1110055, // delete the host under the business
  too_many: 1199035, // %s exceed the limit %d (any area's id lists and batches)
};

/** Where bk-cmdb answers a more specific code than the kind's. */
function specificCode(err: DomainError): number | undefined {
  const op = err.details.operation;
  if (op !== undefined && Object.hasOwn(REASON_CODES, op)) return REASON_CODES[op];
  if (err.kind === 'duplicate' && err.details.objId === 'set') return 1101108; // "the same set name exist"
  if (err.kind === 'builtin_forbidden' && (err.details.objId === 'set' || err.details.objId === 'module')) return 1101098;
  if (err.kind === 'builtin_forbidden' && err.details.objId === 'plat') {
    return err.details.operation === 'delete' ? 1110066 : 1199076;
  }
  if (err.kind === 'builtin_forbidden' && err.details.objId === 'biz' && err.details.operation === 'delete') return 1101111;
  if (err.kind === 'archived' && err.details.operation === 'delete') return 1101112;
  if (err.kind === 'has_hosts' && err.details.operation === 'archive') return 1101087;
  if (err.kind === 'template_forbidden' && err.details.operation === 'rename') return 1101091;
  if (err.kind === 'duplicate' && err.details.objId === 'service_category') return 1113017; // duplicate service category name
  if (err.kind === 'invalid_value' && err.details.operation === 'leaf_category') return 1113032; // only leaf categories
  return undefined;
}

/**
 * Calls whose bk-cmdb implementation folds every failure into one code. create_cloud_area answers
 * 1101000 "Failed to create instance" for all of them; Topograph keeps the code and puts the reason in
 * the message.
 */
const CALL_OVERRIDES: Record<string, { code: number; prefix: string; except: DomainErrorKind[] }> = {
  create_cloud_area: { code: 1101000, prefix: 'Failed to create instance', except: ['permission_denied', 'unauthenticated', 'busy'] },
};

export function esbError(callName: string, err: DomainError): { code: number; message: string; permission: unknown } {
  const override = CALL_OVERRIDES[callName];
  if (override && !override.except.includes(err.kind)) {
    return { code: override.code, message: `${override.prefix}: ${err.message}`, permission: null };
  }
  return {
    code: specificCode(err) ?? ESB_CODES[err.kind],
    message: err.message,
    permission: err.details.permission ? permissionPayload(err.details.permission) : null,
  };
}

/** bk-cmdb's IAM "apply for permission" payload. */
export function permissionPayload(p: PermissionRequest) {
  return {
    system_id: 'bk_cmdb',
    system_name: 'Topograph',
    actions: [
      {
        id: p.action,
        name: p.actionName,
        related_resource_types: [
          {
            system_id: 'bk_cmdb',
            system_name: 'Topograph',
            type: p.resourceType,
            type_name: p.resourceTypeName,
            instances:
              p.resourceId === undefined
                ? []
                : [[{ type: p.resourceType, type_name: p.resourceTypeName, id: String(p.resourceId), name: p.resourceName ?? '' }]],
          },
        ],
      },
    ],
  };
}
