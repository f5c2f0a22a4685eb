import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { MAX_SORT_TERMS, parseSortTerms } from './sort-terms.js';

describe('parseSortTerms', () => {
  it('reads "field", "-field" and "field:-1", trimmed, in order', () => {
    expect(parseSortTerms('bk_host_id, -bk_host_name,bk_cpu:-1')).toEqual([
      { field: 'bk_host_id', desc: false },
      { field: 'bk_host_name', desc: true },
      { field: 'bk_cpu', desc: true },
    ]);
  });

  it('keeps the first naming of a field named again', () => {
    expect(parseSortTerms('-a,b,a,' + 'b,'.repeat(3000) + 'a')).toEqual([
      { field: 'a', desc: true },
      { field: 'b', desc: false },
    ]);
  });

  it(`refuses more than ${MAX_SORT_TERMS} fields, naming page.sort`, () => {
    const fields = Array.from({ length: MAX_SORT_TERMS + 1 }, (_, i) => `f${i}`);
    expect(parseSortTerms(fields.slice(0, MAX_SORT_TERMS).join(','))).toHaveLength(MAX_SORT_TERMS);
    expect(() => parseSortTerms(fields.join(','))).toThrow(DomainError);
    expect(() => parseSortTerms(fields.join(','))).toThrow(`'page.sort' names 11 fields, at most ${MAX_SORT_TERMS}`);
  });
});
