/** The printed table, the goals, and the JSON record of a run. */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { SCENARIO, type LoadSettings, type ScenarioResult, type TimedCallResult } from './scenarios.js';

export const BASELINE = 'echo (baseline)';
/** The single timed call of the host scenarios. */
export const HOST_IMPORT = 'add_host_to_resource';

/** 400 MB, as the issue puts it: 400,000,000 bytes. */
const RSS_LIMIT_KIB = 400_000_000 / 1024;

/** The issues' goals. Each reads one figure of one scenario or timed call. */
type Goal =
  /** req/s as a share of the echo baseline's */
  | { kind: 'ratio'; scenario: string; min: number }
  /** median latency of one request at a time (`scenario`), the loaded run's (`loaded`) shown beside it */
  | { kind: 'p50'; scenario: string; loaded: string; maxMs: number; note: string }
  /** the wall time of a single timed call */
  | { kind: 'wall'; call: string; maxMs: number; note: string }
  /** Topograph's peak resident memory while the scenario ran */
  | { kind: 'rss'; scenarios: string[]; maxKib: number; note: string };

const GOALS: Goal[] = [
  { kind: 'ratio', scenario: 'create_module', min: 0.35 },
  { kind: 'ratio', scenario: 'search_business', min: 0.5 },
  { kind: 'p50', scenario: SCENARIO.treeLatency, loaded: SCENARIO.tree, maxMs: 25, note: '1,000 sets x 10 modules, SQLite' },
  { kind: 'wall', call: HOST_IMPORT, maxMs: 10_000, note: '100,000 hosts in one call' },
  { kind: 'p50', scenario: SCENARIO.listHostsLatency, loaded: SCENARIO.listHosts, maxMs: 30, note: 'page of 500' },
  { kind: 'rss', scenarios: [SCENARIO.listHosts, SCENARIO.listHostsLatency], maxKib: RSS_LIMIT_KIB, note: 'peak while list_biz_hosts ran' },
];

export interface GoalResult {
  /** the goal in words, e.g. "search_biz_inst_topo p50 <= 25 ms" */
  goal: string;
  /** the measured figure, in words; undefined when the scenario did not run */
  measured: string | undefined;
  /** null: not measured (the scenario was skipped or did not run) */
  met: boolean | null;
}

/** One step of the seeding, timed. */
export interface SeedingStep {
  what: string;
  ms: number;
}

export interface RunReport {
  date: string;
  node: string;
  cpus: number;
  /** 1-minute load average before the first scenario and after the last: other work on the machine skews the figures */
  loadAverage: { before: number; after: number };
  load: LoadSettings;
  businesses: number;
  /** what the database held besides the businesses: the tree, the hosts */
  dataSet: string[];
  seeding: SeedingStep[];
  scenarios: Array<ScenarioResult & { ratio: number | undefined; peakRssMib: number | undefined }>;
  timedCalls: Array<TimedCallResult & { peakRssMib: number | undefined }>;
  goals: GoalResult[];
  topographPeakRssMib: number | undefined;
}

export interface ReportInput {
  load: LoadSettings;
  loadAverageBefore: number;
  businesses: number;
  dataSet: string[];
  seeding: SeedingStep[];
  results: ScenarioResult[];
  timedCalls: TimedCallResult[];
  /** peak RSS (KiB) of Topograph while each scenario or timed call ran, by name */
  rssKibByName: Map<string, number | undefined>;
  peakRssKib: number | undefined;
  /** why goals of scenarios that did not run were not measured */
  skipped: Map<string, string>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const mib = (kib: number | undefined) => (kib === undefined ? undefined : Math.round((kib / 1024) * 10) / 10);
const fixed = (n: number | undefined, digits: number) => (n === undefined ? '-' : n.toFixed(digits));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function judge(goal: Goal, input: ReportInput, ratioOf: (r: ScenarioResult) => number | undefined): GoalResult {
  const scenarioName = goal.kind === 'wall' ? goal.call : goal.kind === 'rss' ? goal.scenarios[0]! : goal.scenario;
  const skip = input.skipped.get(scenarioName);
  const notMeasured = (text: string): GoalResult => ({ goal: text, measured: undefined, met: null });
  switch (goal.kind) {
    case 'ratio': {
      const text = `${goal.scenario} >= ${goal.min} x baseline`;
      const r = input.results.find((x) => x.name === goal.scenario);
      const ratio = r && ratioOf(r);
      if (ratio === undefined) return notMeasured(text);
      return { goal: text, measured: ratio.toFixed(3), met: !r!.failed && ratio >= goal.min };
    }
    case 'p50': {
      const text = `${goal.loaded} p50 <= ${goal.maxMs} ms (${goal.note}; 1 connection)`;
      const r = input.results.find((x) => x.name === goal.scenario);
      if (!r) return { ...notMeasured(text), measured: skip ?? input.skipped.get(goal.loaded) };
      const loaded = input.results.find((x) => x.name === goal.loaded);
      const beside = loaded ? ` [${loaded.connections} connections: ${loaded.p50Ms} ms]` : '';
      return { goal: text, measured: `${r.p50Ms} ms${beside}`, met: !r.failed && r.p50Ms <= goal.maxMs };
    }
    case 'wall': {
      const text = `${goal.call} <= ${seconds(goal.maxMs)} (${goal.note})`;
      const c = input.timedCalls.find((x) => x.name === goal.call);
      if (!c) return { ...notMeasured(text), measured: skip };
      return { goal: text, measured: c.failed ? 'failed' : seconds(c.wallMs), met: !c.failed && c.wallMs <= goal.maxMs };
    }
    case 'rss': {
      const text = `Topograph RSS <= 400 MB (${fixed(mib(goal.maxKib), 1)} MiB; ${goal.note})`;
      const ran = goal.scenarios.filter((name) => input.results.some((x) => x.name === name));
      if (ran.length === 0) return { ...notMeasured(text), measured: skip };
      const peaks = ran.map((name) => input.rssKibByName.get(name)).filter((k): k is number => k !== undefined);
      if (peaks.length === 0) return { goal: text, measured: 'not readable (/proc)', met: null };
      const kib = Math.max(...peaks);
      return { goal: text, measured: `${fixed(mib(kib), 1)} MiB`, met: kib <= goal.maxKib };
    }
  }
}

export function buildReport(input: ReportInput): RunReport {
  const { results } = input;
  const baseline = results.find((r) => r.name === BASELINE)?.reqPerSec;
  // Only runs under the baseline's load compare with it.
  const ratioOf = (r: ScenarioResult) => (baseline && r.connections === input.load.connections ? r.reqPerSec / baseline : undefined);
  const rssOf = (name: string) => mib(input.rssKibByName.get(name));
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverage: { before: round2(input.loadAverageBefore), after: round2(loadavg()[0]) },
    load: input.load,
    businesses: input.businesses,
    dataSet: input.dataSet,
    seeding: input.seeding.map((s) => ({ what: s.what, ms: Math.round(s.ms) })),
    scenarios: results.map((r) => ({ ...r, ratio: ratioOf(r), peakRssMib: rssOf(r.name) })),
    timedCalls: input.timedCalls.map((c) => ({ ...c, wallMs: Math.round(c.wallMs), peakRssMib: rssOf(c.name) })),
    goals: GOALS.map((g) => judge(g, input, ratioOf)),
    topographPeakRssMib: mib(input.peakRssKib),
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

function goalStatus(g: GoalResult): string {
  if (g.met === null) return g.measured ? `not measured (${g.measured})` : 'not measured';
  return `${g.measured} -> ${g.met ? 'met' : 'NOT MET'}`;
}

export function printReport(report: RunReport): void {
  const { load } = report;
  console.log(
    `\nTopograph benchmark: ${load.connections} connections, ${load.durationSeconds} s per scenario, ` +
      `${report.businesses} businesses${report.dataSet.map((d) => `, ${d}`).join('')}; node ${report.node}, ${report.cpus} CPUs, ` +
      `load average ${report.loadAverage.before} before, ${report.loadAverage.after} after\n`,
  );
  if (report.seeding.length) {
    console.log('Seeding:');
    for (const s of report.seeding) console.log(`  ${s.what}: ${seconds(s.ms)}`);
    console.log('');
  }
  const rows = report.scenarios.map((s) => [
    s.name,
    fixed(s.reqPerSec, 0),
    millis(s.p50Ms),
    millis(s.p99Ms),
    fixed(s.ratio, 3),
    fixed(s.serverCpuUsPerRequest, 0),
    statusOf(s),
  ]);
  console.log(formatTable(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'x echo', 'server CPU µs/req', 'status'], rows));

  for (const s of report.scenarios.filter((x) => x.failed)) console.log(`\n${s.name}: first failure: ${s.firstFailure}`);

  if (report.timedCalls.length) {
    console.log('\nSingle timed calls:');
    for (const c of report.timedCalls) {
      const size = `${(c.requestBytes / 1024 / 1024).toFixed(1)} MiB body`;
      console.log(`  ${c.name} (${c.detail}, ${size}): ${c.failed ? `FAILED: ${c.failure}` : seconds(c.wallMs)}`);
    }
  }

  console.log('\nGoals:');
  for (const g of report.goals) console.log(`  ${g.goal}: ${goalStatus(g)}`);

  const perStep = [...report.scenarios, ...report.timedCalls]
    .filter((s) => s.name !== BASELINE)
    .map((s) => `${s.name} ${fixed(s.peakRssMib, 1)}`)
    .join(', ');
  console.log(`\nTopograph peak RSS: ${fixed(report.topographPeakRssMib, 1)} MiB (per scenario: ${perStep})`);
}

export async function writeReport(report: RunReport, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'latest.json');
  await writeFile(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}
