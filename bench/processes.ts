/** Child processes for the benchmark: servers on a free loopback port (wait until healthy, sample memory, stop), and one-off jobs (the seeder). */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** How much of a child's output is kept, to show when it fails. */
const OUTPUT_TAIL_CHARS = 8000;

export interface Child {
  name: string;
  process: ChildProcess;
  /** the last lines the child wrote to stdout and stderr */
  output(): string;
  running(): boolean;
}

/** A child that serves HTTP on a loopback port. */
export interface ServerChild extends Child {
  baseUrl: string;
}

/** A port the kernel just handed out; it is closed again, so another process could in theory take it first. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not get a free port');
  return address.port;
}

/**
 * Runs a TypeScript entry point under node with the tsx loader. Node itself is the child (not npx or the tsx
 * CLI, which would add a process in between), so its pid is the one whose memory is sampled. `onLine`, when
 * given, is handed each whole line the child writes to stdout.
 */
export function spawnChild(name: string, script: string, env: Record<string, string>, onLine?: (line: string) => void): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  // Both pipes are always drained: a full pipe would block the child.
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (onLine) {
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) onLine(line);
    });
  }
  return {
    name,
    process: child,
    output: () => tail,
    running: () => child.exitCode === null && child.signalCode === null,
  };
}

/** A server child on a free loopback port (HOST and PORT in its environment). */
export async function startChild(name: string, script: string, env: Record<string, string>): Promise<ServerChild> {
  const port = await freePort();
  const child = spawnChild(name, script, { ...env, HOST: '127.0.0.1', PORT: String(port) });
  return { ...child, baseUrl: `http://127.0.0.1:${port}` };
}

/** How a one-off child hands back its result: the line of its stdout that starts with this, then JSON. */
export const RESULT_LINE_PREFIX = '@result ';

/** Waits for a child that does one job to finish; fails, with its output, unless it exits with 0. */
export async function waitForExit(child: Child): Promise<void> {
  const proc = child.process;
  if (proc.exitCode === null && proc.signalCode === null) await once(proc, 'exit');
  if (proc.exitCode !== 0) {
    const how = proc.signalCode ? `was killed by ${proc.signalCode}` : `exited with ${proc.exitCode}`;
    throw new Error(`${child.name} ${how}:\n${child.output()}`);
  }
}

/** Polls GET <path> until it answers 200; fails early if the child exits. */
export async function waitUntilHealthy(child: ServerChild, path: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!child.running()) throw new Error(`${child.name} exited during start-up:\n${child.output()}`);
    try {
      const res = await fetch(child.baseUrl + path);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  throw new Error(`${child.name} did not answer ${path} within ${timeoutMs} ms:\n${child.output()}`);
}

/** SIGTERM, then SIGKILL if it has not gone within the grace period. */
export async function stopChild(child: Child, graceMs = 5000): Promise<void> {
  if (!child.running()) return;
  const exited = once(child.process, 'exit');
  child.process.kill('SIGTERM');
  const gone = await Promise.race([exited.then(() => true), delay(graceMs).then(() => false)]);
  if (!gone && child.running()) {
    child.process.kill('SIGKILL');
    await exited;
  }
}

/** Resident set size of a process in KiB, from /proc (Linux only); undefined when it cannot be read. */
function residentKib(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used, in clock ticks, from /proc (Linux only); undefined when it cannot be read. */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/**
 * Waits until a process has been (nearly) idle for `quietMs`: at most 2 clock ticks of CPU (20 ms at the usual
 * 100 Hz) in the window. autocannon stops sending when a scenario's time is up but does not wait for the
 * answers in flight, and a server that does one request at a time goes on working through them: a second of
 * work per connection for list_biz_hosts over a million hosts. Without this, that work would land in the
 * next scenario. Answers how long it waited, or undefined if /proc could not be read (no wait then).
 */
/** Linux reports /proc times in USER_HZ ticks, 100 a second on every architecture it runs on. */
const MS_PER_TICK = 10;

/** CPU time (user + system, all threads) a process has used so far, in ms; undefined when /proc can't be read. */
export function cpuMs(pid: number): number | undefined {
  const ticks = cpuTicks(pid);
  return ticks === undefined ? undefined : ticks * MS_PER_TICK;
}

export async function waitUntilIdle(pid: number, quietMs = 300, maxMs = 60_000): Promise<number | undefined> {
  const started = Date.now();
  let before = cpuTicks(pid);
  if (before === undefined) return undefined;
  while (Date.now() - started < maxMs) {
    await delay(quietMs);
    const after = cpuTicks(pid);
    if (after === undefined) return undefined;
    if (after - before <= 2) return Date.now() - started;
    before = after;
  }
  return Date.now() - started;
}

export interface RssSampler {
  /** the highest VmRSS seen since start, in KiB (undefined if /proc could not be read) */
  peakKib(): number | undefined;
  /** the highest VmRSS since the previous call (or since start), then starts a new window */
  takeWindowPeakKib(): number | undefined;
  stop(): void;
}

export function sampleRss(pid: number, everyMs = 200): RssSampler {
  let peak: number | undefined;
  let windowPeak: number | undefined;
  const sample = () => {
    const kib = residentKib(pid);
    if (kib === undefined) return;
    peak = Math.max(peak ?? 0, kib);
    windowPeak = Math.max(windowPeak ?? 0, kib);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    peakKib: () => peak,
    takeWindowPeakKib: () => {
      sample();
      const value = windowPeak;
      windowPeak = undefined;
      return value;
    },
    stop: () => clearInterval(timer),
  };
}
