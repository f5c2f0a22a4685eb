import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { buildTopograph, type Topograph } from '../../server.js';
import { freshDatabase, type TestDatabase } from '../../../test/support/database.js';

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

async function start(root: string): Promise<{ t: Topograph; db: TestDatabase }> {
  const db = await freshDatabase();
  const t = await buildTopograph(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', TOPOGRAPH_ADMIN_TOKEN: 'console-plugin-token' }), {
    logger: false,
    console: { root },
  });
  return { t, db };
}

describe('the console plugin: the built console at /', () => {
  let dir: string;
  let t: Topograph;
  let db: TestDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'topograph-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title><script type="module" src="/assets/app-abc123.js"></script>');
    writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
    ({ t, db } = await start(dir));
  });

  afterAll(async () => {
    await t.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page at / with a strict policy, never cached', async () => {
    const r = await t.app.inject({ url: '/', headers: HTML });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.body).toContain('<title>console</title>');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['cache-control']).toBe('no-cache');
  });

  it('answers the console’s own paths with the page (a reload of /businesses/2/topology)', async () => {
    const r = await t.app.inject({ url: '/businesses/2/topology?x=1', headers: HTML });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<title>console</title>');
    expect(r.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets cached for good, and a missing one as 404', async () => {
    const r = await t.app.inject({ url: '/assets/app-abc123.js' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toContain('immutable');
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect((await t.app.inject({ url: '/assets/gone.js', headers: HTML })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/assets/../../etc/passwd' })).statusCode).toBe(404);
  });

  it('leaves every other unknown route as it was: JSON 404, and the APIs’ own answers', async () => {
    const plain = await t.app.inject({ url: '/nope' });
    expect(plain.statusCode).toBe(404);
    expect(plain.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const post = await t.app.inject({ method: 'POST', url: '/nope', headers: HTML });
    expect(post.statusCode).toBe(404);
    // The ESB answers its own GETs (its envelope, here: no app given), never with the console's page.
    const esb = await t.app.inject({ url: '/api/c/compapi/v2/cc/search_business/', headers: HTML });
    expect(esb.headers['content-type']).toMatch(/json/);
    expect(esb.json()).toMatchObject({ result: false, code: 1306000 });
    // The regions OpenAPI keeps its own answers under its prefix (authentication first, Rainbond's shape).
    const openapi = await t.app.inject({ url: '/openapi/v1/nowhere', headers: HTML });
    expect(openapi.statusCode).toBe(401);
    expect(openapi.json()).toMatchObject({ code: 401 });
    expect((await t.app.inject({ url: '/healthz', headers: HTML })).json()).toMatchObject({ status: 'ok' });
    expect((await t.app.inject({ url: '/docs/json' })).statusCode).toBe(200);
  });

  it('keeps the console out of the API document', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).some((p) => p === '/' || p.startsWith('/assets'))).toBe(false);
  });
});

describe('the console plugin before a build', () => {
  it('says how to build it, and the APIs still answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topograph-console-empty-'));
    const { t, db } = await start(dir);
    try {
      const r = await t.app.inject({ url: '/', headers: HTML });
      expect(r.statusCode).toBe(503);
      expect(r.body).toContain('npm run build:console');
      expect((await t.app.inject({ url: '/somewhere', headers: HTML })).statusCode).toBe(503);
      expect((await t.app.inject({ url: '/somewhere' })).statusCode).toBe(404);
      expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await t.close();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
