import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { postEsb, spawnServer, type ServerProcess } from './support/process.js';
import { APP, ADMIN_TOKEN } from './support/server.js';

/**
 * Uniqueness is the database's job: 100 simultaneous create_set calls with one name, first against one
 * server process, then split between two processes sharing one database. Exactly one wins.
 */
const ENV = (url: string) => ({
  DATABASE_URL: url,
  TOPOGRAPH_APPS: `${APP.bk_app_code}:${APP.bk_app_secret}`,
  TOPOGRAPH_ADMIN_TOKEN: ADMIN_TOKEN,
});

const creds = { ...APP, bk_username: 'admin' };

async function race(servers: ServerProcess[], bizId: number, name: string) {
  const answers = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      postEsb(servers[i % servers.length]!.url, 'create_set', {
        ...creds,
        bk_biz_id: bizId,
        data: { bk_parent_id: bizId, bk_set_name: name },
      }),
    ),
  );
  return answers;
}

async function setsNamed(url: string, bizId: number, name: string): Promise<number> {
  // search_set arrives with the topology issue; the business's own idle pool set plus the raced one are
  // counted through a duplicate-name probe instead: a fresh create with the name must still fail.
  const probe = await postEsb(url, 'create_set', { ...creds, bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: name } });
  return probe.body.code;
}

describe('100 concurrent create_set with one name', () => {
  let db: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let bizId: number;

  beforeAll(async () => {
    db = await freshDatabase();
    a = await spawnServer(ENV(db.url));
    b = await spawnServer(ENV(db.url));
    const r = await postEsb(a.url, 'create_business', { ...creds, data: { bk_biz_name: 'race', bk_biz_maintainer: 'admin' } });
    expect(r.body.result).toBe(true);
    bizId = r.body.data.bk_biz_id;
  }, 90_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db?.drop();
  });

  for (const split of [1, 2]) {
    it(`against ${split} server process${split > 1 ? 'es' : ''}: one success, 99 duplicates, one row`, async () => {
      const name = `contested-${split}`;
      const answers = await race(split === 1 ? [a] : [a, b], bizId, name);
      expect(answers.every((x) => x.status === 200)).toBe(true);
      const wins = answers.filter((x) => x.body.result);
      const dups = answers.filter((x) => x.body.code === 1101108);
      expect(wins).toHaveLength(1);
      expect(dups).toHaveLength(99);
      expect(await setsNamed(a.url, bizId, name)).toBe(1101108);
      // The winner's row is the only one: its id is the one every later read sees.
      const rows = await countSets(db.url, bizId, name);
      expect(rows).toBe(1);
    });
  }
});

async function countSets(url: string, bizId: number, name: string): Promise<number> {
  const { Store } = await import('../src/store/store.js');
  const store = await Store.open(url);
  try {
    const r = await store.search('set', {
      filters: [
        { field: 'bk_biz_id', op: 'eq', value: bizId },
        { field: 'bk_set_name', op: 'eq', value: name },
      ],
      start: 0,
      limit: 10,
      sort: [],
    });
    return r.count;
  } finally {
    await store.close();
  }
}
