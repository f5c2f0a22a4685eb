import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkGate } from './bulk-gate.js';

/** The gate on its own, with a short body deadline (the ESB's is BULK_BODY_SECONDS). */

const MiB = 1024 * 1024;

describe('bulkGate', () => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    app = Fastify();
    const mayGo = bulkGate(0.3);
    app.addHook('onRequest', async (req, reply) => {
      if (!mayGo(req, reply)) return reply.code(200).send({ busy: true });
    });
    const handler = async () => ({ busy: false });
    app.post('/big', { bodyLimit: 64 * MiB }, handler);
    app.get('/big', { bodyLimit: 64 * MiB }, handler);
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  const send = (method: 'GET' | 'POST', body?: string) =>
    new Promise<{ busy: boolean }>((resolve, reject) => {
      const req = request({ port, host: '127.0.0.1', method, path: '/big', headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(JSON.parse(text)));
      });
      req.on('error', reject);
      req.end(body);
    });
  const large = () => JSON.stringify({ pad: 'x'.repeat(2 * MiB) });

  it('closes a request that stops sending its body once the deadline passes, and opens the gate', async () => {
    const stalled = request({ port, host: '127.0.0.1', method: 'POST', path: '/big', headers: { 'content-type': 'application/json', 'content-length': 2 * MiB } });
    const closed = new Promise<void>((resolve) => {
      stalled.on('error', () => resolve());
      stalled.on('close', () => resolve());
    });
    stalled.write('{"pad":"');
    await new Promise((r) => setTimeout(r, 100));
    expect(await send('POST', large())).toEqual({ busy: true });
    // a GET carries no body: it never waits for the gate
    expect(await send('GET')).toEqual({ busy: false });
    await closed;
    expect(await send('POST', large())).toEqual({ busy: false });
  });
});
