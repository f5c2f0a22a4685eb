import { invalidParameter } from './errors.js';

/** Fields one page.sort may name: past this, SQLite refuses the ORDER BY (and no client needs it). */
export const MAX_SORT_TERMS = 10;

/**
 * bk-cmdb's page.sort: "field" or "-field" (also "field:-1"), comma-separated; a field named again is the first
 * naming's. Whether each field may be sorted on is the caller's check.
 */
export function parseSortTerms(sort: string): Array<{ field: string; desc: boolean }> {
  const terms = new Map<string, boolean>();
  for (const raw of sort.split(',')) {
    const part = raw.trim();
    const field = part.replace(/^-/, '').split(':')[0]!.trim();
    if (!terms.has(field)) terms.set(field, part.startsWith('-') || part.endsWith(':-1'));
  }
  if (terms.size > MAX_SORT_TERMS) throw invalidParameter('page.sort', `names ${terms.size} fields, at most ${MAX_SORT_TERMS}`);
  return [...terms].map(([field, desc]) => ({ field, desc }));
}
