import { request, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './support/database.js';
import { APP, startTopograph, type TestTopograph } from './support/server.js';

/**
 * Bodies over 1 MiB (the bulk host imports take up to 64 MiB) come one at a time: while one is being read or
 * imported, another answers 1306429 at once, before its body is read; small requests are not held up. And one
 * add call takes at most 200,000 hosts.
 */

const RATE_LIMITED = 1306429;
const MiB = 1024 * 1024;

describe(`bulk imports, one at a time (${TEST_DB})`, () => {
  let t: TestTopograph;
  let port: number;
  beforeAll(async () => {
    t = await startTopograph();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t?.stop());

  /** A valid import of one host, padded with white space to `size` bytes. */
  const padded = (ip: string, size: number) => {
    const json = JSON.stringify({ ...APP, bk_username: 'admin', host_info: { 0: { bk_host_innerip: ip, bk_cloud_id: 0 } } });
    return json.slice(0, -1) + ' '.repeat(Math.max(0, size - json.length)) + '}';
  };

  const post = (body: string) =>
    new Promise<{ code: number; message: string; result: boolean }>((resolve, reject) => {
      const req = request(
        { port, host: '127.0.0.1', method: 'POST', path: '/api/c/compapi/v2/cc/add_host_to_resource/', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve(JSON.parse(text)));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  /** A large import whose body is announced but not sent yet: it holds the gate until it is destroyed. */
  const hold = async (): Promise<ClientRequest> => {
    const req = request({
      port,
      host: '127.0.0.1',
      method: 'POST',
      path: '/api/c/compapi/v2/cc/add_host_to_resource/',
      headers: { 'content-type': 'application/json', 'content-length': 2 * MiB },
    });
    req.on('error', () => {});
    req.write('{"host_info":');
    await new Promise((r) => setTimeout(r, 200));
    return req;
  };

  it('refuses a second large body while one is in flight, takes small ones meanwhile, and opens again after', async () => {
    const first = await hold();
    const second = await post(padded('10.50.0.1', 2 * MiB));
    expect(second).toMatchObject({ result: false, code: RATE_LIMITED });
    expect(second.message).toMatch(/bulk import/);
    const small = await post(padded('10.50.0.2', 1000));
    expect({ result: small.result, message: small.message }).toEqual({ result: true, message: 'success' });

    first.destroy();
    await new Promise((r) => setTimeout(r, 200));
    const after = await post(padded('10.50.0.3', 2 * MiB));
    expect({ result: after.result, message: after.message }).toEqual({ result: true, message: 'success' });
    // and the gate opened again after that one answered
    const again = await post(padded('10.50.0.4', 2 * MiB));
    expect(again.result).toBe(true);
  });

  it('refuses more than 200,000 hosts in one call (1199035), naming host_info, before any is checked', { timeout: 60_000 }, async () => {
    const hostInfo = Object.fromEntries(Array.from({ length: 200_001 }, (_, i) => [String(i), { bk_host_innerip: 'x' }]));
    const r = await t.esb('add_host_to_resource', { host_info: hostInfo });
    expect({ code: r.code, message: r.message }).toEqual({ code: 1199035, message: "'host_info' exceed the limit 200000: it holds 200001" });
  });
});
