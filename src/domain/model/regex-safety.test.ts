import { describe, expect, it } from 'vitest';
import { hasNestedQuantifier } from './regex-safety.js';

describe('hasNestedQuantifier', () => {
  it.each([
    '^(a+)+$', '(a*)*', '(\\d+)*x', '((ab)+c)+', '(a{2,})+', '(x+y)*',
    // a repeated choice whose alternatives overlap, a large bounded repetition, a long run of repeated atoms
    '^(a|a)*$', '^(\\w|\\d)*$', '^(a+){1,99}$', '^a*a*a*a*a*a*a*a*a*a*$', '^a*?a*?a*?a*?$', '^(a)*(a)*(a)*(a)*$',
  ])('refuses %s', (p) => {
    expect(hasNestedQuantifier(p)).toBe(true);
  });
  it.each([
    '^[a-z]+$', '^(ab)+$', '^\\d{1,3}(\\.\\d{1,3}){3}$', '^(a|b)?c*$', '[(+)]+', '^\\(a+\\)+$', '^(foo)?(bar)+$',
    '^[a-z]*[0-9]*[a-z]*$', '^(tcp|udp)$', '^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$',
    '^[a-z]+-[0-9]+-[a-z]+$', '^(?:[a-z]{2,10})$',
  ])('accepts %s', (p) => {
    expect(hasNestedQuantifier(p)).toBe(false);
  });
});
