import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBoxError, open, seal, secretAad } from './secret-box.js';

describe('secret box (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const aad = secretAad('abc', 'token');

  it('round-trips, with a fresh IV each time, in the v1:base64 format', () => {
    const a = seal(key, 'héllo secret', aad);
    const b = seal(key, 'héllo secret', aad);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice(3), 'base64').subarray(0, 12)).not.toEqual(Buffer.from(b.slice(3), 'base64').subarray(0, 12));
    expect(open(key, a, aad)).toBe('héllo secret');
    expect(Buffer.from(a.slice(3), 'base64').length).toBe(12 + 16 + Buffer.byteLength('héllo secret'));
  });

  it('refuses another key, other associated data, tampering and foreign formats', () => {
    const sealed = seal(key, 'value', aad);
    expect(() => open(randomBytes(32), sealed, aad)).toThrow(SecretBoxError);
    expect(() => open(key, sealed, secretAad('abc', 'key_file'))).toThrow(SecretBoxError);
    expect(() => open(key, sealed, secretAad('abd', 'token'))).toThrow(SecretBoxError);
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => open(key, `v1:${raw.toString('base64')}`, aad)).toThrow(SecretBoxError);
    expect(() => open(key, 'value', aad)).toThrow(/unknown format/);
    expect(() => open(key, 'v1:AAAA', aad)).toThrow(/truncated/);
    expect(() => seal(randomBytes(16), 'x', aad)).toThrow(/32 bytes/);
  });
});
