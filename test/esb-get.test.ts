import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { buildTopograph, type Topograph } from '../src/server.js';
import { freshDatabase, TEST_DB, type TestDatabase } from './support/database.js';
import { captureLogs } from './support/log-capture.js';
import { APP, ADMIN_TOKEN } from './support/server.js';

/**
 * The ESB takes every component by GET too, its parameters in the query string: values are read as their
 * parameter's type, and the credentials that then travel there are never logged nor answered.
 */
/** A second app whose secret holds no word a redaction could key on: only the parameter's name says what it is. */
const PLAIN = { code: 'plain_app', secret: 'Kq7vZp2mWx9L4rT8' };

/** The bytes of a text as pino writes a Buffer's: "75,113,55,…" */
const asByteList = (text: string) => [...Buffer.from(text)].join(',');

describe(`ESB calls by GET (${TEST_DB})`, () => {
  let db: TestDatabase;
  let topo: Topograph;
  let logLines: string[] = [];
  const answers: string[] = [];

  const query = (params: Record<string, unknown>) =>
    new URLSearchParams(
      Object.entries({ ...APP, bk_username: 'admin', ...params }).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    ).toString();
  const get = async (call: string, params: Record<string, unknown> = {}) => {
    const res = await topo.app.inject({ method: 'GET', url: `/api/c/compapi/v2/cc/${call}/?${query(params)}` });
    answers.push(res.body);
    return { status: res.statusCode, ...(res.json() as { result: boolean; code: number; message: string; data: any }) }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const post = async (call: string, params: Record<string, unknown>) => {
    const res = await topo.app.inject({ method: 'POST', url: `/api/c/compapi/v2/cc/${call}/`, payload: { ...APP, bk_username: 'admin', ...params } });
    return res.json() as { result: boolean; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  let bizId: number;
  beforeAll(async () => {
    db = await freshDatabase();
    const config = loadConfig({
      DATABASE_URL: db.url,
      TOPOGRAPH_APPS: `${APP.bk_app_code}:${APP.bk_app_secret},${PLAIN.code}:${PLAIN.secret}`,
      TOPOGRAPH_ADMIN_TOKEN: ADMIN_TOKEN,
      LOG_LEVEL: 'trace',
    });
    const logs = captureLogs();
    logLines = logs.lines;
    topo = await buildTopograph(config, { logStream: logs.stream });
    bizId = (await post('create_business', { data: { bk_biz_name: 'by-get', bk_biz_maintainer: 'admin' } })).data.bk_biz_id;
  });
  afterAll(async () => {
    await topo?.close();
    await db?.drop();
  });

  it('answers a search by GET as by POST', async () => {
    const r = await get('search_business', { condition: { bk_biz_name: 'by-get' } });
    expect(r.result).toBe(true);
    const byPost = await post('search_business', { condition: { bk_biz_name: 'by-get' } });
    expect(r.data).toEqual(byPost.data);
    expect(r.data.info.map((b: { bk_biz_id: number }) => b.bk_biz_id)).toEqual([bizId]);
  });

  it('reads integers, and JSON objects, from the query string; a write works by GET too', async () => {
    const created = await get('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: 'from-get' } });
    expect(created.result).toBe(true);
    expect(created.data).toMatchObject({ bk_biz_id: bizId, bk_set_name: 'from-get' });
    const found = await get('search_set', { bk_biz_id: bizId, condition: { bk_set_name: 'from-get' } });
    expect(found.data.info.map((s: { bk_set_id: number }) => s.bk_set_id)).toEqual([created.data.bk_set_id]);
  });

  it('refuses a value that does not read as its type, naming the parameter', async () => {
    const r = await get('search_set', { bk_biz_id: 'two' });
    expect(r.result).toBe(false);
    expect(r.code).toBe(1306000);
    expect(r.message).toContain('bk_biz_id');
    expect(r.status).toBe(200);
  });

  it('authenticates by GET as by POST, and answers an unknown component with 1306404', async () => {
    const wrong = await get('search_business', { bk_app_secret: 'not-the-secret' });
    expect(wrong.result).toBe(false);
    expect(wrong.code).toBe(1306000);
    expect((await get('no_such_component')).code).toBe(1306404);
  });

  it('takes no HEAD: it would run the call only to drop its answer', async () => {
    const before = (await get('search_set', { bk_biz_id: bizId })).data.count as number;
    const res = await topo.app.inject({ method: 'HEAD', url: `/api/c/compapi/v2/cc/create_set/?${query({ bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: 'by-head' } })}` });
    expect(res.statusCode).toBe(404);
    expect((await get('search_set', { bk_biz_id: bizId })).data.count).toBe(before);
  });

  it('reads a credential whose name is percent-encoded, and logs it redacted all the same', async () => {
    const url = `/api/c/compapi/v2/cc/search_business/?bk_app_code=${PLAIN.code}&bk_app_s%65cret=${PLAIN.secret}&bk_username=admin`;
    const res = await topo.app.inject({ method: 'GET', url });
    answers.push(res.body);
    expect(res.json()).toMatchObject({ result: true });
    expect(logLines.some((l) => l.includes('bk_app_s%65cret=[Redacted]'))).toBe(true);
  });

  it('answers a URL the router cannot read in the protocol of its path, without repeating the URL', async () => {
    const secrets = `bk_app_code=${PLAIN.code}&bk_app_secret=${PLAIN.secret}&bk_token=${ADMIN_TOKEN}`;
    const esb = await topo.app.inject({ method: 'GET', url: `/api/c/compapi/v2/cc/search_set%/?${secrets}` });
    const openapi = await topo.app.inject({ method: 'GET', url: `/openapi/v1/regions/%E0?${secrets}` });
    const other = await topo.app.inject({ method: 'GET', url: `/elsewhere/%zz?${secrets}` });
    answers.push(esb.body, openapi.body, other.body);
    expect(esb.statusCode).toBe(200);
    expect(esb.json()).toMatchObject({ result: false, code: 1306404, message: expect.stringContaining('percent-escape'), data: null });
    expect(esb.json().request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(openapi.statusCode).toBe(400);
    expect(openapi.json()).toMatchObject({ code: 20400, msg: expect.stringContaining('percent-escape'), err: { url: [expect.any(String)] } });
    expect(other.statusCode).toBe(400);
    expect(other.json()).toMatchObject({ statusCode: 400, message: expect.stringContaining('percent-escape') });
    for (const r of [esb, openapi, other]) expect(r.body).not.toContain(PLAIN.secret);
  });

  it('logs no raw bytes of a request the HTTP parser refuses, even at trace', async () => {
    await topo.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = topo.app.server.address() as AddressInfo;
    const heads = [
      // a control character in a header value
      `GET /api/c/compapi/v2/cc/search_set/?bk_app_secret=${PLAIN.secret} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nX-Bad: a\x01b\r\n\r\n`,
      // Content-Length beside Transfer-Encoding
      `POST /api/c/compapi/v2/cc/search_set/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ];
    const before = logLines.length;
    for (const head of heads) {
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(head));
        let out = '';
        socket.on('data', (d) => (out += String(d)));
        socket.on('close', () => resolve(out));
        socket.on('error', () => resolve(out));
      });
      answers.push(answer);
      expect(answer).toMatch(/^HTTP\/1\.1 400/);
    }
    const logged = logLines.slice(before).join('');
    expect(logged).toContain('client error');
    for (const secret of [PLAIN.secret, ADMIN_TOKEN]) {
      expect(logged).not.toContain(secret);
      expect(logged).not.toContain(asByteList(secret));
    }
  });

  it('never logs nor answers the secret its query string carries', async () => {
    // A route that does not exist at all, by GET, with the secret in its query string.
    const res = await topo.app.inject({ method: 'GET', url: `/api/c/compapi/v2/elsewhere?${query({})}` });
    answers.push(res.body);
    expect(res.statusCode).toBe(404);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.some((l) => l.includes('/api/c/compapi/v2/cc/search_business/?') && l.includes('bk_app_secret=[Redacted]'))).toBe(true);
    for (const text of [...logLines, ...answers]) {
      for (const secret of [APP.bk_app_secret, PLAIN.secret]) expect(text).not.toContain(secret);
    }
  });
});
