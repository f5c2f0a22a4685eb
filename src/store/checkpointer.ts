import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

/** How often the background connection copies the WAL's new pages into the database file. */
export const CHECKPOINT_INTERVAL_MS = 100;
/** How long after opening the worker starts: a store opened and closed sooner (a test, a CLI command) never needs one. */
export const CHECKPOINT_START_DELAY_MS = 1000;
/** How long stop() waits for the worker's connection to close before it ends the thread. */
const STOP_WAIT_MS = 2000;
/** SQLite's own default, in force until the worker runs and again if it stops. */
const AUTOCHECKPOINT_PAGES = 1000;
/** Checkpoints failing in a row (I/O error, disk full) before the worker gives the job back. */
const MAX_FAILURES = 10;

// Plain CommonJS, so that the worker starts the same under tsx, vitest and plain node.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
let failures = 0;
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    failures = 0;
  } catch {
    if (++failures >= workerData.maxFailures) process.exit(1);
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

/**
 * Moves SQLite's WAL checkpoints off the event loop. By default the connection that commits past 1,000 WAL
 * pages copies them into the database file (and fsyncs it) inside that COMMIT: about one commit in 30 of the
 * benchmark's create_module took 15 ms so, stalling every request. Here, once a worker thread is running a
 * second connection that makes a PASSIVE checkpoint (which never waits for, nor blocks, readers and writers)
 * every 100 ms, the writing connection stops checkpointing. Until the worker is ready, and again if it dies,
 * the writing connection checkpoints for itself, as SQLite does by default.
 */
export class BackgroundCheckpointer {
  private worker: Worker | undefined;
  private readonly starting: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly sqlite: SqliteDatabase.Database,
    private readonly path: string,
    private readonly intervalMs = CHECKPOINT_INTERVAL_MS,
    startDelayMs = CHECKPOINT_START_DELAY_MS,
  ) {
    this.starting = setTimeout(() => this.start(), startDelayMs);
    this.starting.unref();
  }

  private start(): void {
    if (this.stopped) return;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path: this.path, intervalMs: this.intervalMs, maxFailures: MAX_FAILURES } });
    worker.unref();
    worker.once('message', () => this.setAutocheckpoint(0));
    worker.on('error', () => undefined); // 'exit' follows
    worker.once('exit', () => this.setAutocheckpoint(AUTOCHECKPOINT_PAGES));
    this.worker = worker;
  }

  /** Stops the worker; resolves when its connection is closed. The writing connection checkpoints as it closes. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.starting);
    const worker = this.worker;
    if (!worker || worker.threadId === -1) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    const late = setTimeout(() => void worker.terminate(), STOP_WAIT_MS);
    await exited;
    clearTimeout(late);
  }

  private setAutocheckpoint(pages: number): void {
    try {
      // exec, not pragma(): it runs no prepared statement, so the tests' statement counts never see it
      if (this.sqlite.open) this.sqlite.exec(`PRAGMA wal_autocheckpoint = ${pages}`);
    } catch {
      // the connection is closing: nothing left to checkpoint on it
    }
  }
}
