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

/**
 * `esb create_set "{$APP,\"bk_biz_id\":2}"` → the call and its JSON body, as the shell would send them; and
 * `NAME=$(esb call "…" | node -pe '….data.field')`, which keeps a field of the answer (a dynamic group's id) in
 * $NAME for the examples after it.
 */
const CAPTURE = /^(?:([A-Z_]+)=\$\()?esb (\w+) "(.*)"(?: \| node -pe 'JSON\.parse\(require\("fs"\)\.readFileSync\(0\)\)\.data\.(\w+)'\))?$/gm;
const examples = [...README.matchAll(CAPTURE)]
  .filter(([, variable, , , field]) => (variable === undefined) === (field === undefined))
  .map(([line, variable, call, quoted, field]) => ({
    line: line!,
    call: call!,
    /** the variable the answer's data[field] goes into */
    keep: variable ? { variable, field: field! } : undefined,
    quoted: quoted!,
  }));
/** The body as the shell reads a double-quoted word: $APP and kept variables expanded, \" and \$ unescaped. */
const bodyOf = (quoted: string, vars: Map<string, string>) =>
  quoted.replace(/(?<!\\)\$([A-Z_]+)/g, (all, name: string) => (name === 'APP' ? APP : (vars.get(name) ?? all))).replace(/\\(["$])/g, '$1');

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
    // the shell would expand any other $name (search_host's "$ne" must be written \$ne), unless an example before kept it
    const kept = new Set<string>(['APP']);
    const unset: string[] = [];
    for (const e of examples) {
      for (const [, name] of e.quoted.matchAll(/(?<!\\)\$([A-Za-z_{][A-Za-z_0-9]*)/g)) if (!kept.has(name!)) unset.push(`${name} in ${e.line}`);
      if (e.keep) kept.add(e.keep.variable);
    }
    expect(unset).toEqual([]);
  });

  it('shows every ESB call at least once', async () => {
    const { ALL_CALLS } = await import('../src/api/esb/calls/index.js');
    const shown = new Set(examples.map((e) => e.call));
    expect(ALL_CALLS.map((c) => c.name).filter((name) => !shown.has(name))).toEqual([]);
  });

  it('answers each one with success', async () => {
    const failures: string[] = [];
    const vars = new Map<string, string>();
    for (const { line, call, quoted, keep } of examples) {
      const payload = bodyOf(quoted, vars);
      const res = await t.app.inject({ method: 'POST', url: `/api/c/compapi/v2/cc/${call}/`, headers: { 'content-type': 'application/json' }, payload });
      const answer = res.json() as { result: boolean; code: number; message: string; data: Record<string, unknown> | null };
      if (!answer.result) failures.push(`${line}\n  → ${answer.code} ${answer.message}`);
      if (keep) vars.set(keep.variable, String(answer.data?.[keep.field]));
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
