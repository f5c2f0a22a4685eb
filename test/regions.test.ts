import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTopograph, type TestTopograph } from './support/server.js';
import { SECRET_KEY_HEX, addUser, makePki, pemBodyLines, regionBody, sqlRows, type Pki } from './support/region-fixtures.js';

/**
 * The Rainbond regions OpenAPI (/openapi/v1/regions): every call, every field rule, who may do what, and
 * the audit trail. Secrets at rest and the connectivity probe have their own files.
 */

const BASE = '/openapi/v1/regions';
const INFO_KEYS = [
  'cert_file', 'desc', 'enterprise_id', 'httpdomain', 'key_file', 'region_alias', 'region_id', 'region_name',
  'scope', 'ssl_ca_cert', 'status', 'tcpdomain', 'token', 'url', 'wsurl',
];
const FAIL_KEYS = ['code', 'err', 'msg', 'msg_show'];

const BOB = 'bob-token-not-an-admin-0001'; // a user of the admin's enterprise
const CAROL = 'carol-token-admin-elsewhere-0002'; // the administrator of another enterprise
const DAVE = 'dave-token-user-elsewhere-0003'; // a user of that other enterprise

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, unknown>;
}

let t: TestTopograph;
let pki: Pki;

async function call(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  opts: { body?: unknown; auth?: string | null; payload?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const auth = opts.auth === undefined ? ADMIN_TOKEN : opts.auth;
  if (auth !== null) headers.authorization = auth;
  if (opts.body !== undefined || opts.payload !== undefined) headers['content-type'] = 'application/json';
  const res = await t.app.inject({
    method,
    url: path,
    headers,
    ...(opts.payload !== undefined ? { payload: opts.payload } : opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
  });
  return { status: res.statusCode, body: res.body ? res.json() : undefined, headers: res.headers };
}

const create = (body: Record<string, unknown>, auth?: string) => call('POST', BASE, { body, auth });

function expectFail(r: Answer, status: number, fields?: string[]) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(Object.keys(r.body).sort()).toEqual(FAIL_KEYS);
  expect(typeof r.body.msg).toBe('string');
  expect(r.body.msg.length).toBeGreaterThan(0);
  if (fields) expect(Object.keys(r.body.err).sort()).toEqual([...fields].sort());
}

beforeAll(async () => {
  pki = makePki();
  t = await startTopograph({ TOPOGRAPH_SECRET_KEY: SECRET_KEY_HEX });
  await addUser(t, 'bob', { admin: false, enterprise: 'default', token: BOB });
  await addUser(t, 'carol', { admin: true, enterprise: 'ent-b', token: CAROL });
  await addUser(t, 'dave', { admin: false, enterprise: 'ent-b', token: DAVE });
});

afterAll(async () => {
  await t?.stop();
});

describe('POST /openapi/v1/regions', () => {
  it("answers 201 with every RegionInfo field for the seed's example body filled with real values", async () => {
    // The seed's own keys, including its " wsurl" (with the stray space) and an integer status.
    const body = {
      cert_file: pki.clientCert,
      desc: 'Shanghai data center',
      httpdomain: 'apps.sh.example.com',
      key_file: pki.clientKey,
      region_alias: 'Shanghai',
      region_name: 'sh-01',
      scope: 'public',
      ssl_ca_cert: pki.caCert,
      status: 0,
      tcpdomain: '10.20.30.40',
      url: 'https://10.20.30.40:8443',
      ' wsurl': 'ws://10.20.30.40:6060',
    };
    const r = await create(body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(Object.keys(r.body).sort()).toEqual(INFO_KEYS);
    expect(r.body).toMatchObject({
      region_name: 'sh-01',
      region_alias: 'Shanghai',
      url: 'https://10.20.30.40:8443',
      wsurl: 'ws://10.20.30.40:6060',
      httpdomain: 'apps.sh.example.com',
      tcpdomain: '10.20.30.40',
      scope: 'public',
      ssl_ca_cert: pki.caCert,
      cert_file: pki.clientCert,
      key_file: null,
      token: null,
      status: '0',
      desc: 'Shanghai data center',
      enterprise_id: 'default',
    });
    expect(r.body.region_id).toMatch(/^[0-9a-f]{32}$/);
    expect(r.headers.location).toBe(`${BASE}/${r.body.region_id}`);
    const again = await call('GET', `${BASE}/${r.body.region_id}`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(r.body);
  });

  it('fills the defaults (scope private, desc "", status "1") and ignores a supplied region_id, saying so', async () => {
    const r = await create({ ...regionBody('defaults-1'), region_id: 'my-own-id', colour: 'blue' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ scope: 'private', desc: '', status: '1', ssl_ca_cert: null, cert_file: null });
    expect(r.body.region_id).not.toBe('my-own-id');
    expect(r.body.region_id).toMatch(/^[0-9a-f]{32}$/);
    expect(String(r.headers['x-topograph-ignored-fields']).split(',').sort()).toEqual(['colour', 'region_id']);
    expect((await call('GET', `${BASE}/my-own-id`)).status).toBe(404);
  });

  it('takes status as an integer or a string "0"-"3" and answers it as a string', async () => {
    for (const [i, status] of [0, 1, 2, 3, '0', '1', '2', '3'].entries()) {
      const r = await create(regionBody(`status-${i}`, { status }));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.status).toBe(String(status));
    }
  });

  it('names every missing required field in err at once', async () => {
    const r = await create({ desc: 'nothing else' });
    expectFail(r, 400, ['httpdomain', 'region_alias', 'region_name', 'tcpdomain', 'url', 'wsurl']);
    expect(r.body.code).toBe(20400);
    for (const messages of Object.values(r.body.err)) expect(messages).toEqual([expect.stringMatching(/required/i)]);
  });

  it('names several broken fields of one body together', async () => {
    const r = await create(regionBody('multi', { url: 'rbd-api:8443', tcpdomain: '300.1.1.1', status: 9, scope: 'global' }));
    expectFail(r, 400, ['scope', 'status', 'tcpdomain', 'url']);
  });

  const refused: Array<[string, unknown, RegExp?]> = [
    ['url', 'rbd-api-api:8443', /scheme/],
    ['url', 'ftp://rbd.example.com', /scheme/],
    ['url', 'wss://rbd.example.com', /scheme/],
    ['url', 'https://', /host/],
    ['url', 'https://rbd.example.com:0', /port/],
    ['url', 'https://rbd.example.com:65536', /port/],
    ['url', 'https://999.999.999.999:8443', /host/],
    ['url', 'https://user:pw@rbd.example.com', undefined],
    ['url', 'https://rbd.example.com/a?b=c', undefined],
    ['url', 'https://rbd_api.example.com', /host/],
    ['url', 'https://rbd.example.com/a b', undefined],
    ['url', 'https://-bad-.example.com', /host/],
    ['url', 42, /string/],
    ['wsurl', 'http://rbd.example.com:6060', /scheme/],
    ['wsurl', 'ws://rbd.example.com:99999', /port/],
    ['tcpdomain', '256.1.1.1', /IPv4/],
    ['tcpdomain', '1.2.3', /IPv4/],
    ['tcpdomain', '1.2.3.4:80', /IPv4/],
    ['tcpdomain', '1.2.3.4abc', /IPv4/],
    ['tcpdomain', 'tcp example.com', /IPv4/],
    ['httpdomain', 'http://apps.example.com', /host name/],
    ['httpdomain', 'apps.example.com:80', /host name/],
    ['httpdomain', 'apps_x.example.com', /host name/],
    ['region_name', 'has space', /letters/],
    ['region_name', 'région', /letters/],
    ['region_name', 'a/b', /letters/],
    ['region_name', '', /required/],
    ['region_name', null, /null/],
    ['region_alias', '   ', /blank|required/],
    ['region_alias', 'tab\there', /control/],
    ['scope', 'global', /private/],
    ['scope', null, /null/],
    ['status', 4, /0, 1, 2 or 3/],
    ['status', '4', /0, 1, 2 or 3/],
    ['status', 1.5, /0, 1, 2 or 3/],
    ['status', true, /0, 1, 2 or 3/],
    ['status', 'ONLINE', /0, 1, 2 or 3/],
    ['status', null, /null/],
    ['desc', null, /null/],
    ['desc', 7, /string/],
    ['token', 'has space', /printable/],
    ['token', 12345, /string/],
  ];
  it.each(refused)('refuses %s = %j with 400 naming only that field', async (field, value, message) => {
    const r = await create(regionBody(`refused-${field}`, { [field]: value }));
    expectFail(r, 400, [field]);
    if (message) expect(r.body.err[field][0]).toMatch(message);
  });

  const accepted: Array<[string, unknown]> = [
    ['url', 'https://rbd-api-api:8443'],
    ['url', 'http://localhost'],
    ['url', 'HTTPS://RBD.Example.COM:443/api/v2/'],
    ['url', 'https://10.0.0.1:65535'],
    ['url', 'https://[::1]:8443/api'],
    ['wsurl', 'ws://rbd-api-api:6060'],
    ['wsurl', 'wss://ws.example.com/events'],
    ['tcpdomain', '0.0.0.0'],
    ['tcpdomain', '255.255.255.255'],
    ['tcpdomain', 'tcp.example.com'],
    ['tcpdomain', 'gateway'],
    ['httpdomain', 'grapps.cn'],
    ['httpdomain', '1.2.3.4.nip.io'],
    ['region_name', 'Region_01-b'],
    ['desc', ''],
    ['desc', 'line one\nline two'],
    ['token', null],
    ['ssl_ca_cert', null],
    ['ssl_ca_cert', ''],
  ];
  it.each(accepted)('accepts %s = %j', async (field, value) => {
    const name = `ok-${Math.random().toString(36).slice(2, 10)}`;
    const r = await create(regionBody(field === 'region_name' ? String(value) : name, { [field]: value }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    if (field === 'ssl_ca_cert' || field === 'token') expect(r.body[field]).toBeNull();
    else expect(r.body[field]).toBe(value);
  });

  it('enforces the lengths of the reference (name/alias 64, urls/domains 256, token 255, desc 200, scope 10)', async () => {
    const long = (n: number) => 'a'.repeat(n);
    const host = (n: number) => {
      // labels of 63, joined by dots, exactly n characters
      const parts: string[] = [];
      let left = n;
      while (left > 0) {
        const len = Math.min(63, left);
        parts.push('h'.repeat(len));
        left -= len + 1;
      }
      return parts.join('.');
    };
    const ok: Array<[string, unknown]> = [
      ['region_name', long(64)],
      ['region_alias', long(64)],
      ['desc', long(200)],
      ['token', long(255)],
      ['url', `https://example.com/${long(256 - 'https://example.com/'.length)}`],
      ['wsurl', `wss://example.com/${long(256 - 'wss://example.com/'.length)}`],
      ['httpdomain', host(253)],
      ['tcpdomain', host(253)],
    ];
    for (const [field, value] of ok) {
      const r = await create(regionBody(field === 'region_name' ? String(value) : `len-ok-${field}`, { region_alias: 'alias', [field]: value }));
      expect(r.status, `${field}: ${JSON.stringify(r.body)}`).toBe(201);
    }
    const tooLong: Array<[string, unknown, RegExp]> = [
      ['region_name', long(65), /at most 64/],
      ['region_alias', long(65), /at most 64/],
      ['desc', long(201), /at most 200/],
      ['token', long(256), /at most 255/],
      ['url', `https://example.com/${long(257 - 'https://example.com/'.length)}`, /at most 256/],
      ['wsurl', `wss://example.com/${long(257 - 'wss://example.com/'.length)}`, /at most 256/],
      ['httpdomain', host(257), /at most 256/],
      ['tcpdomain', host(257), /at most 256/],
      ['httpdomain', host(254), /host name/],
      ['scope', long(11), /at most 10/],
      ['desc', '字'.repeat(201), /at most 200/],
    ];
    for (const [field, value, message] of tooLong) {
      const r = await create(regionBody(`len-bad-${field}`, { [field]: value }));
      expectFail(r, 400, [field]);
      expect(r.body.err[field][0]).toMatch(message);
    }
    // Characters, not UTF-16 units: 200 emoji fit in desc.
    const emoji = await create(regionBody('len-emoji', { desc: '🚀'.repeat(200) }));
    expect(emoji.status).toBe(201);
  });

  it('refuses a duplicate region_name with 400 naming region_name, in any enterprise', async () => {
    expect((await create(regionBody('dup-1'))).status).toBe(201);
    const again = await create(regionBody('dup-1', { region_alias: 'another' }));
    expectFail(again, 400, ['region_name']);
    expect(again.body.err.region_name[0]).toMatch(/already exists/);
    // region_name is unique across enterprises, as in Rainbond.
    expectFail(await create(regionBody('dup-1'), CAROL), 400, ['region_name']);
    const list = await call('GET', `${BASE}?query=dup-1`);
    expect(list.body.map((r: { region_name: string }) => r.region_name)).toEqual(['dup-1']);
  });

  it('checks PEM fields and answers 400 (never 500) naming the field', async () => {
    const { privateKey: encryptedKey } = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' },
    });
    // the second base64 line removed: the DER inside no longer adds up
    const lines = pki.caCert.split('\n');
    const brokenCert = [...lines.slice(0, 2), ...lines.slice(3)].join('\n');
    const cases: Array<[string, string, RegExp]> = [
      ['ssl_ca_cert', 'not a certificate', /PEM/],
      ['ssl_ca_cert', '/etc/ssl/certs/ca.pem', /file paths/],
      ['ssl_ca_cert', brokenCert, /parse/],
      ['ssl_ca_cert', pki.caCert.replace('-----END CERTIFICATE-----', ''), /PEM/],
      ['cert_file', pki.clientKey, /private key/],
      ['cert_file', `${pki.clientCert}${pki.clientKey}`, /private key/],
      ['cert_file', `subject=CN=x\n${pki.clientCert}`, /other text/],
      ['key_file', pki.clientCert, /private key/],
      ['key_file', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', /parse/],
      ['key_file', encryptedKey, /encrypted/],
      ['key_file', `${pki.clientKey}${pki.otherClientKey}`, /exactly one/],
    ];
    for (const [field, value, message] of cases) {
      const r = await create(regionBody(`pem-${field}`, { [field]: value }));
      expectFail(r, 400, [field]);
      expect(r.body.err[field][0]).toMatch(message);
      for (const line of pemBodyLines(value)) expect(JSON.stringify(r.body)).not.toContain(line);
    }
    // Several certificates in one field (a chain) are fine.
    const chain = await create(regionBody('pem-chain', { ssl_ca_cert: `${pki.caCert}\n${pki.otherCaCert}` }));
    expect(chain.status).toBe(201);
    // A key that is not the certificate's.
    const mismatch = await create(regionBody('pem-mismatch', { cert_file: pki.clientCert, key_file: pki.otherClientKey }));
    expectFail(mismatch, 400, ['key_file']);
    expect(mismatch.body.err.key_file[0]).toMatch(/does not match cert_file/);
  });

  it('refuses bodies that are not a JSON object with 400', async () => {
    expectFail(await call('POST', BASE, { payload: '[1,2]' }), 400, ['body']);
    expectFail(await call('POST', BASE, { payload: '{"region_name": ' }), 400, ['body']);
    expectFail(await call('POST', BASE, { payload: '"text"' }), 400, ['body']);
    expectFail(await call('POST', BASE), 400, ['body']);
    const big = await t.app.inject({
      method: 'POST',
      url: BASE,
      headers: { authorization: ADMIN_TOKEN, 'content-type': 'application/json' },
      payload: JSON.stringify(regionBody('too-big', { desc: 'x'.repeat(1024 * 1024) })),
    });
    expect(big.statusCode).toBe(413);
    expect(Object.keys(big.json()).sort()).toEqual(FAIL_KEYS);
    const text = await t.app.inject({
      method: 'POST',
      url: BASE,
      headers: { authorization: ADMIN_TOKEN, 'content-type': 'text/plain' },
      payload: JSON.stringify(regionBody('as-text')),
    });
    // text/plain arrives as a string, which is not a JSON object
    expect(text.statusCode).toBe(400);
    expect(Object.keys(text.json().err)).toEqual(['body']);
    const xml = await t.app.inject({
      method: 'POST',
      url: BASE,
      headers: { authorization: ADMIN_TOKEN, 'content-type': 'application/xml' },
      payload: '<region/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(Object.keys(xml.json()).sort()).toEqual(FAIL_KEYS);
    expect((await call('GET', `${BASE}/too-big`)).status).toBe(404);
  });

  it('lets exactly one of several concurrent adds of the same name through', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => create(regionBody('race-1', { region_alias: `racer ${i}` }))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 400, 400, 400, 400, 400]);
    for (const r of results.filter((x) => x.status === 400)) expectFail(r, 400, ['region_name']);
    const list = await call('GET', `${BASE}?query=race-1`);
    expect(list.body).toHaveLength(1);
  });

  it("accepts the caller's own enterprise_id and refuses another one with 403", async () => {
    const own = await create(regionBody('eid-own', { enterprise_id: 'default' }));
    expect(own.status).toBe(201);
    expect(own.body.enterprise_id).toBe('default');
    const other = await create(regionBody('eid-other', { enterprise_id: 'ent-b' }));
    expectFail(other, 403, ['enterprise_id']);
    expect((await call('GET', `${BASE}/eid-other`)).status).toBe(404);
    expect((await call('GET', `${BASE}/eid-other`, { auth: CAROL })).status).toBe(404);
  });
});

describe('GET /openapi/v1/regions', () => {
  beforeAll(async () => {
    for (const [name, alias, status] of [
      ['list-alpha', 'Alpha Cluster', 1],
      ['list-beta', 'Beta 50%_off', 2],
      ['list-gamma', 'alpha-ish', 3],
    ] as const) {
      expect((await create(regionBody(name, { region_alias: alias, status }))).status).toBe(201);
    }
    expect((await create(regionBody('list-b-only'), CAROL)).status).toBe(201);
  });

  it("answers a bare array of the caller's enterprise's regions when no page is asked for", async () => {
    const r = await call('GET', BASE);
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body)).toBe(true);
    const names = r.body.map((x: { region_name: string }) => x.region_name);
    expect(names).toEqual(expect.arrayContaining(['list-alpha', 'list-beta', 'list-gamma']));
    expect(names).not.toContain('list-b-only');
    for (const x of r.body) {
      expect(Object.keys(x).sort()).toEqual(INFO_KEYS);
      expect(x.enterprise_id).toBe('default');
      expect(x.key_file).toBeNull();
      expect(x.token).toBeNull();
    }
    const b = await call('GET', BASE, { auth: CAROL });
    expect(b.body.map((x: { region_name: string }) => x.region_name)).toEqual(['list-b-only']);
  });

  it('filters by query (name or alias substring, any case, % and _ literal) and by status', async () => {
    const names = async (qs: string) => {
      const r = await call('GET', `${BASE}?${qs}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.map((x: { region_name: string }) => x.region_name).sort();
    };
    expect(await names('query=ALPHA')).toEqual(['list-alpha', 'list-gamma']);
    expect(await names('query=list-b')).toEqual(['list-beta']);
    expect(await names(`query=${encodeURIComponent('50%_')}`)).toEqual(['list-beta']);
    expect(await names(`query=${encodeURIComponent('%')}`)).toEqual(['list-beta']);
    expect(await names('query=list-&status=2')).toEqual(['list-beta']);
    expect(await names('query=list-&status=MAINTAIN')).toEqual(['list-gamma']);
    expect(await names('query=list-&status=online')).toEqual(['list-alpha']);
    expect(await names('query=no-such-thing')).toEqual([]);
  });

  it('pages with page / page_size and then answers {list, total}', async () => {
    const all = (await call('GET', `${BASE}?query=list-`)).body;
    expect(all).toHaveLength(3);
    const p1 = await call('GET', `${BASE}?query=list-&page_size=2`);
    expect(p1.status).toBe(200);
    expect(Object.keys(p1.body).sort()).toEqual(['list', 'total']);
    expect(p1.body.total).toBe(3);
    expect(p1.body.list).toHaveLength(2);
    const p2 = await call('GET', `${BASE}?query=list-&page=2&page_size=2`);
    expect(p2.body).toEqual({ total: 3, list: [all[2]] });
    expect(p1.body.list).toEqual(all.slice(0, 2));
    const dflt = await call('GET', `${BASE}?page=1`);
    expect(dflt.body.list.length).toBe(Math.min(10, dflt.body.total));
    expect(dflt.body.total).toBeGreaterThan(10);
  });

  it('refuses bad list parameters with 400 naming them', async () => {
    expectFail(await call('GET', `${BASE}?page=0`), 400, ['page']);
    expectFail(await call('GET', `${BASE}?page=abc`), 400, ['page']);
    expectFail(await call('GET', `${BASE}?page_size=101`), 400, ['page_size']);
    expectFail(await call('GET', `${BASE}?status=bogus`), 400, ['status']);
    expectFail(await call('GET', `${BASE}?status=1&status=2`), 400, ['status']);
  });
});

describe('GET /openapi/v1/regions/{id}', () => {
  let made: Answer;
  beforeAll(async () => {
    made = await create(regionBody('get-one', { ssl_ca_cert: pki.caCert }));
    expect(made.status).toBe(201);
  });

  it('finds a region by region_id and by region_name', async () => {
    const byId = await call('GET', `${BASE}/${made.body.region_id}`);
    const byName = await call('GET', `${BASE}/get-one`);
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual(made.body);
    expect(byName.body).toEqual(made.body);
  });

  it('answers 404 for neither, and for a region of another enterprise', async () => {
    const r = await call('GET', `${BASE}/no-such-region`);
    expectFail(r, 404);
    expect(r.body.code).toBe(404);
    expectFail(await call('GET', `${BASE}/${made.body.region_id}`, { auth: CAROL }), 404);
    expectFail(await call('GET', `${BASE}/get-one`, { auth: DAVE }), 404);
  });

  it('is open to any valid user of the same enterprise', async () => {
    const r = await call('GET', `${BASE}/get-one`, { auth: BOB });
    expect(r.status).toBe(200);
    expect(r.body.ssl_ca_cert).toBe(pki.caCert);
  });
});

describe('PUT /openapi/v1/regions/{id}', () => {
  it('changes the given fields, keeps the others, and clears nullable ones given null', async () => {
    const made = (await create(regionBody('upd-1', { ssl_ca_cert: pki.caCert, desc: 'before', status: 1 }))).body;
    const r = await call('PUT', `${BASE}/upd-1`, {
      body: { region_alias: 'Renamed', url: 'https://new-api.example.com:8443', status: '3', ssl_ca_cert: null, scope: 'public' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({
      ...made,
      region_alias: 'Renamed',
      url: 'https://new-api.example.com:8443',
      status: '3',
      ssl_ca_cert: null,
      scope: 'public',
    });
    expect((await call('GET', `${BASE}/${made.region_id}`)).body).toEqual(r.body);
    // by region_id too; the same region_name is accepted
    const r2 = await call('PUT', `${BASE}/${made.region_id}`, { body: { region_name: 'upd-1', desc: 'after' } });
    expect(r2.status).toBe(200);
    expect(r2.body.desc).toBe('after');
    expect(r2.body.region_alias).toBe('Renamed');
  });

  it('never changes region_name: another value is a 400', async () => {
    expect((await create(regionBody('upd-name'))).status).toBe(201);
    const r = await call('PUT', `${BASE}/upd-name`, { body: { region_name: 'upd-name-2', region_alias: 'x' } });
    expectFail(r, 400, ['region_name']);
    expect(r.body.err.region_name[0]).toMatch(/cannot be changed/);
    expect((await call('GET', `${BASE}/upd-name`)).body.region_alias).toBe('upd-name alias');
    expect((await call('GET', `${BASE}/upd-name-2`)).status).toBe(404);
  });

  it('applies the same field rules as the add (every broken field named, nothing changed)', async () => {
    expect((await create(regionBody('upd-rules'))).status).toBe(201);
    const r = await call('PUT', `${BASE}/upd-rules`, { body: { url: 'nope', tcpdomain: '1.1.1.256', region_alias: null, status: 5 } });
    expectFail(r, 400, ['region_alias', 'status', 'tcpdomain', 'url']);
    expect((await call('GET', `${BASE}/upd-rules`)).body.url).toBe('https://rbd-api-api:8443');
    expectFail(await call('PUT', `${BASE}/upd-rules`, { body: { enterprise_id: 'ent-b' } }), 403, ['enterprise_id']);
    expectFail(await call('PUT', `${BASE}/upd-rules`, { payload: '[]' }), 400, ['body']);
  });

  it('answers 404 for an unknown region', async () => {
    expectFail(await call('PUT', `${BASE}/no-such-region`, { body: { desc: 'x' } }), 404);
    expectFail(await call('PUT', `${BASE}/upd-rules`, { body: { desc: 'x' }, auth: CAROL }), 404);
  });
});

describe('PUT /openapi/v1/regions/{id}/status', () => {
  it('takes ONLINE / OFFLINE / MAINTAIN (any case) or "1"/"2"/"3" and stores the digit', async () => {
    expect((await create(regionBody('st-1', { status: 0 }))).status).toBe(201);
    for (const [given, stored] of [
      ['ONLINE', '1'],
      ['offline', '2'],
      ['Maintain', '3'],
      ['1', '1'],
      ['2', '2'],
      [3, '3'],
    ] as const) {
      const r = await call('PUT', `${BASE}/st-1/status`, { body: { status: given } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(Object.keys(r.body).sort()).toEqual(INFO_KEYS);
      expect(r.body.status).toBe(stored);
      expect((await call('GET', `${BASE}/st-1`)).body.status).toBe(stored);
    }
  });

  it('refuses other values with 400 naming status, and unknown regions with 404', async () => {
    for (const status of ['NOTREADY', '0', 0, 'DELETED', '', null, true]) {
      expectFail(await call('PUT', `${BASE}/st-1/status`, { body: { status } }), 400, ['status']);
    }
    expectFail(await call('PUT', `${BASE}/st-1/status`, { body: {} }), 400, ['status']);
    expectFail(await call('PUT', `${BASE}/no-such-region/status`, { body: { status: 'ONLINE' } }), 404);
  });
});

describe('DELETE /openapi/v1/regions/{id}', () => {
  it('deletes by id or name, answers the region as it was, then 404', async () => {
    const made = (await create(regionBody('del-1'))).body;
    const r = await call('DELETE', `${BASE}/del-1`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(made);
    expectFail(await call('GET', `${BASE}/${made.region_id}`), 404);
    expectFail(await call('DELETE', `${BASE}/del-1`), 404);
    // the name is free again
    expect((await create(regionBody('del-1'))).status).toBe(201);
    const byId = (await call('GET', `${BASE}/del-1`)).body.region_id;
    expect((await call('DELETE', `${BASE}/${byId}`)).status).toBe(200);
  });
});

describe('authentication and permissions', () => {
  let regionId: string;
  beforeAll(async () => {
    regionId = (await create(regionBody('auth-1'))).body.region_id;
  });

  const calls = (id: string): Array<[string, 'GET' | 'POST' | 'PUT' | 'DELETE', string, unknown]> => [
    ['add', 'POST', BASE, regionBody('auth-new')],
    ['list', 'GET', BASE, undefined],
    ['get', 'GET', `${BASE}/${id}`, undefined],
    ['update', 'PUT', `${BASE}/${id}`, { desc: 'x' }],
    ['status', 'PUT', `${BASE}/${id}/status`, { status: 'OFFLINE' }],
    ['delete', 'DELETE', `${BASE}/${id}`, undefined],
  ];

  it('answers 401 with WWW-Authenticate without a token or with an unknown one, on every call', async () => {
    for (const [, method, path, body] of calls(regionId)) {
      for (const auth of [null, '', 'Bearer', 'no-such-token', `Bearer no-such-token`]) {
        const r = await call(method, path, { body, auth });
        expectFail(r, 401);
        expect(r.body.code).toBe(401);
        expect(String(r.headers['www-authenticate'])).toMatch(/^Token realm="topograph", Bearer/);
      }
    }
    // nothing happened
    expect((await call('GET', `${BASE}/${regionId}`)).body.desc).toBe('');
    expect((await call('GET', `${BASE}/auth-new`)).status).toBe(404);
  });

  it('answers 401 before looking at the body', async () => {
    expectFail(await call('POST', BASE, { payload: '{broken', auth: null }), 401);
  });

  it('takes the token raw (as Rainbond), or after "Bearer " or "Token "', async () => {
    for (const auth of [ADMIN_TOKEN, `Bearer ${ADMIN_TOKEN}`, `bearer  ${ADMIN_TOKEN}`, `Token ${ADMIN_TOKEN}`]) {
      expect((await call('GET', `${BASE}/${regionId}`, { auth })).status).toBe(200);
    }
  });

  it('answers 403 to a non-administrator on every call but get-one', async () => {
    for (const [name, method, path, body] of calls(regionId)) {
      const r = await call(method, path, { body, auth: BOB });
      if (name === 'get') expect(r.status).toBe(200);
      else {
        expectFail(r, 403);
        expect(r.body.code).toBe(403);
      }
    }
    const still = await call('GET', `${BASE}/${regionId}`);
    expect(still.body).toMatchObject({ desc: '', status: '1' });
    expect((await call('GET', `${BASE}/auth-new`)).status).toBe(404);
  });

  it("keeps each enterprise's regions to itself (404 for the others, also for their administrator)", async () => {
    for (const [name, method, path, body] of calls(regionId)) {
      if (name === 'add' || name === 'list') continue;
      expectFail(await call(method, path, { body, auth: CAROL }), 404);
    }
    expect((await call('GET', `${BASE}/${regionId}`)).status).toBe(200);
  });
});

describe('audit and events', () => {
  it('writes an audit record and an event for each change, in the same transaction, and none for a refusal', async () => {
    const made = (await create(regionBody('audit-1'))).body;
    expect((await call('PUT', `${BASE}/audit-1`, { body: { desc: 'changed', token: 'tok-123' } })).status).toBe(200);
    expect((await call('PUT', `${BASE}/audit-1/status`, { body: { status: 'OFFLINE' } })).status).toBe(200);
    // the same status again changes nothing and records nothing
    expect((await call('PUT', `${BASE}/audit-1/status`, { body: { status: 'OFFLINE' } })).status).toBe(200);
    expect((await create(regionBody('audit-1'))).status).toBe(400);
    expect((await call('DELETE', `${BASE}/audit-1`)).status).toBe(200);

    const audit = await t.store.audit.search(
      { resourceTypes: ['region'], resourceName: 'audit-1', start: 0, limit: 50, ascending: true },
      true,
    );
    expect(audit.rows.map((r) => [r.auditType, r.resourceType, r.action, r.resourceName, r.user])).toEqual([
      ['platform_setting', 'region', 'create', 'audit-1', 'admin'],
      ['platform_setting', 'region', 'update', 'audit-1', 'admin'],
      ['platform_setting', 'region', 'update', 'audit-1', 'admin'],
      ['platform_setting', 'region', 'delete', 'audit-1', 'admin'],
    ]);
    const details = audit.rows.map((r) => (r.detail as { details: { update_fields: string[] | null; cur_data: unknown; pre_data: unknown } }).details);
    expect(details[1]!.update_fields!.sort()).toEqual(['desc', 'token']);
    expect(details[2]!.update_fields).toEqual(['status']);
    expect(details[0]!.cur_data).toEqual(made);
    expect(details[3]!.cur_data).toBeNull();
    expect(JSON.stringify(audit.rows)).not.toContain('tok-123');

    const events = await sqlRows(
      t,
      `select bk_resource, bk_event_type, resource_id from event where bk_resource = 'region' and resource_id = '${made.region_id}' order by id`,
    );
    expect(events.map((e) => e.bk_event_type)).toEqual(['create', 'update', 'update', 'delete']);
  });
});

describe('audit and events of data centers, over the ESB', () => {
  /** An ESB call by a user's access token (as the console sends it): the caller's enterprise is the token's. */
  const esbAs = async (token: string, name: string, body: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/c/compapi/v2/cc/${name}/`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    return res.json() as { result: boolean; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const watchedNames = async (token: string) => {
    const r = await esbAs(token, 'resource_watch', { bk_resource: 'region', bk_start_from: 0 });
    expect(r.result).toBe(true);
    return (r.data.bk_events as Array<{ bk_detail: { region_name?: string } | null }>).map((e) => e.bk_detail?.region_name).filter(Boolean);
  };
  const auditedNames = async (token: string) => {
    const r = await esbAs(token, 'list_operation_audit', { condition: { resource_type: 'region' }, page: { limit: 200 } });
    expect(r.result).toBe(true);
    return (r.data.info as Array<{ id: number; resource_name: string }>).filter((a) => a.resource_name.startsWith('scoped-'));
  };

  it("shows a data center's events and audit records only to users of its enterprise", async () => {
    expect((await create(regionBody('scoped-default'))).status).toBe(201);
    expect((await create(regionBody('scoped-ent-b'), CAROL)).status).toBe(201);

    // the administrator's enterprise (default): its own data center, not ent-b's; a plain user of it the same
    for (const token of [ADMIN_TOKEN, BOB]) {
      expect(await watchedNames(token)).toContain('scoped-default');
      expect(await watchedNames(token)).not.toContain('scoped-ent-b');
      expect((await auditedNames(token)).map((a) => a.resource_name)).toEqual(['scoped-default']);
    }
    // ent-b's users see theirs only
    expect(await watchedNames(DAVE)).toContain('scoped-ent-b');
    expect(await watchedNames(DAVE)).not.toContain('scoped-default');
    const bsRecords = await auditedNames(DAVE);
    expect(bsRecords.map((a) => a.resource_name)).toEqual(['scoped-ent-b']);

    // nor can an id name another enterprise's record
    const theirs = (await auditedNames(ADMIN_TOKEN))[0]!.id;
    expect((await esbAs(DAVE, 'find_audit_by_id', { id: [theirs] })).data).toEqual([]);
    const found = await esbAs(DAVE, 'find_audit_by_id', { id: [bsRecords[0]!.id] });
    expect(found.data.map((a: { resource_name: string }) => a.resource_name)).toEqual(['scoped-ent-b']);
  });

  it('still shows every user the records of what belongs to no enterprise (businesses and their topology)', async () => {
    const made = await t.esb('create_business', { data: { bk_biz_name: 'scoped-biz', bk_biz_maintainer: 'admin' } });
    expect(made.result).toBe(true);
    const audits = await esbAs(DAVE, 'list_operation_audit', { condition: { resource_type: 'business' }, page: { limit: 200 } });
    expect(audits.result).toBe(true);
    expect(audits.data.info.map((a: { resource_name: string }) => a.resource_name)).toContain('scoped-biz');
  });
});

describe('the OpenAPI document', () => {
  it('covers every regions call with a summary, the tag "regions" and response schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const ops: Array<[string, string, string]> = [
      ['/openapi/v1/regions', 'post', '201'],
      ['/openapi/v1/regions', 'get', '200'],
      ['/openapi/v1/regions/{id}', 'get', '200'],
      ['/openapi/v1/regions/{id}', 'put', '200'],
      ['/openapi/v1/regions/{id}/status', 'put', '200'],
      ['/openapi/v1/regions/{id}', 'delete', '200'],
    ];
    for (const [path, method, ok] of ops) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op.tags).toEqual(['regions']);
      expect(op.summary.length).toBeGreaterThan(5);
      expect(op.responses[ok].content['application/json'].schema).toBeDefined();
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401']));
    }
    const post = doc.paths['/openapi/v1/regions'].post;
    const bodySchema = post.requestBody.content['application/json'].schema;
    expect(Object.keys(bodySchema.properties)).toEqual(
      expect.arrayContaining(['region_name', 'region_alias', 'url', 'wsurl', 'httpdomain', 'tcpdomain', 'status', 'key_file', 'token']),
    );
    expect(bodySchema.required.sort()).toEqual(['httpdomain', 'region_alias', 'region_name', 'tcpdomain', 'url', 'wsurl']);
    expect(JSON.stringify(doc.components.schemas)).toContain('"region_id"');
  });

  it('answers unknown /openapi/v1 paths with 404 in the same failure body', async () => {
    expectFail(await call('GET', '/openapi/v1/nothing-here'), 404);
  });
});
