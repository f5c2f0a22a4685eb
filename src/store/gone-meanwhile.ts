import { notFound } from '../domain/errors.js';

/**
 * Rows read by this write were changed or deleted by another request before this one wrote them (PostgreSQL
 * runs writes side by side; SQLite never gets here). The whole write is undone and the caller told which are
 * gone, so a second delete of one record is "not found", never a second success with its own audit record.
 */
export function goneMeanwhile(what: string, asked: readonly number[], written: readonly number[]): never {
  const done = new Set(written);
  const gone = [...new Set(asked)].filter((id) => !done.has(id));
  const listed = `${gone.slice(0, 20).join(', ')}${gone.length > 20 ? ` (and ${gone.length - 20} more)` : ''}`;
  throw notFound(`${what} ${listed} no longer exist(s): another request removed it meanwhile`);
}
