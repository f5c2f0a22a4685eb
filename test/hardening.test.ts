import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { postEsb, spawnServer, type ServerProcess } from './support/process.js';
import { ADMIN_TOKEN, APP, makeBusiness, startTopograph, type TestTopograph } from './support/server.js';

/** Inputs that once reached the database raw (PostgreSQL refuses NUL) or outlived their client. */
describe('control characters and huge numbers are refused before the database', () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph();
  });
  afterAll(() => t.stop());

  it('in the ESB credentials: the gateway refusal, never an internal error', async () => {
    const app = await t.esb('search_business', { bk_app_code: 'a\u0000b' });
    expect(app.code).toBe(1306000);
    const user = await t.esb('search_business', { bk_username: 'ad\u0000min' });
    expect(user.code).toBe(1306000);
    const token = await t.esb('search_business', { bk_app_code: 'esb_test', bk_username: undefined, bk_token: 'x\u0000' });
    expect(token.code).toBe(1306000);
  });

  it('in audit filters and pages: 1199006 naming the field', async () => {
    for (const condition of [{ user: 'x\u0000' }, { resource_name: 'x\u0000' }, { action: ['x\u0000'] }]) {
      const r = await t.esb('list_operation_audit', { condition });
      expect(r.code).toBe(1199006);
      expect(r.message).toContain('condition.');
    }
    const page = await t.esb('list_operation_audit', { page: { start: 1e300, limit: 10 } });
    expect(page.code).toBe(1199006);
    expect(page.message).toContain('page.start');
  });

  it('in region paths and the list query: 404 and 400, never 500', async () => {
    const auth = { authorization: ADMIN_TOKEN };
    for (const [method, url] of [
      ['GET', '/openapi/v1/regions/%00'],
      ['PUT', '/openapi/v1/regions/%00'],
      ['DELETE', '/openapi/v1/regions/%00'],
    ] as const) {
      const headers = method === 'PUT' ? { ...auth, 'content-type': 'application/json' } : auth;
      const r = await t.app.inject({ method, url, headers, payload: method === 'PUT' ? '{}' : undefined });
      expect(r.statusCode, `${method} ${url}`).toBe(404);
    }
    const list = await t.app.inject({ method: 'GET', url: '/openapi/v1/regions?query=%00', headers: auth });
    expect(list.statusCode).toBe(400);
    expect(list.json().err).toHaveProperty('query');
  });

  it('service category names are unique in their level even when creates race', async () => {
    const biz = await makeBusiness(t, 'category-race');
    const roots: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await t.esb('create_service_category', { bk_biz_id: biz, name: `root${i}`, bk_parent_id: 0 });
      expect(r.result, r.message).toBe(true);
      roots.push(r.data.id);
    }
    const answers = await Promise.all(roots.map((root) => t.esb('create_service_category', { bk_biz_id: biz, name: 'web', bk_parent_id: root })));
    expect(answers.filter((a) => a.result)).toHaveLength(1);
    expect(answers.filter((a) => !a.result).every((a) => a.code === 1113017)).toBe(true);
  });
});

describe('a long poll whose client leaves stops waiting', () => {
  let t: TestTopograph;
  let url: string;
  beforeAll(async () => {
    t = await startTopograph({ TOPOGRAPH_WATCH_WAIT_SECONDS: '60' });
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.stop());

  const waiting = () => (t.store.notifier as unknown as { waiters: Set<unknown> }).waiters.size;

  it('lets go of the watch as soon as the client disconnects', { timeout: 20_000 }, async () => {
    const controller = new AbortController();
    const pending = fetch(`${url}/api/c/compapi/v2/cc/resource_watch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...APP, bk_username: 'admin', bk_resource: 'set' }),
      signal: controller.signal,
    }).catch((e: Error) => e.name);
    for (let i = 0; i < 50 && waiting() === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(waiting()).toBe(1);
    controller.abort();
    expect(await pending).toBe('AbortError');
    for (let i = 0; i < 40 && waiting() > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(waiting()).toBe(0);
  });
});

describe.runIf(TEST_DB === 'postgres')('the LISTEN connection comes back after PostgreSQL drops it', () => {
  let t: TestTopograph;
  let url: string;
  let other: ServerProcess;
  beforeAll(async () => {
    t = await startTopograph({ TOPOGRAPH_WATCH_WAIT_SECONDS: '60' });
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    other = await spawnServer({ DATABASE_URL: t.db.url, TOPOGRAPH_APPS: `${APP.bk_app_code}:${APP.bk_app_secret}`, TOPOGRAPH_ADMIN_TOKEN: ADMIN_TOKEN });
  }, 60_000);
  afterAll(async () => {
    await other?.stop();
    await t.stop();
  });

  it('wakes a watcher here for a write made by another process, after its listener was killed', { timeout: 20_000 }, async () => {
    const admin = new pg.Client({ connectionString: t.db.url });
    await admin.connect();
    const killed = await admin.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%'",
    );
    await admin.end();
    expect(killed.rowCount).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1500));
    await makeBusiness(t, 'before-drop');
    const first = await postEsb(url, 'resource_watch', { ...APP, bk_username: 'admin', bk_resource: 'biz', bk_start_from: 0 });
    const cursor = first.body.data.bk_events.at(-1).bk_cursor;
    const pending = postEsb(url, 'resource_watch', { ...APP, bk_username: 'admin', bk_resource: 'biz', bk_cursor: cursor });
    await new Promise((r) => setTimeout(r, 300));
    const made = await postEsb(other.url, 'create_business', { ...APP, bk_username: 'admin', data: { bk_biz_name: 'after-drop', bk_biz_maintainer: 'admin' } });
    expect(made.body.result).toBe(true);
    const r = await pending;
    expect(r.body.data.bk_watched).toBe(true);
    expect(r.body.data.bk_events[0].bk_detail.bk_biz_name).toBe('after-drop');
  });
});
