import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.js';

/**
 * The background checkpointer (SQLite only, whatever store the suite runs on): the writing connection never
 * checkpoints, a worker thread does. What has reached the database file is read from a copy of the file alone,
 * without its WAL.
 */
describe('background WAL checkpoints (SQLite)', () => {
  let dir: string;
  let database: Database | undefined;
  let copies = 0;
  afterEach(async () => {
    await database?.close();
    database = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const open = () => {
    dir = mkdtempSync(join(tmpdir(), 'topograph-ckpt-'));
    const path = join(dir, 't.db');
    database = openDatabase(`sqlite:${path}`);
    database.sqlite!.exec('create table t (id integer primary key, v text)');
    return path;
  };
  const rowsInFile = (path: string): number => {
    const copy = join(dir, `file-alone-${++copies}.db`);
    copyFileSync(path, copy);
    const file = new SqliteDatabase(copy, { readonly: true });
    try {
      const exists = file.prepare("select count(*) as n from sqlite_master where name = 't'").get() as { n: number };
      return exists.n ? (file.prepare('select count(*) as n from t').get() as { n: number }).n : -1;
    } finally {
      file.close();
    }
  };
  const waitFor = async (check: () => boolean, ms = 5000) => {
    for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
      if (check()) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return check();
  };

  it('the writing connection does not checkpoint: its autocheckpoint is off', () => {
    open();
    expect(database!.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect(database!.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('commits reach the database file without the writing connection checkpointing', async () => {
    const path = open();
    const insert = database!.sqlite!.prepare('insert into t (v) values (?)');
    database!.sqlite!.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run(`row ${i}`);
    })();
    // in the WAL at first (or already copied by the worker); in the file within a few ticks of the worker
    expect(await waitFor(() => rowsInFile(path) === 3000)).toBe(true);
  });

  it('close() stops the worker and leaves every commit in the file', async () => {
    const path = open();
    database!.sqlite!.prepare("insert into t (v) values ('last')").run();
    await database!.close();
    database = undefined;
    expect(rowsInFile(path)).toBe(1);
  });
});
