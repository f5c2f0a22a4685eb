import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESB_PREFIX } from '../src/api/esb/plugin.js';
import { hashAppSecret, hashToken, newSalt } from '../src/domain/identity/secrets.js';
import { OBJECT_IDS } from '../src/domain/model/attribute.js';
import { ADMIN_TOKEN, APP, makeBusiness, makeSet, startTopograph, type TestTopograph } from './support/server.js';

/**
 * The gateway's authentication (bk_app_code / bk_app_secret, then bk_token or, for a trusted app,
 * bk_username) and Topograph's permission rule (admin: everything; others: the topology of businesses
 * that list them in bk_biz_maintainer).
 */

const ENVELOPE_KEYS = ['code', 'data', 'message', 'permission', 'request_id', 'result'];

const UNTRUSTED = { bk_app_code: 'untrusted_app', bk_app_secret: 'untrusted-secret-456' };
const BOB_TOKEN = 'bob-token-0123456789abcdef';
const ALICE_TOKEN = 'alice-token-fedcba9876543210';

/** Every answer body and header set of this file, scanned for secrets at the end. */
const answers: string[] = [];

interface Raw {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function post(
  t: TestTopograph,
  name: string,
  payload: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Raw> {
  const res = await t.app.inject({
    method: 'POST',
    url: `${ESB_PREFIX}/${name}/`,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(payload),
  });
  answers.push(res.body, JSON.stringify(res.headers));
  return { status: res.statusCode, body: res.json() };
}

/** The trusted test app acting as `user` (admin unless told). */
const as = (t: TestTopograph, user: string, name: string, body: Record<string, unknown> = {}) =>
  post(t, name, { ...APP, bk_username: user, ...body });

/** The untrusted app presenting a bk_token. */
const withToken = (t: TestTopograph, token: string, name: string, body: Record<string, unknown> = {}) =>
  post(t, name, { ...UNTRUSTED, bk_token: token, ...body });

async function businessCount(t: TestTopograph, name?: string): Promise<number> {
  const r = await as(t, 'admin', 'search_business', name ? { condition: { bk_biz_name: name } } : {});
  expect(r.body.result).toBe(true);
  return r.body.data.count as number;
}

/** Row counts of every instance table and every object's attribute list: what a refused call must leave alone. */
async function snapshot(t: TestTopograph): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const objId of OBJECT_IDS) {
    out[objId] = (await t.store.search(objId, { filters: [], start: 0, limit: 1, sort: [] })).count;
    out[`${objId}.attributes`] = (await t.store.attributes(objId)).length;
  }
  return out;
}

const countIn = async (t: TestTopograph, objId: 'set' | 'module', field: string, id: number) =>
  (await t.store.search(objId, { filters: [{ field, op: 'eq', value: id }], start: 0, limit: 1, sort: [] })).count;

function expectRefused(r: Raw, code: number, message?: RegExp): void {
  expect(r.status).toBe(200);
  expect(Object.keys(r.body).sort()).toEqual(ENVELOPE_KEYS);
  expect(r.body.result).toBe(false);
  expect(r.body.code).toBe(code);
  expect(r.body.data).toBeNull();
  if (message) expect(r.body.message).toMatch(message);
}

/** Registers the untrusted app and the non-admin accounts bob and alice with their tokens. */
async function registerIdentities(t: TestTopograph): Promise<void> {
  const salt = newSalt();
  await t.store.identity.upsertApp(UNTRUSTED.bk_app_code, salt, hashAppSecret(UNTRUSTED.bk_app_secret, salt), false);
  const bob = await t.store.identity.upsertAccount('bob', false, 'default');
  await t.store.identity.addToken(bob.id, hashToken(BOB_TOKEN), 'test');
  const alice = await t.store.identity.upsertAccount('alice', false, 'default');
  await t.store.identity.addToken(alice.id, hashToken(ALICE_TOKEN), 'test');
}

describe('ESB authentication', () => {
  let t: TestTopograph;
  let bobsBiz: number;
  let adminsBiz: number;

  beforeAll(async () => {
    t = await startTopograph();
    await registerIdentities(t);
    bobsBiz = await makeBusiness(t, 'bobs-biz', 'admin,bob');
    adminsBiz = await makeBusiness(t, 'admins-biz', 'admin');
  });
  afterAll(async () => {
    await t?.stop();
  });

  const data = (name: string) => ({ data: { bk_biz_name: name, bk_biz_maintainer: 'admin' } });

  const refusals: Array<[string, Record<string, unknown>, RegExp]> = [
    ['no bk_app_code', { bk_app_secret: APP.bk_app_secret, bk_username: 'admin' }, /bk_app_code.*cannot be empty/],
    ['an empty bk_app_code', { bk_app_code: '', bk_app_secret: APP.bk_app_secret, bk_username: 'admin' }, /bk_app_code.*cannot be empty/],
    ['no bk_app_secret', { bk_app_code: APP.bk_app_code, bk_username: 'admin' }, /bk_app_secret.*cannot be empty/],
    [
      'an unknown app',
      { bk_app_code: 'no_such_app', bk_app_secret: APP.bk_app_secret, bk_username: 'admin' },
      /Invalid APP Code \[bk_app_code\]: no app has the code sent/,
    ],
    [
      // code and secret swapped: the secret, sent as the code, must not come back
      'an unknown app whose code is the secret',
      { bk_app_code: APP.bk_app_secret, bk_app_secret: APP.bk_app_code, bk_username: 'admin' },
      new RegExp(`^(?!.*${APP.bk_app_secret}).*Invalid APP Code`),
    ],
    [
      'a wrong secret',
      { bk_app_code: APP.bk_app_code, bk_app_secret: 'wrong-secret-999', bk_username: 'admin' },
      /APP Secret verification failed.*bk_app_code=esb_test/,
    ],
    [
      "another app's secret",
      { bk_app_code: APP.bk_app_code, bk_app_secret: UNTRUSTED.bk_app_secret, bk_username: 'admin' },
      /APP Secret verification failed/,
    ],
    ['an untrusted app naming a user with bk_username and no bk_token', { ...UNTRUSTED, bk_username: 'admin' }, /bk_token/],
    ['an unknown bk_token (untrusted app)', { ...UNTRUSTED, bk_token: 'not-a-token' }, /bk_token is valid/],
    [
      'an unknown bk_token beside bk_username (trusted app): the bad token is not skipped',
      { ...APP, bk_username: 'admin', bk_token: 'not-a-token' },
      /bk_token is valid/,
    ],
    ['no user identity at all (trusted app)', { ...APP }, /provide a valid user identity/],
    ['no user identity at all (untrusted app)', { ...UNTRUSTED }, /provide a valid user identity/],
    ['an empty bk_username and bk_token', { ...APP, bk_username: '', bk_token: '' }, /provide a valid user identity/],
    ['a non-string bk_app_code', { bk_app_code: 42, bk_app_secret: APP.bk_app_secret, bk_username: 'admin' }, /bk_app_code/],
  ];

  for (const [what, general, message] of refusals) {
    it(`refuses ${what} with 1306000 and writes nothing`, async () => {
      const before = await snapshot(t);
      const name = `refused-${what.replace(/\W+/g, '-').slice(0, 40)}`;
      const r = await post(t, 'create_business', { ...general, ...data(name) });
      expectRefused(r, 1306000, message);
      expect(r.body.permission).toBeNull();
      expect(await businessCount(t, name)).toBe(0);
      expect(await snapshot(t)).toEqual(before);
    });
  }

  it('a refusal never echoes the secret or the token that was given', async () => {
    const wrongSecret = await post(t, 'search_business', { bk_app_code: APP.bk_app_code, bk_app_secret: 'Sekrit-Value-77', bk_username: 'admin' });
    expectRefused(wrongSecret, 1306000);
    expect(JSON.stringify(wrongSecret.body)).not.toContain('Sekrit-Value-77');
    const badToken = await post(t, 'search_business', { ...UNTRUSTED, bk_token: 'Token-Value-88' });
    expectRefused(badToken, 1306000);
    expect(JSON.stringify(badToken.body)).not.toContain('Token-Value-88');
  });

  it('the trusted app with bk_username acts as that user', async () => {
    const r = await as(t, 'admin', 'create_business', data('trusted-by-username'));
    expect(r.body.result).toBe(true);
    expect(r.body.data.bk_created_by).toBe('admin');
  });

  it("the untrusted app with a valid bk_token acts as the token's owner", async () => {
    const r = await withToken(t, BOB_TOKEN, 'create_set', {
      bk_biz_id: bobsBiz,
      data: { bk_parent_id: bobsBiz, bk_set_name: 'made-by-bob' },
    });
    expect(r.body.result).toBe(true);
    expect(r.body.data.bk_created_by).toBe('bob');
  });

  it("the token's owner is refused where they are not a maintainer (9900403), and nothing is written", async () => {
    const before = await countIn(t, 'set', 'bk_biz_id', adminsBiz);
    const r = await withToken(t, BOB_TOKEN, 'create_set', {
      bk_biz_id: adminsBiz,
      data: { bk_parent_id: adminsBiz, bk_set_name: 'bob-not-here' },
    });
    expectRefused(r, 9900403, /bob/);
    expect(await countIn(t, 'set', 'bk_biz_id', adminsBiz)).toBe(before);
  });

  it('the admin token through the untrusted app acts as admin', async () => {
    const r = await withToken(t, ADMIN_TOKEN, 'create_business', data('made-with-admin-token'));
    expect(r.body.result).toBe(true);
    expect(r.body.data.bk_created_by).toBe('admin');
  });

  it('bk_token wins over bk_username: the trusted app naming admin with bob\'s token acts as bob', async () => {
    const r = await post(t, 'create_business', { ...APP, bk_username: 'admin', bk_token: BOB_TOKEN, ...data('token-beats-username') });
    expectRefused(r, 9900403, /bob/);
    expect(await businessCount(t, 'token-beats-username')).toBe(0);
  });

  it('an untrusted app cannot borrow a user by naming bk_username beside a valid token of someone else', async () => {
    const r = await post(t, 'create_business', { ...UNTRUSTED, bk_username: 'admin', bk_token: ALICE_TOKEN, ...data('alice-as-admin') });
    expectRefused(r, 9900403, /alice/);
    expect(await businessCount(t, 'alice-as-admin')).toBe(0);
  });

  describe('X-Bkapi-Authorization', () => {
    const header = (o: Record<string, unknown>) => ({ 'x-bkapi-authorization': JSON.stringify(o) });

    it('general parameters in the header (JSON) instead of the body work', async () => {
      const r = await post(t, 'create_business', data('header-auth'), header({ ...APP, bk_username: 'admin' }));
      expect(r.body.result).toBe(true);
      expect(r.body.data.bk_created_by).toBe('admin');
      expect(await businessCount(t, 'header-auth')).toBe(1);
    });

    it('a bk_token in the header works for the untrusted app', async () => {
      const r = await post(
        t,
        'create_set',
        { bk_biz_id: bobsBiz, data: { bk_parent_id: bobsBiz, bk_set_name: 'bob-by-header' } },
        header({ ...UNTRUSTED, bk_token: BOB_TOKEN }),
      );
      expect(r.body.result).toBe(true);
      expect(r.body.data.bk_created_by).toBe('bob');
    });

    it('the header wins over the body: a good header beats a wrong secret in the body', async () => {
      const r = await post(
        t,
        'search_business',
        { bk_app_code: APP.bk_app_code, bk_app_secret: 'wrong', bk_username: 'admin' },
        header({ ...APP, bk_username: 'admin' }),
      );
      expect(r.body.result).toBe(true);
    });

    it('the header wins over the body: a wrong secret in the header is refused though the body is right', async () => {
      const r = await post(
        t,
        'create_business',
        { ...APP, bk_username: 'admin', ...data('header-wrong-secret') },
        header({ bk_app_code: APP.bk_app_code, bk_app_secret: 'wrong' }),
      );
      expectRefused(r, 1306000, /APP Secret verification failed/);
      expect(await businessCount(t, 'header-wrong-secret')).toBe(0);
    });

    it('a malformed header counts as absent: the body still authenticates', async () => {
      const r = await post(t, 'search_business', { ...APP, bk_username: 'admin' }, { 'x-bkapi-authorization': '{not json' });
      expect(r.body.result).toBe(true);
    });

    it('a malformed header and no body credentials is refused with 1306000', async () => {
      const r = await post(t, 'search_business', {}, { 'x-bkapi-authorization': '["esb_test"]' });
      expectRefused(r, 1306000, /bk_app_code/);
    });
  });
});

describe('ESB permissions', () => {
  let t: TestTopograph;
  let bizId: number;
  let setId: number;

  beforeAll(async () => {
    t = await startTopograph();
    await registerIdentities(t);
    bizId = await makeBusiness(t, 'perm-biz', 'admin,alice');
    setId = await makeSet(t, bizId, 'perm-set');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('the administrator may create a business', async () => {
    const r = await as(t, 'admin', 'create_business', { data: { bk_biz_name: 'admin-made', bk_biz_maintainer: 'admin' } });
    expect(r.body.result).toBe(true);
    expect(r.body.data.bk_biz_name).toBe('admin-made');
    expect(await businessCount(t, 'admin-made')).toBe(1);
  });

  it('a non-admin may not: 9900403 with a permission object naming create_business, and nothing written', async () => {
    const before = await snapshot(t);
    const r = await as(t, 'bob', 'create_business', { data: { bk_biz_name: 'bob-made', bk_biz_maintainer: 'bob' } });
    expectRefused(r, 9900403, /no permissions/);
    expect(r.body.permission).toMatchObject({
      system_id: 'bk_cmdb',
      actions: [{ id: 'create_business', related_resource_types: [{ system_id: 'bk_cmdb', type: 'biz' }] }],
    });
    expect(await businessCount(t, 'bob-made')).toBe(0);
    expect(await snapshot(t)).toEqual(before);
  });

  it('a maintainer of one business is still no administrator: create_business is refused', async () => {
    const r = await as(t, 'alice', 'create_business', { data: { bk_biz_name: 'alice-made', bk_biz_maintainer: 'alice' } });
    expectRefused(r, 9900403);
    expect(r.body.permission.actions[0].id).toBe('create_business');
    expect(await businessCount(t, 'alice-made')).toBe(0);
  });

  it('a non-admin may not create a cloud area or a model attribute', async () => {
    const before = await snapshot(t);
    const cloud = await as(t, 'alice', 'create_cloud_area', { bk_cloud_name: 'alice-cloud' });
    expectRefused(cloud, 9900403);
    expect(cloud.body.permission.actions[0].id).toBe('create_cloud_area');
    const attr = await as(t, 'alice', 'create_object_attribute', {
      bk_obj_id: 'set',
      bk_property_id: 'alice_field',
      bk_property_name: 'alice field',
      bk_property_type: 'singlechar',
    });
    expectRefused(attr, 9900403);
    expect(attr.body.permission.actions[0].id).toBe('edit_model');
    expect(await snapshot(t)).toEqual(before);
  });

  it('a user listed in bk_biz_maintainer may create a set in that business', async () => {
    const r = await as(t, 'alice', 'create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: 'alice-set' } });
    expect(r.body.result).toBe(true);
    expect(r.body.data.bk_biz_id).toBe(bizId);
    expect(r.body.data.bk_created_by).toBe('alice');
  });

  it('a user listed in bk_biz_maintainer may create a module in that business', async () => {
    const r = await as(t, 'alice', 'create_module', {
      bk_biz_id: bizId,
      bk_set_id: setId,
      data: { bk_parent_id: setId, bk_module_name: 'alice-module' },
    });
    expect(r.body.result).toBe(true);
    expect(r.body.data.bk_set_id).toBe(setId);
    expect(r.body.data.bk_created_by).toBe('alice');
  });

  it('the same maintainer through a bk_token (untrusted app) may too', async () => {
    const r = await withToken(t, ALICE_TOKEN, 'create_set', {
      bk_biz_id: bizId,
      data: { bk_parent_id: bizId, bk_set_name: 'alice-token-set' },
    });
    expect(r.body.result).toBe(true);
    expect(r.body.data.bk_created_by).toBe('alice');
  });

  for (const user of ['carol', 'ali', 'admin,alice', 'Alice']) {
    it(`a user not listed ('${user}') is refused create_set: 9900403 naming the business, nothing written`, async () => {
      const before = await countIn(t, 'set', 'bk_biz_id', bizId);
      const r = await as(t, user, 'create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: `set-of-${user.replace(/\W/g, '')}` } });
      expectRefused(r, 9900403, /no permissions/);
      const action = r.body.permission.actions[0];
      expect(action.id).toBe('create_biz_topology');
      expect(action.related_resource_types[0].type).toBe('biz');
      expect(action.related_resource_types[0].instances[0][0].id).toBe(String(bizId));
      expect(action.related_resource_types[0].instances[0][0].name).toBe('perm-biz');
      expect(await countIn(t, 'set', 'bk_biz_id', bizId)).toBe(before);
    });
  }

  it('a user not listed is refused create_module: 9900403 naming the business, nothing written', async () => {
    const before = await countIn(t, 'module', 'bk_set_id', setId);
    const r = await as(t, 'carol', 'create_module', {
      bk_biz_id: bizId,
      bk_set_id: setId,
      data: { bk_parent_id: setId, bk_module_name: 'carol-module' },
    });
    expectRefused(r, 9900403, /no permissions/);
    expect(r.body.permission.actions[0].id).toBe('create_biz_topology');
    expect(r.body.permission.actions[0].related_resource_types[0].instances[0][0].id).toBe(String(bizId));
    expect(await countIn(t, 'module', 'bk_set_id', setId)).toBe(before);
  });

  it('a token owner who is no maintainer is refused create_module too', async () => {
    const before = await countIn(t, 'module', 'bk_set_id', setId);
    const r = await withToken(t, BOB_TOKEN, 'create_module', {
      bk_biz_id: bizId,
      bk_set_id: setId,
      data: { bk_parent_id: setId, bk_module_name: 'bob-module' },
    });
    expectRefused(r, 9900403, /bob/);
    expect(r.body.permission.actions[0].related_resource_types[0].instances[0][0].id).toBe(String(bizId));
    expect(await countIn(t, 'module', 'bk_set_id', setId)).toBe(before);
  });

  it('the administrator may change a business that does not list them', async () => {
    const other = await makeBusiness(t, 'alice-only', 'alice');
    const r = await as(t, 'admin', 'create_set', { bk_biz_id: other, data: { bk_parent_id: other, bk_set_name: 'admin-set' } });
    expect(r.body.result).toBe(true);
    expect(r.body.data.bk_created_by).toBe('admin');
  });

  it('prototype-pollution keys in the body do not make a user an administrator', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${ESB_PREFIX}/create_business/`,
      headers: { 'content-type': 'application/json' },
      payload: `{"bk_app_code":"${APP.bk_app_code}","bk_app_secret":"${APP.bk_app_secret}","bk_username":"bob","isAdmin":true,"__proto__":{"isAdmin":true},"data":{"bk_biz_name":"bob-proto","bk_biz_maintainer":"bob"}}`,
    });
    answers.push(res.body);
    const body = res.json();
    expect(res.statusCode).toBe(200);
    expect(body.result).toBe(false);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(await businessCount(t, 'bob-proto')).toBe(0);
  });
});

describe('no answer carries a secret', () => {
  it('none of the authentication and permission answers contains a secret or a token', () => {
    expect(answers.length).toBeGreaterThan(40);
    const secrets = [APP.bk_app_secret, ADMIN_TOKEN, UNTRUSTED.bk_app_secret, BOB_TOKEN, ALICE_TOKEN];
    const leaks = answers.filter((a) => secrets.some((s) => a.includes(s)));
    expect(leaks).toEqual([]);
  });
});

describe('the console path: a user access token as Authorization: Bearer, no app', () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t.stop());

  const call = (name: string, body: Record<string, unknown>, authorization?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/c/compapi/v2/cc/${name}/`,
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      payload: JSON.stringify(body),
    });

  it('acts as the token owner, audited under the console app', async () => {
    const r = await call('create_business', { data: { bk_biz_name: 'from-console', bk_biz_maintainer: 'admin' } }, `Bearer ${ADMIN_TOKEN}`);
    const body = r.json();
    expect(body.result).toBe(true);
    expect(body.data.bk_created_by).toBe('admin');
    const audit = await t.store.audit.search({ bizId: body.data.bk_biz_id, start: 0, limit: 1, ascending: true }, false);
    expect(audit.rows[0]?.appCode).toBe('topograph-console');
  });

  it('refuses an unknown token with 1306000, and an app named with no secret still needs its secret', async () => {
    const bad = (await call('search_business', {}, 'Bearer nope')).json();
    expect(bad.code).toBe(1306000);
    expect(bad.message).toMatch(/Authorization/);
    const appNamed = (await call('search_business', { bk_app_code: 'esb_test' }, `Bearer ${ADMIN_TOKEN}`)).json();
    expect(appNamed.code).toBe(1306000);
    expect(appNamed.message).toMatch(/bk_app_secret/);
  });
});
