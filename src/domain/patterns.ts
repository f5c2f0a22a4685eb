import { invalidParameter } from './errors.js';

/**
 * The longest text a "contains" / "begins with" search takes: longer than any field a search reads holds,
 * and well inside SQLite's limit on a LIKE pattern (50,000 bytes), which would otherwise fail the query.
 */
export const MAX_PATTERN_CHARS = 4096;

/** Control characters, which no name or id of Topograph's holds. */
export const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** A UTF-16 surrogate without its pair: no Unicode text holds one (PostgreSQL's JSON refuses it). */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A text operand as both stores can take it: no NUL (neither keeps one), no unpaired surrogate. */
export function checkStorableText(where: string, text: string): string {
  if (text.includes('\u0000')) throw invalidParameter(where, 'must not contain the NUL character');
  if (LONE_SURROGATE.test(text)) throw invalidParameter(where, 'must be Unicode text: it holds an unpaired surrogate');
  return text;
}

/** A search text as the stores can take it (checkStorableText), at most MAX_PATTERN_CHARS. */
export function checkPattern(where: string, text: string): string {
  checkStorableText(where, text);
  if (text.length > MAX_PATTERN_CHARS) {
    throw invalidParameter(where, `is ${text.length} characters long; a search text is at most ${MAX_PATTERN_CHARS}`);
  }
  return text;
}
