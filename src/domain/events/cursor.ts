import { MAX_ID, invalidParameter } from '../errors.js';

/** bk_cursor values are opaque to clients; inside they are an event id. */
const PREFIX = 'tg1:';

export const encodeCursor = (eventId: number): string => Buffer.from(`${PREFIX}${eventId}`).toString('base64url');

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : NaN;
  // Event ids are the stores' 32-bit ids: a larger number was never issued (and PostgreSQL would refuse to compare it).
  if (!Number.isSafeInteger(id) || id < 0 || id > MAX_ID) throw invalidParameter('bk_cursor', 'is not a cursor Topograph issued');
  return id;
}
