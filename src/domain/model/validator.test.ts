import { describe, expect, it } from 'vitest';
import { DomainError, type DomainErrorKind } from '../errors.js';
import type { Attribute, EnumOption, ObjId, PropertyType } from './attribute.js';
import { BUILTIN_ATTRIBUTES } from './builtin-attributes.js';
import { checkValue, defaultFor, validateForCreate, validateForUpdate } from './validator.js';

/**
 * The attribute validator on its own: no database, no server. Attributes are built the way the store hands
 * them out (the built-in definitions plus an id and bookkeeping).
 */

function attr(partial: Partial<Attribute> & { type: PropertyType }): Attribute {
  return {
    id: 1,
    objId: 'set',
    propertyId: 'f',
    propertyName: 'field',
    option: partial.type === 'int' || partial.type === 'float' ? {} : '',
    defaultValue: null,
    isRequired: false,
    editable: true,
    isReadonly: false,
    isMultiple: false,
    isPre: false,
    isSystem: false,
    isApi: false,
    unit: '',
    placeholder: '',
    description: '',
    group: 'default',
    index: 0,
    creator: 'test',
    createTime: 0,
    lastTime: 0,
    ...partial,
  };
}

const builtins = (objId: ObjId): Attribute[] =>
  BUILTIN_ATTRIBUTES[objId].map((a, i) => ({ ...a, id: i + 1, creator: 'system', createTime: 0, lastTime: 0 }));

const builtin = (objId: ObjId, propertyId: string): Attribute => {
  const a = builtins(objId).find((x) => x.propertyId === propertyId);
  if (!a) throw new Error(`no built-in ${objId}.${propertyId}`);
  return a;
};

const enumOf = (ids: string[], defaultId?: string): EnumOption[] =>
  ids.map((id) => ({ id, name: `name ${id}`, type: 'text', is_default: id === defaultId }));

/** Runs fn, expects a DomainError of that kind naming that field; answers the error for further checks. */
function expectError(fn: () => unknown, kind: DomainErrorKind, field?: string): DomainError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a DomainError').toBeInstanceOf(DomainError);
  const err = caught as DomainError;
  expect(err.kind, err.message).toBe(kind);
  if (field !== undefined) {
    expect(err.details.field).toBe(field);
    expect(err.message).toContain(field);
  }
  return err;
}

const NOT_STRICT = { strict: false } as const;
const STRICT = { strict: true } as const;

describe('checkValue: null and required', () => {
  it('answers null for null and undefined when the attribute is optional', () => {
    expect(checkValue(attr({ type: 'singlechar' }), null)).toBeNull();
    expect(checkValue(attr({ type: 'int' }), undefined)).toBeNull();
  });

  it('refuses null and undefined for a required attribute, naming it', () => {
    expectError(() => checkValue(attr({ type: 'int', propertyId: 'n', isRequired: true }), null), 'required', 'n');
    expectError(() => checkValue(attr({ type: 'bool', propertyId: 'b', isRequired: true }), undefined), 'required', 'b');
  });

  it('refuses an empty or blank string for a required char attribute', () => {
    const a = attr({ type: 'singlechar', propertyId: 'label', isRequired: true });
    expectError(() => checkValue(a, ''), 'required', 'label');
    expectError(() => checkValue(a, '   '), 'required', 'label');
  });
});

describe('checkValue: singlechar and longchar', () => {
  const single = attr({ type: 'singlechar', propertyId: 's' });
  const long = attr({ type: 'longchar', propertyId: 'l' });

  it('refuses non-strings without coercion (not_string)', () => {
    expectError(() => checkValue(single, 5), 'not_string', 's');
    expectError(() => checkValue(single, true), 'not_string', 's');
    expectError(() => checkValue(single, ['a']), 'not_string', 's');
    expectError(() => checkValue(long, { a: 1 }), 'not_string', 'l');
  });

  it('trims', () => {
    expect(checkValue(single, '  hello world \t')).toBe('hello world');
    expect(checkValue(long, '\n text \n')).toBe('text');
  });

  it('allows 256 characters in a singlechar and refuses 257 (too_long)', () => {
    expect(checkValue(single, 'x'.repeat(256))).toBe('x'.repeat(256));
    expectError(() => checkValue(single, 'x'.repeat(257)), 'too_long', 's');
  });

  it('measures length after trimming', () => {
    expect(checkValue(single, ` ${'x'.repeat(256)} `)).toBe('x'.repeat(256));
  });

  it('counts characters, not UTF-16 units', () => {
    const emoji = '😀'.repeat(256); // 512 UTF-16 units
    expect(checkValue(single, emoji)).toBe(emoji);
    expectError(() => checkValue(single, '😀'.repeat(257)), 'too_long', 's');
  });

  it('allows 2000 characters in a longchar and refuses 2001 (too_long)', () => {
    expect(checkValue(long, 'y'.repeat(2000))).toBe('y'.repeat(2000));
    expectError(() => checkValue(long, 'y'.repeat(2001)), 'too_long', 'l');
  });

  it('applies the option as a regular expression (regex_mismatch)', () => {
    const a = attr({ type: 'singlechar', propertyId: 'code', option: '^[a-z]+$' });
    expect(checkValue(a, 'abc')).toBe('abc');
    expect(checkValue(a, '  abc  ')).toBe('abc');
    expectError(() => checkValue(a, 'ABC'), 'regex_mismatch', 'code');
    expectError(() => checkValue(a, 'ab1'), 'regex_mismatch', 'code');
  });

  it('does not apply the regex to an empty optional value', () => {
    const a = attr({ type: 'singlechar', option: '^[a-z]+$' });
    expect(checkValue(a, '')).toBe('');
  });

  it('applies a regex to longchar too', () => {
    const a = attr({ type: 'longchar', propertyId: 'l2', option: '^\\d+$' });
    expect(checkValue(a, '123')).toBe('123');
    expectError(() => checkValue(a, '12a'), 'regex_mismatch', 'l2');
  });
});

describe('checkValue: the topology-name rule', () => {
  const setName = builtin('set', 'bk_set_name');
  const moduleName = builtin('module', 'bk_module_name');
  const bizName = builtin('biz', 'bk_biz_name');

  it('trims names', () => {
    expect(checkValue(setName, '  web  ')).toBe('web');
    expect(checkValue(moduleName, '\tdb\n')).toBe('db');
  });

  it.each([
    ['a space', 'a b'],
    ['a tab', 'a\tb'],
    ['a newline', 'a\nb'],
    ['an ideographic space', 'a\u3000b'],
    ['a slash', 'a/b'],
    ['a hash', 'a#b'],
    ['a double hash', 'a##b'],
    ['a double quote', 'a"b'],
    ['a pipe', 'a|b'],
    ['a colon', 'a:b'],
    ['an asterisk', 'a*b'],
    ['a less-than', 'a<b'],
    ['a greater-than', 'a>b'],
    ['a question mark', 'a?b'],
    ['a backslash', 'a\\b'],
    ['a comma', 'a,b'],
  ])('refuses a name with %s (invalid_value)', (_what, name) => {
    expectError(() => checkValue(setName, name), 'invalid_value', 'bk_set_name');
    expectError(() => checkValue(moduleName, name), 'invalid_value', 'bk_module_name');
    expectError(() => checkValue(bizName, name), 'invalid_value', 'bk_biz_name');
  });

  it('accepts names with other punctuation and non-ASCII letters', () => {
    for (const name of ['web-01', 'web_01', 'web.01', 'a(b)', '[x]', '集群', 'a@b', "o'k"]) {
      expect(checkValue(setName, name)).toBe(name);
    }
  });

  it('refuses an empty or blank name as required', () => {
    expectError(() => checkValue(setName, ''), 'required', 'bk_set_name');
    expectError(() => checkValue(setName, '   '), 'required', 'bk_set_name');
  });

  it('allows 256 characters and refuses 257 with name_too_long', () => {
    expect(checkValue(setName, 'n'.repeat(256))).toBe('n'.repeat(256));
    expectError(() => checkValue(setName, 'n'.repeat(257)), 'name_too_long', 'bk_set_name');
    expectError(() => checkValue(bizName, 'n'.repeat(257)), 'name_too_long', 'bk_biz_name');
  });

  it('refuses a non-string name (not_string)', () => {
    expectError(() => checkValue(setName, 42), 'not_string', 'bk_set_name');
  });

  it('does not apply the rule to fields that are not mainline names', () => {
    expect(checkValue(builtin('plat', 'bk_cloud_name'), 'my area/1')).toBe('my area/1');
    expect(checkValue(builtin('set', 'bk_set_desc'), 'a b, c')).toBe('a b, c');
    // a custom attribute that happens to be called like a name field of another object
    expect(checkValue(attr({ type: 'singlechar', objId: 'set', propertyId: 'bk_module_name' }), 'a b')).toBe('a b');
  });
});

describe('checkValue: int and float', () => {
  const capacity = builtin('set', 'bk_capacity');

  it('refuses a numeric string without coercion (not_integer)', () => {
    expectError(() => checkValue(capacity, '5'), 'not_integer', 'bk_capacity');
  });

  it('refuses fractions, booleans and unsafe integers (not_integer)', () => {
    expectError(() => checkValue(capacity, 1.5), 'not_integer', 'bk_capacity');
    expectError(() => checkValue(capacity, true), 'not_integer', 'bk_capacity');
    expectError(() => checkValue(attr({ type: 'int', propertyId: 'big' }), 2 ** 53), 'not_integer', 'big');
    expectError(() => checkValue(attr({ type: 'int', propertyId: 'nan' }), Number.NaN), 'not_integer', 'nan');
  });

  it('applies min and max inclusively (invalid_value outside)', () => {
    expect(checkValue(capacity, 1)).toBe(1);
    expect(checkValue(capacity, 999999999)).toBe(999999999);
    expectError(() => checkValue(capacity, 0), 'invalid_value', 'bk_capacity');
    expectError(() => checkValue(capacity, -1), 'invalid_value', 'bk_capacity');
    expectError(() => checkValue(capacity, 1000000000), 'invalid_value', 'bk_capacity');
  });

  it('reads min and max given as strings, and ignores empty bounds', () => {
    const a = attr({ type: 'int', propertyId: 'port', option: { min: '1', max: '65535' } });
    expect(checkValue(a, 80)).toBe(80);
    expectError(() => checkValue(a, 65536), 'invalid_value', 'port');
    const open = attr({ type: 'int', propertyId: 'any', option: { min: '', max: null } });
    expect(checkValue(open, -1e15)).toBe(-1e15);
  });

  it('has no range when the option is empty', () => {
    expect(checkValue(attr({ type: 'int' }), Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(checkValue(attr({ type: 'int', option: '' }), -7)).toBe(-7);
  });

  it('holds a built-in integer without a range to 32 bits, the width of its column', () => {
    const account = builtin('plat', 'bk_account_id');
    expect(checkValue(account, 2147483647)).toBe(2147483647);
    expect(checkValue(account, -2147483648)).toBe(-2147483648);
    expectError(() => checkValue(account, 2147483648), 'invalid_value', 'bk_account_id');
    expectError(() => checkValue(account, -2147483649), 'invalid_value', 'bk_account_id');
  });

  it('float: refuses strings (not_number), accepts fractions and applies the range', () => {
    const ratio = attr({ type: 'float', propertyId: 'ratio', option: { min: 0, max: 1 } });
    expectError(() => checkValue(ratio, '0.5'), 'not_number', 'ratio');
    expectError(() => checkValue(ratio, Number.POSITIVE_INFINITY), 'not_number', 'ratio');
    expect(checkValue(ratio, 0.25)).toBe(0.25);
    expect(checkValue(ratio, 1)).toBe(1);
    expectError(() => checkValue(ratio, 1.01), 'invalid_value', 'ratio');
    expectError(() => checkValue(ratio, -0.01), 'invalid_value', 'ratio');
  });

  it('foreignkey takes integers like int', () => {
    const cloud = builtin('host', 'bk_cloud_id');
    expect(checkValue(cloud, 0)).toBe(0);
    expectError(() => checkValue(cloud, '0'), 'not_integer', 'bk_cloud_id');
  });
});

describe('checkValue: enum, enummulti, list', () => {
  const env = builtin('set', 'bk_set_env');

  it('takes an option id given as a string', () => {
    expect(checkValue(env, '1')).toBe('1');
    expect(checkValue(env, '3')).toBe('3');
  });

  it('refuses an id that is not an option, or a number (invalid_value), listing the options', () => {
    const err = expectError(() => checkValue(env, '4'), 'invalid_value', 'bk_set_env');
    expect(err.message).toContain('"3"');
    expectError(() => checkValue(env, 3), 'invalid_value', 'bk_set_env');
    expectError(() => checkValue(env, ''), 'invalid_value', 'bk_set_env');
    expectError(() => checkValue(env, 'production'), 'invalid_value', 'bk_set_env');
  });

  it('enummulti: an array of option ids; one only unless ismultiple', () => {
    const single = attr({ type: 'enummulti', propertyId: 'tags', option: enumOf(['a', 'b', 'c']) });
    const multi = { ...single, isMultiple: true };
    expect(checkValue(single, ['a'])).toEqual(['a']);
    expect(checkValue(multi, ['a', 'c'])).toEqual(['a', 'c']);
    expectError(() => checkValue(single, ['a', 'b']), 'invalid_value', 'tags');
    expectError(() => checkValue(multi, 'a'), 'invalid_value', 'tags');
    expectError(() => checkValue(multi, ['a', 'z']), 'invalid_value', 'tags');
  });

  it('list: one of the option strings', () => {
    const a = attr({ type: 'list', propertyId: 'state', option: ['running', 'standby'] });
    expect(checkValue(a, 'standby')).toBe('standby');
    expectError(() => checkValue(a, 'stopped'), 'invalid_value', 'state');
    expectError(() => checkValue(a, ['running']), 'invalid_value', 'state');
  });
});

describe('checkValue: bool', () => {
  const flag = attr({ type: 'bool', propertyId: 'flag' });

  it('takes JSON booleans only (not_bool)', () => {
    expect(checkValue(flag, true)).toBe(true);
    expect(checkValue(flag, false)).toBe(false);
    expectError(() => checkValue(flag, 'true'), 'not_bool', 'flag');
    expectError(() => checkValue(flag, 1), 'not_bool', 'flag');
    expectError(() => checkValue(flag, 0), 'not_bool', 'flag');
  });
});

describe('checkValue: objuser', () => {
  const maintainers = builtin('biz', 'bk_biz_maintainer'); // ismultiple
  const one = attr({ type: 'objuser', propertyId: 'owner', isMultiple: false });

  it('takes comma-separated user names when multiple', () => {
    expect(checkValue(maintainers, 'alice,bob')).toBe('alice,bob');
    expect(checkValue(maintainers, 'a.b@corp,c_d-1,9x')).toBe('a.b@corp,c_d-1,9x');
  });

  it('refuses names with spaces or other characters (regex_mismatch)', () => {
    expectError(() => checkValue(maintainers, 'alice bob'), 'regex_mismatch', 'bk_biz_maintainer');
    expectError(() => checkValue(maintainers, 'alice, bob'), 'regex_mismatch', 'bk_biz_maintainer');
    expectError(() => checkValue(maintainers, 'alice;bob'), 'regex_mismatch', 'bk_biz_maintainer');
    expectError(() => checkValue(maintainers, '_alice'), 'regex_mismatch', 'bk_biz_maintainer');
  });

  it('refuses empty names in the list (regex_mismatch)', () => {
    expectError(() => checkValue(maintainers, 'alice,,bob'), 'regex_mismatch', 'bk_biz_maintainer');
    expectError(() => checkValue(maintainers, 'alice,'), 'regex_mismatch', 'bk_biz_maintainer');
  });

  it('takes exactly one name when not multiple', () => {
    expect(checkValue(one, 'alice')).toBe('alice');
    expectError(() => checkValue(one, 'alice,bob'), 'invalid_value', 'owner');
  });

  it('treats an empty string as no value, unless required', () => {
    expect(checkValue(one, '')).toBeNull();
    expect(checkValue(one, '  ')).toBeNull();
    expectError(() => checkValue(maintainers, ''), 'required', 'bk_biz_maintainer');
  });

  it('refuses non-strings and more than 2000 characters', () => {
    expectError(() => checkValue(one, 7), 'not_string', 'owner');
    const long = Array.from({ length: 500 }, (_, i) => `u${String(i).padStart(3, '0')}`).join(','); // 2499 chars
    expectError(() => checkValue(maintainers, long), 'too_long', 'bk_biz_maintainer');
  });
});

describe('checkValue: timezone, date, time, organization', () => {
  it('timezone: IANA-like names', () => {
    const tz = builtin('biz', 'time_zone');
    expect(checkValue(tz, 'Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(checkValue(tz, 'Etc/GMT+8')).toBe('Etc/GMT+8');
    expect(checkValue(tz, 'UTC')).toBe('UTC');
    expectError(() => checkValue(tz, 'Asia Shanghai'), 'invalid_value', 'time_zone');
    expectError(() => checkValue(tz, 8), 'not_string', 'time_zone');
    // Shaped like a zone but not one the time-zone database knows; and an endless name.
    expectError(() => checkValue(tz, 'Mars/Olympus_Mons'), 'invalid_value', 'time_zone');
    expectError(() => checkValue(tz, `Asia/${'x'.repeat(5000)}`), 'invalid_value', 'time_zone');
  });

  it('date: YYYY-MM-DD; empty is no value', () => {
    const d = attr({ type: 'date', propertyId: 'day' });
    expect(checkValue(d, '2024-02-29')).toBe('2024-02-29');
    expect(checkValue(d, '')).toBeNull();
    expectError(() => checkValue(d, '2024-2-29'), 'invalid_value', 'day');
    expectError(() => checkValue(d, '2024-13-01'), 'invalid_value', 'day');
    expectError(() => checkValue(d, '29/02/2024'), 'invalid_value', 'day');
  });

  it('date: refuses days a month does not have', () => {
    const d = attr({ type: 'date', propertyId: 'day' });
    expectError(() => checkValue(d, '2024-02-30'), 'invalid_value', 'day');
    expectError(() => checkValue(d, '2023-02-29'), 'invalid_value', 'day');
    expectError(() => checkValue(d, '2024-04-31'), 'invalid_value', 'day');
  });

  it('time: "YYYY-MM-DD hh:mm:ss" or RFC 3339', () => {
    const t = attr({ type: 'time', propertyId: 'at' });
    expect(checkValue(t, '2024-01-02 03:04:05')).toBe('2024-01-02 03:04:05');
    expect(checkValue(t, '2024-01-02T03:04:05Z')).toBe('2024-01-02T03:04:05Z');
    expect(checkValue(t, '2024-01-02T03:04:05.123+08:00')).toBe('2024-01-02T03:04:05.123+08:00');
    expect(checkValue(t, '')).toBeNull();
    expectError(() => checkValue(t, '2024-01-02'), 'invalid_value', 'at');
    expectError(() => checkValue(t, 'yesterday'), 'invalid_value', 'at');
    expectError(() => checkValue(t, '2024-01-02 03:61:05'), 'invalid_value', 'at');
  });

  // BUG (src/domain/model/validator.ts, case 'time'): Date.parse rolls impossible dates over (Feb 30 → Mar 1)
  // and takes hour 24, so these are accepted and stored as given. bk-cmdb parses with Go's time.Parse, which
  // refuses them. Marked `fails` so the suite stays green; turn it into `it` once the check is fixed.
  it('time: refuses impossible dates and hours', () => {
    const t = attr({ type: 'time', propertyId: 'at' });
    expectError(() => checkValue(t, '2024-02-30 10:00:00'), 'invalid_value', 'at');
    expectError(() => checkValue(t, '2024-01-01T24:00:00Z'), 'invalid_value', 'at');
  });

  it('organization: an array of integer ids', () => {
    const o = attr({ type: 'organization', propertyId: 'org' });
    expect(checkValue(o, [1, 2])).toEqual([1, 2]);
    expect(checkValue(o, [])).toEqual([]);
    expectError(() => checkValue(o, ['1']), 'invalid_value', 'org');
    expectError(() => checkValue(o, 1), 'invalid_value', 'org');
  });
});

describe('defaultFor', () => {
  it('answers the attribute default first', () => {
    expect(defaultFor(builtin('biz', 'time_zone'))).toBe('Asia/Shanghai');
    expect(defaultFor(builtin('set', 'set_template_id'))).toBe(0);
    expect(defaultFor(attr({ type: 'enum', option: enumOf(['a', 'b'], 'a'), defaultValue: 'b' }))).toBe('b');
    expect(defaultFor(attr({ type: 'bool', defaultValue: true }))).toBe(true);
    expect(defaultFor(attr({ type: 'singlechar', defaultValue: 'x' }))).toBe('x');
  });

  it('enum: the is_default option, else null', () => {
    expect(defaultFor(builtin('set', 'bk_set_env'))).toBe('3');
    expect(defaultFor(builtin('set', 'bk_service_status'))).toBe('1');
    expect(defaultFor(builtin('module', 'bk_module_type'))).toBe('1');
    expect(defaultFor(attr({ type: 'enum', option: enumOf(['a', 'b']) }))).toBeNull();
  });

  it('bool false, strings empty, everything else null', () => {
    expect(defaultFor(attr({ type: 'bool' }))).toBe(false);
    expect(defaultFor(attr({ type: 'singlechar' }))).toBe('');
    expect(defaultFor(attr({ type: 'longchar' }))).toBe('');
    for (const type of ['int', 'float', 'objuser', 'date', 'time', 'timezone', 'list', 'organization', 'enummulti'] as const) {
      expect(defaultFor(attr({ type })), type).toBeNull();
    }
  });
});

describe('validateForCreate', () => {
  const setAttrs = builtins('set');
  const okSet = { bk_set_name: 'web', bk_parent_id: 3 };

  it('fills defaults for every attribute not given', () => {
    const { values, ignored } = validateForCreate(setAttrs, okSet, NOT_STRICT);
    expect(ignored).toEqual([]);
    expect(values).toEqual({
      bk_set_name: 'web',
      bk_parent_id: 3,
      bk_set_desc: '',
      bk_set_env: '3',
      bk_service_status: '1',
      description: '',
      bk_capacity: null,
      set_template_id: 0,
      default: 0,
    });
  });

  it('keeps given values, normalised', () => {
    const { values } = validateForCreate(setAttrs, { ...okSet, bk_set_name: '  web  ', bk_set_env: '1', bk_capacity: 10 }, NOT_STRICT);
    expect(values).toMatchObject({ bk_set_name: 'web', bk_set_env: '1', bk_capacity: 10 });
  });

  it.each(['bk_set_name', 'bk_parent_id'])('refuses a create without %s (required), naming it', (field) => {
    const input: Record<string, unknown> = { ...okSet };
    delete input[field];
    expectError(() => validateForCreate(setAttrs, input, NOT_STRICT), 'required', field);
  });

  it('treats null and blank strings as missing for required attributes', () => {
    expectError(() => validateForCreate(setAttrs, { ...okSet, bk_set_name: null }, NOT_STRICT), 'required', 'bk_set_name');
    expectError(() => validateForCreate(setAttrs, { ...okSet, bk_set_name: ' ' }, NOT_STRICT), 'required', 'bk_set_name');
  });

  it('checks required attributes before the types of the others', () => {
    expectError(() => validateForCreate(setAttrs, { bk_parent_id: 3, bk_capacity: 'lots' }, NOT_STRICT), 'required', 'bk_set_name');
  });

  it('does not ask for a required attribute that has a default', () => {
    const { values } = validateForCreate(builtins('biz'), { bk_biz_name: 'b', bk_biz_maintainer: 'admin' }, NOT_STRICT);
    expect(values).toMatchObject({ time_zone: 'Asia/Shanghai', language: '1', life_cycle: '2', bk_biz_productor: null });
  });

  it('requires the other built-in names: module, biz, cloud area', () => {
    expectError(() => validateForCreate(builtins('module'), { bk_parent_id: 5 }, NOT_STRICT), 'required', 'bk_module_name');
    expectError(() => validateForCreate(builtins('biz'), { bk_biz_maintainer: 'admin' }, NOT_STRICT), 'required', 'bk_biz_name');
    expectError(() => validateForCreate(builtins('biz'), { bk_biz_name: 'x' }, NOT_STRICT), 'required', 'bk_biz_maintainer');
    expectError(() => validateForCreate(builtins('plat'), {}, NOT_STRICT), 'required', 'bk_cloud_name');
  });

  it('validates every given value', () => {
    expectError(() => validateForCreate(setAttrs, { ...okSet, bk_capacity: '5' }, NOT_STRICT), 'not_integer', 'bk_capacity');
    expectError(() => validateForCreate(setAttrs, { ...okSet, bk_set_desc: 5 }, NOT_STRICT), 'not_string', 'bk_set_desc');
    expectError(() => validateForCreate(setAttrs, { ...okSet, bk_set_env: 3 }, NOT_STRICT), 'invalid_value', 'bk_set_env');
    expectError(() => validateForCreate(setAttrs, { ...okSet, bk_parent_id: '3' }, NOT_STRICT), 'not_integer', 'bk_parent_id');
  });

  it('drops unknown keys and names them', () => {
    const { values, ignored } = validateForCreate(setAttrs, { ...okSet, foo: 1, bar: 'x' }, NOT_STRICT);
    expect(ignored).toEqual(['foo', 'bar']);
    expect(values).not.toHaveProperty('foo');
    expect(values).not.toHaveProperty('bar');
  });

  it('refuses unknown keys in strict mode (unknown_field)', () => {
    expectError(() => validateForCreate(setAttrs, { ...okSet, foo: 1 }, STRICT), 'unknown_field', 'foo');
  });

  it('neither reports nor keeps pass-through keys', () => {
    const passThrough = new Set(['bk_biz_id']);
    const loose = validateForCreate(setAttrs, { ...okSet, bk_biz_id: 3 }, { strict: false, passThrough });
    expect(loose.ignored).toEqual([]);
    expect(loose.values).not.toHaveProperty('bk_biz_id');
    const strict = validateForCreate(setAttrs, { ...okSet, bk_biz_id: 3 }, { strict: true, passThrough });
    expect(strict.values).not.toHaveProperty('bk_biz_id');
  });

  it('applies custom attributes like built-in ones', () => {
    const attrs = [
      ...setAttrs,
      attr({ type: 'singlechar', propertyId: 'code', isRequired: true, option: '^[a-z]+$' }),
      attr({ type: 'enum', propertyId: 'tier', option: enumOf(['gold', 'silver'], 'silver') }),
    ];
    expectError(() => validateForCreate(attrs, okSet, NOT_STRICT), 'required', 'code');
    expectError(() => validateForCreate(attrs, { ...okSet, code: 'A1' }, NOT_STRICT), 'regex_mismatch', 'code');
    expect(validateForCreate(attrs, { ...okSet, code: 'abc' }, NOT_STRICT).values).toMatchObject({ code: 'abc', tier: 'silver' });
  });
});

describe('validateForUpdate', () => {
  const setAttrs = builtins('set');

  it('answers only the given keys, checked', () => {
    const { values, ignored } = validateForUpdate(setAttrs, { bk_set_name: ' web2 ', bk_capacity: 5 }, NOT_STRICT);
    expect(values).toEqual({ bk_set_name: 'web2', bk_capacity: 5 });
    expect(ignored).toEqual([]);
  });

  it('fills no defaults and skips undefined values', () => {
    const { values } = validateForUpdate(setAttrs, { bk_set_desc: 'd', bk_set_env: undefined }, NOT_STRICT);
    expect(values).toEqual({ bk_set_desc: 'd' });
  });

  it('validates values as create does', () => {
    expectError(() => validateForUpdate(setAttrs, { bk_capacity: 0 }, NOT_STRICT), 'invalid_value', 'bk_capacity');
    expectError(() => validateForUpdate(setAttrs, { bk_set_name: 'a b' }, NOT_STRICT), 'invalid_value', 'bk_set_name');
    expectError(() => validateForUpdate(setAttrs, { bk_set_desc: 'x'.repeat(257) }, NOT_STRICT), 'too_long', 'bk_set_desc');
  });

  it('refuses clearing a required attribute', () => {
    expectError(() => validateForUpdate(setAttrs, { bk_set_name: null }, NOT_STRICT), 'required', 'bk_set_name');
    expectError(() => validateForUpdate(setAttrs, { bk_set_name: '' }, NOT_STRICT), 'required', 'bk_set_name');
  });

  it('refuses system, non-editable and read-only attributes (not_editable)', () => {
    expectError(() => validateForUpdate(setAttrs, { bk_parent_id: 4 }, NOT_STRICT), 'not_editable', 'bk_parent_id');
    expectError(() => validateForUpdate(setAttrs, { default: 0 }, NOT_STRICT), 'not_editable', 'default');
    expectError(() => validateForUpdate(builtins('biz'), { time_zone: 'UTC' }, NOT_STRICT), 'not_editable', 'time_zone');
    const ro = [attr({ type: 'singlechar', propertyId: 'ro', isReadonly: true })];
    expectError(() => validateForUpdate(ro, { ro: 'x' }, NOT_STRICT), 'not_editable', 'ro');
  });

  it('drops unknown keys, or refuses them in strict mode', () => {
    const { values, ignored } = validateForUpdate(setAttrs, { bk_set_desc: 'd', foo: 1 }, NOT_STRICT);
    expect(values).toEqual({ bk_set_desc: 'd' });
    expect(ignored).toEqual(['foo']);
    expectError(() => validateForUpdate(setAttrs, { bk_set_desc: 'd', foo: 1 }, STRICT), 'unknown_field', 'foo');
  });
});
