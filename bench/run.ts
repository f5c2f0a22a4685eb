/**
 * `npm run bench`: Topograph's ESB throughput against a bare Fastify JSON echo on the same machine.
 *
 * Both servers run as child processes on loopback ports; Topograph gets a fresh SQLite database in a temp dir.
 * Each scenario runs autocannon for BENCH_DURATION seconds (default 10) with BENCH_CONNECTIONS connections
 * (default 10). Results go to stdout and bench/results/latest.json. Exits non-zero if any scenario had errors;
 * a goal that is not met is reported but does not fail the run.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed, type EsbApp } from './esb.js';
import { REPO_ROOT, sampleRss, startChild, stopChild, waitUntilHealthy, type Child, type RssSampler } from './processes.js';
import { buildReport, printReport, writeReport } from './report.js';
import { buildScenarios, runScenario, type LoadSettings, type ScenarioResult } from './scenarios.js';

/** Businesses besides the one the write scenarios use, so search_business pages through more than one page. */
const EXTRA_BUSINESSES = 200;

function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
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

async function startEcho(cleanup: Cleanup): Promise<Child> {
  const echo = await startChild('echo server', 'bench/echo-server.ts', {});
  cleanup.children.push(echo);
  await waitUntilHealthy(echo, '/healthz');
  return echo;
}

async function startTopograph(cleanup: Cleanup, app: EsbApp): Promise<Child> {
  cleanup.tempDir = await mkdtemp(join(tmpdir(), 'topograph-bench-'));
  const topograph = await startChild('Topograph', 'src/main.ts', {
    DATABASE_URL: `sqlite:${join(cleanup.tempDir, 'bench.db')}`,
    LOG_LEVEL: 'warn',
    TOPOGRAPH_APPS: `${app.code}:${app.secret}`,
    // Makes `admin` an administrator, which create_business requires; the token itself is never used.
    TOPOGRAPH_ADMIN_TOKEN: randomBytes(16).toString('hex'),
  });
  cleanup.children.push(topograph);
  await waitUntilHealthy(topograph, '/healthz');
  return topograph;
}

async function runAll(load: LoadSettings, cleanup: Cleanup): Promise<boolean> {
  const app: EsbApp = { code: 'bench', secret: randomBytes(16).toString('hex') };
  const [echo, topograph] = await Promise.all([startEcho(cleanup), startTopograph(cleanup, app)]);
  const rss: RssSampler = sampleRss(topograph.process.pid!);
  try {
    console.log(`echo on ${echo.baseUrl}, Topograph on ${topograph.baseUrl}; seeding…`);
    const seeded = await seed(topograph.baseUrl, app, EXTRA_BUSINESSES);

    const loadAverageBefore = loadavg()[0];
    const results: ScenarioResult[] = [];
    const rssByScenario = new Map<string, number | undefined>();
    rss.takeWindowPeakKib(); // the seeding's peak belongs to no scenario
    for (const scenario of buildScenarios(echo.baseUrl, topograph.baseUrl, app, seeded)) {
      console.log(`running ${scenario.name} for ${load.durationSeconds} s…`);
      results.push(await runScenario(scenario, load));
      rssByScenario.set(scenario.name, rss.takeWindowPeakKib());
      if (!topograph.running()) throw new Error(`Topograph exited during ${scenario.name}:\n${topograph.output()}`);
    }

    const report = buildReport(load, loadAverageBefore, seeded.businesses, results, rssByScenario, rss.peakKib());
    printReport(report);
    const file = await writeReport(report, join(REPO_ROOT, 'bench', 'results'));
    console.log(`results: ${file}`);
    if (results.some((r) => r.failed)) console.log(`\nTopograph's last output:\n${topograph.output() || '(none)'}`);
    return results.every((r) => !r.failed);
  } finally {
    rss.stop();
  }
}

async function main(): Promise<void> {
  const load: LoadSettings = {
    connections: positiveIntFromEnv('BENCH_CONNECTIONS', 10),
    durationSeconds: positiveIntFromEnv('BENCH_DURATION', 10),
  };
  const cleanup = new Cleanup();
  process.once('SIGINT', () => {
    console.error('\ninterrupted: stopping the servers');
    void cleanup.run().finally(() => process.exit(130));
  });
  process.once('exit', () => cleanup.runSync());
  try {
    const passed = await runAll(load, cleanup);
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
