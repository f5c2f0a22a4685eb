import { DomainError, invalidParameter, isDomainError } from '../errors.js';
import type { Attribute } from '../model/attribute.js';
import { validateForCreate, validateForUpdate } from '../model/validator.js';
import { isPlainObject, typeName } from '../json-shape.js';
import { presentInstance } from '../topology/present.js';
import { relabel } from '../hosts/add.js';
import type { InstanceRow } from '../../store/instance-tables.js';
import { checkBindInfo } from './bind-info.js';

/**
 * A process's fields as the process calls take them: the model's process attributes through the attribute
 * validator (custom ones included), bind_info through its own rule. The fields the calls set themselves
 * (which business, service instance, host, template) are dropped from the client's object, as bk-cmdb does.
 */
const SET_BY_THE_CALL = new Set(['bk_process_id', 'bk_biz_id', 'service_instance_id', 'bk_host_id', 'process_template_id', 'bk_supplier_account']);

/** bk-cmdb's cap on processes (and service instances) per call. */
export const MAX_PROCESSES = 100;

function withoutCallFields(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([k]) => !SET_BY_THE_CALL.has(k) && k !== 'bind_info'));
}

function relabelled<T>(label: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    throw isDomainError(err) ? relabel(err, label) : err;
  }
}

export function objectAt(label: string, v: unknown): Record<string, unknown> {
  if (!isPlainObject(v)) throw invalidParameter(label, `must be an object (got ${typeName(v)})`);
  return v;
}

/** A new process's values (defaults filled) and the fields dropped, named `label.<field>`. */
export function processForCreate(attrs: Attribute[], label: string, info: unknown, strict: boolean): { values: InstanceRow; ignored: string[] } {
  const input = objectAt(label, info);
  return relabelled(label, () => {
    const { values, ignored } = validateForCreate(attrs, withoutCallFields(input), { strict });
    return { values: { ...values, bind_info: checkBindInfo('bind_info', input.bind_info) }, ignored: ignored.map((f) => `${label}.${f}`) };
  });
}

/**
 * The changes of update_process_instance: only what is given (bk_process_id names the process); bind_info, when
 * given, replaces the list. A field the calls set (bk_biz_id, bk_host_id, …) is refused like any other that is
 * not editable.
 */
export function processChanges(attrs: Attribute[], label: string, input: Record<string, unknown>): InstanceRow {
  return relabelled(label, () => {
    const fields = Object.fromEntries(Object.entries(input).filter(([k]) => k !== 'bk_process_id' && k !== 'bind_info'));
    const { values } = validateForUpdate(attrs, fields, { strict: true });
    if (input.bind_info !== undefined) values.bind_info = checkBindInfo('bind_info', input.bind_info);
    return values;
  });
}

/** A process as the calls answer it (bk-cmdb's process object; times in its format). */
export const presentProcess = (row: InstanceRow, attrs: Attribute[], timeZone: string, fields?: string[]) => presentInstance('process', row, attrs, timeZone, fields);

/** bk-cmdb's process_instance_relation for a process. */
export const processRelation = (p: InstanceRow) => ({
  bk_biz_id: p.bk_biz_id,
  bk_process_id: p.bk_process_id,
  service_instance_id: p.service_instance_id,
  process_template_id: p.process_template_id,
  bk_host_id: p.bk_host_id,
  bk_supplier_account: p.bk_supplier_account ?? '0',
});

/** Only processes of service instances made by hand take hand-made changes; a template's are the template's. */
export function assertNotFromTemplate(field: string, serviceTemplateId: number, what: string): void {
  if (serviceTemplateId > 0) {
    throw new DomainError('template_forbidden', `${what}: the service instance is made from service template ${serviceTemplateId}, whose process templates define its processes`, {
      field,
    });
  }
}
