import { describe, expect, it } from 'vitest';
import { hasNestedQuantifier } from './regex-safety.js';

describe('hasNestedQuantifier', () => {
  it.each(['^(a+)+$', '(a*)*', '(\\d+)*x', '((ab)+c)+', '(a{2,})+', '(x+y)*'])('refuses %s', (p) => {
    expect(hasNestedQuantifier(p)).toBe(true);
  });
  it.each(['^[a-z]+$', '^(ab)+$', '^\\d{1,3}(\\.\\d{1,3}){3}$', '^(a|b)?c*$', '[(+)]+', '^\\(a+\\)+$', '^(foo)?(bar)+$'])('accepts %s', (p) => {
    expect(hasNestedQuantifier(p)).toBe(false);
  });
});
