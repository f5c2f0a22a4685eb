import { describe, expect, it } from 'vitest';
import { paramsKey } from './call.js';
import { ok, okBytes } from './envelope.js';
import { ResponseCache } from './response-cache.js';

describe('ResponseCache', () => {
  it('answers an entry only under the stamp it was stored with', () => {
    const cache = new ResponseCache(1024 * 1024);
    cache.set('k', '1.1', Buffer.from('[1]'));
    expect(cache.get('k', '1.1')?.toString()).toBe('[1]');
    expect(cache.get('k', '2.1')).toBeUndefined();
    expect(cache.get('other', '1.1')).toBeUndefined();
  });

  it('empties itself when an answer comes with a new stamp', () => {
    const cache = new ResponseCache(1024 * 1024);
    cache.set('a', '1.1', Buffer.from('"a"'));
    cache.set('b', '2.1', Buffer.from('"b"'));
    expect(cache.size).toBe(1);
    expect(cache.get('a', '2.1')).toBeUndefined();
    expect(cache.get('b', '2.1')?.toString()).toBe('"b"');
  });

  it('drops the least recently used answers past its size, and never keeps one larger than an eighth of it', () => {
    // A key counts 2 bytes a character: each entry below takes 2 * 1 + 198 = 200 bytes of the 1,600, the most one may.
    const cache = new ResponseCache(1600);
    const text = Buffer.alloc(198, 'x');
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) cache.set(k, 's', text);
    expect(cache.size).toBe(8);
    cache.get('a', 's'); // a is now the most recently used
    cache.set('i', 's', text);
    expect(cache.get('b', 's')).toBeUndefined();
    expect(cache.get('a', 's')).toBe(text);
    expect(cache.size).toBe(8);
    cache.set('j', 's', Buffer.alloc(199, 'y'));
    expect(cache.get('j', 's')).toBeUndefined();
    expect(cache.size).toBe(8);
  });
});

describe('okBytes', () => {
  it('is byte for byte what JSON.stringify makes of ok()', () => {
    const data = { count: 1, info: [{ bk_biz_id: 3, bk_biz_name: 'a "quoted" name, 业务' }] };
    const bytes = (d: unknown) => Buffer.from(JSON.stringify(d));
    expect(okBytes(bytes(data), 'abc').equals(bytes(ok(data, 'abc')))).toBe(true);
    expect(okBytes(bytes(null), 'x"y').equals(bytes(ok(null, 'x"y')))).toBe(true);
  });
});

describe('paramsKey', () => {
  it('leaves the credentials out, and keeps every other parameter', () => {
    const params = { condition: { bk_biz_name: 'a', bk_username: 'kept when nested' }, page: { limit: 5 } };
    const asAlice = paramsKey('search_business', { bk_app_code: 'app', bk_app_secret: 's1', bk_username: 'alice', ...params });
    const asBob = paramsKey('search_business', { bk_app_code: 'app', bk_app_secret: 's2', bk_token: 't', ...params });
    expect(asAlice).toBe(asBob);
    expect(asAlice).not.toContain('s1');
    expect(asAlice).toContain('kept when nested');
    expect(paramsKey('search_set', params)).not.toBe(paramsKey('search_business', params));
    expect(paramsKey('search_business', { ...params, page: { limit: 6 } })).not.toBe(asAlice);
  });

  it('is undefined for parameters too deep to serialise (the call refuses them itself)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(paramsKey('search_business', { condition: deep })).toBeUndefined();
  });
});

describe('ResponseCache.lookup', () => {
  it('reads the stamp first and keeps the answer under it, so a write in between is never masked', () => {
    const cache = new ResponseCache(1024 * 1024);
    let stamp = '1.1';
    const store = { changeStamp: () => stamp };
    const first = cache.lookup('search_set', { bk_biz_id: 3 }, store)!;
    expect(first.hit).toBeUndefined();
    stamp = '2.1'; // a write lands while the first answer is computed
    first.keep({ count: 0 });
    expect(cache.lookup('search_set', { bk_biz_id: 3 }, store)!.hit).toBeUndefined();
    cache.lookup('search_set', { bk_biz_id: 3 }, store)!.keep({ count: 1 });
    expect(cache.lookup('search_set', { bk_biz_id: 3 }, store)!.hit?.toString()).toBe('{"count":1}');
  });

  it('caches nothing where the store has no stamp', () => {
    const cache = new ResponseCache(1024 * 1024);
    expect(cache.lookup('search_set', {}, { changeStamp: () => undefined })).toBeUndefined();
  });
});
