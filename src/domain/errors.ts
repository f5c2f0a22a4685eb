/**
 * Typed domain errors. The domain says *what* went wrong (kind, field, a message that names the field and
 * the rule); each protocol adapter maps the kind to its own code and status (src/api/esb/error-codes.ts,
 * src/api/openapi/...).
 */
export type DomainErrorKind =
  | 'required' // a required attribute is missing, null or empty
  | 'not_string'
  | 'not_integer'
  | 'not_number'
  | 'not_bool'
  | 'invalid_value' // enum, range, name rule, format
  | 'regex_mismatch'
  | 'too_long'
  | 'name_too_long'
  | 'unknown_field' // strict mode, or a non-editable field on update
  | 'not_editable'
  | 'invalid_reference' // a referenced id does not exist or does not belong where it should
  | 'invalid_parameter' // a call parameter outside the model is missing or malformed
  | 'not_found'
  | 'duplicate'
  | 'builtin_forbidden'
  | 'has_children'
  | 'has_hosts'
  | 'page_limit'
  | 'permission_denied'
  | 'invalid_attribute_definition'
  | 'attribute_exists'
  | 'template_forbidden' // sets made from a set template take no hand-made modules
  | 'template_mismatch' // a module's service category disagrees with its service template's
  | 'in_use' // a template or category that sets, modules or templates still use
  | 'archived' // the business is archived and takes no writes
  | 'unauthenticated'
  | 'cursor_expired'
  | 'busy'; // another write held what this one needed: nothing was written, try again

export interface PermissionRequest {
  action: string;
  actionName: string;
  resourceType: string;
  resourceTypeName: string;
  resourceId?: string | number;
  resourceName?: string;
}

/** The largest id (and built-in integer) either store holds: PostgreSQL's int4. */
export const MAX_ID = 2147483647;

/** The longest message an error carries; what a client sent is quoted at most this far. */
export const MAX_MESSAGE_CHARS = 2000;

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details: {
      field?: string;
      objId?: string;
      fields?: string[];
      permission?: PermissionRequest;
      operation?: string;
    } = {},
  ) {
    // a message quoting a client's megabyte string (a key, an operator, a sort field) is cut, in one place
    super(message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

export const required = (field: string) =>
  new DomainError('required', `'${field}' unassigned: the field is required and must not be empty`, { field });

export const invalidParameter = (field: string, rule: string) =>
  new DomainError('invalid_parameter', `'${field}' ${rule}`, { field });

export const invalidReference = (field: string, rule: string) =>
  new DomainError('invalid_reference', `'${field}' the parameter is invalid or does not exist: ${rule}`, { field });

export const notFound = (what: string) => new DomainError('not_found', `No relevant data found: ${what}`);

export const duplicate = (objId: string, fields: string[]) =>
  new DomainError(
    'duplicate',
    `duplicated instances exist, fields [${fields.join(', ')}] duplicated: another ${objId} already has this value`,
    { objId, fields },
  );
