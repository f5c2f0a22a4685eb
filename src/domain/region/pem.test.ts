import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePki, type Pki } from '../../../test/support/region-fixtures.js';
import { certificateProblem, keyMatchesCertificate, privateKeyProblem } from './pem.js';

let pki: Pki;
beforeAll(() => {
  pki = makePki();
});

describe('certificateProblem', () => {
  it('accepts one certificate or a chain, with surrounding whitespace and CRLF line ends', () => {
    expect(certificateProblem(pki.caCert)).toBeUndefined();
    expect(certificateProblem(`\n${pki.caCert}\n\n${pki.serverCert}  `)).toBeUndefined();
    expect(certificateProblem(pki.caCert.replace(/\n/g, '\r\n'))).toBeUndefined();
  });
  it('refuses what is not only certificates', () => {
    expect(certificateProblem('hello')).toMatch(/must be PEM/);
    expect(certificateProblem('/etc/ssl/ca.pem')).toMatch(/file paths/);
    expect(certificateProblem(pki.clientKey)).toMatch(/private key/);
    expect(certificateProblem(`${pki.caCert}garbage`)).toMatch(/other text/);
    expect(certificateProblem(`${pki.caCert}-----BEGIN CERTIFICATE-----\nAAAA\n`)).toMatch(/no matching/);
    expect(certificateProblem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toMatch(/cannot parse|can parse/);
    const pub = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(certificateProblem(pub)).toMatch(/found a "PUBLIC KEY" block/);
  });
});

describe('privateKeyProblem', () => {
  it('accepts PKCS#8, PKCS#1 RSA and SEC1 EC keys', () => {
    expect(privateKeyProblem(pki.clientKey)).toBeUndefined();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    expect(rsa).toContain('BEGIN RSA PRIVATE KEY');
    expect(privateKeyProblem(rsa)).toBeUndefined();
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string;
    expect(ec).toContain('BEGIN EC PRIVATE KEY');
    expect(privateKeyProblem(ec)).toBeUndefined();
  });
  it('refuses certificates, encrypted keys, several blocks and garbage', () => {
    expect(privateKeyProblem(pki.caCert)).toMatch(/must be a private key/);
    const enc = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'x',
    }) as string;
    expect(privateKeyProblem(enc)).toMatch(/encrypted/);
    const encRsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs1',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'x',
    }) as string;
    expect(privateKeyProblem(encRsa)).toMatch(/encrypted|other text|parse/);
    expect(privateKeyProblem(`${pki.clientKey}${pki.otherClientKey}`)).toMatch(/exactly one/);
    expect(privateKeyProblem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toMatch(/parse/);
    expect(privateKeyProblem('/root/client.key')).toMatch(/file paths/);
    expect(privateKeyProblem('')).toMatch(/must be PEM/);
  });
});

describe('keyMatchesCertificate', () => {
  it('tells a matching pair from a mismatched one', () => {
    expect(keyMatchesCertificate(pki.clientKey, pki.clientCert)).toBe(true);
    expect(keyMatchesCertificate(pki.otherClientKey, pki.clientCert)).toBe(false);
    expect(keyMatchesCertificate(pki.serverKey, pki.serverCert)).toBe(true);
  });
});
