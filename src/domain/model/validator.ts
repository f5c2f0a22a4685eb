import { LONE_SURROGATE } from '../patterns.js';
import { DomainError, MAX_ID, required } from '../errors.js';
import { isKnownTimeZone } from '../time.js';
import { MAX_LENGTH, type Attribute, type EnumOption, type NumberOption } from './attribute.js';
import { TOPO_NAME_FIELDS } from './builtin-attributes.js';
import { typeName, shown } from '../json-shape.js';

/**
 * The attribute validator: the one place where a value meets its attribute's rules. Every write of every
 * object (create and update, built-in and custom attributes) goes through it.
 */
export interface ValidationResult {
  values: Record<string, unknown>;
  /** keys of the input that are not attributes of the object (dropped, as bk-cmdb does) */
  ignored: string[];
}

export interface ValidateOptions {
  /** refuse unknown keys instead of dropping them (TOPOGRAPH_STRICT_FIELDS=on) */
  strict: boolean;
  /** keys the call itself handles (general parameters, path-like ids); neither validated nor reported */
  passThrough?: ReadonlySet<string>;
}

const USER_NAMES = /^(\d|[a-zA-Z])([a-zA-Z0-9@.,_-])*$/;
const TIME_ZONE = /^[a-zA-Z0-9\-−_/+]+$/;
/** The longest IANA zone name is 32 characters (America/Argentina/ComodRivadavia). */
const MAX_TIME_ZONE_LENGTH = 64;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}([ T])\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
/** bk-cmdb's mainline name rule: no \ | / : * , < > " ? # and no white space. */
const TOPO_NAME_FORBIDDEN = /[\\|/:*,<>"?#\s]/;
export const TOPO_NAME_MAX = 256;

/** A calendar date that exists (Date.parse rolls 2024-02-30 over to March). */
function isRealDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function isRealClock(hms: string): boolean {
  const [h, min, sec] = hms.split(':').map(Number) as [number, number, number];
  return h < 24 && min < 60 && sec < 60;
}

const regexCache = new Map<string, RegExp>();
export function compileRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern);
    regexCache.set(pattern, re);
  }
  return re;
}

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function checkNumberRange(attr: Attribute, value: number): void {
  const { min, max } = (attr.option ?? {}) as NumberOption;
  const lo = min === undefined || min === null || min === '' ? undefined : Number(min);
  const hi = max === undefined || max === null || max === '' ? undefined : Number(max);
  if (lo !== undefined && value < lo) {
    throw new DomainError('invalid_value', `'${attr.propertyId}' must be at least ${lo} (got ${value})`, {
      field: attr.propertyId,
    });
  }
  if (hi !== undefined && value > hi) {
    throw new DomainError('invalid_value', `'${attr.propertyId}' must be at most ${hi} (got ${value})`, {
      field: attr.propertyId,
    });
  }
}

function checkString(attr: Attribute, value: unknown): string {
  if (typeof value !== 'string') {
    throw new DomainError('not_string', `'${attr.propertyId}' must be a string type (got ${typeName(value)})`, {
      field: attr.propertyId,
    });
  }
  if (value.includes('\u0000')) {
    throw new DomainError('invalid_value', `'${attr.propertyId}' must not contain the NUL character`, { field: attr.propertyId });
  }
  if (LONE_SURROGATE.test(value)) {
    throw new DomainError('invalid_value', `'${attr.propertyId}' must be Unicode text: it holds an unpaired surrogate`, { field: attr.propertyId });
  }
  return value.trim();
}

function checkTopoName(attr: Attribute, name: string): void {
  if (name === '') throw required(attr.propertyId);
  if ([...name].length > TOPO_NAME_MAX) {
    throw new DomainError(
      'name_too_long',
      `'${attr.propertyId}' field exceeds maximum length ${TOPO_NAME_MAX} characters`,
      { field: attr.propertyId },
    );
  }
  if (TOPO_NAME_FORBIDDEN.test(name)) {
    throw new DomainError(
      'invalid_value',
      `'${attr.propertyId}' data parameter verification does not pass: a name must not contain white space or any of \\ | / : * , < > " ? #`,
      { field: attr.propertyId },
    );
  }
}

function checkEnum(attr: Attribute, value: unknown): string {
  const options = (Array.isArray(attr.option) ? attr.option : []) as EnumOption[];
  if (typeof value !== 'string' || !options.some((o) => o.id === value)) {
    const allowed = options.map((o) => `"${o.id}" (${o.name})`).join(', ');
    throw new DomainError(
      'invalid_value',
      `'${attr.propertyId}' should be an enum value, one of ${allowed} (got ${shown(value)})`,
      { field: attr.propertyId },
    );
  }
  return value;
}

/** Checks one value against its attribute and returns it normalised (strings trimmed). null means "no value". */
export function checkValue(attr: Attribute, value: unknown): unknown {
  const field = attr.propertyId;
  if (value === null || value === undefined) {
    if (attr.isRequired) throw required(field);
    return null;
  }
  switch (attr.type) {
    case 'singlechar':
    case 'longchar': {
      const s = checkString(attr, value);
      if (TOPO_NAME_FIELDS[attr.objId] === field) {
        checkTopoName(attr, s);
        return s;
      }
      if (s === '' && attr.isRequired) throw required(field);
      const max = MAX_LENGTH[attr.type]!;
      if ([...s].length > max) {
        throw new DomainError('too_long', `'${field}' is too long: at most ${max} characters (data out of bounds)`, {
          field,
        });
      }
      if (typeof attr.option === 'string' && attr.option !== '' && s !== '' && !compileRegex(attr.option).test(s)) {
        throw new DomainError('regex_mismatch', `'${field}' Field regular check failed: must match /${attr.option}/`, {
          field,
        });
      }
      return s;
    }
    case 'int':
    case 'foreignkey': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw new DomainError('not_integer', `'${field}' parameters must be integral (got ${typeName(value)} ${shown(value)})`, {
          field,
        });
      }
      // Built-in integers live in 32-bit columns; custom ones (kept as JSON) take any safe integer. A reference
      // (foreignkey) out of that range is one that does not exist, which its own check says.
      if (attr.isPre && attr.type === 'int' && (value > MAX_ID || value < -MAX_ID - 1)) {
        throw new DomainError('invalid_value', `'${field}' must be between ${-MAX_ID - 1} and ${MAX_ID} (got ${value})`, { field });
      }
      checkNumberRange(attr, value);
      return value;
    }
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new DomainError('not_number', `'${field}' should be a float number (got ${typeName(value)})`, { field });
      }
      checkNumberRange(attr, value);
      return value;
    }
    case 'enum':
      return checkEnum(attr, value);
    case 'enummulti': {
      if (!Array.isArray(value)) {
        throw new DomainError('invalid_value', `'${field}' must be an array of enum ids`, { field });
      }
      if (!attr.isMultiple && value.length > 1) {
        throw new DomainError('invalid_value', `'${field}' takes a single choice`, { field });
      }
      return value.map((v) => checkEnum(attr, v));
    }
    case 'list': {
      const options = Array.isArray(attr.option) ? (attr.option as unknown[]) : [];
      if (typeof value !== 'string' || !options.includes(value)) {
        throw new DomainError('invalid_value', `'${field}' must be one of ${JSON.stringify(options)}`, { field });
      }
      return value;
    }
    case 'bool':
      if (typeof value !== 'boolean') {
        throw new DomainError('not_bool', `'${field}' must be boolean (got ${typeName(value)})`, { field });
      }
      return value;
    case 'objuser': {
      const s = checkString(attr, value);
      if (s === '') {
        if (attr.isRequired) throw required(field);
        return null;
      }
      if ([...s].length > MAX_LENGTH.objuser!) {
        throw new DomainError('too_long', `'${field}' is too long: at most ${MAX_LENGTH.objuser} characters`, { field });
      }
      if (!USER_NAMES.test(s) || s.split(',').some((n) => n === '')) {
        throw new DomainError(
          'regex_mismatch',
          `'${field}' Field regular check failed: must be comma-separated user names of letters, digits and @ . _ -`,
          { field },
        );
      }
      if (!attr.isMultiple && s.includes(',')) {
        throw new DomainError('invalid_value', `'${field}' takes exactly one user name`, { field });
      }
      return s;
    }
    case 'timezone': {
      const s = checkString(attr, value);
      if (s.length > MAX_TIME_ZONE_LENGTH || !TIME_ZONE.test(s) || !isKnownTimeZone(s)) {
        throw new DomainError('invalid_value', `'${field}' must be a time zone name of the IANA database, such as Asia/Shanghai`, { field });
      }
      return s;
    }
    case 'date': {
      const s = checkString(attr, value);
      if (s === '') return null;
      if (!DATE.test(s) || !isRealDate(s)) {
        throw new DomainError('invalid_value', `'${field}' must be a date YYYY-MM-DD`, { field });
      }
      return s;
    }
    case 'time': {
      const s = checkString(attr, value);
      if (s === '') return null;
      if (!DATETIME.test(s) || !isRealDate(s.slice(0, 10)) || !isRealClock(s.slice(11, 19))) {
        throw new DomainError('invalid_value', `'${field}' must be a time "YYYY-MM-DD hh:mm:ss" or RFC 3339`, { field });
      }
      return s;
    }
    case 'organization': {
      if (!Array.isArray(value) || !value.every((v) => Number.isSafeInteger(v))) {
        throw new DomainError('invalid_value', `'${field}' must be an array of organization ids (integers)`, { field });
      }
      return value;
    }
  }
}

/** The value a missing attribute takes on create. */
export function defaultFor(attr: Attribute): unknown {
  if (attr.defaultValue !== null && attr.defaultValue !== undefined) return attr.defaultValue;
  switch (attr.type) {
    case 'enum': {
      const def = (Array.isArray(attr.option) ? (attr.option as EnumOption[]) : []).find((o) => o.is_default);
      return def ? def.id : null;
    }
    case 'bool':
      return false;
    case 'singlechar':
    case 'longchar':
      return '';
    default:
      return null;
  }
}

/** A value the client gave, never one an object inherits ("constructor" is every object's). */
const own = (input: Record<string, unknown>, key: string): unknown => (Object.hasOwn(input, key) ? input[key] : undefined);

function splitKnown(attrs: Attribute[], input: Record<string, unknown>, opts: ValidateOptions) {
  const byId = new Map(attrs.map((a) => [a.propertyId, a]));
  const ignored: string[] = [];
  for (const key of Object.keys(input)) {
    if (byId.has(key) || opts.passThrough?.has(key)) continue;
    if (opts.strict) {
      throw new DomainError('unknown_field', `unexpected parameter field: '${key}' is not an attribute of this object`, {
        field: key,
      });
    }
    ignored.push(key);
  }
  return { byId, ignored };
}

/** Create: required first, then every given value, then defaults for the rest. */
export function validateForCreate(
  attrs: Attribute[],
  input: Record<string, unknown>,
  opts: ValidateOptions,
): ValidationResult {
  const { ignored } = splitKnown(attrs, input, opts);
  for (const attr of attrs) {
    if (attr.isRequired && isEmpty(own(input, attr.propertyId)) && isEmpty(attr.defaultValue)) throw required(attr.propertyId);
  }
  const values: Record<string, unknown> = {};
  for (const attr of attrs) {
    const given = own(input, attr.propertyId);
    values[attr.propertyId] = given === undefined ? defaultFor(attr) : checkValue(attr, given);
  }
  return { values, ignored };
}

/** Update: only the given keys; non-editable attributes are refused, as is anything that is not an attribute in strict mode. */
export function validateForUpdate(
  attrs: Attribute[],
  input: Record<string, unknown>,
  opts: ValidateOptions,
): ValidationResult {
  const { byId, ignored } = splitKnown(attrs, input, opts);
  const values: Record<string, unknown> = {};
  for (const [key, given] of Object.entries(input)) {
    const attr = byId.get(key);
    if (!attr || given === undefined) continue;
    if (!attr.editable || attr.isSystem || attr.isReadonly) {
      throw new DomainError('not_editable', `'${key}' can't be updated: the field is not editable`, { field: key });
    }
    values[key] = checkValue(attr, given);
  }
  return { values, ignored };
}
