import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

/** How often the background connection copies the WAL's new pages into the database file. */
export const CHECKPOINT_INTERVAL_MS = 100;
/** How long stop() waits for the last checkpoint before it ends the thread. */
const STOP_WAIT_MS = 2000;
/** SQLite's own default, used again when the background connection cannot run. */
const AUTOCHECKPOINT_PAGES = 1000;

// Plain CommonJS, so that the worker starts the same under tsx, vitest and plain node.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const tick = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); tick(); db.close(); parentPort.close(); });
parentPort.postMessage('ready');
`;

/**
 * Moves SQLite's WAL checkpoints off the event loop. By default the connection that commits past 1,000 WAL
 * pages copies them into the database file (and fsyncs it) inside that COMMIT: about one commit in 30 of the
 * benchmark's create_module took 15 ms so, stalling every request. Here the writing connection never
 * checkpoints; a second connection on a worker thread runs a PASSIVE checkpoint (which never waits for, nor
 * blocks, readers and writers) every 100 ms. If the worker cannot start or dies, the writing connection
 * checkpoints for itself again, as SQLite does by default.
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private stopped = false;

  constructor(
    private readonly sqlite: SqliteDatabase.Database,
    path: string,
    intervalMs = CHECKPOINT_INTERVAL_MS,
  ) {
    sqlite.pragma('wal_autocheckpoint = 0');
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, intervalMs } });
    this.worker.unref();
    this.worker.on('error', () => this.fallBack());
    this.worker.on('exit', () => this.fallBack());
  }

  /** Stops the worker after a last checkpoint; resolves when its connection is closed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('stop');
    // a checkpoint waiting on the busy timeout ends within it; past that the thread is stopped
    const late = setTimeout(() => void this.worker.terminate(), STOP_WAIT_MS);
    await exited;
    clearTimeout(late);
  }

  private fallBack(): void {
    if (this.stopped) return;
    this.stopped = true;
    try {
      this.sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    } catch {
      // the connection is closed already: nothing left to checkpoint on it
    }
  }
}
