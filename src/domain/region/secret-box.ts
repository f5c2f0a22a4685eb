import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest: AES-256-GCM under TOPOGRAPH_SECRET_KEY (32 bytes), a fresh random 12-byte IV per value,
 * stored as "v1:" + base64(iv ‖ tag ‖ ciphertext). The associated data binds each value to its region and
 * field, so a stored value copied onto another row or column does not decrypt.
 */
const VERSION = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {}

export const secretAad = (regionId: string, field: 'key_file' | 'token') => `topograph:region:${regionId}:${field}`;

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new SecretBoxError('the secret key must be 32 bytes');
}

export function seal(key: Buffer, plaintext: string, aad: string): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function open(key: Buffer, sealed: string, aad: string): string {
  checkKey(key);
  if (!sealed.startsWith(VERSION)) throw new SecretBoxError('unknown format of a stored secret');
  const raw = Buffer.from(sealed.slice(VERSION.length), 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('a stored secret is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('a stored secret does not decrypt with the configured TOPOGRAPH_SECRET_KEY');
  }
}
