import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { spawnServer, type ServerProcess } from '../support/process.js';

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it when it is missing). */
export const CHROMIUM = process.env.TOPOGRAPH_CHROMIUM ?? '/usr/bin/chromium';
export const ADMIN_TOKEN = 'console-admin-token-for-browser-tests';
export const SHOTS = join(process.cwd(), 'test-results', 'console');

const CONSOLE = join(process.cwd(), 'console');
const DIST_INDEX = join(CONSOLE, 'dist', 'index.html');

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/**
 * The built console, as `npm install` leaves it; built again (once, under a lock shared by the test files
 * running in parallel) when a source is newer than the build, so that `npm test` never tests a stale one.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  const lock = join(CONSOLE, '.build-lock');
  const stale = () =>
    !existsSync(DIST_INDEX) ||
    statSync(DIST_INDEX).mtimeMs < Math.max(newest(join(CONSOLE, 'src')), newest(join(CONSOLE, 'index.html')), newest(join(CONSOLE, 'vite.config.ts')));
  const deadline = Date.now() + 120_000;
  while (stale()) {
    try {
      mkdirSync(lock);
    } catch {
      // Another test file is building it; a lock older than two minutes is left over from a killed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for the console build');
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (!stale()) break;
      const r = spawnSync(process.execPath, [join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'], {
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export interface ConsoleServer {
  url: string;
  db: TestDatabase;
  server: ServerProcess;
  stop(): Promise<void>;
}

/** The real server (src/main.ts, as `npm start` runs it) on a fresh database, with an admin token. */
export async function startConsoleServer(env: Record<string, string> = {}): Promise<ConsoleServer> {
  await ensureConsoleBuilt();
  const db = await freshDatabase();
  const server = await spawnServer({
    DATABASE_URL: db.url,
    TOPOGRAPH_ADMIN_TOKEN: ADMIN_TOKEN,
    TOPOGRAPH_TIMEZONE: 'Asia/Shanghai',
    // A fixed test key: regions' write-only secrets need one.
    TOPOGRAPH_SECRET_KEY: '5'.repeat(64),
    ...env,
  });
  return {
    url: server.url,
    db,
    server,
    stop: async () => {
      await server.stop();
      await db.drop();
    },
  };
}

/** A user and an access token of theirs, made with the CLI (`npm run cli`) on the server's database. */
export function cliToken(dbUrl: string, user: string): string {
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'silent' },
    });
    if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  run('users', 'add', user);
  const token = /token: (\S+)/.exec(run('tokens', 'add', user))?.[1];
  if (!token) throw new Error('cli printed no token');
  return token;
}

/** Headless Debian Chromium, with the flags this machine needs (no network beyond loopback). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with "apt-get update && apt-get install -y chromium" (.ci/run does)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A page that fails the test on any script error or console error the app did not expect. */
export async function newPage(browser: Browser, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return page;
}

export async function signIn(page: Page, url: string, token = ADMIN_TOKEN): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
}

export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: opts.fullPage ?? true });
  return path;
}

/** An ESB call as the admin, over HTTP, for setting up data the test is not about. */
export async function esbAs(url: string, token: string, name: string, body: Record<string, unknown> = {}) {
  const r = await fetch(`${url}/api/c/compapi/v2/cc/${name}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const env = (await r.json()) as { result: boolean; message: string; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!env.result) throw new Error(`${name}: ${env.message}`);
  return env.data;
}

/** A console test's world: the real server on a fresh database, Chromium, and one page. */
export interface ConsoleSession {
  srv: ConsoleServer;
  browser: Browser;
  page: Page;
  /** script and console errors the page met (newPage) */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Starts a console session: `seed` writes the data the test is about before the browser starts; the page is
 * signed in as the administrator unless `signedIn` is false (the sign-in tests do it themselves).
 */
export async function openConsole(opts: { seed?: (srv: ConsoleServer) => Promise<void>; signedIn?: boolean } = {}): Promise<ConsoleSession> {
  const srv = await startConsoleServer();
  let browser: Browser | undefined;
  try {
    await opts.seed?.(srv);
    browser = await launchBrowser();
    const errors: string[] = [];
    const page = await newPage(browser, errors);
    if (opts.signedIn !== false) await signIn(page, srv.url);
    const opened = browser;
    return {
      srv,
      browser: opened,
      page,
      errors,
      close: async () => {
        await opened.close();
        await srv.stop();
      },
    };
  } catch (err) {
    await browser?.close();
    await srv.stop();
    throw err;
  }
}
