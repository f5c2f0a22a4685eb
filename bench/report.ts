/** The printed table, the goals, and the JSON record of a run. */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { LoadSettings, ScenarioResult } from './scenarios.js';

export const BASELINE = 'echo (baseline)';

/** The goals: a scenario's req/s as a share of the echo baseline's. */
const GOALS = [
  { scenario: 'create_module', minRatio: 0.35 },
  { scenario: 'search_business', minRatio: 0.5 },
];

export interface GoalResult {
  scenario: string;
  minRatio: number;
  ratio: number | undefined;
  met: boolean;
}

export interface RunReport {
  date: string;
  node: string;
  cpus: number;
  /** 1-minute load average before the first scenario and after the last: other work on the machine skews the figures */
  loadAverage: { before: number; after: number };
  load: LoadSettings;
  businesses: number;
  scenarios: Array<ScenarioResult & { ratio: number | undefined; peakRssMib: number | undefined }>;
  goals: GoalResult[];
  topographPeakRssMib: number | undefined;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const mib = (kib: number | undefined) => (kib === undefined ? undefined : Math.round((kib / 1024) * 10) / 10);

export function buildReport(
  load: LoadSettings,
  loadAverageBefore: number,
  businesses: number,
  results: ScenarioResult[],
  rssKibByScenario: Map<string, number | undefined>,
  peakRssKib: number | undefined,
): RunReport {
  const baseline = results.find((r) => r.name === BASELINE)?.reqPerSec;
  const ratioOf = (r: ScenarioResult) => (baseline ? r.reqPerSec / baseline : undefined);
  const scenarios = results.map((r) => ({ ...r, ratio: ratioOf(r), peakRssMib: mib(rssKibByScenario.get(r.name)) }));
  const goals = GOALS.map(({ scenario, minRatio }) => {
    const ratio = scenarios.find((s) => s.name === scenario)?.ratio;
    return { scenario, minRatio, ratio, met: ratio !== undefined && ratio >= minRatio };
  });
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverage: { before: round2(loadAverageBefore), after: round2(loadavg()[0]) },
    load,
    businesses,
    scenarios,
    goals,
    topographPeakRssMib: mib(peakRssKib),
  };
}

function statusOf(r: ScenarioResult): string {
  if (!r.failed) return 'ok';
  return `FAILED (${r.non2xx} non-2xx, ${r.resultFalse} result:false, ${r.errors} errors)`;
}

function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  // The first column is text and aligns left; the figures align right.
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** autocannon records latencies in whole milliseconds, so 0 means under 1 ms. */
const millis = (n: number) => (n === 0 ? '<1' : String(n));
const fixed = (n: number | undefined, digits: number) => (n === undefined ? '-' : n.toFixed(digits));

export function printReport(report: RunReport): void {
  const { load } = report;
  console.log(
    `\nTopograph benchmark: ${load.connections} connections, ${load.durationSeconds} s per scenario, ` +
      `${report.businesses} businesses; node ${report.node}, ${report.cpus} CPUs, ` +
      `load average ${report.loadAverage.before} before, ${report.loadAverage.after} after\n`,
  );
  const rows = report.scenarios.map((s) => [
    s.name,
    fixed(s.reqPerSec, 0),
    millis(s.p50Ms),
    millis(s.p99Ms),
    fixed(s.ratio, 3),
    statusOf(s),
  ]);
  console.log(formatTable(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'x echo', 'status'], rows));

  for (const s of report.scenarios.filter((x) => x.failed)) console.log(`\n${s.name}: first failure: ${s.firstFailure}`);

  console.log('\nGoals:');
  for (const g of report.goals) {
    console.log(`  ${g.scenario} >= ${g.minRatio} x baseline: ${fixed(g.ratio, 3)} -> ${g.met ? 'met' : 'NOT MET'}`);
  }
  const perScenario = report.scenarios
    .filter((s) => s.name !== BASELINE)
    .map((s) => `${s.name} ${fixed(s.peakRssMib, 1)}`)
    .join(', ');
  console.log(`\nTopograph peak RSS: ${fixed(report.topographPeakRssMib, 1)} MiB (per scenario: ${perScenario})`);
}

export async function writeReport(report: RunReport, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'latest.json');
  await writeFile(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}
