import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { categoryNameOf, idListOf, intOf, pageOf, templateNameOf } from './params.js';

const errorOf = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('no error');
};
const kindOf = (fn: () => unknown): string => errorOf(fn).kind;

describe('template parameters', () => {
  it('intOf takes safe integers only', () => {
    expect(intOf('id', 7)).toBe(7);
    expect(kindOf(() => intOf('id', '7'))).toBe('not_integer');
    expect(kindOf(() => intOf('id', 1.5))).toBe('not_integer');
    expect(kindOf(() => intOf('id', 2 ** 53 + 2))).toBe('not_integer');
  });

  it('idListOf drops duplicates, keeps order and enforces its bounds', () => {
    expect(idListOf('ids', [3, 1, 3], { max: 5, allowEmpty: false })).toEqual([3, 1]);
    expect(kindOf(() => idListOf('ids', [], { max: 5, allowEmpty: false }))).toBe('invalid_parameter');
    expect(idListOf('ids', [], { max: 5, allowEmpty: true })).toEqual([]);
    // too many is bk-cmdb's "exceed the limit" (1199035 on the ESB), as every id list's cap
    expect(errorOf(() => idListOf('ids', [1, 2, 3], { max: 2, allowEmpty: true })).details).toMatchObject({ operation: 'too_many', field: 'ids' });
    expect(idListOf('ids', [1, 2, 2], { max: 2, allowEmpty: true })).toEqual([1, 2]);
    expect(kindOf(() => idListOf('ids', 'x', { max: 2, allowEmpty: true }))).toBe('invalid_parameter');
    expect(kindOf(() => idListOf('ids', [1, 'x'], { max: 2, allowEmpty: true }))).toBe('not_integer');
  });

  it('template names follow the topology name rule', () => {
    expect(templateNameOf('name', '  web-1 ')).toBe('web-1');
    expect(kindOf(() => templateNameOf('name', ''))).toBe('required');
    expect(kindOf(() => templateNameOf('name', 5))).toBe('not_string');
    expect(kindOf(() => templateNameOf('name', 'a b'))).toBe('invalid_value');
    expect(kindOf(() => templateNameOf('name', 'a#b'))).toBe('invalid_value');
    expect(kindOf(() => templateNameOf('name', 'a\u0000b'))).toBe('invalid_value');
    expect(templateNameOf('name', '😀'.repeat(256))).toHaveLength(512);
    expect(kindOf(() => templateNameOf('name', '😀'.repeat(257)))).toBe('name_too_long');
  });

  it('category names take letters, digits, _, Chinese characters and : - ( ) only, up to 128', () => {
    expect(categoryNameOf('name', 'HTTP服务(Nginx):v1-x')).toBe('HTTP服务(Nginx):v1-x');
    expect(kindOf(() => categoryNameOf('name', 'a.b'))).toBe('invalid_value');
    expect(kindOf(() => categoryNameOf('name', 'é'))).toBe('invalid_value');
    expect(kindOf(() => categoryNameOf('name', 'x'.repeat(129)))).toBe('invalid_value');
  });

  it('pageOf: defaults, the cap, sortable fields', () => {
    const rules = { maxLimit: 1000, sortable: ['id', 'name'], defaultSort: '-id' };
    expect(pageOf(undefined, rules)).toEqual({ start: 0, limit: 1000, sort: [{ field: 'id', desc: true }] });
    expect(pageOf({ start: 2, limit: 5, sort: 'name' }, rules)).toEqual({ start: 2, limit: 5, sort: [{ field: 'name', desc: false }] });
    expect(kindOf(() => pageOf({ limit: 1001 }, rules))).toBe('page_limit');
    expect(kindOf(() => pageOf({ sort: 'secret' }, rules))).toBe('invalid_parameter');
    expect(kindOf(() => pageOf({ start: 1e300 }, rules))).toBe('invalid_parameter');
    expect(kindOf(() => pageOf([], rules))).toBe('invalid_parameter');
  });
});
