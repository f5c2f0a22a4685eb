import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { ADMIN_TOKEN, startTopograph, type TestTopograph } from './support/server.js';
import { SECRET_KEY_HEX, addUser, makePki, regionBody, type Pki } from './support/region-fixtures.js';

/** POST /openapi/v1/grctl/ip: Rainbond's `grctl replace ip`, re-pointing a data center by its name. */

const BOB = 'bob-token-not-an-admin-0101';
const CAROL = 'carol-token-admin-elsewhere-0102';

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, unknown>;
}

describe(`grctl replace ip (${TEST_DB})`, () => {
  let t: TestTopograph;
  let pki: Pki;

  const call = async (method: 'GET' | 'POST', url: string, body?: unknown, auth: string = ADMIN_TOKEN): Promise<Answer> => {
    const res = await t.app.inject({
      method,
      url,
      headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: res.statusCode, body: res.json(), headers: res.headers };
  };
  const repoint = (body: unknown, auth?: string) => call('POST', '/openapi/v1/grctl/ip', body, auth);
  const region = async (name: string) => (await call('GET', `/openapi/v1/regions/${name}`)).body;

  beforeAll(async () => {
    pki = makePki();
    t = await startTopograph({ TOPOGRAPH_SECRET_KEY: SECRET_KEY_HEX });
    await addUser(t, 'bob', { admin: false, enterprise: 'default', token: BOB });
    await addUser(t, 'carol', { admin: true, enterprise: 'ent-b', token: CAROL });
    expect((await call('POST', '/openapi/v1/regions', regionBody('rb-east', { ssl_ca_cert: pki.caCert, cert_file: pki.clientCert, key_file: pki.clientKey }))).status).toBe(201);
    expect((await call('POST', '/openapi/v1/regions', regionBody('rb-west'))).status).toBe(201);
  });
  afterAll(() => t?.stop());

  it("re-points the named region's addresses, translating grctl's keys, and answers Rainbond's success envelope", async () => {
    const r = await repoint({ region_name: 'rb-west', url: 'https://10.1.0.9:8443', ws_url: 'wss://10.1.0.9:6060', http_domain: 'apps.west.example.com', tcp_domain: '10.1.0.9' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ code: 200, msg: 'success', msg_show: '更新成功', data: { bean: {}, list: [] } });
    expect(await region('rb-west')).toMatchObject({ url: 'https://10.1.0.9:8443', wsurl: 'wss://10.1.0.9:6060', httpdomain: 'apps.west.example.com', tcpdomain: '10.1.0.9', region_alias: 'rb-west alias' });
    // the other region is untouched
    expect(await region('rb-east')).toMatchObject({ url: 'https://rbd-api-api:8443', tcpdomain: '192.168.10.5' });
  });

  it('keeps a connection field that is blank or left out, and clears a blank certificate and key', async () => {
    const before = await region('rb-east');
    expect(before.ssl_ca_cert).toBe(pki.caCert);
    const r = await repoint({ region_name: 'rb-east', url: 'https://10.2.0.1:8443', ws_url: '', http_domain: '', ssl_ca_cert: '', cert_file: '', key_file: '' });
    expect(r.status).toBe(200);
    const after = await region('rb-east');
    expect(after).toMatchObject({ url: 'https://10.2.0.1:8443', wsurl: before.wsurl, httpdomain: before.httpdomain, tcpdomain: before.tcpdomain, ssl_ca_cert: null, cert_file: null });
  });

  it('checks every field as an update does, naming refusals by grctl\'s keys, and changes nothing then', async () => {
    const before = await region('rb-west');
    const r = await repoint({ region_name: 'rb-west', url: 'https://10.1.0.10:8443', ws_url: 'http://not-a-websocket', tcp_domain: '10.1.0.999' });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.err).sort()).toEqual(['tcp_domain', 'ws_url']);
    const pem = await repoint({ region_name: 'rb-west', cert_file: pki.clientCert, key_file: pki.otherClientKey });
    expect(pem.status).toBe(400);
    expect(Object.keys(pem.body.err)).toEqual(['key_file']);
    expect(await region('rb-west')).toEqual(before);
  });

  it('names unknown keys in X-Topograph-Ignored-Fields and refuses a body without region_name', async () => {
    const r = await repoint({ region_name: 'rb-west', tcp_domain: '10.1.0.11', region_alias: 'not grctl\'s' });
    expect(r.status).toBe(200);
    expect(r.headers['x-topograph-ignored-fields']).toBe('region_alias');
    expect((await region('rb-west')).region_alias).toBe('rb-west alias');
    const none = await repoint({ url: 'https://10.1.0.12:8443' });
    expect(none.status).toBe(400);
    expect(Object.keys(none.body.err)).toEqual(['region_name']);
    expect((await repoint([1, 2])).status).toBe(400);
  });

  it("is an enterprise administrator's, within the enterprise: 401 without a token, 403 for a user, 404 elsewhere", async () => {
    const body = { region_name: 'rb-west', tcp_domain: '10.9.9.9' };
    expect((await repoint(body, 'no-such-token')).status).toBe(401);
    expect((await repoint(body, BOB)).status).toBe(403);
    expect((await repoint(body, CAROL)).status).toBe(404);
    expect((await repoint({ region_name: 'no-such-region', tcp_domain: '10.9.9.9' })).status).toBe(404);
    expect((await region('rb-west')).tcpdomain).not.toBe('10.9.9.9');
  });

  it('is audited as an update of the region, naming the fields changed', async () => {
    expect((await repoint({ region_name: 'rb-west', tcp_domain: '10.1.0.20' })).status).toBe(200);
    const audit = await t.store.audit.search({ resourceTypes: ['region'], resourceName: 'rb-west', start: 0, limit: 50, ascending: false }, true);
    const last = audit.rows[0]!;
    expect([last.resourceType, last.action]).toEqual(['region', 'update']);
    expect((last.detail as { details: { update_fields: string[] } }).details.update_fields).toEqual(['tcpdomain']);
  });
});
