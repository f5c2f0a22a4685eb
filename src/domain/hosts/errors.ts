import { shown } from '../json-shape.js';
import { DomainError, type DomainErrorKind } from '../errors.js';

/**
 * The host rules' own failures. Each carries a kind (what any protocol can map) and, in
 * details.operation, the host reason that the ESB face maps to bk-cmdb's specific code
 * (src/api/esb/error-codes.ts, REASON_CODES).
 */
export type HostReason =
  | 'host.cloud_not_found' // 1101032
  | 'host.already_assigned' // 1106010
  | 'host.builtin_module_mix' // 1113005
  | 'host.archived_business' // 1110031
  | 'host.not_in_business' // 1113002
  | 'host.module_not_found' // 1101080
  | 'host.not_found' // 1110008
  | 'host.already_in_pool' // 1110052
  | 'host.not_in_idle_pool' // 1110056
  | 'host.not_pool_module' // 1110061
  | 'host.not_in_pool'; // 1110055

const hostError = (kind: DomainErrorKind, reason: HostReason, message: string, field?: string) =>
  new DomainError(kind, message, { operation: reason, ...(field ? { field } : {}) });

/** Ids for a message: the first 20, and how many in all beyond that. */
export const list = (ids: Iterable<number | string>, max = 20) => {
  const all = [...ids];
  return all.length > max ? `${all.slice(0, max).join(', ')} … (${all.length} in all)` : all.join(', ');
};

export const cloudNotFound = (field: string, cloudId: unknown) =>
  hostError('invalid_reference', 'host.cloud_not_found', `bk-network area does not exist: '${field}' names cloud area ${shown(cloudId)}`, field);

export const alreadyAssigned = (field: string, what: string, bizId: number) =>
  hostError(
    'invalid_value',
    'host.already_assigned',
    `The host has already belonged to another business: '${field}' ${what} is a host of business ${bizId}`,
    field,
  );

export const builtinModuleMix = (moduleIds: number[]) =>
  hostError(
    'invalid_value',
    'host.builtin_module_mix',
    `translate host to multiple module not contain inner module: module(s) ${list(moduleIds)} are built-in (idle, fault, recycle) and can only be the one target of a replacing transfer`,
    'bk_module_id',
  );

export const archivedBusiness = (bizId: number) =>
  hostError('archived', 'host.archived_business', `Failed to transfer host to biz, biz has been archived: business ${bizId} is archived`, 'bk_biz_id');

export const notInBusiness = (hostIds: number[], bizId: number, field = 'bk_host_id') =>
  hostError('invalid_reference', 'host.not_in_business', `hostID [${list(hostIds)}] does not belong of businessID [${bizId}] ('${field}')`, field);

export const moduleNotFound = (moduleIds: number[], bizId: number) =>
  hostError('invalid_reference', 'host.module_not_found', `topo module not found: module(s) ${list(moduleIds)} are not modules of business ${bizId}`, 'bk_module_id');

export const hostNotFound = (field: string, hostIds: number[]) =>
  hostError('not_found', 'host.not_found', `The host could not be found: '${field}' names host(s) ${list(hostIds)} that do not exist`, field);

export const alreadyInPool = () =>
  hostError('invalid_value', 'host.already_in_pool', 'The host is already in the resource pool: bk_biz_id must be the business the hosts are returned from', 'bk_biz_id');

export const notInIdlePool = (hostIds: number[], bizId: number) =>
  hostError(
    'invalid_value',
    'host.not_in_idle_pool',
    `hostID [${list(hostIds)}] not belong to the idle pool of business ${bizId}: only hosts in its idle, fault or recycle module can go back to the resource pool`,
    'bk_host_id',
  );

export const notPoolModule = (field: string, moduleId: number) =>
  hostError('invalid_reference', 'host.not_pool_module', `'${field}' names module ${moduleId}, which is not a module of the resource pool`, field);

export const notInPool = (hostIds: number[]) =>
  hostError(
    'invalid_value',
    'host.not_in_pool',
    `Delete the host under the business: host(s) ${list(hostIds)} belong to a business; return them to the resource pool first`,
    'bk_host_id',
  );

/** A value repeated within one batch: `label` names the later row, `first` the earlier. */
export const duplicateInBatch = (label: string, first: string, fields: string[], what: string) =>
  new DomainError(
    'duplicate',
    `duplicated instances exist, fields [${fields.join(', ')}] duplicated: ${label} repeats ${first} (${what})`,
    { objId: 'host', fields, field: `${label}.${fields[fields.length - 1]}` },
  );

/** A value a stored host already holds. */
export const duplicateInStore = (label: string, fields: string[], what: string, hostId: number) =>
  new DomainError(
    'duplicate',
    `duplicated instances exist, fields [${fields.join(', ')}] duplicated: ${label} (${what}) is already host ${hostId}`,
    { objId: 'host', fields, field: `${label}.${fields[fields.length - 1]}` },
  );
