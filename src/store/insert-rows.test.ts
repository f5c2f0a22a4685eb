import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_DB, type TestDatabase } from '../../test/support/database.js';
import { openDatabase, type Database } from './database.js';
import { insertRows } from './insert-rows.js';

describe(`insertRows (${TEST_DB})`, () => {
  let fresh: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    fresh = await freshDatabase();
    database = openDatabase(fresh.url);
    await database.db.schema
      .createTable('scratch')
      .addColumn('id', TEST_DB === 'postgres' ? 'serial' : 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.defaultTo('plain'))
      .addColumn('n', 'integer')
      .execute();
  });
  afterAll(async () => {
    await database?.close();
    await fresh?.drop();
  });
  const rowsOf = () => database.db.selectFrom('scratch').selectAll().orderBy('id').execute();

  it('inserts the rows and answers the returned column in their order', async () => {
    const ids = await insertRows(database.db, database.dialect, 'scratch', [{ name: 'a', n: 1 }, { name: 'b', n: 2 }, { name: 'c', n: 3 }], 'id');
    expect(ids).toHaveLength(3);
    const stored = await rowsOf();
    expect(stored.map((r) => [r.id, r.name, r.n])).toEqual(ids.map((r, i) => [r.id, ['a', 'b', 'c'][i], i + 1]));
  });

  it('gives a row without a value what the builder gives it: the default (PostgreSQL) or null (SQLite)', async () => {
    await database.db.deleteFrom('scratch').execute();
    const back = await insertRows(database.db, database.dialect, 'scratch', [{ name: 'x', kind: 'special' }, { name: 'y', n: 7, kind: undefined }], '*');
    expect(back.map((r) => [r.name, r.kind, r.n])).toEqual([
      ['x', 'special', null],
      ['y', TEST_DB === 'postgres' ? 'plain' : null, 7],
    ]);
  });

  it('splits what exceeds the bound-parameter limit into several statements, all in order', async () => {
    await database.db.deleteFrom('scratch').execute();
    const many = Array.from({ length: 25_000 }, (_, i) => ({ name: `r${i}`, kind: 'bulk', n: i }));
    const ids = await insertRows(database.db, database.dialect, 'scratch', many, 'id');
    expect(ids).toHaveLength(25_000);
    const stored = await rowsOf();
    expect(stored).toHaveLength(25_000);
    expect(stored.every((r, i) => r.n === i && r.id === ids[i]!.id)).toBe(true);
  });

  it('writes nothing for no rows, and refuses as the database does', async () => {
    expect(await insertRows(database.db, database.dialect, 'scratch', [], 'id')).toEqual([]);
    const before = (await rowsOf()).length;
    await expect(insertRows(database.db, database.dialect, 'scratch', [{ kind: 'no name' }])).rejects.toThrow(/null|NOT NULL/i);
    expect((await rowsOf()).length).toBe(before);
  });
});
