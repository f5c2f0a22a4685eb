/**
 * `npm run bench`: Topograph's ESB throughput against a bare Fastify JSON echo on the same machine.
 *
 * Both servers run as child processes on loopback ports; Topograph gets a fresh SQLite database in a temp dir.
 * A second Topograph with the read cache off (TOPOGRAPH_READ_CACHE_MB=0) serves the same database to the
 * scenarios that measure building an answer: the tree, the host lists, and search_business once more.
 * Before Topograph starts, a child process (seeder.ts) writes the large data sets into that database with the
 * project's own store (seed-store.ts): a business of 1,000 sets x 10 modules for search_biz_inst_topo and, unless BENCH_HOSTS=0,
 * a business of BENCH_HOSTS_COUNT hosts (default 1,000,000) for list_biz_hosts. Each scenario runs autocannon
 * for BENCH_DURATION seconds (default 10) with BENCH_CONNECTIONS connections (default 10); add_host_to_resource
 * of 100,000 hosts is one timed request. Results go to stdout and bench/results/latest.json. Exits non-zero if
 * any scenario had errors; a goal that is not met is reported but does not fail the run.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostImportBody, seed, verifyHosts, verifyTree, type EsbApp } from './esb.js';
import {
  REPO_ROOT,
  RESULT_LINE_PREFIX,
  cpuMs,
  sampleRss,
  spawnChild,
  startChild,
  stopChild,
  waitForExit,
  waitUntilHealthy,
  waitUntilIdle,
  type Child,
  type RssSampler,
  type ServerChild,
} from './processes.js';
import { HOST_IMPORT, buildReport, printReport, writeReport, type SeedingStep } from './report.js';
import {
  SCENARIO,
  buildScenarios,
  runScenario,
  timeCall,
  type LargeBusinesses,
  type LoadSettings,
  type ScenarioResult,
  type TimedCallResult,
} from './scenarios.js';
import type { SeederResult } from './seeder.js';

/** Businesses besides the one the write scenarios use, so search_business pages through more than one page. */
const EXTRA_BUSINESSES = 200;
/** The tree of issue 3. */
const TREE_SETS = 1000;
const TREE_MODULES_PER_SET = 10;
/** The host business of issue 5: its hosts are spread over 100 sets x 10 modules. */
const HOST_SETS = 100;
const HOST_MODULES_PER_SET = 10;
/** add_host_to_resource's batch: issue 5 asks for 100,000 hosts in one call. */
const HOST_IMPORT_COUNT = 100_000;

const count = (n: number) => n.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface HostSettings {
  enabled: boolean;
  count: number;
}

function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** BENCH_HOSTS=0 skips the host scenarios; 1 (or unset) runs them. */
function hostSettingsFromEnv(): HostSettings {
  const raw = process.env.BENCH_HOSTS;
  if (raw !== undefined && raw !== '' && raw !== '0' && raw !== '1') throw new Error(`BENCH_HOSTS must be 0 or 1, got "${raw}"`);
  return { enabled: raw !== '0', count: positiveIntFromEnv('BENCH_HOSTS_COUNT', 1_000_000) };
}

/** What has to be undone, whatever happens: children to stop, a temp dir to remove. */
class Cleanup {
  readonly children: Child[] = [];
  tempDir: string | undefined;
  private done: Promise<void> | undefined;

  run(): Promise<void> {
    this.done ??= (async () => {
      await Promise.all(this.children.map((c) => stopChild(c)));
      // Only once the children are gone: Topograph holds the database files open.
      if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
    })();
    return this.done;
  }

  /** Last resort when the process exits without `run` having finished (e.g. an uncaught exception). */
  runSync(): void {
    for (const c of this.children) if (c.running()) c.process.kill('SIGKILL');
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }
}

async function startEcho(cleanup: Cleanup): Promise<ServerChild> {
  const echo = await startChild('echo server', 'bench/echo-server.ts', {});
  cleanup.children.push(echo);
  await waitUntilHealthy(echo, '/healthz');
  return echo;
}

async function startTopograph(cleanup: Cleanup, app: EsbApp, databaseUrl: string, name = 'Topograph', env: Record<string, string> = {}): Promise<ServerChild> {
  const topograph = await startChild(name, 'src/main.ts', {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    TOPOGRAPH_APPS: `${app.code}:${app.secret}`,
    // Makes `admin` an administrator, which create_business requires; the token itself is never used.
    TOPOGRAPH_ADMIN_TOKEN: randomBytes(16).toString('hex'),
    ...env,
  });
  cleanup.children.push(topograph);
  await waitUntilHealthy(topograph, '/healthz');
  return topograph;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/**
 * Writes the tree and the hosts into the database before Topograph opens it, in the seeding child
 * (seeder.ts), and notes how long each took there.
 */
async function seedLarge(cleanup: Cleanup, databaseUrl: string, hosts: HostSettings, seeding: SeedingStep[]): Promise<LargeBusinesses> {
  const treeWhat = `tree: ${count(TREE_SETS)} sets x ${TREE_MODULES_PER_SET} modules (store, bulk)`;
  const hostsWhat = `hosts: ${count(hosts.count)} in ${count(HOST_SETS * HOST_MODULES_PER_SET)} modules of one business (store, bulk)`;
  console.log(`seeding ${treeWhat}${hosts.enabled ? ` and ${hostsWhat}` : ''} in a child process…`);
  let result: SeederResult | undefined;
  const seeder = spawnChild(
    'seeder',
    'bench/seeder.ts',
    {
      SEED_DATABASE_URL: databaseUrl,
      SEED_TREE_SETS: String(TREE_SETS),
      SEED_TREE_MODULES_PER_SET: String(TREE_MODULES_PER_SET),
      SEED_HOSTS: String(hosts.enabled ? hosts.count : 0),
      SEED_HOST_SETS: String(HOST_SETS),
      SEED_HOST_MODULES_PER_SET: String(HOST_MODULES_PER_SET),
    },
    (line) => {
      if (line.startsWith(RESULT_LINE_PREFIX)) result = JSON.parse(line.slice(RESULT_LINE_PREFIX.length)) as SeederResult;
      else if (line !== '') console.log(`  ${line}`);
    },
  );
  cleanup.children.push(seeder);
  await waitForExit(seeder);
  if (!result) throw new Error(`the seeder finished without a result:\n${seeder.output()}`);
  seeding.push({ what: treeWhat, ms: result.tree.ms });
  if (result.hosts) seeding.push({ what: hostsWhat, ms: result.hosts.ms });
  return { treeBizId: result.tree.bizId, hostsBizId: result.hosts?.bizId };
}

async function runAll(load: LoadSettings, hosts: HostSettings, cleanup: Cleanup): Promise<boolean> {
  const app: EsbApp = { code: 'bench', secret: randomBytes(16).toString('hex') };
  cleanup.tempDir = await mkdtemp(join(tmpdir(), 'topograph-bench-'));
  const databaseUrl = `sqlite:${join(cleanup.tempDir, 'bench.db')}`;
  const seeding: SeedingStep[] = [];
  const large = await seedLarge(cleanup, databaseUrl, hosts, seeding);

  // A second Topograph on the same database with the read cache off, for what a search costs the store itself
  // (the scenario that repeats one search is otherwise answered from the cache).
  const [echo, topograph, uncached] = await Promise.all([
    startEcho(cleanup),
    startTopograph(cleanup, app, databaseUrl),
    startTopograph(cleanup, app, databaseUrl, 'Topograph (read cache off)', { TOPOGRAPH_READ_CACHE_MB: '0' }),
  ]);
  // Each scenario's figures (idle wait, peak RSS) belong to the server it ran against.
  const servers = [topograph, uncached].map((child) => ({ child, rss: sampleRss(child.process.pid!) }));
  const serverOf = (baseUrl: string) => servers.find((s) => s.child.baseUrl === baseUrl) ?? servers[0]!;
  const rss: RssSampler = servers[0]!.rss;
  try {
    console.log(`echo on ${echo.baseUrl}, Topograph on ${topograph.baseUrl}; seeding ${EXTRA_BUSINESSES + 1} businesses through the ESB…`);
    const { value: seeded, ms: esbSeedMs } = await timed(() => seed(topograph.baseUrl, app, EXTRA_BUSINESSES));
    seeding.push({ what: `businesses: ${seeded.businesses} plus a set (ESB, one call at a time)`, ms: esbSeedMs });
    console.log(`  ${seconds(esbSeedMs)}`);
    const dataSet = [`a tree of ${count(TREE_SETS)} sets x ${TREE_MODULES_PER_SET} modules`];
    await verifyTree(topograph.baseUrl, app, large.treeBizId!, TREE_SETS, TREE_SETS * TREE_MODULES_PER_SET);
    if (large.hostsBizId !== undefined) {
      await verifyHosts(topograph.baseUrl, app, large.hostsBizId, hosts.count);
      dataSet.push(`${count(hosts.count)} hosts in one business`);
    }

    const loadAverageBefore = loadavg()[0];
    const results: ScenarioResult[] = [];
    const timedCalls: TimedCallResult[] = [];
    const rssByName = new Map<string, number | undefined>();
    for (const s of servers) s.rss.takeWindowPeakKib(); // the seeding's peak belongs to no scenario
    for (const scenario of buildScenarios(echo.baseUrl, topograph.baseUrl, app, seeded, large, uncached.baseUrl)) {
      console.log(`running ${scenario.name} for ${load.durationSeconds} s…`);
      const isEcho = scenario.baseUrl === echo.baseUrl;
      const server = serverOf(scenario.baseUrl);
      const pid = (isEcho ? echo : server.child).process.pid!;
      const cpuBefore = cpuMs(pid);
      const result = await runScenario(scenario, load);
      if (!isEcho) {
        const waited = await waitUntilIdle(pid);
        if (waited !== undefined && waited > 1000) console.log(`  Topograph finished the requests left in flight ${seconds(waited)} later`);
      }
      const cpuAfter = cpuMs(pid);
      const answered = result.requests - result.errors;
      if (cpuBefore !== undefined && cpuAfter !== undefined && answered > 0) result.serverCpuUsPerRequest = ((cpuAfter - cpuBefore) * 1000) / answered;
      results.push(result);
      for (const s of servers) {
        const peak = s.rss.takeWindowPeakKib();
        if (s === server) rssByName.set(scenario.name, peak);
      }
      for (const { child } of servers) if (!child.running()) throw new Error(`${child.name} exited during ${scenario.name}:\n${child.output()}`);
    }

    // Last, so that the memory this import takes is not counted against list_biz_hosts.
    if (hosts.enabled) {
      const body = hostImportBody(app, HOST_IMPORT_COUNT);
      console.log(`calling ${HOST_IMPORT} with ${count(HOST_IMPORT_COUNT)} hosts (${(Buffer.byteLength(body) / 1024 / 1024).toFixed(1)} MiB), once…`);
      rss.takeWindowPeakKib();
      const result = await timeCall(HOST_IMPORT, `${count(HOST_IMPORT_COUNT)} hosts, one call`, topograph.baseUrl, HOST_IMPORT, body, (data) => {
        const { bk_host_ids: ids, success } = (data ?? {}) as { bk_host_ids?: unknown[]; success?: unknown[] };
        if (ids?.length === HOST_IMPORT_COUNT && success?.length === HOST_IMPORT_COUNT) return undefined;
        return `answered ${ids?.length ?? 'no'} bk_host_ids and ${success?.length ?? 'no'} success keys, expected ${HOST_IMPORT_COUNT}`;
      });
      timedCalls.push(result);
      rssByName.set(HOST_IMPORT, rss.takeWindowPeakKib());
      console.log(`  ${result.failed ? `FAILED: ${result.failure}` : seconds(result.wallMs)}`);
      if (!topograph.running()) throw new Error(`Topograph exited during ${HOST_IMPORT}:\n${topograph.output()}`);
    }

    const skipped = new Map<string, string>();
    if (!hosts.enabled) for (const name of [SCENARIO.listHosts, HOST_IMPORT]) skipped.set(name, 'skipped: BENCH_HOSTS=0');
    const report = buildReport({
      load,
      loadAverageBefore,
      businesses: seeded.businesses,
      dataSet,
      seeding,
      results,
      timedCalls,
      rssKibByName: rssByName,
      peakRssKib: Math.max(...servers.map((s) => s.rss.peakKib() ?? 0)) || undefined,
      skipped,
    });
    printReport(report);
    const file = await writeReport(report, join(REPO_ROOT, 'bench', 'results'));
    console.log(`results: ${file}`);
    const passed = results.every((r) => !r.failed) && timedCalls.every((c) => !c.failed);
    if (!passed) console.log(`\nTopograph's last output:\n${topograph.output() || '(none)'}`);
    return passed;
  } finally {
    for (const s of servers) s.rss.stop();
  }
}

async function main(): Promise<void> {
  const load: LoadSettings = {
    connections: positiveIntFromEnv('BENCH_CONNECTIONS', 10),
    durationSeconds: positiveIntFromEnv('BENCH_DURATION', 10),
  };
  const hosts = hostSettingsFromEnv();
  const cleanup = new Cleanup();
  process.once('SIGINT', () => {
    console.error('\ninterrupted: stopping the servers');
    void cleanup.run().finally(() => process.exit(130));
  });
  process.once('exit', () => cleanup.runSync());
  try {
    const passed = await runAll(load, hosts, cleanup);
    if (!passed) {
      console.error('\nFAILED: at least one scenario had errors');
      process.exitCode = 1;
    }
  } finally {
    await cleanup.run();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
