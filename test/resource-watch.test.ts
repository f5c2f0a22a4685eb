import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { postEsb, spawnServer, type ServerProcess } from './support/process.js';
import { ADMIN_TOKEN, APP, makeBusiness, makeSet, startTopograph, type TestTopograph } from './support/server.js';

type WatchEvent = { bk_cursor: string; bk_resource: string; bk_event_type: string; bk_detail: Record<string, unknown> | null };

describe('resource_watch', () => {
  let t: TestTopograph;
  let bizId: number;
  beforeAll(async () => {
    t = await startTopograph({ TOPOGRAPH_WATCH_WAIT_SECONDS: '0.3' });
    bizId = await makeBusiness(t, 'watched');
  });
  afterAll(() => t.stop());

  const watch = (body: Record<string, unknown>) => t.esb('resource_watch', body);

  it('from now with nothing new: a cursor-only record, bk_watched false', async () => {
    const r = await watch({ bk_resource: 'set' });
    expect(r.result).toBe(true);
    expect(r.data.bk_watched).toBe(false);
    expect(r.data.bk_events).toHaveLength(1);
    expect(r.data.bk_events[0]).toMatchObject({ bk_resource: 'set', bk_detail: null });
    expect(typeof r.data.bk_events[0].bk_cursor).toBe('string');
  });

  it('answers the events after a cursor, in order, each with its own cursor, detail projected by bk_fields', async () => {
    const start = (await watch({ bk_resource: 'set' })).data.bk_events[0].bk_cursor;
    const setId = await makeSet(t, bizId, 'w1');
    await t.esb('update_set', { bk_biz_id: bizId, bk_set_id: setId, data: { bk_set_desc: 'changed' } });
    const r = await watch({ bk_resource: 'set', bk_cursor: start, bk_fields: ['bk_set_id', 'bk_set_desc'] });
    expect(r.data.bk_watched).toBe(true);
    const events = r.data.bk_events as WatchEvent[];
    expect(events.map((e) => e.bk_event_type)).toEqual(['create', 'update']);
    expect(events[1]!.bk_detail).toEqual({ bk_set_id: setId, bk_set_desc: 'changed' });
    expect(new Set(events.map((e) => e.bk_cursor)).size).toBe(2);
    const next = await watch({ bk_resource: 'set', bk_cursor: events[1]!.bk_cursor });
    expect(next.data.bk_watched).toBe(false);
  });

  it('filters by bk_event_types and keeps other resources apart', async () => {
    const start = (await watch({ bk_resource: 'module' })).data.bk_events[0].bk_cursor;
    const setId = await makeSet(t, bizId, 'w2');
    const m = await t.esb('create_module', { bk_biz_id: bizId, bk_set_id: setId, data: { bk_parent_id: setId, bk_module_name: 'mod' } });
    await t.esb('delete_module', { bk_biz_id: bizId, bk_set_id: setId, bk_module_id: m.data.bk_module_id });
    const deletes = await watch({ bk_resource: 'module', bk_cursor: start, bk_event_types: ['delete'] });
    expect((deletes.data.bk_events as WatchEvent[]).map((e) => [e.bk_event_type, e.bk_detail?.bk_module_id])).toEqual([
      ['delete', m.data.bk_module_id],
    ]);
  });

  it('resumes by time with bk_start_from', async () => {
    const before = Math.floor(Date.now() / 1000) - 1;
    const setId = await makeSet(t, bizId, 'w3');
    const r = await watch({ bk_resource: 'set', bk_start_from: before });
    expect((r.data.bk_events as WatchEvent[]).some((e) => e.bk_detail?.bk_set_id === setId)).toBe(true);
  });

  it('writes nothing for a refused or rolled-back change', async () => {
    const start = (await watch({ bk_resource: 'set' })).data.bk_events[0].bk_cursor;
    const keep = await makeSet(t, bizId, 'w4');
    const idle = (await t.esb('get_biz_internal_module', { bk_biz_id: bizId })).data.bk_set_id;
    const batch = await t.esb('batch_delete_set', { bk_biz_id: bizId, delete: { inst_ids: [keep, idle] } });
    expect(batch.result).toBe(false);
    const dup = await t.esb('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: 'w4' } });
    expect(dup.code).toBe(1101108);
    const r = await watch({ bk_resource: 'set', bk_cursor: start });
    expect((r.data.bk_events as WatchEvent[]).map((e) => `${e.bk_event_type}:${e.bk_detail?.bk_set_id}`)).toEqual([`create:${keep}`]);
  });

  it('refuses a cursor it did not issue and an unknown resource', async () => {
    expect((await watch({ bk_resource: 'set', bk_cursor: 'not-a-cursor' })).code).toBe(1199006);
    const r = await watch({ bk_resource: 'object_instance' });
    expect(r.code).toBe(1199006);
    expect(r.message).toContain('bk_resource');
  });

  it('answers 1103007 for a cursor into purged history; watching from now still works', async () => {
    const old = (await watch({ bk_resource: 'set' })).data.bk_events[0].bk_cursor;
    await makeSet(t, bizId, 'w5');
    await makeSet(t, bizId, 'w6');
    const purged = await t.store.events.purgeBefore(Date.now() + 1000);
    expect(purged).toBeGreaterThan(0);
    const r = await watch({ bk_resource: 'set', bk_cursor: old });
    expect(r.code).toBe(1103007);
    expect(r.message).toContain('bk_start_from');
    const fresh = await watch({ bk_resource: 'set' });
    expect(fresh.result).toBe(true);
  });
});

describe('resource_watch long-poll', () => {
  let t: TestTopograph;
  let bizId: number;
  beforeAll(async () => {
    t = await startTopograph({ TOPOGRAPH_WATCH_WAIT_SECONDS: '60' });
    bizId = await makeBusiness(t, 'long-poll');
  });
  afterAll(() => t.stop());

  // The call waits up to 60 s; the test's own 10 s limit proves it was woken by the commit, not the clock.
  it('holds the call open and answers as soon as a change commits', { timeout: 10_000 }, async () => {
    // The business's idle pool is a set event already there: it answers at once and gives the cursor.
    const start = (await t.esb('resource_watch', { bk_resource: 'set', bk_start_from: 0 })).data;
    expect(start.bk_watched).toBe(true);
    const pending = t.esb('resource_watch', { bk_resource: 'set', bk_cursor: start.bk_events.at(-1).bk_cursor });
    await new Promise((r) => setTimeout(r, 200));
    const setId = await makeSet(t, bizId, 'wake-me');
    const r = await pending;
    expect(r.data.bk_watched).toBe(true);
    expect(r.data.bk_events[0].bk_detail.bk_set_id).toBe(setId);
  });
});

describe('a watcher following 5,000 random writes', () => {
  let t: TestTopograph;
  let bizId: number;
  beforeAll(async () => {
    t = await startTopograph({ TOPOGRAPH_WATCH_WAIT_SECONDS: '0.5' });
    bizId = await makeBusiness(t, 'churn');
  });
  afterAll(() => t.stop());

  it('sees each committed change exactly once, in commit order, and nothing of the refused ones', { timeout: 240_000 }, async () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const cursor0 = (await t.esb('resource_watch', { bk_resource: 'set' })).data.bk_events[0].bk_cursor as string;
    const live: number[] = [];
    const committed: string[] = [];
    let refused = 0;
    let done = false;

    const seen: WatchEvent[] = [];
    const watcher = (async () => {
      let cursor = cursor0;
      for (;;) {
        const r = await t.esb('resource_watch', { bk_resource: 'set', bk_cursor: cursor, bk_fields: ['bk_set_id', 'bk_set_desc'] });
        const events = r.data.bk_events as WatchEvent[];
        if (r.data.bk_watched) seen.push(...events);
        cursor = events[events.length - 1]!.bk_cursor;
        if (done && !r.data.bk_watched) return;
      }
    })();

    const worker = async (w: number) => {
      for (let i = 0; i < 500; i++) {
        const pick = rand();
        if (pick < 0.45 || live.length < 5) {
          const name = rand() < 0.1 && live.length ? `s-dup` : `s-${w}-${i}`;
          const r = await t.esb('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: name } });
          if (r.result) {
            live.push(r.data.bk_set_id);
            committed.push(`create:${r.data.bk_set_id}`);
          } else refused++;
        } else if (pick < 0.8) {
          const id = live[Math.floor(rand() * live.length)]!;
          const r = await t.esb('update_set', { bk_biz_id: bizId, bk_set_id: id, data: { bk_set_desc: `d${w}-${i}` } });
          if (r.result) committed.push(`update:${id}:d${w}-${i}`);
          else refused++;
        } else {
          const id = live.splice(Math.floor(rand() * live.length), 1)[0]!;
          const r = await t.esb('delete_set', { bk_biz_id: bizId, bk_set_id: id });
          if (r.result) committed.push(`delete:${id}`);
          else refused++;
        }
      }
    };
    await Promise.all(Array.from({ length: 10 }, (_, w) => worker(w)));
    done = true;
    await watcher;

    const label = (e: WatchEvent) =>
      e.bk_event_type === 'update' ? `update:${e.bk_detail!.bk_set_id}:${e.bk_detail!.bk_set_desc}` : `${e.bk_event_type}:${e.bk_detail!.bk_set_id}`;
    const seenLabels = seen.map(label);
    expect(committed.length + refused).toBe(5000);
    expect(refused).toBeGreaterThan(0);
    // Exactly once: the same multiset, no duplicates.
    expect(new Set(seenLabels).size).toBe(seenLabels.length);
    expect([...seenLabels].sort()).toEqual([...committed].sort());
    // Commit order: every set's own history reads create → updates → delete, as its writes were made.
    const perSet = new Map<string, string[]>();
    for (const l of seenLabels) {
      const id = l.split(':')[1]!;
      perSet.set(id, [...(perSet.get(id) ?? []), l]);
    }
    const committedPerSet = new Map<string, string[]>();
    for (const l of committed) {
      const id = l.split(':')[1]!;
      committedPerSet.set(id, [...(committedPerSet.get(id) ?? []), l]);
    }
    expect(Object.fromEntries(perSet)).toEqual(Object.fromEntries(committedPerSet));
  });
});

describe('a watcher on one process sees writes made through another', () => {
  let db: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  const creds = { ...APP, bk_username: 'admin' };
  beforeAll(async () => {
    db = await freshDatabase();
    const env = {
      DATABASE_URL: db.url,
      TOPOGRAPH_APPS: `${APP.bk_app_code}:${APP.bk_app_secret}`,
      TOPOGRAPH_ADMIN_TOKEN: ADMIN_TOKEN,
      TOPOGRAPH_WATCH_WAIT_SECONDS: '60',
    };
    a = await spawnServer(env);
    b = await spawnServer(env);
  }, 60_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db?.drop();
  });

  it('wakes the watcher on A when B commits', { timeout: 15_000 }, async () => {
    const seeded = await postEsb(a.url, 'create_business', { ...creds, data: { bk_biz_name: 'first', bk_biz_maintainer: 'admin' } });
    expect(seeded.body.result).toBe(true);
    const first = await postEsb(a.url, 'resource_watch', { ...creds, bk_resource: 'biz', bk_start_from: 0 });
    expect(first.body.data.bk_watched).toBe(true);
    const pending = postEsb(a.url, 'resource_watch', { ...creds, bk_resource: 'biz', bk_cursor: first.body.data.bk_events.at(-1).bk_cursor });
    await new Promise((r) => setTimeout(r, 300));
    const made = await postEsb(b.url, 'create_business', { ...creds, data: { bk_biz_name: 'cross', bk_biz_maintainer: 'admin' } });
    expect(made.body.result).toBe(true);
    const r = await pending;
    expect(r.body.data.bk_watched).toBe(true);
    expect(r.body.data.bk_events[0].bk_detail.bk_biz_name).toBe('cross');
  });
});
