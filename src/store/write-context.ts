import { AsyncLocalStorage } from 'node:async_hooks';
import type { Dialect, Driver } from 'kysely';

/**
 * Marks the code a write transaction runs. Inside it every query must go through the transaction (the
 * WriteSession): a read through the store's own handle would, on SQLite, wait for the one connection the
 * transaction holds, for ever; on PostgreSQL it would read around the write. `guardedDialect` turns such a read
 * into an error at once, so the mistake fails its test instead of hanging the writer.
 */
export const writing = new AsyncLocalStorage<true>();

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
