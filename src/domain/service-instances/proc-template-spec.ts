import { DomainError, invalidParameter, isDomainError, required } from '../errors.js';
import type { Attribute } from '../model/attribute.js';
import { checkValue } from '../model/validator.js';
import { relabel } from '../hosts/add.js';
import { isPlainObject, typeName, shown } from '../json-shape.js';
import type { InstanceRow } from '../../store/instance-tables.js';
import type { ProcTemplateRow, TemplateProperty } from '../../store/proc-template-store.js';
import { checkBindInfo } from './bind-info.js';
import { objectAt, processForCreate } from './process-values.js';

/**
 * A process template's property: each process field as {value, as_default_value}. A field whose
 * as_default_value is true is the template's: every process made from the template takes its value, and a
 * change of it reaches them all; the others are a starting value each process may change. The alias and the
 * process name are always the template's (as bk-cmdb's). bind_info is {value: [{enable, ip, port, protocol:
 * {value, as_default_value} each, row_id}], as_default_value}; it is the template's or not as a whole.
 */

const ALWAYS_THE_TEMPLATES = new Set(['bk_process_name', 'bk_func_name']);
/** Fields the calls set, which a spec may carry (bk-cmdb's documents show them) and which are dropped. */
const NOT_TEMPLATE_FIELDS = new Set(['bk_biz_id', 'bk_process_id', 'bk_supplier_account', 'service_instance_id', 'bk_host_id', 'process_template_id']);

type Cell = { value: unknown; as_default_value: boolean };

function lockOf(field: string, v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new DomainError('not_bool', `'${field}' must be boolean (got ${typeName(v)})`, { field });
  return v;
}

const MAX_ROW_ID = 1_000_000_000;

/** A bind row's row_id: absent (numbered after the largest) or an integer from 0 to 10⁹. */
function rowIdOf(field: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > MAX_ROW_ID) {
    throw new DomainError('not_integer', `'${field}' parameters must be integral, from 0 to ${MAX_ROW_ID} (got ${typeName(v)} ${shown(v) ?? ''})`.trimEnd(), { field });
  }
  return v;
}

function cellOf(label: string, key: string, v: unknown): Record<string, unknown> {
  if (!isPlainObject(v)) throw invalidParameter(`${label}.${key}`, `must be an object {value, as_default_value} (got ${typeName(v)})`);
  return v;
}

/** bind_info's template form, checked as a process's bind_info would be; rows without row_id are numbered. */
function bindSpecOf(label: string, v: unknown): Cell {
  const e = cellOf(label, 'bind_info', v);
  const field = `${label}.bind_info.value`;
  const rows = e.value ?? [];
  if (!Array.isArray(rows)) throw invalidParameter(field, `must be an array of rows (got ${typeName(rows)})`);
  const cells = rows.map((row, i) => {
    const r = objectAt(`${field}[${i}]`, row);
    const out: Record<string, unknown> = {};
    for (const k of ['enable', 'ip', 'port', 'protocol']) {
      if (r[k] === undefined || r[k] === null) continue;
      const c = cellOf(`${field}[${i}]`, k, r[k]);
      out[k] = { value: c.value ?? null, as_default_value: lockOf(`${field}[${i}].${k}.as_default_value`, c.as_default_value) };
    }
    return { cells: out, rowId: rowIdOf(`${field}[${i}].row_id`, r.row_id) };
  });
  const seen = new Set<number>();
  cells.forEach((c, i) => {
    if (c.rowId === undefined) return;
    if (seen.has(c.rowId)) {
      throw new DomainError('invalid_value', `'${field}[${i}].row_id' data parameter verification does not pass: row id ${c.rowId} appears twice: it is unique within a process`, {
        field: `${field}[${i}].row_id`,
      });
    }
    seen.add(c.rowId);
  });
  // The values obey the process rule; used row ids are kept, missing ones numbered after the largest.
  let next = Math.max(0, ...cells.map((c) => c.rowId ?? 0)) + 1;
  const plain = cells.map((c) => ({
    ...Object.fromEntries(Object.entries(c.cells).map(([k, cell]) => [k, (cell as Cell).value])),
    template_row_id: c.rowId ?? next++,
  }));
  const checked = checkBindInfo(field, plain);
  // Every row answers its four cells, as bk-cmdb's do: a cell not given holds the value a process gets, its own.
  const held = (i: number, k: string) => (cells[i]!.cells[k] as Cell | undefined)?.as_default_value ?? false;
  return {
    value: checked.map((row, i) => ({
      enable: { value: row.enable, as_default_value: held(i, 'enable') },
      ip: { value: row.ip, as_default_value: held(i, 'ip') },
      port: { value: row.port, as_default_value: held(i, 'port') },
      protocol: { value: row.protocol, as_default_value: held(i, 'protocol') },
      row_id: row.template_row_id,
    })),
    as_default_value: lockOf(`${label}.bind_info.as_default_value`, e.as_default_value),
  };
}

/**
 * The fields a spec gives, checked: each a process attribute (or bind_info), its value valid for the attribute
 * (null: no value), as_default_value a boolean. Unknown fields are refused when `strict` (always on update) and
 * otherwise dropped and answered in `ignored`.
 */
export function parseSpec(attrs: Attribute[], label: string, spec: unknown, strict: boolean): { given: TemplateProperty; ignored: string[] } {
  const input = objectAt(label, spec);
  const byId = new Map(attrs.map((a) => [a.propertyId, a]));
  const given: TemplateProperty = {};
  const ignored: string[] = [];
  for (const [key, v] of Object.entries(input)) {
    if (key === 'bind_info') {
      given.bind_info = bindSpecOf(label, v);
      continue;
    }
    const attr = byId.get(key);
    if (!attr || attr.isSystem || NOT_TEMPLATE_FIELDS.has(key)) {
      if (strict && !NOT_TEMPLATE_FIELDS.has(key)) {
        throw new DomainError('unknown_field', `unexpected parameter field: '${label}.${key}' is not a process field`, { field: `${label}.${key}` });
      }
      ignored.push(`${label}.${key}`);
      continue;
    }
    const c = cellOf(label, key, v);
    let value: unknown;
    try {
      value = c.value === undefined || c.value === null ? null : checkValue({ ...attr, isRequired: false }, c.value);
    } catch (err) {
      throw isDomainError(err) ? relabel(err, label) : err;
    }
    const lock = lockOf(`${label}.${key}.as_default_value`, c.as_default_value);
    given[key] = { value, as_default_value: ALWAYS_THE_TEMPLATES.has(key) || lock };
  }
  return { given, ignored };
}

/** A new template's whole property: the spec's fields, the others unset and the instances' own; alias and name required. */
export function newProperty(attrs: Attribute[], label: string, given: TemplateProperty): TemplateProperty {
  // The alias, the name and every required attribute need a value: the processes made from the template take it.
  for (const key of [...ALWAYS_THE_TEMPLATES, ...attrs.filter((a) => a.isRequired && !a.isSystem).map((a) => a.propertyId)]) {
    const v = given[key]?.value;
    if (v === undefined || v === null || v === '') throw required(`${label}.${key}`);
  }
  const property: TemplateProperty = {};
  for (const a of attrs) if (!a.isSystem) property[a.propertyId] = given[a.propertyId] ?? { value: null, as_default_value: ALWAYS_THE_TEMPLATES.has(a.propertyId) };
  property.bind_info = given.bind_info ?? { value: [], as_default_value: false };
  return property;
}

/** How an error in a template's own values names it: "process template 4 (nginx)". */
export const templateLabel = (tpl: ProcTemplateRow) => `process template ${tpl.id} (${tpl.bk_process_name})`;

/** The fields every process of the template takes from it. */
export const lockedFields = (property: TemplateProperty): string[] => Object.keys(property).filter((k) => property[k]!.as_default_value);

/** A template's bind_info as a process holds it. */
function bindRows(cell: Cell | undefined): unknown[] {
  const rows = Array.isArray(cell?.value) ? (cell.value as Array<Record<string, unknown>>) : [];
  return rows.map((r) => ({
    ...Object.fromEntries(['enable', 'ip', 'port', 'protocol'].filter((k) => r[k] !== undefined).map((k) => [k, (r[k] as Cell).value])),
    template_row_id: r.row_id,
  }));
}

/**
 * A process made from a template: the template's values, where the template lets it the `own` values given
 * (create_service_instance's process_info), checked as any new process. Answers the process's values and the
 * fields dropped (the caller's values the template decides, and those the model does not define).
 */
export function processFromTemplate(attrs: Attribute[], tpl: ProcTemplateRow, label: string, own: Record<string, unknown> = {}, strict = false): { values: InstanceRow; ignored: string[] } {
  const merged: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(own)) if (k !== 'bind_info') merged[k] = v;
  for (const [k, cell] of Object.entries(tpl.property)) {
    if (k === 'bind_info') continue;
    if (cell.as_default_value || !Object.hasOwn(own, k)) {
      if (cell.value === null) delete merged[k];
      else merged[k] = cell.value;
    }
  }
  const bind = tpl.property.bind_info;
  merged.bind_info = bind?.as_default_value || own.bind_info === undefined ? bindRows(bind) : own.bind_info;
  const r = processForCreate(attrs, label, merged, strict);
  // what the template decides is dropped from the caller's values, and named as ignored like any dropped field
  const held = Object.keys(own).filter((k) => Object.hasOwn(tpl.property, k) && tpl.property[k]!.as_default_value === true);
  return { values: { ...r.values, process_template_id: tpl.id }, ignored: [...held.map((k) => `${label}.${k}`), ...r.ignored] };
}

/** What a template's processes take from it after a change: its locked fields' values (defaults for unset ones). */
export function lockedValues(attrs: Attribute[], tpl: ProcTemplateRow): InstanceRow {
  const { values } = processFromTemplate(attrs, tpl, templateLabel(tpl));
  return Object.fromEntries(lockedFields(tpl.property).map((k) => [k, values[k] ?? null]));
}
