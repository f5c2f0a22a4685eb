import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackgroundCheckpointer } from './checkpointer.js';
import { openDatabase } from './database.js';

/**
 * The background checkpointer (SQLite only, whatever store the suite runs on). What has reached the database
 * file is read from a copy of the file alone, without its WAL.
 */
describe('background WAL checkpoints (SQLite)', () => {
  let dir: string;
  let path: string;
  let copies = 0;
  const opened: Array<{ close(): unknown }> = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'topograph-ckpt-'));
    path = join(dir, 't.db');
  });
  afterEach(async () => {
    for (const c of opened.splice(0).reverse()) await c.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const raw = () => {
    const db = new SqliteDatabase(path);
    opened.push(db);
    db.pragma('journal_mode = WAL');
    db.exec('create table if not exists t (id integer primary key, v text)');
    return db;
  };
  const autocheckpoint = (db: SqliteDatabase.Database) => db.pragma('wal_autocheckpoint', { simple: true });
  /** The rows the database file holds without its WAL; undefined when the copy caught a checkpoint half-written. */
  const rowsInFile = (): number | undefined => {
    const copy = join(dir, `file-alone-${++copies}.db`);
    copyFileSync(path, copy);
    try {
      const file = new SqliteDatabase(copy, { readonly: true });
      try {
        return (file.prepare('select count(*) as n from t').get() as { n: number }).n;
      } finally {
        file.close();
      }
    } catch {
      return undefined;
    }
  };
  const waitFor = async (check: () => boolean, ms = 5000) => {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) if (check()) return true;
    return check();
  };
  const insertRows = (db: SqliteDatabase.Database, n: number) => {
    const insert = db.prepare('insert into t (v) values (?)');
    db.transaction(() => {
      for (let i = 0; i < n; i++) insert.run(`row ${i}`);
    })();
  };

  it("the writing connection keeps SQLite's checkpoints until the worker is ready, then commits reach the file from the worker", async () => {
    const db = raw();
    const checkpointer = new BackgroundCheckpointer(db, path, 20, 0);
    opened.push({ close: () => checkpointer.stop() });
    expect(autocheckpoint(db)).toBe(1000);
    expect(await waitFor(() => autocheckpoint(db) === 0)).toBe(true);
    insertRows(db, 3000); // a few dozen WAL pages: far below what the writing connection would ever checkpoint at
    expect(await waitFor(() => rowsInFile() === 3000)).toBe(true);
  });

  it('a worker that ends gives the checkpoints back to the writing connection', async () => {
    const db = raw();
    const checkpointer = new BackgroundCheckpointer(db, path, 20, 0);
    opened.push({ close: () => checkpointer.stop() });
    expect(await waitFor(() => autocheckpoint(db) === 0)).toBe(true);
    await (checkpointer as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    expect(await waitFor(() => autocheckpoint(db) === 1000)).toBe(true);
  });

  it("switches the writing connection's checkpoints without a prepared statement, which statement counts would see", async () => {
    const db = raw();
    const proto = Object.getPrototypeOf(db.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
    const seen: string[] = [];
    const originals = Object.fromEntries(['all', 'get', 'run'].map((m) => [m, proto[m]!]));
    for (const m of Object.keys(originals)) {
      proto[m] = function (this: { source: string }, ...args: unknown[]) {
        seen.push(this.source);
        return originals[m]!.apply(this, args);
      };
    }
    try {
      const checkpointer = new BackgroundCheckpointer(db, path, 20, 0);
      opened.push({ close: () => checkpointer.stop() });
      const switched = await waitFor(() => (db.exec('select 1'), Number(db.prepare('pragma wal_autocheckpoint').pluck().get()) === 0));
      expect(switched).toBe(true);
      expect(seen.filter((sql) => !/^pragma wal_autocheckpoint$/.test(sql))).toEqual([]);
    } finally {
      Object.assign(proto, originals);
    }
  });

  it('the store starts one a second after opening, and leaves every commit in the file when closed', async () => {
    raw().close();
    const database = openDatabase(`sqlite:${path}`);
    opened.push(database);
    expect(await waitFor(() => autocheckpoint(database.sqlite!) === 0)).toBe(true);
    database.sqlite!.prepare("insert into t (v) values ('last')").run();
    await database.close();
    expect(rowsInFile()).toBe(1);
  });
});
