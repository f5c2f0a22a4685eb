import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { spawnServer } from './support/process.js';

/** `npm install && npm start` on a fresh machine must leave a way in: the first start makes `admin` a token. */
describe('first start with no administrator configured', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db.drop());

  const TOKEN_LINE = /shown only now[^\n]*\n\s+(\S+)/;

  it('prints a new admin token once; it signs in; a second start prints none', async () => {
    const first = await spawnServer({ DATABASE_URL: db.url, TOPOGRAPH_ADMIN_TOKEN: '', TOPOGRAPH_APPS: '' });
    let token: string;
    try {
      await new Promise((r) => setTimeout(r, 300));
      const match = TOKEN_LINE.exec(first.output());
      expect(match, first.output()).not.toBeNull();
      token = match![1]!;
      const r = await fetch(`${first.url}/api/c/compapi/v2/cc/create_business/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ data: { bk_biz_name: 'first', bk_biz_maintainer: 'admin' } }),
      });
      const body = (await r.json()) as { result: boolean; data: { bk_created_by: string } };
      expect(body.result).toBe(true);
      expect(body.data.bk_created_by).toBe('admin');
    } finally {
      await first.stop();
    }
    const second = await spawnServer({ DATABASE_URL: db.url, TOPOGRAPH_ADMIN_TOKEN: '', TOPOGRAPH_APPS: '' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(second.output()).toContain('Web console:');
      expect(second.output()).not.toMatch(TOKEN_LINE);
      expect(second.output()).not.toContain(token);
    } finally {
      await second.stop();
    }
  });
});
