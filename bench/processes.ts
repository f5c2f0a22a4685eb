/** Child processes for the benchmark: start on a free loopback port, wait until healthy, sample memory, stop. */
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
  baseUrl: string;
  process: ChildProcess;
  /** the last lines the child wrote to stdout and stderr */
  output(): string;
  running(): boolean;
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
 * CLI, which would add a process in between), so its pid is the one whose memory is sampled.
 */
export async function startChild(name: string, script: string, env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  // Both pipes are always drained: a full pipe would block the child.
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    name,
    baseUrl: `http://127.0.0.1:${port}`,
    process: child,
    output: () => tail,
    running: () => child.exitCode === null && child.signalCode === null,
  };
}

/** Polls GET <path> until it answers 200; fails early if the child exits. */
export async function waitUntilHealthy(child: Child, path: string, timeoutMs = 30_000): Promise<void> {
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
