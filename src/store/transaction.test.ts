import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStore, TEST_DB, type FreshStore } from '../../test/support/database.js';
import { openDatabase } from './database.js';
import { translateDbError } from './db-errors.js';
import { Store } from './store.js';
import { TransactionRunner } from './transaction.js';

const ACTOR = { user: 'tester', appCode: 'test', requestId: 'r' };

/**
 * Store.write on each store: on SQLite the writes that arrive together share one group commit, each in its
 * own savepoint; on PostgreSQL each is its own transaction. Either way each write stands or falls alone.
 */
describe(`writes sent together (${TEST_DB})`, () => {
  let fresh: FreshStore;
  let store: Store;
  beforeAll(async () => {
    fresh = await freshStore();
    store = fresh.store;
  });
  afterAll(() => fresh?.drop());

  const names = async () =>
    (await store.search('plat', { filters: [{ field: 'bk_cloud_name', op: 'contains', value: 'together-' }], start: 0, limit: 100, sort: [] })).rows
      .map((r) => r.bk_cloud_name)
      .sort();

  it('commit each; one that fails leaves nothing of its own (row, audit, event) and the others stand', async () => {
    const eventsBefore = await store.events.latestId();
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((n) =>
        store.write(ACTOR, async (w) => {
          await w.insertInstance('plat', { bk_cloud_name: `together-${n}` });
          if (n === 3) throw new Error('the third changes its mind');
          return n;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await names()).toEqual(['together-1', 'together-2', 'together-4', 'together-5']);
    const audit = await store.audit.search({ resourceTypes: ['cloud_area'], start: 0, limit: 100, ascending: true }, false);
    const audited = audit.rows.map((r) => r.resourceName).filter((n) => n.startsWith('together-'));
    expect(audited.sort()).toEqual(['together-1', 'together-2', 'together-4', 'together-5']);
    expect((await store.events.latestId()) - eventsBefore).toBe(4);
  });

  it('a write refused by a unique index fails alone, even next to the write that took the name', async () => {
    const results = await Promise.allSettled(
      ['together-dup', 'together-dup', 'together-6'].map((name) => store.write(ACTOR, (w) => w.insertInstance('plat', { bk_cloud_name: name }))),
    );
    // Which of the two takes the name is the race's to decide (PostgreSQL runs them side by side): one does.
    expect([results[0]!.status, results[1]!.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(results[2]!.status).toBe('fulfilled');
    expect((await names()).filter((n) => n === 'together-dup' || n === 'together-6')).toEqual(['together-6', 'together-dup']);
  });

  it('a write after the store has closed fails; it does not hang', async () => {
    const other = await Store.open(fresh.url);
    await other.ping();
    await other.close();
    await expect(other.write(ACTOR, (w) => w.getInstance('plat', 1))).rejects.toThrow();
  });
});

/** Two processes on one SQLite file, played by two connections of this one. */
describe.skipIf(TEST_DB !== 'sqlite')("a write while another process holds SQLite's write lock", () => {
  let fresh: FreshStore;
  let a: Store;
  let b: Store;
  beforeAll(async () => {
    fresh = await freshStore();
    a = fresh.store;
    b = await Store.open(fresh.url);
  });
  afterAll(async () => {
    await b?.close();
    await fresh?.drop();
  });

  it('waits for the lock without blocking the event loop, then writes', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const first = a.write(ACTOR, async (w) => {
      await w.insertInstance('plat', { bk_cloud_name: 'lock-holder' });
      holding();
      await held;
    });
    await isHolding;
    const second = b.write(ACTOR, (w) => w.insertInstance('plat', { bk_cloud_name: 'lock-waiter' }));
    // While the second waits for the lock, timers still fire on time: nothing blocks the event loop.
    const lateness: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
      lateness.push(performance.now() - start - 20);
    }
    expect(Math.max(...lateness)).toBeLessThan(15);
    release();
    await first;
    const written = await second;
    expect(written.bk_cloud_name).toBe('lock-waiter');
  });

  it('gives up after its wait, and the failure reads as busy', async () => {
    const database = openDatabase(fresh.url);
    const runner = new TransactionRunner(database, 100);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const first = a.write(ACTOR, async () => {
      holding();
      await held;
    });
    await isHolding;
    const started = Date.now();
    const error = await runner.run(async () => 'never').catch((err: unknown) => err);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(translateDbError(error)).toMatchObject({ kind: 'busy', message: expect.stringMatching(/^system busy/) });
    release();
    await first;
    await database.close();
  });
});

describe('errors that mean "busy, send it again"', () => {
  it("are PostgreSQL's deadlock and serialization failures, and SQLite's busy", () => {
    for (const code of ['40P01', '40001', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT']) {
      expect(translateDbError(Object.assign(new Error('driver text'), { code })), code).toMatchObject({ kind: 'busy' });
    }
    const other = Object.assign(new Error('driver text'), { code: 'SQLITE_IOERR' });
    expect(translateDbError(other)).toBe(other);
  });
});
