import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { startTopograph, type TestTopograph } from './support/server.js';

/**
 * The README's ESB examples (every `esb <call> "<json>"` line of its shell blocks), sent in the README's order
 * to a fresh install with the README's app: each must succeed, so a user can paste them one after another.
 */
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const APP_LINE = /^APP='(.*)'$/m.exec(README);
const APP = APP_LINE?.[1] ?? '';
const credentials = JSON.parse(`{${APP}}`) as { bk_app_code: string; bk_app_secret: string };

/** `esb create_set "{$APP,\"bk_biz_id\":2}"` → the call and its JSON body, as the shell would send them. */
const examples = [...README.matchAll(/^esb (\w+) "(.*)"$/gm)].map(([line, call, quoted]) => ({
  line: line!,
  call: call!,
  // as the shell reads a double-quoted word: $APP expanded, \" and \$ unescaped
  body: quoted!.replace(/(?<!\\)\$APP/g, APP).replace(/\\(["$])/g, '$1'),
}));

describe(`README examples, in order, on a fresh install (${TEST_DB})`, () => {
  let t: TestTopograph;
  beforeAll(async () => {
    t = await startTopograph({
      TOPOGRAPH_APPS: `${credentials.bk_app_code}:${credentials.bk_app_secret}`,
      TOPOGRAPH_WATCH_WAIT_SECONDS: '1',
    });
  });
  afterAll(() => t?.stop());

  it('finds the examples and the app they use', () => {
    expect(credentials.bk_app_code).toBe('my_app');
    expect(examples.length).toBeGreaterThan(50);
    // the shell would expand any other $name (search_host's "$ne" must be written \$ne)
    expect(examples.filter((e) => /(?<!\\)\$(?!APP)[A-Za-z_{]/.test(e.line)).map((e) => e.line)).toEqual([]);
  });

  it('shows every ESB call at least once', async () => {
    const { ALL_CALLS } = await import('../src/api/esb/calls/index.js');
    const shown = new Set(examples.map((e) => e.call));
    expect(ALL_CALLS.map((c) => c.name).filter((name) => !shown.has(name))).toEqual([]);
  });

  it('answers each one with success', async () => {
    const failures: string[] = [];
    for (const { line, call, body } of examples) {
      const res = await t.app.inject({ method: 'POST', url: `/api/c/compapi/v2/cc/${call}/`, headers: { 'content-type': 'application/json' }, payload: body });
      const answer = res.json() as { result: boolean; code: number; message: string };
      if (!answer.result) failures.push(`${line}\n  → ${answer.code} ${answer.message}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
