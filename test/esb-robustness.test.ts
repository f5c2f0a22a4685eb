import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CALLS } from '../src/api/esb/calls/index.js';
import { ESB_PREFIX } from '../src/api/esb/plugin.js';
import { OBJECT_IDS } from '../src/domain/model/attribute.js';
import { ADMIN_TOKEN, APP, makeBusiness, makeSet, startTopograph, type TestTopograph } from './support/server.js';

/**
 * Whatever arrives, the ESB face answers HTTP 200 with an envelope, keeps running, and writes nothing
 * for a refused request.
 */

const ENVELOPE_KEYS = ['code', 'data', 'message', 'permission', 'request_id', 'result'];
const INTERNAL_ERROR = 1199999;
const CREDS = { ...APP, bk_username: 'admin' };
const CREDS_JSON = JSON.stringify(CREDS).slice(1, -1); // "bk_app_code":…,"bk_username":"admin"

/** Every answer body and header set of this file, scanned for secrets at the end. */
const answers: string[] = [];

interface Raw {
  status: number;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function raw(
  t: TestTopograph,
  opts: { name?: string; url?: string; payload: string; contentType?: string | null; headers?: Record<string, string> },
): Promise<Raw> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'application/json';
  const res = await t.app.inject({
    method: 'POST',
    url: opts.url ?? `${ESB_PREFIX}/${opts.name}/`,
    headers,
    payload: opts.payload,
  });
  answers.push(res.body, JSON.stringify(res.headers));
  let body: unknown;
  try {
    body = res.json();
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, text: res.body, body };
}

const esb = (t: TestTopograph, name: string, body: Record<string, unknown> = {}) =>
  raw(t, { name, payload: JSON.stringify({ ...CREDS, ...body }) });

function expectEnvelope(r: Raw): void {
  expect(r.status).toBe(200);
  expect(r.body, `not JSON: ${r.text.slice(0, 200)}`).toBeTypeOf('object');
  expect(Object.keys(r.body).sort()).toEqual(ENVELOPE_KEYS);
}

function expectError(r: Raw, code?: number, message?: RegExp): void {
  expectEnvelope(r);
  expect(r.body.result).toBe(false);
  expect(r.body.code).toBeGreaterThan(0);
  expect(r.body.data).toBeNull();
  if (code !== undefined) expect(r.body.code).toBe(code);
  if (message) expect(r.body.message).toMatch(message);
}

/** A bad input is refused with a reason, not with the catch-all internal error. */
function expectCleanError(r: Raw, message?: RegExp): void {
  expectError(r, undefined, message);
  expect(r.body.code, r.body.message).not.toBe(INTERNAL_ERROR);
}

/** Row counts of every instance table and every object's attribute list. */
async function snapshot(t: TestTopograph): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const objId of OBJECT_IDS) {
    out[objId] = (await t.store.search(objId, { filters: [], start: 0, limit: 1, sort: [] })).count;
    out[`${objId}.attributes`] = (await t.store.attributes(objId)).length;
  }
  return out;
}

async function healthy(t: TestTopograph): Promise<void> {
  const res = await t.app.inject({ method: 'GET', url: '/healthz' });
  expect(res.statusCode).toBe(200);
  expect(res.json().status).toBe('ok');
}

describe('ESB robustness: malformed requests', () => {
  let t: TestTopograph;
  let bizId: number;
  let before: Record<string, number>;
  let cloudAreasCreated = 0;

  beforeAll(async () => {
    t = await startTopograph();
    bizId = await makeBusiness(t, 'robust-biz', 'admin');
    await makeSet(t, bizId, 'robust-set');
    before = await snapshot(t);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const createBusinessJson = (name: string) =>
    JSON.stringify({ ...CREDS, data: { bk_biz_name: name, bk_biz_maintainer: 'admin' } });

  describe('the body', () => {
    it('malformed JSON → 1199000', async () => {
      for (const payload of ['{bad', '{"bk_app_code": "esb_test",}', `{${CREDS_JSON}, "data": {"bk_biz_name": "x"`, 'nul', '{"a":1}}']) {
        expectError(await raw(t, { name: 'create_business', payload }), 1199000, /JSON/);
      }
    });

    it('an empty body → an error envelope (1199005), with or without a content type', async () => {
      expectError(await raw(t, { name: 'create_business', payload: '' }), 1199005);
      expectError(await raw(t, { name: 'create_business', payload: '', contentType: null }));
      expectError(await raw(t, { name: 'search_business', payload: '   ' }));
    });

    it('a body over 1 MiB → an error envelope (1199015), even when it is valid JSON with valid credentials', async () => {
      const junk = 'x'.repeat(1024 * 1024 + 16);
      expectError(await raw(t, { name: 'search_business', payload: junk }), 1199015);
      const big = JSON.stringify({ ...CREDS, data: { bk_biz_name: 'too-big', bk_biz_maintainer: 'admin', bk_biz_developer: 'y'.repeat(1024 * 1024) } });
      expectError(await raw(t, { name: 'create_business', payload: big }), 1199015, /1 MiB|out of bounds/i);
    });

    it('a body just under 1 MiB is read (and refused for what it says, not for its size)', async () => {
      const payload = JSON.stringify({ ...CREDS, data: { bk_biz_name: 'almost-big', bk_biz_maintainer: 'admin', description: 'z'.repeat(1000 * 1000) } });
      expect(Buffer.byteLength(payload)).toBeLessThan(1024 * 1024);
      const r = await raw(t, { name: 'create_set', payload });
      expectCleanError(r, /bk_biz_id/);
    });

    it('JSON sent as text/plain is read as JSON (some ESB clients do that)', async () => {
      const r = await raw(t, { name: 'create_business', payload: createBusinessJson('ctype-text-plain'), contentType: 'text/plain' });
      expectEnvelope(r);
      expect(r.body.result, r.body.message).toBe(true);
      expectError(await raw(t, { name: 'create_business', payload: '{not json', contentType: 'text/plain' }), 1199000);
    });

    it('a wrong content type → an error envelope, and the call does not run', async () => {
      for (const contentType of ['application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const r = await raw(t, { name: 'create_business', payload: createBusinessJson(`ctype-${contentType.length}`), contentType });
        expectError(r);
      }
      expectError(await raw(t, { name: 'create_business', payload: createBusinessJson('ctype-xml'), contentType: 'application/xml' }), 1199000, /application\/json/);
    });

    it('a JSON content type with a charset works', async () => {
      const r = await raw(t, { name: 'search_business', payload: JSON.stringify(CREDS), contentType: 'application/json; charset=utf-8' });
      expectEnvelope(r);
      expect(r.body.result).toBe(true);
    });

    it('a JSON array, a string, a number, null or true as the body → an error envelope', async () => {
      for (const payload of ['[]', `[{${CREDS_JSON}}]`, '"create"', '42', 'null', 'true']) {
        expectError(await raw(t, { name: 'create_business', payload }));
      }
    });

    it('the same bodies with the credentials in X-Bkapi-Authorization → "[body] must be object"', async () => {
      const headers = { 'x-bkapi-authorization': JSON.stringify(CREDS) };
      for (const payload of ['[]', '"create"', '42', 'true', 'null']) {
        const r = await raw(t, { name: 'create_business', payload, headers });
        expectCleanError(r, /body/);
      }
    });
  });

  describe('the route', () => {
    it('an unknown call name → 1306404 naming it', async () => {
      const r = await esb(t, 'create_everything');
      expectError(r, 1306404, /create_everything/);
      expect(r.body.permission).toBeNull();
    });

    it('an unknown call without the trailing slash → 1306404 too', async () => {
      const r = await raw(t, { url: `${ESB_PREFIX}/delete_everything`, payload: JSON.stringify(CREDS) });
      expectError(r, 1306404, /delete_everything/);
    });

    it('the trailing slash is optional: with and without it a call answers the same', async () => {
      const withSlash = await raw(t, { url: `${ESB_PREFIX}/search_business/`, payload: JSON.stringify({ ...CREDS, condition: { bk_biz_name: 'robust-biz' } }) });
      const without = await raw(t, { url: `${ESB_PREFIX}/search_business`, payload: JSON.stringify({ ...CREDS, condition: { bk_biz_name: 'robust-biz' } }) });
      for (const r of [withSlash, without]) {
        expectEnvelope(r);
        expect(r.body.result).toBe(true);
        expect(r.body.data.count).toBe(1);
      }
    });

    it('a write without the trailing slash is the same call (it validates and authenticates)', async () => {
      const r = await raw(t, { url: `${ESB_PREFIX}/create_set`, payload: JSON.stringify({ ...CREDS, data: {} }) });
      expectError(r, 1306000, /bk_biz_id/);
      const noAuth = await raw(t, { url: `${ESB_PREFIX}/create_set`, payload: JSON.stringify({ bk_biz_id: bizId, data: {} }) });
      expectError(noAuth, 1306000, /bk_app_code/);
    });
    it('another method on a call → 1306404 naming the call and the method, and nothing is written', async () => {
      const before = await esb(t, 'search_set', { bk_biz_id: bizId });
      for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
        const res = await t.app.inject({
          method,
          url: `${ESB_PREFIX}/create_set/`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ ...CREDS, bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: `by-${method}` } }),
        });
        answers.push(res.body);
        const r = { status: res.statusCode, text: res.body, body: res.json() };
        expectError(r, 1306404, new RegExp(`create_set.*${method}`));
      }
      expect((await esb(t, 'search_set', { bk_biz_id: bizId })).body.data.count).toBe(before.body.data.count);
    });

    it('a deeper path under the ESB prefix → 1306404 in the envelope, by any method', async () => {
      for (const method of ['GET', 'POST', 'DELETE'] as const) {
        const res = await t.app.inject({ method, url: `${ESB_PREFIX}/create_set/extra/`, ...(method === 'POST' ? { payload: CREDS } : {}) });
        const r = { status: res.statusCode, text: res.body, body: res.json() };
        expectError(r, 1306404, /\[create_set\/extra\] not found/);
      }
    });

    it('an unknown path is named only up to 100 characters', async () => {
      const res = await t.app.inject({ method: 'POST', url: `${ESB_PREFIX}/a/${'b'.repeat(500)}/`, payload: CREDS });
      const r = { status: res.statusCode, text: res.body, body: res.json() };
      expectError(r, 1306404);
      expect(r.body.message).not.toContain('b'.repeat(100));
    });
  });

  describe('the parameters', () => {
    for (const [what, value] of [
      ['a string', 'bk_set_name=x'],
      ['an array', [{ bk_parent_id: 1, bk_set_name: 'x' }]],
      ['null', null],
      ['a number', 7],
    ] as const) {
      it(`data as ${what} in create_set → an error naming data`, async () => {
        const r = await esb(t, 'create_set', { bk_biz_id: bizId, data: value });
        expectCleanError(r, /data/);
      });
    }

    it('data missing in create_set → an error naming data', async () => {
      expectCleanError(await esb(t, 'create_set', { bk_biz_id: bizId }), /data/);
    });

    for (const value of ['2', 2.5, true, null, [2], { id: 2 }]) {
      it(`bk_biz_id as ${JSON.stringify(value)} → an error naming bk_biz_id`, async () => {
        const r = await esb(t, 'create_set', { bk_biz_id: value, data: { bk_parent_id: bizId, bk_set_name: 'typed' } });
        expectCleanError(r, /bk_biz_id/);
      });
    }

    it('bk_biz_id as the string of a real business id is still refused (no coercion)', async () => {
      const r = await esb(t, 'create_set', { bk_biz_id: String(bizId), data: { bk_parent_id: bizId, bk_set_name: 'coerced' } });
      expectCleanError(r, /bk_biz_id/);
    });
  });

  describe('huge integers', () => {
    // JSON integers past the id columns' range (2^31 − 1 on PostgreSQL, 2^63 − 1 on SQLite), or past 2^53.
    const BIG = ['2147483648', '4294967296', '9007199254740991', '9223372036854775808', '-9223372036854775809', '12345678901234567890', '1e300'];

    it('an id parameter past the id columns\' range is refused as naming no such object, not with an internal error', async () => {
      const offenders: string[] = [];
      for (const big of BIG) {
        const probes: Array<[string, string, RegExp]> = [
          ['create_set', `{${CREDS_JSON},"bk_biz_id":${big},"data":{"bk_parent_id":${big},"bk_set_name":"huge"}}`, /bk_biz_id/],
          ['create_module', `{${CREDS_JSON},"bk_biz_id":${bizId},"bk_set_id":${big},"data":{"bk_parent_id":${big},"bk_module_name":"huge"}}`, /bk_set_id/],
          ['delete_object_attribute', `{${CREDS_JSON},"id":${big}}`, /\bid\b|attribute|found/i],
          ['update_object_attribute', `{${CREDS_JSON},"id":${big},"bk_property_name":"x"}`, /\bid\b|attribute|found/i],
        ];
        for (const [name, payload, message] of probes) {
          const r = await raw(t, { name, payload });
          expectEnvelope(r);
          if (r.body.result || r.body.code === INTERNAL_ERROR || !message.test(r.body.message)) {
            offenders.push(`${name} ${big} → ${r.body.code} ${r.body.message}`);
          }
        }
      }
      expect(offenders, offenders.join('\n')).toEqual([]);
    });

    it('huge values of int attributes (bk_capacity, bk_parent_id) → "must be integral"-style refusals', async () => {
      for (const big of ['1e300', '12345678901234567890']) {
        const cap = `{${CREDS_JSON},"bk_biz_id":${bizId},"data":{"bk_parent_id":${bizId},"bk_set_name":"huge-cap","bk_capacity":${big}}}`;
        expectCleanError(await raw(t, { name: 'create_set', payload: cap }), /bk_capacity/);
        const parent = `{${CREDS_JSON},"bk_biz_id":${bizId},"data":{"bk_parent_id":${big},"bk_set_name":"huge-parent"}}`;
        expectCleanError(await raw(t, { name: 'create_set', payload: parent }), /bk_parent_id/);
      }
    });

    it('a huge page.start in search_business → refused naming page.start, not an internal error', async () => {
      for (const big of ['1e300', '9223372036854775808', '12345678901234567890']) {
        const payload = `{${CREDS_JSON},"page":{"start":${big},"limit":10}}`;
        expectCleanError(await raw(t, { name: 'search_business', payload }), /page\.start/);
      }
    });

    it('a huge page.limit in search_business → the page-limit refusal (1199059)', async () => {
      const payload = `{${CREDS_JSON},"page":{"limit":1e300}}`;
      expectError(await raw(t, { name: 'search_business', payload }), 1199059);
    });

    it('a huge integer in a search condition → an answer (no match) or a clean refusal, not an internal error', async () => {
      for (const big of ['1e300', '12345678901234567890']) {
        for (const cond of [`{"bk_biz_id":${big}}`, `{"bk_biz_id":{"$gt":${big}}}`, `{"bk_biz_id":{"$in":[${big}]}}`]) {
          const r = await raw(t, { name: 'search_business', payload: `{${CREDS_JSON},"condition":${cond}}` });
          expectEnvelope(r);
          expect(r.body.code, `${cond}: ${r.body.message}`).not.toBe(INTERNAL_ERROR);
          if (r.body.result) expect(r.body.data.count).toBe(0);
        }
      }
    });
  });

  it('search operands of the wrong type (objects, nested arrays, booleans for ids) → a clean refusal or an answer, not an internal error', async () => {
    const offenders: string[] = [];
    for (const cond of [
      { bk_biz_id: { $eq: { a: 1 } } },
      { bk_biz_id: { $in: [{ a: 1 }] } },
      { bk_biz_id: { $nin: [[1]] } },
      { bk_biz_id: [[1]] },
      { bk_biz_id: { $eq: true } },
      { bk_biz_name: { $gt: ['a'] } },
      { bk_biz_name: { $ne: { $eq: 'x' } } },
    ]) {
      const r = await esb(t, 'search_business', { condition: cond });
      expectEnvelope(r);
      if (r.body.code === INTERNAL_ERROR) offenders.push(`${JSON.stringify(cond)} → ${r.body.message}`);
    }
    expect(offenders, offenders.join('\n')).toEqual([]);
  });

  it('a text search on a number field, or a search text past 4,096 characters, is refused naming the field (1199006)', async () => {
    for (const [call, cond] of [
      ['search_business', { bk_biz_id: { $regex: '1' } }],
      ['search_cloud_area', { bk_cloud_id: { $regex: 'x' } }],
    ] as const) {
      expectError(await esb(t, call, { condition: cond }), 1199006, /\$regex.*applies to text fields/);
    }
    const long = 'x'.repeat(100_000);
    expectError(await esb(t, 'search_business', { condition: { bk_biz_name: long } }), 1199006, /condition\.bk_biz_name.*at most 4096/);
    expectError(await esb(t, 'search_business', { condition: { bk_biz_maintainer: `admin,${long}` } }), 1199006, /condition\.bk_biz_maintainer.*at most 4096/);
    expectError(await esb(t, 'search_set', { bk_biz_id: bizId, condition: { bk_set_name: { $regex: long } } }), 1199006, /at most 4096/);
    const rule = { condition: 'AND', rules: [{ field: 'bk_host_name', operator: 'contains', value: long }] };
    expectError(await esb(t, 'list_biz_hosts', { bk_biz_id: bizId, host_property_filter: rule }), 1199006, /rules\[0\]\.value.*at most 4096/);
    expectError(await esb(t, 'list_service_template', { bk_biz_id: bizId, search: long }), 1199006, /search.*at most 4096/);
    // the longest search text is still a search
    const r = await esb(t, 'search_business', { condition: { bk_biz_name: 'x'.repeat(4096) } });
    expect(r.body.result).toBe(true);
  });

  it('a number a built-in integer field cannot hold is refused naming the field, on either store (1199006)', async () => {
    for (const cond of [{ bk_biz_id: 2147483648 }, { bk_biz_id: { $gte: 1.5 } }, { bk_biz_id: { $nin: [2 ** 40] } }]) {
      expectError(await esb(t, 'search_business', { condition: cond }), 1199006, /condition\.bk_biz_id.*integer between/);
    }
    expectError(await esb(t, 'search_cloud_area', { condition: { bk_cloud_id: -2147483649 } }), 1199006, /bk_cloud_id.*integer between/);
    // times are integers of milliseconds, far past 2^31
    const r = await esb(t, 'search_business', { condition: { create_time: { $gte: Date.now() - 3_600_000 } } });
    expect(r.body.result).toBe(true);
  });

  it('a NUL character in an attribute definition is refused naming the field, on either store', async () => {
    const base = { bk_obj_id: 'set', bk_property_type: 'singlechar' };
    expectError(await esb(t, 'create_object_attribute', { ...base, bk_property_id: 'nul_name', bk_property_name: 'a\u0000b' }), 1199011, /bk_property_name.*NUL/);
    expectError(await esb(t, 'create_object_attribute', { ...base, bk_property_id: 'nul_unit', bk_property_name: 'ok', unit: 'k\u0000g' }), 1199011, /unit.*NUL/);
  });

  describe('deep nesting', () => {
    const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

    it('a 5 000-deep object as a set description → "must be a string"', async () => {
      const payload = `{${CREDS_JSON},"bk_biz_id":${bizId},"data":{"bk_parent_id":${bizId},"bk_set_name":"deep","description":${deep(5000)}}}`;
      expectCleanError(await raw(t, { name: 'create_set', payload }), /description/);
    });

    it('a 5 000-deep object as a search condition → refused naming the field', async () => {
      expectCleanError(await raw(t, { name: 'search_business', payload: `{${CREDS_JSON},"condition":${deep(5000)}}` }), /condition/);
    });

    it('a 100 000-deep object or array in a field nobody reads → an envelope, not a crash', async () => {
      expectEnvelope(await raw(t, { name: 'search_business', payload: `{${CREDS_JSON},"x":${deep(100_000)}}` }));
      expectEnvelope(await raw(t, { name: 'search_business', payload: `{${CREDS_JSON},"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}` }));
      expectEnvelope(await raw(t, { name: 'create_business', payload: `{${CREDS_JSON},"data":${deep(100_000)}}` }));
    });
  });

  describe('prototype-pollution keys', () => {
    afterAll(() => {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });

    it('"__proto__" / constructor.prototype keys are stripped by the JSON parser: the call runs without them, Object.prototype untouched', async () => {
      const payloads = [
        `{${CREDS_JSON},"__proto__":{"polluted":"yes"},"data":{"bk_biz_name":"proto-top","bk_biz_maintainer":"admin"}}`,
        `{${CREDS_JSON},"data":{"bk_biz_name":"proto-data","bk_biz_maintainer":"admin","__proto__":{"polluted":"yes"}}}`,
        `{${CREDS_JSON},"data":{"bk_biz_name":"proto-ctor","bk_biz_maintainer":"admin","constructor":{"prototype":{"polluted":"yes"}}}}`,
      ];
      for (const payload of payloads) {
        const r = await raw(t, { name: 'create_business', payload });
        expectEnvelope(r);
        expect(r.body.result, r.body.message).toBe(true);
        expect(Object.keys(r.body.data)).not.toContain('polluted');
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('"constructor", "toString", "hasOwnProperty" as data keys are unknown fields: dropped and reported, not crashes', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `${ESB_PREFIX}/create_set/`,
        headers: { 'content-type': 'application/json' },
        payload: `{${CREDS_JSON},"bk_biz_id":${bizId},"data":{"bk_parent_id":${bizId},"bk_set_name":"proto-keys","constructor":"x","toString":1,"hasOwnProperty":{"a":1},"valueOf":null}}`,
      });
      answers.push(res.body);
      const body = res.json();
      expect(res.statusCode).toBe(200);
      expect(body.result).toBe(true);
      expect(body.data.bk_set_name).toBe('proto-keys');
      expect(String(res.headers['x-topograph-ignored-fields']).split(',').sort()).toEqual(
        ['data.constructor', 'data.hasOwnProperty', 'data.toString', 'data.valueOf'].sort(),
      );
      for (const k of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
        expect(Object.prototype.hasOwnProperty.call(body.data, k), k).toBe(false);
      }
    });

    it('"constructor" or "__proto__"-like names as search fields are refused as unknown fields', async () => {
      for (const field of ['constructor', 'toString', 'hasOwnProperty']) {
        expectCleanError(await esb(t, 'search_business', { condition: { [field]: 'x' } }), new RegExp(field));
        expectCleanError(await esb(t, 'search_business', { fields: [field] }), new RegExp(field));
      }
    });

    it('"constructor" / "toString" as a search operator is refused as an unknown operator (1199006), not matched', async () => {
      for (const op of ['constructor', 'toString', 'hasOwnProperty', '__defineGetter__']) {
        const r = await esb(t, 'search_business', { condition: { bk_biz_name: { [op]: 'robust' } } });
        expectError(r, 1199006, /unknown operator/);
      }
    });

    it('"constructor" as a call parameter name is harmless', async () => {
      const r = await esb(t, 'search_object_attribute', { bk_obj_id: 'set', constructor: 'x', prototype: { a: 1 } });
      expectEnvelope(r);
      expect(r.body.result).toBe(true);
      expect(Array.isArray(r.body.data)).toBe(true);
    });
  });

  describe('unicode', () => {
    it('CJK and emoji names are stored and found again', async () => {
      const name = '业务🚀テスト';
      const created = await esb(t, 'create_business', { data: { bk_biz_name: name, bk_biz_maintainer: 'admin' } });
      expectEnvelope(created);
      expect(created.body.result).toBe(true);
      expect(created.body.data.bk_biz_name).toBe(name);
      const found = await esb(t, 'search_business', { condition: { bk_biz_name: '🚀' } });
      expect(found.body.data.info.map((b: { bk_biz_name: string }) => b.bk_biz_name)).toEqual([name]);
      const set = await esb(t, 'create_set', { bk_biz_id: created.body.data.bk_biz_id, data: { bk_parent_id: created.body.data.bk_biz_id, bk_set_name: '集群😀' } });
      expect(set.body.result).toBe(true);
      expect(set.body.data.bk_set_name).toBe('集群😀');
    });

    it('a NUL character in a name, a description or a search value → a clean refusal or an answer, not an internal error', async () => {
      const offenders: string[] = [];
      const probes: Array<[string, Record<string, unknown>]> = [
        ['create_business', { data: { bk_biz_name: 'nul\u0000name', bk_biz_maintainer: 'admin' } }],
        ['create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: 'nul-desc', description: 'a\u0000b' } }],
        ['create_cloud_area', { bk_cloud_name: 'nul\u0000cloud' }],
        ['search_business', { condition: { bk_biz_name: 'a\u0000' } }],
      ];
      for (const [name, body] of probes) {
        const r = await esb(t, name, body);
        expectEnvelope(r);
        if (name === 'create_cloud_area' && r.body.result) cloudAreasCreated++;
        if (r.body.code === INTERNAL_ERROR) offenders.push(`${name} ${JSON.stringify(body)} → ${r.body.message}`);
      }
      expect(offenders, offenders.join('\n')).toEqual([]);
    });

    it("a name's length counts characters, not UTF-16 units: 256 emoji pass, 257 are refused", async () => {
      const ok = await esb(t, 'create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: '😀'.repeat(256) } });
      expect(ok.body.message).toBe('success');
      const long = await esb(t, 'create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: '😀'.repeat(257) } });
      expectCleanError(long, /bk_set_name/);
    });

    it('lone surrogates, NUL and control characters → an envelope, never an internal error', async () => {
      for (const name of ['\ud800', 'x\u0007y', '\u202e\u200b', '\uffff', 'x\u001by']) {
        const r = await esb(t, 'create_business', { data: { bk_biz_name: name, bk_biz_maintainer: 'admin' } });
        expectEnvelope(r);
        expect(r.body.code, `${JSON.stringify(name)}: ${r.body.message}`).not.toBe(INTERNAL_ERROR);
      }
    });
  });

  it('none of the refused requests above wrote anything beyond what the successful ones created', async () => {
    const after = await snapshot(t);
    // The successful creates of this block: one business ('业务🚀テスト'), sets '集群😀', 'proto-keys', 256 emoji,
    // and whatever control-character names were accepted (each a business with its idle pool).
    const accepted = await esb(t, 'search_business', {});
    const extraBusinesses = accepted.body.data.count - 1;
    expect(after.biz).toBe(before.biz + extraBusinesses);
    for (const objId of OBJECT_IDS) expect(after[`${objId}.attributes`]).toBe(before[`${objId}.attributes`]);
    expect(after.plat).toBe(before.plat + cloudAreasCreated);
    expect(after.host).toBe(before.host);
    const refusedNames = ['too-big', 'almost-big', 'huge', 'huge-cap', 'huge-parent', 'typed', 'coerced', 'deep'];
    for (const n of refusedNames) {
      const sets = await t.store.search('set', { filters: [{ field: 'bk_set_name', op: 'eq', value: n }], start: 0, limit: 1, sort: [] });
      const bizs = await t.store.search('biz', { filters: [{ field: 'bk_biz_name', op: 'eq', value: n }], start: 0, limit: 1, sort: [] });
      expect(sets.count + bizs.count, n).toBe(0);
    }
  });

  it('the server still answers /healthz afterwards', async () => {
    await healthy(t);
  });
});

/** mulberry32: a small seeded PRNG, so a failing random body can be reproduced from its index. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELD_NAMES = [
  'data', 'condition', 'fields', 'page', 'bk_biz_id', 'bk_set_id', 'id', 'bk_obj_id', 'bk_property_id',
  'bk_property_name', 'bk_property_type', 'option', 'default', 'isrequired', 'editable', 'ismultiple',
  'bk_cloud_name', 'bk_supplier_account', 'bk_parent_id', 'bk_set_name', 'bk_module_name', 'bk_biz_name',
  'bk_biz_maintainer', 'bk_capacity', 'bk_set_env', 'service_category_id', 'life_cycle', 'time_zone',
  'language', 'start', 'limit', 'sort', '$in', '$regex', '$gt', '$eq', 'constructor', 'toString', 'x', '',
];

interface FuzzIds {
  biz: number;
  set: number;
  module: number;
  cloud: number;
}

/** Schema-level facts of a call's parameter (TypeBox schemas are JSON Schema). */
const schemaType = (s: unknown) => (s as { type?: string }).type;
const schemaProperties = (s: unknown) => Object.keys((s as { properties?: Record<string, unknown> }).properties ?? {});

/**
 * A body the call (nearly) accepts, so that mutations of it reach the call's own checks: hand-written for
 * the calls whose data has required fields, derived from the parameter schema for every other call
 * (including calls added after this test was written). Deletes aim at their own victims, not at the
 * objects the other templates use.
 */
function templateFor(call: { name: string; params: Record<string, unknown> }, ids: FuzzIds, victims: FuzzIds): Record<string, unknown> {
  const known: Record<string, Record<string, unknown>> = {
    create_cloud_area: { bk_cloud_name: 'fuzz-cloud' },
    create_business: { data: { bk_biz_name: 'fuzz', bk_biz_maintainer: 'admin', life_cycle: '2', language: '1', time_zone: 'Asia/Shanghai' } },
    search_business: { condition: { bk_biz_name: 'fuzz' }, fields: ['bk_biz_id', 'bk_biz_name'], page: { start: 0, limit: 10, sort: 'bk_biz_id' } },
    create_set: { bk_biz_id: ids.biz, data: { bk_parent_id: ids.biz, bk_set_name: 'fuzz', bk_capacity: 10, bk_set_env: '3', description: 'd' } },
    create_module: { bk_biz_id: ids.biz, bk_set_id: ids.set, data: { bk_parent_id: ids.set, bk_module_name: 'fuzz', bk_module_type: '1', service_category_id: 2 } },
    create_object_attribute: { bk_obj_id: 'set', bk_property_id: 'fuzz_field', bk_property_name: 'fuzz', bk_property_type: 'int', option: { min: 0, max: 10 } },
    update_object_attribute: { id: 1, bk_property_name: 'renamed' },
  };
  if (known[call.name]) return known[call.name]!;
  const use = /^(batch_)?delete_/.test(call.name) ? victims : ids;
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(call.params)) {
    if (k === 'bk_biz_id') out[k] = use.biz;
    else if (k === 'bk_set_id') out[k] = use.set;
    else if (k === 'bk_module_id') out[k] = use.module;
    else if (k === 'bk_cloud_id') out[k] = use.cloud;
    else if (k === 'page') out[k] = { start: 0, limit: 10 };
    else if (k === 'condition') out[k] = {};
    else if (schemaType(s) === 'integer') out[k] = 1;
    else if (schemaType(s) === 'string') out[k] = 'fuzz';
    else if (schemaType(s) === 'boolean') out[k] = false;
    else if (schemaType(s) === 'array') out[k] = [1];
    else if (schemaType(s) === 'object') out[k] = {};
  }
  return out;
}

function fuzzer(seed: number, ids: FuzzIds) {
  const next = rng(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const scalar = (): unknown =>
    pick([
      () => int(10),
      () => -int(1000),
      () => pick(Object.values(ids)),
      () => int(2 ** 31) * (next() < 0.5 ? 1 : 2 ** 22),
      () => next() * 1e6,
      () => pick([1e300, -1e300, Number.MAX_SAFE_INTEGER + 2, 0.5, -0]),
      () => '',
      () => pick(['set', 'biz', 'module', 'plat', 'host', 'singlechar', 'int', 'enum', 'admin', '1', '2', '3', 'disabled', '-bk_biz_id', 'bk_biz_name', 'a,b', '^(a+)$']),
      () => String.fromCharCode(...Array.from({ length: int(12) }, () => 32 + int(0x2fff))),
      () => '😀'.repeat(int(4)) + 'é\u0000',
      () => next() < 0.5,
      () => null,
    ])();
  const value = (depth: number, names: readonly string[]): unknown => {
    const r = next();
    if (depth > 3 || r < 0.55) return scalar();
    if (r < 0.75) return Array.from({ length: int(4) }, () => value(depth + 1, names));
    const o: Record<string, unknown> = {};
    for (let i = int(5); i > 0; i--) o[pick(names)] = value(depth + 1, names);
    return o;
  };
  /** Another value of the same JSON type: an edge case the schema lets through to the call. */
  const sameType = (v: unknown): unknown => {
    if (typeof v === 'number') return pick([0, -1, 1, 2 ** 31, 2 ** 53 + 2, 1e300, -1e300, ...Object.values(ids), int(1000)]);
    if (typeof v === 'string') return pick(['', ' ', 'x'.repeat(300), '😀'.repeat(257), 'a b', 'a/b', '0', 'admin,alice', 'default', String(int(10))]);
    if (typeof v === 'boolean') return !v;
    if (Array.isArray(v)) return Array.from({ length: int(3) }, () => scalar());
    return v;
  };
  /** A random body: either random keys and values, or the call's template with one to three mutations. */
  const body = (call: { name: string; params: Record<string, unknown> }, template: Record<string, unknown>) => {
    const names = [
      ...Object.keys(call.params),
      ...Object.values(call.params).flatMap(schemaProperties),
      ...FIELD_NAMES,
    ];
    let b: Record<string, unknown>;
    if (next() < 0.2) {
      b = {};
      for (let i = int(6); i > 0; i--) b[pick(names)] = value(0, names);
    } else {
      b = structuredClone(template);
      for (let m = 1 + int(3); m > 0; m--) {
        const nestedKeys = Object.keys(b).filter((k) => b[k] && typeof b[k] === 'object' && !Array.isArray(b[k]));
        const target = nestedKeys.length && next() < 0.6 ? (b[pick(nestedKeys)] as Record<string, unknown>) : b;
        const keys = Object.keys(target);
        const r = next();
        if (r < 0.1 && keys.length) delete target[pick(keys)];
        else if (r < 0.5 && keys.length) {
          const k = pick(keys);
          target[k] = next() < 0.5 ? sameType(target[k]) : value(1, names);
        }
        else target[pick(names)] = value(1, names);
      }
    }
    const r = next();
    if (r < 0.85) Object.assign(b, CREDS);
    else if (r < 0.93) Object.assign(b, { bk_app_code: scalar(), bk_app_secret: scalar(), bk_username: scalar(), bk_token: scalar() });
    return b;
  };
  return { body };
}

async function fuzzObjects(t: TestTopograph, name: string): Promise<FuzzIds> {
  const biz = await makeBusiness(t, `${name}-biz`, 'admin');
  const set = await makeSet(t, biz, `${name}-set`);
  const mod = await esb(t, 'create_module', { bk_biz_id: biz, bk_set_id: set, data: { bk_parent_id: set, bk_module_name: `${name}-module` } });
  const cloud = await esb(t, 'create_cloud_area', { bk_cloud_name: `${name}-cloud` });
  expect(mod.body.result && cloud.body.result).toBe(true);
  return { biz, set, module: mod.body.data.bk_module_id, cloud: cloud.body.data.created.id };
}

describe('ESB robustness: 300 random bodies across every call', () => {
  const SEED = 20240601;
  const COUNT = 300;
  let t: TestTopograph;
  let ids: FuzzIds;
  let victims: FuzzIds;
  const results: Array<{ i: number; call: string; payload: string; r: Raw }> = [];

  beforeAll(async () => {
    t = await startTopograph();
    ids = await fuzzObjects(t, 'fuzz');
    victims = await fuzzObjects(t, 'victim');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('every call is in the loop', () => {
    expect(ALL_CALLS.length).toBeGreaterThan(0);
    expect(new Set(ALL_CALLS.map((c) => c.name)).size).toBe(ALL_CALLS.length);
  });

  it(`answers each of ${COUNT} seeded random bodies with HTTP 200 and the six envelope keys`, async () => {
    const { body } = fuzzer(SEED, ids);
    for (let i = 0; i < COUNT; i++) {
      const call = ALL_CALLS[i % ALL_CALLS.length]!;
      const payload = JSON.stringify(body(call, templateFor(call, ids, victims)));
      const r = await raw(t, { name: call.name, payload });
      results.push({ i, call: call.name, payload, r });
    }
    const bad = results.filter(({ r }) => {
      if (r.status !== 200 || !r.body || typeof r.body !== 'object') return true;
      if (Object.keys(r.body).sort().join() !== ENVELOPE_KEYS.join()) return true;
      if (r.body.result !== (r.body.code === 0)) return true;
      if (typeof r.body.message !== 'string' || typeof r.body.request_id !== 'string') return true;
      return !r.body.result && r.body.data !== null;
    });
    const lines = bad.map(({ i, call, payload, r }) => `#${i} ${call} ${payload} → ${r.status} ${r.text.slice(0, 200)}`);
    expect(lines, lines.join('\n')).toEqual([]);
    // The loop reached past authentication and validation into the calls themselves.
    expect(results.filter(({ r }) => r.body.result).length).toBeGreaterThan(10);
    expect(new Set(results.map(({ r }) => r.body.code)).size).toBeGreaterThan(8);
  });

  it('no random body ends in the internal-error catch-all (1199999)', () => {
    expect(results).toHaveLength(COUNT);
    const internal = results.filter(({ r }) => r.body?.code === INTERNAL_ERROR);
    const lines = internal.map(({ i, call, payload }) => `#${i} ${call} ${payload}`);
    expect(lines, lines.join('\n')).toEqual([]);
  });

  it('the server still answers /healthz with 200 afterwards', async () => {
    await healthy(t);
  });
});

describe('no answer carries a secret', () => {
  it("none of the robustness answers contains the app secret or the admin token", () => {
    expect(answers.length).toBeGreaterThan(300);
    const leaks = answers.filter((a) => a.includes(APP.bk_app_secret) || a.includes(ADMIN_TOKEN));
    expect(leaks.map((l) => l.slice(0, 300))).toEqual([]);
  });
});
