import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { BackgroundCheckpointer } from './checkpointer.js';
import { guardedDialect } from './write-context.js';
import pg from 'pg';
import type { SqliteSynchronous } from '../config.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  // Instance tables have columns that follow the model, so the store speaks to them untyped and types its
  // own boundary instead.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
  dialect: DialectName;
  /** the SQLite connection under `db` (with the statement cache), for transaction control */
  sqlite?: SqliteDatabase.Database;
  /** SQLite: how many times this connection has run a statement that may write */
  sqliteWrites?: () => number;
  close(): Promise<void>;
}

// int8 (counts, ms timestamps) and numeric come back from pg as strings by default; every value we keep in
// them is well inside Number's safe range.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface OpenOptions {
  sqliteSynchronous?: SqliteSynchronous;
  poolSize?: number;
  /** mark writes, so that a query through the store from inside one fails at once (write-context.ts) */
  checkWrites?: boolean;
}

export function sqlitePath(url: string): string {
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  return path === ':memory:' ? path : resolve(path);
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing is a tenth of a simple call's time. The
 * store's statements are few and repeat, so prepared statements are kept by their SQL text (the driver runs
 * one statement at a time, so sharing them is safe). Every statement passes here, so this is also where the
 * connection's writes are counted (see Store.changeStamp).
 */
function withStatementCache(sqlite: SqliteDatabase.Database, activity: { writes: number }, max = 500): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string) => {
    let stmt = cache.get(source);
    if (!stmt) {
      const prepared = sqlite.prepare(source);
      stmt = prepared.readonly ? prepared : countingRuns(prepared, activity);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(source, stmt);
    }
    return stmt;
  };
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return prepare;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * A statement that may write, counting its runs. Its methods are looked up at each call, so whatever the
 * prototype holds then (the tests' statement counter patches it) is what runs.
 */
function countingRuns(stmt: SqliteDatabase.Statement, activity: { writes: number }): SqliteDatabase.Statement {
  return new Proxy(stmt, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop === 'run' || prop === 'all' || prop === 'get' || prop === 'iterate') {
        return (...args: unknown[]) => {
          activity.writes++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
}

export function openDatabase(url: string, opts: OpenOptions = {}): Database {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
    // A pooled client that loses its server must not take the process down with it.
    pool.on('error', () => undefined);
    const db = new Kysely({ dialect: guardedDialect(new PostgresDialect({ pool })) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (url.startsWith('sqlite:')) {
    const path = sqlitePath(url);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${opts.sqliteSynchronous ?? 'NORMAL'}`);
    sqlite.pragma('foreign_keys = ON');
    // Short: it blocks the event loop. Writes wait for another process's lock in TransactionRunner instead.
    sqlite.pragma('busy_timeout = 20');
    // Each write in a group commit runs in a savepoint (see transaction.ts), whose journal of the pages it
    // changes is kept in memory instead of a temporary file.
    sqlite.pragma('temp_store = MEMORY');
    const checkpointer = path === ':memory:' ? undefined : new BackgroundCheckpointer(sqlite, path);
    const activity = { writes: 0 };
    const cached = withStatementCache(sqlite, activity);
    const db = new Kysely({ dialect: guardedDialect(new SqliteDialect({ database: cached })) });
    const close = async () => {
      await checkpointer?.stop();
      await db.destroy();
      // Kysely opens its connection on the first query: one never queried through it is closed here
      if (sqlite.open) sqlite.close();
    };
    return { db, dialect: 'sqlite', sqlite: cached, sqliteWrites: () => activity.writes, close };
  }
  throw new Error('DATABASE_URL must start with sqlite: or postgres://');
}
