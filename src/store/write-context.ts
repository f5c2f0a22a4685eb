import { AsyncLocalStorage } from 'node:async_hooks';
import type { Dialect, Driver } from 'kysely';

/**
 * Marks the code a write transaction runs. Inside it every query must go through the transaction (the
 * WriteSession): a read through the store's own handle would, on SQLite, wait for the one connection the
 * transaction holds, for ever; on PostgreSQL it would read around the write. `guardedDialect` turns such a read
 * into an error at once, so the mistake fails its test instead of hanging the writer.
 */
export const writing = new AsyncLocalStorage<true>();

/**
 * Runs `work` marked as inside a write, when `check` (TOPOGRAPH_CHECK_WRITES; the tests turn it on). Marking
 * costs every promise of the process a hook (AsyncLocalStorage on Node 20: about a fifth of a small write's CPU
 * in the benchmark), so it is for development, where the mistake must be caught.
 */
export const markedWrite = <T>(check: boolean, work: () => Promise<T>): Promise<T> => (check ? writing.run(true, work) : work());

/** A read of the store's handle from inside a write: always a programming error. */
export class ReadInsideWriteError extends Error {
  constructor() {
    super('a query through the store inside a write transaction: read through the WriteSession (w.trx, w.attributes, w.hosts) instead');
    this.name = 'ReadInsideWriteError';
  }
}

/** The dialect, with a driver that refuses to hand out a connection to code running inside a write. */
export function guardedDialect(dialect: Dialect): Dialect {
  return new Proxy(dialect, {
    get(target, prop, receiver) {
      if (prop !== 'createDriver') return Reflect.get(target, prop, receiver) as unknown;
      return (): Driver => {
        const driver = target.createDriver();
        const acquire = driver.acquireConnection.bind(driver);
        driver.acquireConnection = () => {
          if (writing.getStore()) return Promise.reject(new ReadInsideWriteError());
          return acquire();
        };
        return driver;
      };
    },
  });
}
