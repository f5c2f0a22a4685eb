import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { stdSerializers } from 'pino';
import type { Config } from './config.js';
import type { Deps } from './domain/context.js';
import { bootstrapIdentity } from './domain/identity/bootstrap.js';
import { consolePlugin, type ConsoleOptions } from './api/console/plugin.js';
import { DEFAULT_BODY_LIMIT } from './api/esb/bulk-gate.js';
import { esbPlugin } from './api/esb/plugin.js';
import { OPENAPI_PREFIX, openapiPlugin } from './api/openapi/plugin.js';
import { answerFrameworkError } from './api/framework-errors.js';
import { redactedUrl } from './api/redacted-url.js';
import { Store } from './store/store.js';

export interface Topograph {
  app: FastifyInstance;
  store: Store;
  /** on a fresh install with no administrator and no TOPOGRAPH_ADMIN_TOKEN: the token made for `admin` */
  firstAdminToken?: string;
  close(): Promise<void>;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Purges events past the retention at start and every ten minutes; any process may do it. */
function startEventPurge(store: Store, retentionMs: number): NodeJS.Timeout {
  const run = () => void store.events.purgeBefore(Date.now() - retentionMs).catch(() => undefined);
  run();
  const timer = setInterval(run, 10 * 60_000);
  timer.unref();
  return timer;
}

/** Opens the store (migrating it and seeding what a fresh install needs) and builds the HTTP server. */
export async function buildTopograph(
  config: Config,
  opts: {
    logger?: boolean;
    /** where log lines go instead of stdout (tests capture them) */
    logStream?: NodeJS.WritableStream;
    /** the web console's built files (console/dist unless given) */
    console?: ConsoleOptions;
  } = {},
): Promise<Topograph> {
  let firstAdminToken: string | undefined;
  const store = await Store.open(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous, checkWrites: config.checkWrites });
  try {
    await store.migrate();
    await store.seedBuiltinAttributes();
    ({ firstAdminToken } = await bootstrapIdentity(store, config.bootstrapApps, config.adminToken));
    await store.notifier.start();
  } catch (err) {
    await store.close();
    throw err;
  }
  const deps: Deps = { store, timeZone: config.timeZone, strictFields: config.strictFields, watchWaitMs: config.watchWaitMs };
  const purge = startEventPurge(store, config.eventRetentionMs);

  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: config.logLevel,
            // Secrets travel in bodies, these headers and (ESB calls by GET) query strings; none is ever logged.
            redact: ['req.headers.authorization', 'req.headers["x-bkapi-authorization"]'],
            serializers: {
              // Node's HTTP parser errors carry the raw request head (credentials and all) as rawPacket.
              err: (err: Error) => {
                const { rawPacket, ...rest } = stdSerializers.err(err) as ReturnType<typeof stdSerializers.err> & { rawPacket?: unknown };
                void rawPacket;
                return rest;
              },
              req: (req: FastifyRequest) => ({
                method: req.method,
                url: redactedUrl(req.url),
                host: req.host,
                remoteAddress: req.ip,
                remotePort: req.socket?.remotePort,
              }),
            },
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    bodyLimit: DEFAULT_BODY_LIMIT,
    frameworkErrors: answerFrameworkError,
    // {"__proto__": …} is valid JSON; drop the key instead of refusing the body.
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    routerOptions: { ignoreTrailingSlash: true },
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID().replace(/-/g, '');
    },
    // "5" is not an int: no coercion anywhere, and nothing removed behind the validator's back.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });

  await app.register(swagger, {
    // Shared schemas keep their $id (RegionInfo, RegionFail) as their name in the document.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      info: {
        title: 'Topograph',
        version: '0.1.0',
        description:
          'BlueKing CMDB ESB calls under /api/c/compapi/v2/cc/<name>/ and the Rainbond regions OpenAPI under /openapi/v1.',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await store.ping();
      return { status: 'ok', database: store.dialect };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: store.dialect });
    }
  });

  await app.register(esbPlugin, { deps, readCacheBytes: config.readCacheBytes });
  await app.register(openapiPlugin, {
    prefix: OPENAPI_PREFIX,
    store,
    secretKey: config.secretKey,
    regionProbe: config.regionProbe,
  });
  // The web console at / (and its page for any other GET that asks for HTML); the APIs above are untouched.
  await app.register(consolePlugin, opts.console ?? {});
  await app.ready();

  return {
    app,
    store,
    firstAdminToken,
    close: async () => {
      clearInterval(purge);
      store.notifier.shutdown();
      await app.close();
      await store.close();
    },
  };
}
