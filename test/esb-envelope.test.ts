import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESB_PREFIX } from '../src/api/esb/plugin.js';
import { ADMIN_TOKEN, APP, makeBusiness, makeSet, startTopograph, type TestTopograph } from './support/server.js';

/**
 * The ESB envelope: every answer, success or failure, is HTTP 200 with exactly
 * {result, code, message, permission, request_id, data}.
 */

const ENVELOPE_KEYS = ['code', 'data', 'message', 'permission', 'request_id', 'result'];
const HEX32 = /^[0-9a-f]{32}$/;

/** Every answer body and header set of this file, scanned for secrets at the end. */
const answers: string[] = [];

interface Raw {
  status: number;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, unknown>;
}

async function post(
  t: TestTopograph,
  name: string,
  payload: string | Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Raw> {
  const res = await t.app.inject({
    method: 'POST',
    url: `${ESB_PREFIX}/${name}/`,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  answers.push(res.body, JSON.stringify(res.headers));
  let body: unknown;
  try {
    body = res.json();
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, text: res.body, body, headers: res.headers };
}

/** A call as the trusted test app acting as admin. */
const esb = (t: TestTopograph, name: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  post(t, name, { ...APP, bk_username: 'admin', ...body }, headers);

function expectSuccessEnvelope(r: Raw): void {
  expect(r.status).toBe(200);
  expect(Object.keys(r.body).sort()).toEqual(ENVELOPE_KEYS);
  expect(r.body.result).toBe(true);
  expect(r.body.code).toBe(0);
  expect(r.body.message).toBe('success');
  expect(r.body.permission).toBeNull();
  expect(typeof r.body.request_id).toBe('string');
}

function expectErrorEnvelope(r: Raw): void {
  expect(r.status).toBe(200);
  expect(Object.keys(r.body).sort()).toEqual(ENVELOPE_KEYS);
  expect(r.body.result).toBe(false);
  expect(Number.isInteger(r.body.code)).toBe(true);
  expect(r.body.code).toBeGreaterThan(0);
  expect(r.body.data).toBeNull();
  expect(typeof r.body.message).toBe('string');
  expect(r.body.message.length).toBeGreaterThan(0);
  expect(r.body.request_id).toMatch(HEX32);
}

describe('the ESB envelope', () => {
  let t: TestTopograph;
  let bizId: number;
  let setId: number;

  beforeAll(async () => {
    t = await startTopograph();
    bizId = await makeBusiness(t, 'envelope-biz', 'admin');
    setId = await makeSet(t, bizId, 'envelope-set');
  });
  afterAll(async () => {
    await t?.stop();
  });

  describe('success', () => {
    it('search_business answers exactly the six keys: result true, code 0, message "success", permission null', async () => {
      const r = await esb(t, 'search_business', { condition: { bk_biz_name: 'envelope-biz' } });
      expectSuccessEnvelope(r);
      expect(r.body.data.count).toBe(1);
      expect(r.body.data.info[0].bk_biz_id).toBe(bizId);
    });

    it('a create answers the created object as data, inside the same envelope', async () => {
      const r = await esb(t, 'create_module', {
        bk_biz_id: bizId,
        bk_set_id: setId,
        data: { bk_parent_id: setId, bk_module_name: 'envelope-module' },
      });
      expectSuccessEnvelope(r);
      expect(r.body.data.bk_module_name).toBe('envelope-module');
      expect(r.body.data.bk_set_id).toBe(setId);
    });

    it('a call that answers nothing still carries the data key, as null', async () => {
      const created = await esb(t, 'create_object_attribute', {
        bk_obj_id: 'set',
        bk_property_id: 'envelope_note',
        bk_property_name: 'note',
        bk_property_type: 'singlechar',
      });
      expectSuccessEnvelope(created);
      const r = await esb(t, 'delete_object_attribute', { id: created.body.data.id });
      expectSuccessEnvelope(r);
      expect('data' in r.body).toBe(true);
      expect(r.body.data).toBeNull();
      expect(r.text).toContain('"data":null');
    });

    it('the answer is served as application/json', async () => {
      const r = await esb(t, 'search_business');
      expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
    });
  });

  describe('request_id', () => {
    it('is 32 lowercase hex digits when the caller sends none, and differs between requests', async () => {
      const a = await esb(t, 'search_business');
      const b = await esb(t, 'search_business');
      expect(a.body.request_id).toMatch(HEX32);
      expect(b.body.request_id).toMatch(HEX32);
      expect(a.body.request_id).not.toBe(b.body.request_id);
    });

    it("is the caller's X-Request-Id when one is sent", async () => {
      const r = await esb(t, 'search_business', {}, { 'x-request-id': 'trace-0001.abc:42' });
      expectSuccessEnvelope(r);
      expect(r.body.request_id).toBe('trace-0001.abc:42');
    });

    it("is the caller's X-Request-Id on an error too (authentication, unknown call, malformed JSON)", async () => {
      const auth = await post(t, 'search_business', { bk_app_code: APP.bk_app_code }, { 'x-request-id': 'rid-auth' });
      expect(auth.body.result).toBe(false);
      expect(auth.body.request_id).toBe('rid-auth');
      const unknown = await esb(t, 'no_such_call', {}, { 'x-request-id': 'rid-unknown' });
      expect(unknown.body.code).toBe(1306404);
      expect(unknown.body.request_id).toBe('rid-unknown');
      const json = await post(t, 'search_business', '{"bk_app_code":', { 'x-request-id': 'rid-json' });
      expect(json.body.code).toBe(1199000);
      expect(json.body.request_id).toBe('rid-json');
    });

    it('a malformed or oversized X-Request-Id is replaced by a generated one', async () => {
      for (const given of ['has spaces in it', 'x'.repeat(129), '<script>', 'a/b']) {
        const r = await esb(t, 'search_business', {}, { 'x-request-id': given });
        expectSuccessEnvelope(r);
        expect(r.body.request_id).toMatch(HEX32);
        expect(r.body.request_id).not.toBe(given);
      }
    });
  });

  describe('errors', () => {
    const cases: Array<[string, (t: TestTopograph, bizId: number) => Promise<Raw>, number]> = [
      ['authentication (no bk_app_code)', (t) => post(t, 'search_business', { bk_username: 'admin' }), 1306000],
      ['form validation (bk_biz_id missing)', (t) => esb(t, 'create_set', { data: {} }), 1306000],
      [
        'model validation (bk_set_name missing)',
        (t, biz) => esb(t, 'create_set', { bk_biz_id: biz, data: { bk_parent_id: biz } }),
        1199010,
      ],
      ['unknown call', (t) => esb(t, 'no_such_call'), 1306404],
      ['malformed JSON', (t) => post(t, 'search_business', '{not json'), 1199000],
      ['empty body', (t) => post(t, 'search_business', ''), 1199005],
      [
        'duplicate set name',
        (t, biz) => esb(t, 'create_set', { bk_biz_id: biz, data: { bk_parent_id: biz, bk_set_name: 'envelope-set' } }),
        1101108,
      ],
      ['page limit', (t) => esb(t, 'search_business', { page: { limit: 201 } }), 1199059],
    ];

    for (const [what, call, code] of cases) {
      it(`${what}: HTTP 200, result false, code ${code}, data null, permission null`, async () => {
        const r = await call(t, bizId);
        expectErrorEnvelope(r);
        expect(r.body.code).toBe(code);
        expect(r.body.permission).toBeNull();
      });
    }

    it('a permission failure is the same envelope with code 9900403 and a permission object', async () => {
      const r = await post(t, 'create_business', {
        ...APP,
        bk_username: 'nobody',
        data: { bk_biz_name: 'not-allowed', bk_biz_maintainer: 'nobody' },
      });
      expectErrorEnvelope(r);
      expect(r.body.code).toBe(9900403);
      expect(r.body.permission).toMatchObject({ system_id: 'bk_cmdb' });
    });
  });
});

describe('no answer carries a secret', () => {
  it(`none of the envelope tests' answers contains the app secret or the admin token`, () => {
    expect(answers.length).toBeGreaterThan(20);
    const leaks = answers.filter((a) => a.includes(APP.bk_app_secret) || a.includes(ADMIN_TOKEN));
    expect(leaks).toEqual([]);
  });
});
