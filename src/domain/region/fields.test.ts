import { describe, expect, it } from 'vitest';
import { RegionFieldErrors } from './errors.js';
import {
  isHostName,
  isIPv4,
  parseListQuery,
  parseProbeFlag,
  parseRegionBody,
  parseStatusChange,
  parseStatusFilter,
  parseStatusValue,
  urlProblem,
} from './fields.js';

const base = {
  region_name: 'r1',
  region_alias: 'R1',
  url: 'https://rbd-api-api:8443',
  wsurl: 'ws://rbd-api-api:6060',
  httpdomain: 'apps.example.com',
  tcpdomain: '10.0.0.1',
};

function errorsOf(fn: () => unknown): Record<string, string[]> {
  try {
    fn();
  } catch (e) {
    if (e instanceof RegionFieldErrors) return e.errors;
    throw e;
  }
  throw new Error('expected RegionFieldErrors');
}

describe('isIPv4', () => {
  it.each(['0.0.0.0', '10.0.0.1', '255.255.255.255', '192.168.1.10'])('accepts %s', (s) => expect(isIPv4(s)).toBe(true));
  it.each(['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', '1.2.3.4 ', 'a.b.c.d', ''])('refuses %j', (s) =>
    expect(isIPv4(s)).toBe(false),
  );
});

describe('isHostName', () => {
  it.each(['localhost', 'rbd-api-api', 'a.b.c', 'xn--fiqs8s.cn', '1.2.3.4.nip.io', 'A-1.Example.COM'])('accepts %s', (s) =>
    expect(isHostName(s)).toBe(true),
  );
  it.each(['', '-a.com', 'a-.com', 'a..com', 'a.com.', 'a_b.com', 'a b', '1.2.3.4', '999.999.999.999', '1.2.3.4abc', 'h'.repeat(64), `${'a.'.repeat(127)}ab`])(
    'refuses %j',
    (s) => expect(isHostName(s)).toBe(false),
  );
});

describe('urlProblem', () => {
  const http = ['http', 'https'];
  it.each(['https://rbd-api-api:8443', 'http://1.2.3.4', 'https://[::1]:1/x', 'HTTPS://A.B/c/d/', 'https://h:65535/'])('accepts %s', (s) =>
    expect(urlProblem(s, http)).toBeUndefined(),
  );
  it.each([
    ['rbd:8443', /scheme is missing/],
    ['ws://h', /scheme must be/],
    ['https://h:0', /port/],
    ['https://h:65536', /port/],
    ['https://h:', /port/],
    ['https://[zz]:1', /IPv6/],
    ['https://300.1.1.1', /host/],
    ['https://h/a?b', /query/],
    ['https://h/#f', /fragment/],
    ['https://u@h', /user info/],
    ['https://h/é', /non-ASCII/],
  ])('refuses %s', (s, why) => expect(urlProblem(s, http)).toMatch(why));
});

describe('status values', () => {
  it('parses stored statuses from integers and digit strings only', () => {
    expect([0, 1, 2, 3, '0', '3', ' 2 '].map(parseStatusValue)).toEqual(['0', '1', '2', '3', '0', '3', '2']);
    expect([4, -1, 1.5, '4', 'ONLINE', true, null, '', '01'].map(parseStatusValue)).toEqual(Array(9).fill(undefined));
  });
  it('parses the status call by name or digit 1-3', () => {
    expect(['ONLINE', 'offline', ' Maintain ', '1', '2', 3].map(parseStatusChange)).toEqual(['1', '2', '3', '1', '2', '3']);
    for (const v of ['NOTREADY', '0', 0, 4, 'x', null, undefined]) expect(errorsOf(() => parseStatusChange(v))).toHaveProperty('status');
  });
  it('parses list filters by digit or any name', () => {
    expect(['0', 'notready', 'ONLINE', '2', 'maintain'].map(parseStatusFilter)).toEqual(['0', '0', '1', '2', '3']);
    expect(parseStatusFilter('5')).toBeUndefined();
  });
});

describe('parseRegionBody', () => {
  const opts = { mode: 'create' as const, canStoreSecrets: true };

  it('answers only the given fields, normalised', () => {
    const { values, ignored } = parseRegionBody({ ...base, status: 2, desc: '', ssl_ca_cert: '', token: null }, opts);
    expect(values).toEqual({
      regionName: 'r1',
      regionAlias: 'R1',
      url: base.url,
      wsurl: base.wsurl,
      httpdomain: base.httpdomain,
      tcpdomain: base.tcpdomain,
      status: '2',
      desc: '',
      sslCaCert: null,
      token: null,
    });
    expect(ignored).toEqual([]);
  });

  it('reads a key with stray spaces as the field it spells, the exact key winning', () => {
    const { wsurl, ...rest } = base;
    expect(parseRegionBody({ ...rest, ' wsurl': wsurl }, opts).values.wsurl).toBe(wsurl);
    const both = parseRegionBody({ ...base, ' wsurl ': 'ws://other' }, opts);
    expect(both.values.wsurl).toBe(wsurl);
    expect(both.ignored).toEqual([' wsurl ']);
  });

  it('ignores region_id and unknown keys, and names them', () => {
    expect(parseRegionBody({ ...base, region_id: 'x', foo: 1 }, opts).ignored).toEqual(['region_id', 'foo']);
  });

  it('answers the body enterprise_id (null and "" count as absent)', () => {
    expect(parseRegionBody({ ...base, enterprise_id: 'e1' }, opts).enterpriseId).toBe('e1');
    expect(parseRegionBody({ ...base, enterprise_id: null }, opts).enterpriseId).toBeUndefined();
    expect(parseRegionBody({ ...base, enterprise_id: '' }, opts).enterpriseId).toBeUndefined();
    expect(errorsOf(() => parseRegionBody({ ...base, enterprise_id: 5 }, opts))).toEqual({ enterprise_id: ['must be a string'] });
  });

  it('requires the six fields on create, none on update', () => {
    expect(Object.keys(errorsOf(() => parseRegionBody({}, opts))).sort()).toEqual(
      ['httpdomain', 'region_alias', 'region_name', 'tcpdomain', 'url', 'wsurl'],
    );
    expect(parseRegionBody({}, { mode: 'update', canStoreSecrets: false }).values).toEqual({});
  });

  it('refuses key_file and token without a secret key, and non-objects', () => {
    const e = errorsOf(() => parseRegionBody({ ...base, token: 'abc' }, { mode: 'create', canStoreSecrets: false }));
    expect(e.token![0]).toMatch(/TOPOGRAPH_SECRET_KEY/);
    for (const body of [null, [], 'x', 3]) expect(errorsOf(() => parseRegionBody(body, opts))).toHaveProperty('body');
  });

  it('never repeats a value in a message', () => {
    const secret = 'sekret value with spaces';
    const e = errorsOf(() => parseRegionBody({ ...base, token: secret, key_file: secret, url: secret, region_alias: `${secret}\u0001` }, opts));
    expect(JSON.stringify(e)).not.toContain('sekret');
  });
});

describe('parseListQuery and parseProbeFlag', () => {
  it('pages only when asked', () => {
    expect(parseListQuery({})).toEqual({});
    expect(parseListQuery({ page: '2' })).toEqual({ page: { page: 2, pageSize: 10 } });
    expect(parseListQuery({ page_size: '100', query: ' a ', status: 'online' })).toEqual({
      text: 'a',
      status: '1',
      page: { page: 1, pageSize: 100 },
    });
    expect(Object.keys(errorsOf(() => parseListQuery({ page: '0', page_size: '101', status: 'x' }))).sort()).toEqual([
      'page',
      'page_size',
      'status',
    ]);
  });
  it('reads probe as a boolean', () => {
    expect(['true', 'TRUE', '1', 'on', 'false', '0', 'off', undefined].map(parseProbeFlag)).toEqual([true, true, true, true, false, false, false, undefined]);
    expect(errorsOf(() => parseProbeFlag('maybe'))).toHaveProperty('probe');
    expect(errorsOf(() => parseProbeFlag(['true', 'false']))).toHaveProperty('probe');
  });
});
