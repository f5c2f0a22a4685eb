import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStore, TEST_DB, type FreshStore } from '../../test/support/database.js';
import { ReadInsideWriteError } from './write-context.js';

const ACTOR = { user: 'tester', appCode: 'test', requestId: 'r' };

/**
 * A query through the store's own handle from inside a write is refused at once: on SQLite it would wait for
 * the connection the write holds, for ever, and every write after it with it.
 */
describe(`a store read inside a write (${TEST_DB})`, () => {
  let fresh: FreshStore;
  beforeAll(async () => {
    fresh = await freshStore();
  });
  afterAll(() => fresh?.drop());

  it('fails that write with ReadInsideWriteError, writes nothing of it, and leaves the writer free', async () => {
    const { store } = fresh;
    const attempt = store.write(ACTOR, async (w) => {
      await w.insertInstance('plat', { bk_cloud_name: 'inside-read' });
      return store.getInstance('biz', 1);
    });
    await expect(attempt).rejects.toBeInstanceOf(ReadInsideWriteError);
    const after = await store.write(ACTOR, (w) => w.insertInstance('plat', { bk_cloud_name: 'after-it' }));
    expect(after.bk_cloud_name).toBe('after-it');
    const names = (await store.search('plat', { filters: [], start: 0, limit: 100, sort: [] })).rows.map((r) => r.bk_cloud_name);
    expect(names).toContain('after-it');
    expect(names).not.toContain('inside-read');
    // reads outside a write are untouched
    expect(await store.getInstance('plat', 0)).toMatchObject({ bk_cloud_id: 0 });
  });
});
