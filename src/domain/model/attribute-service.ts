import { ProcTemplateWrites } from '../../store/proc-template-store.js';
import { actorOf, type CallContext, type Deps } from '../context.js';
import { DomainError, MAX_ID, invalidParameter, notFound } from '../errors.js';
import { assertAdmin } from '../permissions.js';
import { INSTANCE_TABLES } from '../../store/instance-tables.js';
import { OBJECT_IDS, PROPERTY_TYPES, isObjId, type Attribute, type EnumOption, type ObjId, type PropertyType } from './attribute.js';
import type { BuiltinAttribute } from './builtin-attributes.js';
import { hasNestedQuantifier } from './regex-safety.js';
import { checkValue, compileRegex } from './validator.js';

/** A custom attribute as a client defines it (wire names are mapped by the adapter). */
export interface AttributeInput {
  objId?: unknown;
  propertyId?: unknown;
  propertyName?: unknown;
  type?: unknown;
  option?: unknown;
  defaultValue?: unknown;
  isRequired?: unknown;
  editable?: unknown;
  isReadonly?: unknown;
  isMultiple?: unknown;
  unit?: unknown;
  placeholder?: unknown;
  description?: unknown;
  group?: unknown;
  index?: unknown;
}

const PROPERTY_ID = /^[a-zA-Z]\w*$/;
/** Names that are columns of every instance table or the store's own bookkeeping. */
const RESERVED = new Set([
  'custom', 'default', 'bk_supplier_account', 'create_time', 'last_time', 'bk_created_by', 'bk_updated_by', 'bk_data_status', 'id',
  // every JavaScript object's own members ("constructor", "toString", …): a record keyed by them would misread
  ...Object.getOwnPropertyNames(Object.prototype),
]);

const bad = (field: string, rule: string) =>
  new DomainError('invalid_attribute_definition', `'${field}' the parameter is invalid or does not exist: ${rule}`, { field });

function str(field: string, v: unknown, max: number, requiredValue = false): string | undefined {
  if (v === undefined || v === null) {
    if (requiredValue) throw new DomainError('required', `'${field}' unassigned: the field is required`, { field });
    return undefined;
  }
  if (typeof v !== 'string') throw new DomainError('not_string', `'${field}' must be a string type`, { field });
  if (requiredValue && v.trim() === '') throw new DomainError('required', `'${field}' unassigned: the field must not be empty`, { field });
  if ([...v].length > max) throw new DomainError('too_long', `'${field}' is too long: at most ${max} characters`, { field });
  // Neither store keeps a NUL (PostgreSQL refuses it, SQLite would cut text at it).
  if (v.includes('\u0000')) throw bad(field, 'must not contain the NUL character');
  return v;
}

function bool(field: string, v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new DomainError('not_bool', `'${field}' must be boolean`, { field });
  return v;
}

/** A position in the attribute list (bk_property_index): an integer from 0, stored in a 32-bit column. */
function position(field: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new DomainError('not_integer', `'${field}' must be an integer`, { field });
  if (v < 0 || v > MAX_ID) throw bad(field, `must be between 0 and ${MAX_ID}`);
  return v;
}

/** Checks an option against its type; a bad regex is refused here, when it is defined, not at the first write. */
function checkOption(type: PropertyType, option: unknown): unknown {
  switch (type) {
    case 'singlechar':
    case 'longchar': {
      if (option === undefined || option === null || option === '') return '';
      if (typeof option !== 'string') throw bad('option', `for ${type} the option is a regular expression string`);
      if (hasNestedQuantifier(option)) {
        throw bad('option', 'a quantified group holds another quantifier (e.g. (a+)+), which can take exponential time; rewrite it without nesting');
      }
      try {
        compileRegex(option);
      } catch (e) {
        throw bad('option', `not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`);
      }
      return option;
    }
    case 'int':
    case 'float': {
      if (option === undefined || option === null || option === '') return {};
      if (typeof option !== 'object' || Array.isArray(option)) throw bad('option', `for ${type} the option is {"min": n, "max": n}`);
      const { min, max } = option as Record<string, unknown>;
      const num = (k: string, v: unknown) => {
        if (v === undefined || v === null || v === '') return undefined;
        const n = typeof v === 'string' ? Number(v) : v;
        if (typeof n !== 'number' || !Number.isFinite(n) || (type === 'int' && !Number.isInteger(n))) {
          throw bad(`option.${k}`, `must be a ${type === 'int' ? 'whole ' : ''}number`);
        }
        return n;
      };
      const lo = num('min', min);
      const hi = num('max', max);
      if (lo !== undefined && hi !== undefined && lo > hi) throw bad('option', `min ${lo} is greater than max ${hi}`);
      return { ...(lo !== undefined ? { min: lo } : {}), ...(hi !== undefined ? { max: hi } : {}) };
    }
    case 'enum':
    case 'enummulti': {
      if (!Array.isArray(option) || option.length === 0) throw bad('option', 'an enum needs a non-empty array of {id, name, is_default}');
      const ids = new Set<string>();
      let defaults = 0;
      const out: EnumOption[] = option.map((o, i) => {
        if (typeof o !== 'object' || o === null) throw bad(`option[${i}]`, 'must be {id, name, is_default}');
        const { id, name, is_default } = o as Record<string, unknown>;
        if (typeof id !== 'string' || id === '' || !/^[\w-]+$/.test(id)) throw bad(`option[${i}].id`, 'must be a non-empty string of letters, digits, _ or -');
        if (typeof name !== 'string' || name.trim() === '') throw bad(`option[${i}].name`, 'must be a non-empty string');
        if (ids.has(id)) throw bad(`option[${i}].id`, `'${id}' appears twice`);
        ids.add(id);
        if (is_default === true) defaults += 1;
        return { id, name, type: 'text', is_default: is_default === true };
      });
      if (type === 'enum' && defaults > 1) throw bad('option', 'at most one enum option may be the default');
      return out;
    }
    case 'list': {
      if (!Array.isArray(option) || option.length === 0 || !option.every((o) => typeof o === 'string')) {
        throw bad('option', 'a list needs a non-empty array of strings');
      }
      return option;
    }
    default:
      return option ?? '';
  }
}

function checkDefinition(attr: BuiltinAttribute): void {
  if (attr.defaultValue !== null && attr.defaultValue !== undefined) {
    try {
      checkValue({ ...attr, id: 0, creator: '', createTime: 0, lastTime: 0 } as Attribute, attr.defaultValue);
    } catch (e) {
      throw bad('default', `the default value does not satisfy the attribute itself (${(e as Error).message})`);
    }
  }
}

export async function createAttribute(deps: Deps, ctx: CallContext, input: AttributeInput): Promise<Attribute> {
  assertAdmin(ctx.principal, 'edit_model');
  if (!isObjId(input.objId)) throw invalidParameter('bk_obj_id', `must be one of ${OBJECT_IDS.join(', ')}`);
  const objId: ObjId = input.objId;
  const propertyId = str('bk_property_id', input.propertyId, 128, true)!;
  if (!PROPERTY_ID.test(propertyId)) throw bad('bk_property_id', 'must start with a letter and hold only letters, digits and _');
  if (RESERVED.has(propertyId) || INSTANCE_TABLES[objId].columns.has(propertyId)) {
    throw new DomainError('attribute_exists', `model attribute property id '${propertyId}' already exists on ${objId} (it is a built-in field)`, {
      field: 'bk_property_id',
    });
  }
  if (typeof input.type !== 'string' || !(PROPERTY_TYPES as readonly string[]).includes(input.type) || input.type === 'foreignkey') {
    throw bad('bk_property_type', `must be one of ${PROPERTY_TYPES.filter((t) => t !== 'foreignkey').join(', ')}`);
  }
  const type = input.type as PropertyType;
  const def: BuiltinAttribute = {
    objId,
    propertyId,
    propertyName: str('bk_property_name', input.propertyName, 128, true)!,
    type,
    option: checkOption(type, input.option),
    defaultValue: input.defaultValue ?? null,
    isRequired: bool('isrequired', input.isRequired) ?? false,
    editable: bool('editable', input.editable) ?? true,
    isReadonly: bool('isreadonly', input.isReadonly) ?? false,
    isMultiple: bool('ismultiple', input.isMultiple) ?? false,
    isPre: false,
    isSystem: false,
    isApi: false,
    unit: str('unit', input.unit, 20) ?? '',
    placeholder: str('placeholder', input.placeholder, 2000) ?? '',
    description: str('description', input.description, 2000) ?? '',
    group: str('bk_property_group', input.group, 128) ?? 'default',
    index: position('bk_property_index', input.index) ?? 1000,
  };
  checkDefinition(def);
  return deps.store.write(actorOf(ctx), async (w) => {
    let created: Attribute;
    try {
      created = await w.insertAttribute(def);
    } catch (e) {
      if (e && typeof e === 'object' && ((e as { code?: string }).code === '23505' || (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')) {
        throw new DomainError('attribute_exists', `model attribute property id '${propertyId}' already exists on ${objId}`, { field: 'bk_property_id' });
      }
      throw e;
    }
    w.audit({
      auditType: 'model',
      resourceType: 'model_attribute',
      action: 'create',
      bizId: null,
      resourceId: created.id,
      resourceName: created.propertyId,
      detail: { bk_obj_id: objId, details: { pre_data: null, cur_data: created, update_fields: null } },
    });
    return created;
  });
}

export async function searchAttributes(deps: Deps, filter: { objId?: unknown; propertyId?: unknown; id?: unknown }): Promise<Attribute[]> {
  // null reads as absent, as for every optional parameter
  const [objId, propertyId, id] = [filter.objId ?? undefined, filter.propertyId ?? undefined, filter.id ?? undefined];
  if (objId !== undefined && !isObjId(objId)) throw invalidParameter('bk_obj_id', `must be one of ${OBJECT_IDS.join(', ')}`);
  if (propertyId !== undefined && typeof propertyId !== 'string') throw invalidParameter('bk_property_id', 'must be a string (an attribute id)');
  const objs: readonly ObjId[] = objId ? [objId as ObjId] : OBJECT_IDS;
  const out: Attribute[] = [];
  for (const o of objs) out.push(...(await deps.store.attributes(o)));
  return out.filter((a) => (propertyId === undefined || a.propertyId === propertyId) && (id === undefined || a.id === id));
}

const UPDATABLE_ON_BUILTIN = new Set(['propertyName', 'placeholder', 'description', 'unit', 'group', 'index']);

export async function updateAttribute(deps: Deps, ctx: CallContext, id: number, input: AttributeInput): Promise<void> {
  assertAdmin(ctx.principal, 'edit_model');
  await deps.store.write(actorOf(ctx), async (w) => {
    const before = await w.getAttributeToChange(id);
    if (!before) throw notFound(`attribute ${id} does not exist`);
    const given = Object.entries(input).filter(([, v]) => v !== undefined).map(([k]) => k);
    if (before.isPre) {
      const refused = given.filter((k) => !UPDATABLE_ON_BUILTIN.has(k));
      if (refused.length) {
        throw new DomainError('builtin_forbidden', `operate built-in object forbidden: built-in attribute '${before.propertyId}' only takes changes to its name, placeholder, description, unit and group`, {
          field: refused[0],
        });
      }
    }
    if (input.objId !== undefined && input.objId !== before.objId) throw bad('bk_obj_id', "an attribute can't move to another object");
    if (input.propertyId !== undefined && input.propertyId !== before.propertyId) throw bad('bk_property_id', "an attribute's property id can't change");
    if (input.type !== undefined && input.type !== before.type) throw bad('bk_property_type', "an attribute's type can't change");
    const next: BuiltinAttribute = {
      ...before,
      propertyName: str('bk_property_name', input.propertyName, 128, input.propertyName !== undefined) ?? before.propertyName,
      option: input.option !== undefined ? checkOption(before.type, input.option) : before.option,
      defaultValue: input.defaultValue !== undefined ? input.defaultValue : before.defaultValue,
      isRequired: bool('isrequired', input.isRequired) ?? before.isRequired,
      editable: bool('editable', input.editable) ?? before.editable,
      isReadonly: bool('isreadonly', input.isReadonly) ?? before.isReadonly,
      isMultiple: bool('ismultiple', input.isMultiple) ?? before.isMultiple,
      unit: str('unit', input.unit, 20) ?? before.unit,
      placeholder: str('placeholder', input.placeholder, 2000) ?? before.placeholder,
      description: str('description', input.description, 2000) ?? before.description,
      group: str('bk_property_group', input.group, 128) ?? before.group,
      index: position('bk_property_index', input.index) ?? before.index,
    };
    checkDefinition(next);
    const after = await w.updateAttribute(id, next);
    w.audit({
      auditType: 'model',
      resourceType: 'model_attribute',
      action: 'update',
      bizId: null,
      resourceId: id,
      resourceName: before.propertyId,
      detail: { bk_obj_id: before.objId, details: { pre_data: before, cur_data: after, update_fields: given } },
    });
  });
}

export async function deleteAttribute(deps: Deps, ctx: CallContext, id: number): Promise<void> {
  assertAdmin(ctx.principal, 'edit_model');
  await deps.store.write(actorOf(ctx), async (w) => {
    const before = await w.getAttributeToChange(id);
    if (!before) throw notFound(`attribute ${id} does not exist`);
    if (before.isPre) {
      throw new DomainError('builtin_forbidden', `operate built-in object forbidden: '${before.propertyId}' is a built-in attribute of ${before.objId}`, {
        field: 'id',
      });
    }
    await w.deleteAttribute(id);
    // bk-cmdb clears the field from every instance: a later attribute of the same id starts empty.
    await w.removeCustomField(before.objId, before.propertyId);
    if (before.objId === 'process') await new ProcTemplateWrites(w).removeField(before.propertyId);
    w.audit({
      auditType: 'model',
      resourceType: 'model_attribute',
      action: 'delete',
      bizId: null,
      resourceId: id,
      resourceName: before.propertyId,
      detail: { bk_obj_id: before.objId, details: { pre_data: before, cur_data: null, update_fields: null } },
    });
  });
}
