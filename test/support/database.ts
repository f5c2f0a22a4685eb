import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Store } from '../../src/store/store.js';

/**
 * The store every storage test runs on: SQLite (default) or PostgreSQL, chosen by TOPOGRAPH_TEST_DB.
 * CI runs the whole suite once with each. Every call makes a fresh, empty database.
 */
export const TEST_DB = (process.env.TOPOGRAPH_TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
export const PG_ADMIN_URL = process.env.TOPOGRAPH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function freshDatabase(): Promise<TestDatabase> {
  if (TEST_DB === 'postgres') {
    const name = `topograph_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    return {
      url,
      drop: async () => {
        const c = new pg.Client({ connectionString: PG_ADMIN_URL });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'topograph-test-'));
  return {
    url: `sqlite:${join(dir, 'topograph.db')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface FreshStore {
  store: Store;
  url: string;
  /** closes the store and drops its database */
  drop(): Promise<void>;
}

/** A migrated Store on a fresh database, for the store's own tests. */
export async function freshStore(): Promise<FreshStore> {
  const fresh = await freshDatabase();
  const store = await Store.open(fresh.url, { checkWrites: true });
  await store.migrate();
  return {
    store,
    url: fresh.url,
    drop: async () => {
      await store.close();
      await fresh.drop();
    },
  };
}
