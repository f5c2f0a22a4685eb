import pg from 'pg';
import type { DialectName } from './database.js';
import { EVENT_CHANNEL } from './write-session.js';

/**
 * Wakes long-polling watchers when events commit. In this process, Store.write rings it after a commit.
 * Across processes: on PostgreSQL one LISTEN connection receives the NOTIFY that every event-writing
 * transaction sends on commit; on SQLite (one machine, one file) a cheap check of the newest event id once a
 * second, and only while somebody is waiting.
 */
export class EventNotifier {
  private waiters = new Set<() => void>();
  private listener: pg.Client | undefined;
  private poller: NodeJS.Timeout | undefined;
  private lastSeenId = 0;
  private closing = false;

  constructor(
    private readonly dialect: DialectName,
    private readonly url: string,
    private readonly latestId: () => Promise<number>,
  ) {}

  async start(): Promise<void> {
    if (this.dialect !== 'postgres') return;
    await this.listen();
  }

  /** One LISTEN connection; when it drops, watchers are woken (to re-read) and it is opened again. */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.ring();
      if (!this.closing) setTimeout(() => void this.listen().catch(() => this.retryLater()), 1000).unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => this.ring());
    this.listener = client;
    try {
      await client.connect();
      await client.query(`listen ${EVENT_CHANNEL}`);
    } catch (err) {
      this.listener = undefined;
      await client.end().catch(() => undefined);
      throw err;
    }
  }

  private retryLater(): void {
    if (!this.closing) setTimeout(() => void this.listen().catch(() => this.retryLater()), 5000).unref();
  }

  ring(): void {
    const waiting = this.waiters;
    this.waiters = new Set();
    for (const wake of waiting) wake();
  }

  /** True once the process is shutting down: watchers answer what they have instead of waiting. */
  get closed(): boolean {
    return this.closing;
  }

  /** Wakes every watcher for good, so that in-flight long polls answer and the server can close. */
  shutdown(): void {
    this.closing = true;
    this.ring();
  }

  /** Resolves when events may have arrived, after timeoutMs, or when the signal aborts. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.closing) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
      this.ensurePolling();
    });
  }

  private ensurePolling(): void {
    if (this.dialect === 'postgres' || this.poller) return;
    this.poller = setInterval(() => {
      if (this.waiters.size === 0) {
        clearInterval(this.poller);
        this.poller = undefined;
        return;
      }
      this.latestId()
        .then((id) => {
          if (id !== this.lastSeenId) {
            this.lastSeenId = id;
            this.ring();
          }
        })
        .catch(() => undefined);
    }, 1000);
    this.poller.unref();
  }

  async close(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.shutdown();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }
}
