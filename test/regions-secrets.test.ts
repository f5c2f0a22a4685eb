import { createDecipheriv } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { buildTopograph } from '../src/server.js';
import { sqlitePath } from '../src/store/database.js';
import { freshDatabase } from './support/database.js';
import { captureLogs } from './support/log-capture.js';
import { ADMIN_TOKEN, startTopograph, type TestTopograph } from './support/server.js';
import {
  SECRET_KEY_HEX,
  addUser,
  makePki,
  pemBodyLines,
  regionBody,
  sqlRows,
  startFakeRegionApi,
  type FakeRegionApi,
  type Pki,
} from './support/region-fixtures.js';

/**
 * key_file and token are write-only: encrypted at rest (AES-256-GCM under TOPOGRAPH_SECRET_KEY), answered as
 * null, never logged; refused outright when no key is configured. The last block scans every answer, every
 * log line and the database itself for them.
 */

const BASE = '/openapi/v1/regions';
const TOKEN_1 = 'rgn-tok-Q8mZ3vK1pX7wL2nB9cD4';
const TOKEN_2 = 'rgn-tok-second-R5tY6uI8oP0aS1';

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
  headers: string;
}

type Inject = (opts: { method: string; url: string; headers: Record<string, string>; payload?: string }) => Promise<{
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
}>;

function caller(inject: Inject, seen?: string[]) {
  return async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, auth = ADMIN_TOKEN): Promise<Answer> => {
    const res = await inject({
      method,
      url: path,
      headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    const headers = JSON.stringify(res.headers);
    seen?.push(res.body, headers);
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, text: res.body, headers };
  };
}

let pki: Pki;
beforeAll(() => {
  pki = makePki();
});

describe('without TOPOGRAPH_SECRET_KEY', () => {
  let t: TestTopograph;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await startTopograph();
    expect(t.config.secretKey).toBeUndefined();
    call = caller((o) => t.app.inject(o as never) as never);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('refuses a key_file or a token with a clear 400 and stores nothing', async () => {
    const both = await call('POST', BASE, regionBody('nokey-1', { cert_file: pki.clientCert, key_file: pki.clientKey, token: TOKEN_1 }));
    expect(both.status).toBe(400);
    expect(Object.keys(both.body.err).sort()).toEqual(['key_file', 'token']);
    expect(both.body.err.key_file[0]).toMatch(/TOPOGRAPH_SECRET_KEY/);
    expect(both.body.err.token[0]).toMatch(/TOPOGRAPH_SECRET_KEY/);
    const keyOnly = await call('POST', BASE, regionBody('nokey-1', { key_file: pki.clientKey }));
    expect(Object.keys(keyOnly.body.err)).toEqual(['key_file']);
    const tokenOnly = await call('POST', BASE, regionBody('nokey-1', { token: TOKEN_1 }));
    expect(Object.keys(tokenOnly.body.err)).toEqual(['token']);
    expect(Number((await sqlRows(t, 'select count(*) as n from region'))[0]!.n)).toBe(0);
    expect((await call('GET', `${BASE}/nokey-1`)).status).toBe(404);
  });

  it('still takes regions without secrets, and null / "" for them; a later token is refused on update', async () => {
    const r = await call('POST', BASE, regionBody('nokey-2', { ssl_ca_cert: pki.caCert, cert_file: pki.clientCert, key_file: null, token: '' }));
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ key_file: null, token: null, cert_file: pki.clientCert });
    const upd = await call('PUT', `${BASE}/nokey-2`, { token: TOKEN_1, desc: 'x' });
    expect(upd.status).toBe(400);
    expect(Object.keys(upd.body.err)).toEqual(['token']);
    expect((await call('GET', `${BASE}/nokey-2`)).body.desc).toBe('');
    expect((await call('PUT', `${BASE}/nokey-2`, { token: null, desc: 'y' })).status).toBe(200);
  });
});

describe('with TOPOGRAPH_SECRET_KEY', () => {
  let t: TestTopograph;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await startTopograph({ TOPOGRAPH_SECRET_KEY: SECRET_KEY_HEX });
    call = caller((o) => t.app.inject(o as never) as never);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('stores key_file and token as v1:base64(iv ‖ tag ‖ AES-256-GCM ciphertext), a fresh IV each time', async () => {
    const a = await call('POST', BASE, regionBody('enc-a', { cert_file: pki.clientCert, key_file: pki.clientKey, token: TOKEN_1 }));
    const b = await call('POST', BASE, regionBody('enc-b', { cert_file: pki.clientCert, key_file: pki.clientKey, token: TOKEN_1 }));
    expect([a.status, b.status]).toEqual([201, 201]);
    for (const r of [a, b]) expect(r.body).toMatchObject({ key_file: null, token: null });

    const rows = await sqlRows(t, "select region_id, key_file_encrypted, token_encrypted from region where region_name in ('enc-a', 'enc-b') order by region_name");
    expect(rows).toHaveLength(2);
    const key = Buffer.from(SECRET_KEY_HEX, 'hex');
    const decrypt = (sealed: string, aad: string) => {
      expect(sealed.startsWith('v1:')).toBe(true);
      const raw = Buffer.from(sealed.slice(3), 'base64');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    };
    for (const row of rows) {
      const id = String(row.region_id);
      expect(decrypt(String(row.key_file_encrypted), `topograph:region:${id}:key_file`)).toBe(pki.clientKey);
      expect(decrypt(String(row.token_encrypted), `topograph:region:${id}:token`)).toBe(TOKEN_1);
      // the ciphertext is exactly as long as the text: 12-byte IV, 16-byte tag
      expect(Buffer.from(String(row.token_encrypted).slice(3), 'base64').length).toBe(12 + 16 + TOKEN_1.length);
    }
    // same plaintext, different IVs → different stored values
    expect(rows[0]!.token_encrypted).not.toBe(rows[1]!.token_encrypted);
    expect(rows[0]!.key_file_encrypted).not.toBe(rows[1]!.key_file_encrypted);
    // a value moved to another row does not decrypt (bound to its region and field)
    expect(() => decrypt(String(rows[0]!.token_encrypted), `topograph:region:${rows[1]!.region_id}:token`)).toThrow();
  });

  it('answers key_file and token as null everywhere: add, get (admin or not), list, update, status, delete', async () => {
    await addUser(t, 'viewer', { admin: false, enterprise: 'default', token: 'viewer-token-abc' });
    const answers = [
      await call('GET', `${BASE}/enc-a`),
      await call('GET', `${BASE}/enc-a`, undefined, 'viewer-token-abc'),
      await call('PUT', `${BASE}/enc-a`, { token: TOKEN_2, key_file: pki.clientKey }),
      await call('PUT', `${BASE}/enc-a/status`, { status: 'MAINTAIN' }),
    ];
    for (const r of answers) {
      expect(r.status, r.text).toBe(200);
      expect(r.body).toMatchObject({ key_file: null, token: null, cert_file: pki.clientCert });
    }
    const list = await call('GET', BASE);
    expect(list.body.every((x: { key_file: unknown; token: unknown }) => x.key_file === null && x.token === null)).toBe(true);
    const paged = await call('GET', `${BASE}?page=1`);
    expect(paged.body.list.every((x: { key_file: unknown; token: unknown }) => x.key_file === null && x.token === null)).toBe(true);
    const del = await call('DELETE', `${BASE}/enc-b`);
    expect(del.body).toMatchObject({ key_file: null, token: null });
  });

  it('refuses a stored key that no longer matches a new cert_file', async () => {
    const r = await call('PUT', `${BASE}/enc-a`, { cert_file: pki.caCert });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.err)).toEqual(['key_file']);
    expect((await call('GET', `${BASE}/enc-a`)).body.cert_file).toBe(pki.clientCert);
  });
});

describe('the private key and the token never appear in clear: answers, logs, database', () => {
  const answers: string[] = [];
  let logLines: string[] = [];
  let api: FakeRegionApi;
  let stop: () => Promise<void>;
  let dbUrl: string;
  let dialect: string;
  let tt: TestTopograph;

  beforeAll(async () => {
    api = await startFakeRegionApi(pki);
    const db = await freshDatabase();
    dbUrl = db.url;
    const config = loadConfig({
      DATABASE_URL: db.url,
      TOPOGRAPH_ADMIN_TOKEN: ADMIN_TOKEN,
      TOPOGRAPH_SECRET_KEY: SECRET_KEY_HEX,
      LOG_LEVEL: 'trace',
    });
    const logs = captureLogs();
    logLines = logs.lines;
    const topo = await buildTopograph(config, { logStream: logs.stream });
    dialect = topo.store.dialect;
    tt = { ...topo, db, config } as unknown as TestTopograph;
    stop = async () => {
      await topo.close();
      await db.drop();
    };
    const call = caller((o) => topo.app.inject(o as never) as never, answers);

    // Every call that carries or touches the secrets, successful and refused.
    const secrets = { ssl_ca_cert: pki.caCert, cert_file: pki.clientCert, key_file: pki.clientKey, token: TOKEN_1 };
    expect((await call('POST', `${BASE}?probe=true`, regionBody('scan-1', { ...secrets, url: api.url }))).status).toBe(201);
    expect((await call('POST', BASE, regionBody('scan-2', { ...secrets, url: 'https://127.0.0.1:1' }))).status).toBe(201);
    expect((await call('POST', BASE, regionBody('scan-1', secrets))).status).toBe(400); // duplicate
    expect((await call('POST', BASE, regionBody('scan-3', { ...secrets, key_file: pki.otherClientKey }))).status).toBe(400); // mismatch
    expect((await call('POST', BASE, regionBody('scan-4', { ...secrets, url: 'nope' }))).status).toBe(400);
    expect((await call('POST', `${BASE}?probe=true`, regionBody('scan-5', { ...secrets, url: 'https://127.0.0.1:1' }))).status).toBe(400);
    expect((await call('POST', BASE, { ...regionBody('scan-6', secrets), junk: TOKEN_2 })).status).toBe(201);
    expect((await call('PUT', `${BASE}/scan-2`, { token: TOKEN_2, key_file: pki.clientKey })).status).toBe(200);
    expect((await call('PUT', `${BASE}/scan-1/status?probe=true`, { status: 'ONLINE' })).status).toBe(200);
    expect((await call('PUT', `${BASE}/scan-2/status?probe=true`, { status: 'ONLINE' })).status).toBe(400);
    expect((await call('GET', BASE)).status).toBe(200);
    expect((await call('GET', `${BASE}/scan-1`)).status).toBe(200);
    expect((await call('POST', BASE, regionBody('scan-7', secrets), TOKEN_1)).status).toBe(401);
    expect((await call('DELETE', `${BASE}/scan-6`)).status).toBe(200);
    // A body that is not JSON, holding the key.
    const res = await topo.app.inject({
      method: 'POST',
      url: BASE,
      headers: { authorization: ADMIN_TOKEN, 'content-type': 'application/json' },
      payload: `{"key_file": ${JSON.stringify(pki.clientKey)}, `,
    });
    answers.push(res.body);
    expect(res.statusCode).toBe(400);
  });

  afterAll(async () => {
    await stop?.();
    await api?.close();
  });

  const needles = () => [
    TOKEN_1,
    TOKEN_2,
    ...pemBodyLines(pki.clientKey),
    ...pemBodyLines(pki.otherClientKey),
  ];

  const leaks = (haystack: string) => needles().filter((n) => haystack.includes(n));

  it('in no answer (bodies and headers)', () => {
    expect(answers.length).toBeGreaterThan(25);
    // the answers are real: they carry the certificate, which is not secret
    expect(answers.join('\n')).toContain(pemBodyLines(pki.clientCert)[1]);
    expect(leaks(answers.join('\n'))).toEqual([]);
  });

  it('in no log line, even at trace level (nor the access token)', () => {
    const log = logLines.join('');
    // the capture works: requests, the ignored body key and the probe's request are all there
    expect(log).toMatch(/incoming request/);
    expect(log).toContain('/openapi/v1/regions/scan-2/status?probe=true');
    expect(log).toContain('junk');
    expect(log).toContain('region connection test failed');
    expect(logLines.length).toBeGreaterThan(30);
    expect(leaks(log)).toEqual([]);
    expect(log).not.toContain(ADMIN_TOKEN);
  });

  it('in the database: only ciphertext is stored (region, audit and event rows)', async () => {
    if (dialect === 'sqlite') {
      const path = sqlitePath(dbUrl);
      const files = [path, `${path}-wal`, `${path}-shm`].filter((f) => existsSync(f));
      const bytes = files.map((f) => readFileSync(f).toString('latin1')).join('\n');
      // the scan reads real data: the region names and the ciphertext prefix are there
      expect(bytes).toContain('scan-1');
      expect(bytes).toContain('v1:');
      expect(bytes).toContain(pemBodyLines(pki.clientCert)[1]);
      expect(leaks(bytes)).toEqual([]);
    } else {
      const text = (
        await Promise.all(
          ['region', 'audit_log', 'event'].map((table) => sqlRows(tt, `select t::text as row from ${table} t`)),
        )
      )
        .flat()
        .map((r) => String(r.row))
        .join('\n');
      expect(text).toContain('scan-1');
      expect(text).toContain('v1:');
      expect(leaks(text)).toEqual([]);
    }
    const rows = await sqlRows(tt, "select key_file_encrypted, token_encrypted from region where region_name = 'scan-2'");
    expect(String(rows[0]!.key_file_encrypted)).toMatch(/^v1:[A-Za-z0-9+/=]+$/);
    expect(String(rows[0]!.token_encrypted)).toMatch(/^v1:[A-Za-z0-9+/=]+$/);
  });
});
