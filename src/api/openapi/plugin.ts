import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CallContext, Principal } from '../../domain/context.js';
import { RegionUnreachable } from '../../domain/region/errors.js';
import { parseProbeFlag } from '../../domain/region/fields.js';
import { makeProber, type Prober } from '../../domain/region/probe.js';
import {
  createRegion,
  deleteRegion,
  getRegion,
  listRegions,
  setRegionStatus,
  updateRegion,
  type RegionDeps,
} from '../../domain/region/service.js';
import { repointRegion } from '../../domain/region/grctl.js';
import type { Store } from '../../store/store.js';
import { IGNORED_HEADER, headerSafe } from '../ignored-header.js';
import { WWW_AUTHENTICATE, principalOf } from './auth.js';
import { failureOf, internalFailure, routeNotFound, type Failure } from './errors.js';
import {
  Fail,
  RegionInfo,
  addRegionSchema,
  deleteRegionSchema,
  getRegionSchema,
  listRegionsSchema,
  repointRegionSchema,
  setStatusSchema,
  updateRegionSchema,
} from './schemas.js';

export const OPENAPI_PREFIX = '/openapi/v1';

export interface OpenapiOptions {
  store: Store;
  /** TOPOGRAPH_SECRET_KEY */
  secretKey: Buffer | undefined;
  /** TOPOGRAPH_REGION_PROBE */
  regionProbe: boolean;
  /** the connectivity check; the real one (node:https, 2 s, one retry) unless a test gives another */
  prober?: Prober;
}

declare module 'fastify' {
  interface FastifyRequest {
    openapiPrincipal?: Principal;
  }
}

/**
 * The Rainbond console OpenAPI face: /openapi/v1/regions. Authentication by access token, Rainbond's
 * status codes, and one failure body {msg, code, msg_show, err} for every refusal.
 */
export async function openapiPlugin(app: FastifyInstance, opts: OpenapiOptions): Promise<void> {
  const deps: RegionDeps = {
    store: opts.store,
    secretKey: opts.secretKey,
    probeByDefault: opts.regionProbe,
    probe: opts.prober ?? makeProber(),
  };

  app.addSchema(RegionInfo);
  app.addSchema(Fail);
  // The schemas document the calls; the domain checks every rule and names every broken field at once.
  app.setValidatorCompiler(() => () => true);

  const send = (reply: FastifyReply, f: Failure) => {
    if (f.status === 401) void reply.header('www-authenticate', WWW_AUTHENTICATE);
    return reply.code(f.status).send(f.body);
  };

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof RegionUnreachable) req.log.warn({ url: err.url, reason: err.reason }, 'region connection test failed');
    const f = failureOf(err);
    if (f) return send(reply, f);
    req.log.error({ err }, 'unexpected error');
    return send(reply, internalFailure(req.id));
  });

  app.setNotFoundHandler((req, reply) => send(reply, routeNotFound(req.method, req.url)));

  // Rainbond authenticates before anything else: an unauthenticated call is a 401 whatever its body.
  app.addHook('onRequest', async (req) => {
    req.openapiPrincipal = await principalOf(deps.store, req);
  });

  const ctxOf = (req: FastifyRequest): CallContext => ({ principal: req.openapiPrincipal!, requestId: req.id });
  const query = (req: FastifyRequest) => (req.query ?? {}) as Record<string, unknown>;
  const writeOptions = (req: FastifyRequest) => ({ probe: parseProbeFlag(query(req).probe) });
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
  const noteIgnored = (req: FastifyRequest, reply: FastifyReply, ignored: string[]) => {
    if (!ignored.length) return;
    void reply.header(IGNORED_HEADER, headerSafe(ignored));
    req.log.info({ ignoredFields: ignored.slice(0, 20).map((n) => n.slice(0, 64)) }, 'region body keys that were not used');
  };

  app.post('/regions', { schema: addRegionSchema }, async (req, reply) => {
    const { region, ignored } = await createRegion(deps, ctxOf(req), req.body, writeOptions(req));
    noteIgnored(req, reply, ignored);
    return reply.code(201).header('location', `${OPENAPI_PREFIX}/regions/${region.region_id}`).send(region);
  });

  app.get('/regions', { schema: listRegionsSchema }, async (req) => listRegions(deps, ctxOf(req), query(req)));

  app.get('/regions/:id', { schema: getRegionSchema }, async (req) => getRegion(deps, ctxOf(req), idOf(req)));

  app.put('/regions/:id', { schema: updateRegionSchema }, async (req, reply) => {
    const { region, ignored } = await updateRegion(deps, ctxOf(req), idOf(req), req.body, writeOptions(req));
    noteIgnored(req, reply, ignored);
    return region;
  });

  app.put('/regions/:id/status', { schema: setStatusSchema }, async (req) =>
    setRegionStatus(deps, ctxOf(req), idOf(req), req.body, writeOptions(req)),
  );

  app.delete('/regions/:id', { schema: deleteRegionSchema }, async (req) => deleteRegion(deps, ctxOf(req), idOf(req)));

  // grctl's re-point: Rainbond's console answers it in its general envelope, not as a RegionInfo.
  app.post('/grctl/ip', { schema: repointRegionSchema }, async (req, reply) => {
    const { ignored } = await repointRegion(deps, ctxOf(req), req.body, writeOptions(req));
    noteIgnored(req, reply, ignored);
    return { code: 200, msg: 'success', msg_show: '更新成功', data: { bean: {}, list: [] } };
  });
}
