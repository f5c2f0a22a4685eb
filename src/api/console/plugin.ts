import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { redactedUrl } from '../redacted-url.js';

/** Where `npm install` (the prepare script: `vite build`) leaves the built console. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../../console/dist/', import.meta.url));

export interface ConsoleOptions {
  /** the built console; CONSOLE_DIST unless a test gives another */
  root?: string;
}

/** Paths that belong to the APIs (and the console's own files): never answered with the console's page. */
const API_PATH = /^\/(api|openapi|docs|healthz|assets)(\/|$|\?)/;

/**
 * The console's page may only load its own scripts and talk to this server. Its access token lives in
 * sessionStorage; no inline script runs, no other origin is reached, no page may frame it.
 */
const HTML_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Topograph</title>
<body style="font-family:sans-serif;margin:3rem">
<h1>The web console is not built</h1>
<p><code>npm install</code> builds it (its <code>prepare</code> script); <code>npm run build:console</code> builds it again.
The APIs work without it: see <a href="/docs">/docs</a>.</p>`;

const acceptsHtml = (req: FastifyRequest) => {
  const accept = req.headers.accept;
  return typeof accept === 'string' && accept.includes('text/html');
};

/** What Fastify answers for an unknown route, for everything the console does not take; never a credential in its query string. */
const notFound = (req: FastifyRequest, reply: FastifyReply) =>
  reply.code(404).send({ message: `Route ${req.method}:${redactedUrl(req.url)} not found`, error: 'Not Found', statusCode: 404 });

/**
 * The web console at `/`: the files Vite built (hashed assets cached for good, the page never), and the
 * page itself for any other GET that asks for HTML, so that the console's own paths (/businesses/2/topology)
 * survive a reload. /api, /openapi, /docs and /healthz are untouched.
 */
export async function consolePlugin(app: FastifyInstance, opts: ConsoleOptions = {}): Promise<void> {
  const root = opts.root ?? CONSOLE_DIST;
  const built = existsSync(join(root, 'index.html'));
  const isPage = (req: FastifyRequest) =>
    (req.method === 'GET' || req.method === 'HEAD') && acceptsHtml(req) && !API_PATH.test(req.url);

  if (!built) {
    app.log.warn(`the web console is not built (no ${join(root, 'index.html')}): run npm run build:console`);
    const page = (_req: FastifyRequest, reply: FastifyReply) =>
      reply.code(503).headers(HTML_HEADERS).type('text/html; charset=utf-8').send(NOT_BUILT);
    app.get('/', { schema: { hide: true } }, page);
    app.setNotFoundHandler((req, reply) => (isPage(req) ? page(req, reply) : notFound(req, reply)));
    return;
  }

  // Only /assets/* is a file route: Vite puts every script and style there, named by content hash (cached
  // for good). A wildcard at / would also take GETs meant for the APIs' own not-found answers.
  await app.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: '/assets/',
    index: false,
    cacheControl: false,
    schemaHide: true,
    setHeaders(reply, path) {
      // reply.sendFile of the page passes here too: it keeps its own headers.
      if (!path.endsWith('.html')) void reply.headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'public, max-age=31536000, immutable' });
    },
  });

  /** The page: never cached, so a new build is picked up at the next load. */
  const page = (_req: FastifyRequest, reply: FastifyReply) => reply.code(200).headers(HTML_HEADERS).sendFile('index.html', root);
  app.get('/', { schema: { hide: true } }, page);
  app.get('/index.html', { schema: { hide: true } }, page);

  app.setNotFoundHandler((req, reply) => (isPage(req) ? page(req, reply) : notFound(req, reply)));
}
