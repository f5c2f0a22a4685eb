import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTopograph, type TestTopograph } from './support/server.js';
import {
  SECRET_KEY_HEX,
  makePki,
  refusedPort,
  regionBody,
  startFakeRegionApi,
  type FakeRegionApi,
  type Pki,
} from './support/region-fixtures.js';

/**
 * The connectivity check: GET {url}/v2/show over mutual TLS with the region's CA, client certificate and
 * key, against a real TLS server on 127.0.0.1 with certificates made by the openssl CLI.
 */

const BASE = '/openapi/v1/regions';

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(t: TestTopograph, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<Answer> {
  const res = await t.app.inject({
    method,
    url: path,
    headers: { authorization: ADMIN_TOKEN, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: res.statusCode, body: res.json() };
}

let pki: Pki;
let api: FakeRegionApi;
let refused: number;
let tls: (extra?: Record<string, unknown>) => Record<string, unknown>;

beforeAll(async () => {
  pki = makePki();
  api = await startFakeRegionApi(pki);
  refused = await refusedPort();
  tls = (extra = {}) => ({
    url: api.url,
    ssl_ca_cert: pki.caCert,
    cert_file: pki.clientCert,
    key_file: pki.clientKey,
    token: 'region-token-0123456789',
    ...extra,
  });
});

afterAll(async () => {
  await api?.close();
});

async function regionCount(t: TestTopograph, name: string): Promise<number> {
  const r = await call(t, 'GET', `${BASE}?query=${encodeURIComponent(name)}`);
  return r.body.length;
}

async function auditCount(t: TestTopograph): Promise<number> {
  const r = await t.store.audit.search({ resourceTypes: ['region'], start: 0, limit: 500, ascending: true }, false);
  return r.count;
}

function expectProbeFailure(r: Answer, url: string, reason: RegExp) {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(Object.keys(r.body.err)).toEqual(['url']);
  expect(r.body.msg).toContain(`${url}/v2/show`);
  expect(r.body.msg).toMatch(reason);
  expect(r.body.err.url[0]).toMatch(reason);
}

describe('?probe=true (TOPOGRAPH_REGION_PROBE off)', () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph({ TOPOGRAPH_SECRET_KEY: SECRET_KEY_HEX });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('adds the region when the region API answers over mutual TLS, presenting the client certificate and the token', async () => {
    const before = api.hits.length;
    const r = await call(t, 'POST', `${BASE}?probe=true`, regionBody('probe-ok', tls()));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.url).toBe(api.url);
    const hit = api.hits.slice(before);
    expect(hit).toEqual([{ path: '/v2/show', authorization: 'region-token-0123456789', clientCertCn: 'client' }]);
  });

  it('refuses with 400 naming the URL and the reason when the CA does not trust the server; nothing is stored', async () => {
    const audits = await auditCount(t);
    const r = await call(t, 'POST', `${BASE}?probe=true`, regionBody('probe-wrong-ca', tls({ ssl_ca_cert: pki.otherCaCert })));
    expectProbeFailure(r, api.url, /not trusted by ssl_ca_cert/);
    expect(r.body.code).toBe(400);
    expect(r.body.msg).toMatch(/2 attempts/);
    expect(await regionCount(t, 'probe-wrong-ca')).toBe(0);
    expect(await auditCount(t)).toBe(audits);
  });

  it('refuses with 400 when the port refuses connections; nothing is stored', async () => {
    const url = `https://127.0.0.1:${refused}`;
    const r = await call(t, 'POST', `${BASE}?probe=true`, regionBody('probe-refused', tls({ url })));
    expectProbeFailure(r, url, /connection refused/);
    expect(await regionCount(t, 'probe-refused')).toBe(0);
  });

  it('refuses when the client presents no certificate to a server that requires one', async () => {
    const r = await call(t, 'POST', `${BASE}?probe=true`, regionBody('probe-no-client-cert', tls({ cert_file: null, key_file: null })));
    expectProbeFailure(r, api.url, /refused the client certificate|reset/);
    expect(await regionCount(t, 'probe-no-client-cert')).toBe(0);
  });

  it('refuses when the region API answers an HTTP error', async () => {
    const server = http.createServer((_req, res) => {
      res.statusCode = 503;
      res.end('down');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await call(t, 'POST', `${BASE}?probe=true`, regionBody('probe-503', { url }));
      expectProbeFailure(r, url, /HTTP 503/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('gives up after the timeout (2 s per attempt, one retry) when the server never answers', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s)); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const started = Date.now();
      const r = await call(t, 'POST', `${BASE}?probe=true`, regionBody('probe-silent', tls({ url })));
      const took = Date.now() - started;
      expectProbeFailure(r, url, /no answer within 2000 ms/);
      expect(sockets.length).toBe(2);
      expect(took).toBeGreaterThanOrEqual(3900);
      expect(took).toBeLessThan(8000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('does not probe without ?probe=true when the setting is off', async () => {
    const before = api.hits.length;
    const r = await call(t, 'POST', BASE, regionBody('probe-skipped', tls({ url: `https://127.0.0.1:${refused}` })));
    expect(r.status).toBe(201);
    expect(api.hits.length).toBe(before);
  });

  it('checks a switch to ONLINE with ?probe=true, using the stored (decrypted) key and token', async () => {
    expect((await call(t, 'POST', BASE, regionBody('probe-status', tls({ status: 2 })))).status).toBe(201);
    const before = api.hits.length;
    const ok = await call(t, 'PUT', `${BASE}/probe-status/status?probe=true`, { status: 'ONLINE' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('1');
    expect(api.hits.slice(before)).toEqual([{ path: '/v2/show', authorization: 'region-token-0123456789', clientCertCn: 'client' }]);

    // the unreachable region of the earlier test cannot go online when checked, and stays as it was
    expect((await call(t, 'PUT', `${BASE}/probe-skipped/status`, { status: 'OFFLINE' })).status).toBe(200);
    const bad = await call(t, 'PUT', `${BASE}/probe-skipped/status?probe=true`, { status: 'ONLINE' });
    expectProbeFailure(bad, `https://127.0.0.1:${refused}`, /connection refused/);
    expect((await call(t, 'GET', `${BASE}/probe-skipped`)).body.status).toBe('2');
    // MAINTAIN is never checked
    expect((await call(t, 'PUT', `${BASE}/probe-skipped/status?probe=true`, { status: 'MAINTAIN' })).status).toBe(200);
  });

  it('sends the stored token only to the server it was stored for, and never over plain http', async () => {
    expect((await call(t, 'POST', BASE, regionBody('probe-moved', tls({ status: 2 })))).status).toBe(201);
    // Another server the test CA vouches for: a URL an administrator could point the region at.
    const other = await startFakeRegionApi(pki);
    const plainHits: Array<string | undefined> = [];
    const plain = http.createServer((req, res) => {
      plainHits.push(req.headers.authorization);
      res.end('v6.1.0-release');
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const moved = await call(t, 'PUT', `${BASE}/probe-moved?probe=true`, { url: other.url, status: 1 });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(other.hits).toEqual([{ path: '/v2/show', authorization: undefined, clientCertCn: 'client' }]);
      // a token sent with the new URL is the caller's own: it goes
      expect((await call(t, 'PUT', `${BASE}/probe-moved/status`, { status: 'OFFLINE' })).status).toBe(200);
      const withToken = await call(t, 'PUT', `${BASE}/probe-moved?probe=true`, { url: api.url, token: 'new-token-for-this-server', status: 1 });
      expect(withToken.status, JSON.stringify(withToken.body)).toBe(200);
      expect(api.hits.at(-1)).toEqual({ path: '/v2/show', authorization: 'new-token-for-this-server', clientCertCn: 'client' });
      // over http:// not even a token sent with the request travels
      expect((await call(t, 'PUT', `${BASE}/probe-moved/status`, { status: 'OFFLINE' })).status).toBe(200);
      const { port } = plain.address() as AddressInfo;
      const overHttp = await call(t, 'PUT', `${BASE}/probe-moved?probe=true`, { url: `http://127.0.0.1:${port}`, token: 'tok-never-in-clear', status: 1 });
      expect(overHttp.status, JSON.stringify(overHttp.body)).toBe(200);
      expect(plainHits).toEqual([undefined]);
    } finally {
      await other.close();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });

  it('refuses a ?probe value that is not true or false', async () => {
    const r = await call(t, 'POST', `${BASE}?probe=maybe`, regionBody('probe-flag'));
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.err)).toEqual(['probe']);
  });
});

describe('TOPOGRAPH_REGION_PROBE=on', () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph({ TOPOGRAPH_SECRET_KEY: SECRET_KEY_HEX, TOPOGRAPH_REGION_PROBE: 'on' });
    expect(t.config.regionProbe).toBe(true);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('checks every add, whatever ?probe says', async () => {
    const url = `https://127.0.0.1:${refused}`;
    expectProbeFailure(await call(t, 'POST', BASE, regionBody('env-refused', tls({ url }))), url, /refused/);
    expectProbeFailure(await call(t, 'POST', `${BASE}?probe=false`, regionBody('env-refused', tls({ url }))), url, /refused/);
    expect(await regionCount(t, 'env-refused')).toBe(0);
    const before = api.hits.length;
    expect((await call(t, 'POST', BASE, regionBody('env-ok', tls({ status: 2 })))).status).toBe(201);
    expect(api.hits.length).toBe(before + 1);
  });

  it('checks an update that leaves the region ONLINE with new connection fields, not one that leaves it offline', async () => {
    const url = `https://127.0.0.1:${refused}`;
    // env-ok is offline ("2"): re-pointing it is not checked
    const moved = await call(t, 'PUT', `${BASE}/env-ok`, { url });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.url).toBe(url);
    // going online through PUT /status is checked, and refused
    expectProbeFailure(await call(t, 'PUT', `${BASE}/env-ok/status`, { status: 'ONLINE' }), url, /refused/);
    // going online through PUT with the status field is checked too
    expectProbeFailure(await call(t, 'PUT', `${BASE}/env-ok`, { status: 1 }), url, /refused/);
    expect((await call(t, 'GET', `${BASE}/env-ok`)).body).toMatchObject({ status: '2', url });
    // back to the reachable API and online in one update: checked, passes
    const back = await call(t, 'PUT', `${BASE}/env-ok`, { url: api.url, status: '1' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ status: '1', url: api.url });
    // an online region whose CA is replaced by the wrong one: checked, refused, unchanged
    const wrong = await call(t, 'PUT', `${BASE}/env-ok`, { ssl_ca_cert: pki.otherCaCert });
    expectProbeFailure(wrong, api.url, /not trusted/);
    expect((await call(t, 'GET', `${BASE}/env-ok`)).body.ssl_ca_cert).toBe(pki.caCert);
    // a change that does not touch the connection is not checked
    const before = api.hits.length;
    expect((await call(t, 'PUT', `${BASE}/env-ok`, { desc: 'just a note' })).status).toBe(200);
    expect(api.hits.length).toBe(before);
  });
});
