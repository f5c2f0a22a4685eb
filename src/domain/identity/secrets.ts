import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * App secrets are kept as HMAC-SHA256(salt, secret); access tokens as SHA-256(token), which is also their
 * lookup key (a token is 32 random bytes, so an unsalted digest is safe and indexable). Comparisons are
 * constant-time. Nothing here logs or returns a secret.
 */
export const newSecret = (): string => randomBytes(32).toString('base64url');
export const newSalt = (): string => randomBytes(16).toString('hex');

export const hashAppSecret = (secret: string, salt: string): string =>
  createHmac('sha256', salt).update(secret, 'utf8').digest('hex');

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export function sameHash(aHex: string, bHex: string): boolean {
  const a = Buffer.from(aHex, 'hex');
  const b = Buffer.from(bHex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
