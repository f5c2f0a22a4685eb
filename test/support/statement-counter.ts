import Database from 'better-sqlite3';
import pg from 'pg';
import { TEST_DB } from './database.js';

/**
 * Counts SQL statements at the driver, without touching the source. On SQLite the store keeps prepared
 * statements, so what is counted is each run of one (Statement#all / run / get / iterate, patched on the
 * prototype every prepared statement shares); on PostgreSQL it is pg's Client#query.
 */
export interface StatementCounter {
  /** SQL text of every statement run while counting */
  readonly seen: string[];
  count<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
  restore(): void;
}

export function installStatementCounter(): StatementCounter {
  let counting = false;
  let seen: string[] = [];
  const restorers: Array<() => void> = [];
  const wrap = (target: Record<string, unknown>, name: string, sqlOf: (self: unknown, args: unknown[]) => string) => {
    const original = target[name] as (...args: unknown[]) => unknown;
    target[name] = function (this: unknown, ...args: unknown[]) {
      if (counting) seen.push(sqlOf(this, args));
      return original.apply(this, args);
    };
    restorers.push(() => {
      target[name] = original;
    });
  };
  if (TEST_DB === 'postgres') {
    wrap(pg.Client.prototype as unknown as Record<string, unknown>, 'query', (_self, args) => {
      const q = args[0] as string | { text?: string };
      return typeof q === 'string' ? q : String(q?.text ?? '');
    });
  } else {
    const probe = new Database(':memory:');
    const statementProto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
    probe.close();
    for (const name of ['all', 'run', 'get', 'iterate']) {
      wrap(statementProto, name, (self) => String((self as { source?: string }).source ?? ''));
    }
  }
  return {
    get seen() {
      return seen;
    },
    async count(fn) {
      seen = [];
      counting = true;
      try {
        const result = await fn();
        return { result, statements: seen };
      } finally {
        counting = false;
      }
    },
    restore() {
      for (const r of restorers.reverse()) r();
    },
  };
}

/** Identity lookups are cached for a couple of seconds, so whether a call runs them depends on the clock. */
export const IDENTITY_LOOKUP = /from "(app|account|access_token)"/;
