import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';

/**
 * The PEM checks of the region's certificate fields. Every answer is a sentence that names the rule; none
 * ever quotes the input (a private key must not end up in an error body or a log line).
 */

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
const ANY_BEGIN = /-----BEGIN /g;

interface Block {
  label: string;
  text: string;
}

/** The PEM blocks of a text, and whether anything but whitespace sits outside them. */
function blocksOf(pem: string): { blocks: Block[]; stray: boolean; unterminated: boolean } {
  const blocks: Block[] = [];
  let rest = '';
  let last = 0;
  for (const m of pem.matchAll(BLOCK)) {
    blocks.push({ label: m[1]!, text: m[0] });
    rest += pem.slice(last, m.index);
    last = m.index! + m[0].length;
  }
  rest += pem.slice(last);
  const begins = (pem.match(ANY_BEGIN) ?? []).length;
  return { blocks, stray: rest.trim() !== '', unterminated: begins !== blocks.length };
}

const looksLikePath = (s: string) => /^\s*\//.test(s) && !s.includes('-----BEGIN');

/**
 * ssl_ca_cert / cert_file: one or more "-----BEGIN CERTIFICATE-----" blocks, each a certificate Node's
 * X509Certificate parses, and nothing else (a private key pasted into a certificate field would be stored
 * and returned in clear, so it is refused). Answers the problem, or undefined when the text is fine.
 */
export function certificateProblem(pem: string): string | undefined {
  if (looksLikePath(pem)) {
    return 'must be PEM content ("-----BEGIN CERTIFICATE-----"); file paths are not accepted';
  }
  const { blocks, stray, unterminated } = blocksOf(pem);
  if (blocks.length === 0) return 'must be PEM: one or more "-----BEGIN CERTIFICATE-----" blocks';
  if (unterminated) return 'is not valid PEM: a "-----BEGIN" line has no matching "-----END" line';
  if (blocks.some((b) => b.label.includes('PRIVATE KEY'))) {
    return 'holds a private key: certificate fields take certificates only (the key goes in key_file)';
  }
  const other = blocks.find((b) => b.label !== 'CERTIFICATE');
  if (other) return `must hold only CERTIFICATE blocks, found a "${other.label}" block`;
  if (stray) return 'must hold only PEM CERTIFICATE blocks: there is other text around them';
  for (let i = 0; i < blocks.length; i++) {
    try {
      new X509Certificate(blocks[i]!.text);
    } catch {
      return blocks.length === 1
        ? 'is not a certificate Node can parse (bad base64 or DER inside the CERTIFICATE block)'
        : `certificate ${i + 1} of ${blocks.length} cannot be parsed (bad base64 or DER inside the block)`;
    }
  }
  return undefined;
}

/** The certificates of a checked certificate field. */
export function certificatesOf(pem: string): X509Certificate[] {
  return blocksOf(pem).blocks.map((b) => new X509Certificate(b.text));
}

/**
 * key_file: exactly one unencrypted private key in PEM ("-----BEGIN PRIVATE KEY-----", "RSA PRIVATE KEY",
 * "EC PRIVATE KEY") that crypto.createPrivateKey parses.
 */
export function privateKeyProblem(pem: string): string | undefined {
  if (looksLikePath(pem)) return 'must be PEM content ("-----BEGIN PRIVATE KEY-----"); file paths are not accepted';
  const { blocks, stray, unterminated } = blocksOf(pem);
  if (blocks.length === 0) return 'must be PEM: a "-----BEGIN PRIVATE KEY-----" block';
  if (unterminated) return 'is not valid PEM: a "-----BEGIN" line has no matching "-----END" line';
  if (blocks.length > 1) return 'must hold exactly one PEM block, the private key';
  if (stray) return 'must hold only the PEM private key block: there is other text around it';
  const label = blocks[0]!.label;
  if (label === 'ENCRYPTED PRIVATE KEY') return 'is an encrypted private key: give the key without a passphrase';
  if (!label.endsWith('PRIVATE KEY')) return `must be a private key, found a "${label}" block`;
  try {
    createPrivateKey({ key: blocks[0]!.text, format: 'pem' });
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (/passphrase/i.test(String((e as Error).message)) || code === 'ERR_MISSING_PASSPHRASE') {
      return 'is an encrypted private key: give the key without a passphrase';
    }
    return 'is not a private key Node can parse (bad base64 or key structure inside the block)';
  }
  return undefined;
}

export function privateKeyOf(pem: string): KeyObject {
  return createPrivateKey({ key: pem, format: 'pem' });
}

/** Whether the first certificate of cert_file carries the public half of key_file. */
export function keyMatchesCertificate(keyPem: string, certPem: string): boolean {
  try {
    const cert = certificatesOf(certPem)[0];
    return cert ? cert.checkPrivateKey(privateKeyOf(keyPem)) : false;
  } catch {
    return false;
  }
}
