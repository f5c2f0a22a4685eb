import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { markedWrite } from './write-context.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;
type Work<T> = (trx: Db) => Promise<T>;

/** Writes one group commit takes at most, so that readers waiting for the connection are not starved. */
const MAX_GROUP = 64;
/** How long writes wait for another process's write lock (SQLite) before they fail as busy. */
export const WRITE_LOCK_WAIT_MS = 30_000;

const isBusy = (err: unknown) => /^SQLITE_BUSY/.test(String((err as { code?: unknown })?.code ?? ''));

interface Job {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * Runs each write as one transaction. PostgreSQL: a transaction per write, from the pool.
 *
 * SQLite has one writer and its COMMIT is most of a small write's cost (the WAL frames, and in time their
 * checkpoint), so writes are group-committed: the writes waiting at the same moment run one after another in
 * one BEGIN IMMEDIATE … COMMIT, each inside its own savepoint. A write that throws is rolled back to its
 * savepoint (its change, audit records and events go together) and its caller hears at once; a write that
 * succeeds is answered only after the COMMIT, and fails with it if the COMMIT fails. Before committing,
 * the group waits one event-loop turn, so that requests already received join it. BEGIN IMMEDIATE takes the
 * write lock up front: a deferred transaction that reads first could not upgrade its lock when another
 * process wrote in between (SQLITE_BUSY at once, busy_timeout or not). While another process holds the lock,
 * BEGIN is retried with short pauses (the connection's busy_timeout is kept short, as it blocks the event
 * loop), for up to `lockWaitMs`; then the waiting writes fail as busy.
 */
export class TransactionRunner {
  private readonly queue: Job[] = [];
  private running = false;

  constructor(
    private readonly database: Database,
    private readonly lockWaitMs = WRITE_LOCK_WAIT_MS,
    /** mark each write (write-context.ts) */
    private readonly checkWrites = false,
  ) {}

  run<T>(work: Work<T>): Promise<T> {
    if (this.database.dialect === 'postgres') return this.database.db.transaction().execute((trx) => markedWrite(this.checkWrites, () => work(trx)));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length) await this.database.db.connection().execute((conn) => this.group(conn));
    } catch (err) {
      // No connection to be had (the store is closing): the writes still waiting fail, none hangs.
      for (const job of this.queue.splice(0)) job.reject(err);
    } finally {
      this.running = false;
    }
  }

  private async beginImmediate(raw: NonNullable<Database['sqlite']>): Promise<void> {
    const deadline = Date.now() + this.lockWaitMs;
    for (let pauseMs = 1; ; pauseMs = Math.min(2 * pauseMs, 50)) {
      try {
        raw.prepare('begin immediate').run();
        return;
      } catch (err) {
        if (!isBusy(err) || Date.now() >= deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
  }

  private async group(conn: Db): Promise<void> {
    const raw = this.database.sqlite!;
    const done: Array<{ job: Job; value: unknown }> = [];
    try {
      await this.beginImmediate(raw);
    } catch (err) {
      // Another process held the lock past the wait: the writes waiting now fail, later ones try again.
      for (const job of this.queue.splice(0)) job.reject(err);
      return;
    }
    try {
      let taken = 0;
      while (taken < MAX_GROUP) {
        if (!this.queue.length) {
          await new Promise((r) => setImmediate(r));
          if (!this.queue.length) break;
        }
        const job = this.queue.shift()!;
        taken++;
        raw.prepare('savepoint write').run();
        try {
          const value = await markedWrite(this.checkWrites, () => job.work(conn));
          raw.prepare('release write').run();
          done.push({ job, value });
        } catch (err) {
          job.reject(err);
          // Throws when SQLite already rolled the whole transaction back (disk full, I/O error): then the
          // group ends below and the writes before this one fail with it.
          raw.prepare('rollback to write').run();
          raw.prepare('release write').run();
        }
      }
      raw.prepare('commit').run();
    } catch (err) {
      try {
        if (raw.inTransaction) raw.prepare('rollback').run();
      } catch {
        // The connection is gone: nothing of the group was committed either way.
      }
      for (const { job } of done) job.reject(err);
      return;
    }
    for (const { job, value } of done) job.resolve(value);
  }
}
