import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { hashToken } from '../../src/domain/identity/secrets.js';
import { sqlitePath } from '../../src/store/database.js';
import type { TestTopograph } from './server.js';

/**
 * What the regions tests share: PEM material made with the openssl CLI (a CA, a server certificate for
 * 127.0.0.1, a client certificate, and a second, unrelated CA), a mutual-TLS stand-in for a region API,
 * users with access tokens, and raw SQL reads of the test database.
 */

export const SECRET_KEY_HEX = '3f'.repeat(16) + 'a1'.repeat(16);

export interface Pki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** a second client pair, to test a key that does not match a certificate */
  otherClientKey: string;
  otherCaCert: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A fresh PKI in a temporary directory (removed before returning). */
export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'topograph-pki-'));
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    const ca = (name: string) => openssl(dir, ['req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`]);
    ca('test-ca');
    ca('other-ca');
    const leaf = (name: string, ext: string) => {
      writeFileSync(join(dir, `${name}.ext`), ext);
      openssl(dir, ['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
      openssl(dir, [
        'x509', '-req', '-in', `${name}.csr`, '-CA', 'test-ca.pem', '-CAkey', 'test-ca.key', '-CAcreateserial',
        '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`,
      ]);
    };
    leaf('server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    leaf('client', 'extendedKeyUsage=clientAuth\n');
    leaf('client2', 'extendedKeyUsage=clientAuth\n');
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    return {
      caCert: read('test-ca.pem'),
      serverCert: read('server.pem'),
      serverKey: read('server.key'),
      clientCert: read('client.pem'),
      clientKey: read('client.key'),
      otherClientKey: read('client2.key'),
      otherCaCert: read('other-ca.pem'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The base64 lines of a PEM (what would betray it if stored or logged in any form). */
export function pemBodyLines(pem: string): string[] {
  return pem
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('-----'));
}

export interface FakeRegionApi {
  url: string;
  /** the requests it answered: path and Authorization header */
  hits: Array<{ path: string; authorization: string | undefined; clientCertCn: string | undefined }>;
  close(): Promise<void>;
}

/** A stand-in for rbd-api on 127.0.0.1: TLS with the test CA, client certificates required, GET /v2/show → a version. */
export async function startFakeRegionApi(pki: Pki): Promise<FakeRegionApi> {
  const hits: FakeRegionApi['hits'] = [];
  const server = https.createServer(
    { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
      hits.push({ path: req.url ?? '', authorization: req.headers.authorization, clientCertCn: peer?.subject?.CN as string | undefined });
      if (req.url === '/v2/show') res.end('v6.1.0-release');
      else {
        res.statusCode = 404;
        res.end();
      }
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 nothing listens on (just freed). */
export async function refusedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A user of `enterprise` holding `token`. */
export async function addUser(t: TestTopograph, username: string, opts: { admin: boolean; enterprise: string; token: string }) {
  const account = await t.store.identity.upsertAccount(username, opts.admin, opts.enterprise);
  await t.store.identity.addToken(account.id, hashToken(opts.token), 'test');
  return account;
}

/** Raw rows from the test database (SQLite file or PostgreSQL), bypassing the store. */
export async function sqlRows(t: TestTopograph, query: string): Promise<Array<Record<string, unknown>>> {
  if (t.db.url.startsWith('sqlite:')) {
    const db = new SqliteDatabase(sqlitePath(t.db.url), { readonly: true });
    try {
      return db.prepare(query).all() as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: t.db.url });
  await c.connect();
  try {
    return (await c.query(query)).rows;
  } finally {
    await c.end();
  }
}

/** A request body with real values (the seed's keys; the caller adds the PEM fields it wants). */
export const regionBody = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  region_name: name,
  region_alias: `${name} alias`,
  url: 'https://rbd-api-api:8443',
  wsurl: 'wss://192.168.10.5:6060',
  httpdomain: 'apps.example.com',
  tcpdomain: '192.168.10.5',
  ...extra,
});
