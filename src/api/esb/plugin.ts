import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps, Principal } from '../../domain/context.js';
import { isDomainError } from '../../domain/errors.js';
import { authenticateEsb } from '../../domain/identity/authenticate.js';
import { GENERAL_PARAMS, type EsbCall } from './call.js';
import { ALL_CALLS } from './calls/index.js';
import { DEFAULT_BODY_LIMIT, bulkGate } from './bulk-gate.js';
import { credentialsOf } from './credentials.js';
import { fail, ok, okBytes } from './envelope.js';
import { dropNullParams } from './null-params.js';
import { paramsFromQuery, paramsOf } from './query-params.js';
import { ResponseCache } from './response-cache.js';
import { declaredParams, undeclaredParams } from './unknown-params.js';
import { IGNORED_HEADER, headerSafe } from '../ignored-header.js';
import {
  BODY_EMPTY,
  BODY_TOO_LARGE,
  COMPONENT_NOT_FOUND,
  GATEWAY_ERROR,
  INTERNAL_ERROR,
  JSON_INVALID,
  RATE_LIMITED,
  esbError,
} from './error-codes.js';

export const ESB_PREFIX = '/api/c/compapi/v2/cc';
const UNKNOWN_CALL_ROUTE = `${ESB_PREFIX}/:name/`;
const OTHER_ROUTE = `${ESB_PREFIX}/*`;
/** An unknown path is named in the answer only this far. */
const MAX_NAME_SHOWN = 100;
const knownCalls = new Set(ALL_CALLS.map((c) => c.name));
const shortened = (path: string) => (path.length > MAX_NAME_SHOWN ? `${path.slice(0, MAX_NAME_SHOWN)}…` : path);
export { IGNORED_HEADER } from '../ignored-header.js';

declare module 'fastify' {
  interface FastifyRequest {
    esbPrincipal?: Principal;
  }
  interface FastifyContextConfig {
    /** the ESB component a route serves, for the error envelope */
    esbCall?: string;
  }
}

/** "[data.bk_parent_id] must be integer" from an ajv error: the field and the rule, as the ESB's form errors do. */
function describeValidation(err: FastifyError): string {
  const v = err.validation?.[0];
  if (!v) return err.message;
  const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (v.keyword === 'required') {
    const missing = (v.params as { missingProperty?: string }).missingProperty ?? '';
    return `[${path ? `${path}.` : ''}${missing}] This field is required.`;
  }
  return `[${path || 'body'}] ${v.message ?? 'is invalid'}`;
}

function envelopeForError(callName: string, err: unknown, req: FastifyRequest) {
  const id = req.id;
  if (isDomainError(err)) {
    const { code, message, permission } = esbError(callName, err);
    return fail(code, message, id, permission);
  }
  const e = err as FastifyError;
  if (e.validation) return fail(GATEWAY_ERROR, describeValidation(e), id);
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return fail(JSON_INVALID, 'Deserializing JSON data failed: the request body is not valid JSON', id);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return fail(BODY_EMPTY, 'The input is empty: send a JSON object', id);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return fail(BODY_TOO_LARGE, `Data out of bounds: the request body is larger than ${(req.routeOptions.bodyLimit ?? DEFAULT_BODY_LIMIT) / (1024 * 1024)} MiB`, id);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return fail(JSON_INVALID, 'Deserializing JSON data failed: send the body as application/json', id);
  }
  if (e instanceof SyntaxError) return fail(JSON_INVALID, 'Deserializing JSON data failed: the request body is not valid JSON', id);
  req.log.error({ err }, 'unexpected error');
  return fail(INTERNAL_ERROR, "'request' Internal Server Error: see the server log for request " + id, id);
}

/** The ESB face: one POST route per component, the gateway's authentication, and the envelope for every answer. */
export async function esbPlugin(app: FastifyInstance, opts: { deps: Deps; readCacheBytes?: number }): Promise<void> {
  const { deps } = opts;
  const cache = opts.readCacheBytes ? new ResponseCache(opts.readCacheBytes) : undefined;
  const sendJson = (reply: FastifyReply, bytes: Buffer) => reply.type('application/json; charset=utf-8').send(bytes);

  // Some ESB clients send their JSON as text/plain; read it as JSON all the same.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, app.getDefaultJsonParser('remove', 'remove'));

  app.setErrorHandler((err, req, reply) => {
    void reply.code(200).send(envelopeForError(req.routeOptions.config.esbCall ?? '', err, req));
  });

  // Only on the calls that take large bodies: every other request is spared the hook.
  const mayBringLargeBody = bulkGate();
  const oneLargeBodyAtATime = async (req: FastifyRequest, reply: FastifyReply) => {
    if (mayBringLargeBody(req, reply)) return;
    return reply
      .code(200)
      .send(fail(RATE_LIMITED, 'Too many requests: another bulk import (a body over 1 MiB) is running; send this one when it has finished', req.id));
  };

  const paramSchemas = new Map<string, TSchema>();
  // The gateway authenticates before the component sees its parameters.
  app.addHook('preValidation', async (req) => {
    if (req.routeOptions.url === UNKNOWN_CALL_ROUTE || req.routeOptions.url === OTHER_ROUTE) return;
    req.esbPrincipal = await authenticateEsb(deps.store, credentialsOf(req));
    dropNullParams(paramSchemas.get(req.routeOptions.config.esbCall!)!, paramsOf(req));
  });

  const handlerFor = (call: EsbCall, declared: ReadonlySet<string>) => async (req: FastifyRequest, reply: FastifyReply) => {
    const params = paramsOf(req);
    const ignored = call.fieldsAtTopLevel ? [] : undeclaredParams(call.name, declared, params, deps.strictFields);
    const cached = cache && call.cacheable ? cache.lookup(call.name, params, deps.store) : undefined;
    if (cached?.hit && !ignored.length) return sendJson(reply, okBytes(cached.hit, req.id));
    let gone: AbortController | undefined;
    const data = await call.handle(
      {
        principal: req.esbPrincipal!,
        requestId: req.id,
        deps,
        ignore: (f) => ignored.push(...f),
        // Made only for the calls that wait (resource_watch): most answer at once, and every request pays for it.
        get signal() {
          if (!gone) {
            const controller = (gone = new AbortController());
            // The request stream closes once its body is read; the response closing before it ended is the client leaving.
            reply.raw.once('close', () => {
              if (!reply.raw.writableEnded) controller.abort();
            });
          }
          return gone.signal;
        },
      },
      params,
    );
    if (ignored.length) {
      void reply.header(IGNORED_HEADER, headerSafe(ignored));
      req.log.info({ call: call.name, ignoredFields: ignored.slice(0, 20).map((n) => n.slice(0, 64)) }, 'parameters the call does not take, or fields the model does not define, were dropped');
    } else if (cached) {
      return sendJson(reply, okBytes(cached.keep(data ?? null), req.id));
    }
    return ok(data ?? null, req.id);
  };

  for (const call of ALL_CALLS) {
    const params = Type.Object({ ...GENERAL_PARAMS, ...call.params }, { additionalProperties: true });
    paramSchemas.set(call.name, params);
    const declared = declaredParams(params);
    const path = `${ESB_PREFIX}/${call.name}/`;
    app.post(
      path,
      {
        schema: { summary: call.summary, tags: [call.group], body: params },
        ...(call.bodyLimit ? { bodyLimit: call.bodyLimit, onRequest: oneLargeBodyAtATime } : {}),
        config: { esbCall: call.name },
      },
      handlerFor(call, declared),
    );
    // The ESB takes every component by GET as well, its parameters in the query string (clients mostly POST).
    app.get(
      path,
      {
        schema: { hide: true, querystring: params },
        config: { esbCall: call.name },
        // A HEAD would run the call (a write, even) only to drop its answer.
        exposeHeadRoute: false,
        onRequest: (req, _reply, done) => {
          req.query = paramsFromQuery(req.query as Record<string, unknown>, params.properties);
          done();
        },
      },
      handlerFor(call, declared),
    );
  }

  const unknownCall = async (req: FastifyRequest) => {
    const { name } = req.params as { name: string };
    return fail(COMPONENT_NOT_FOUND, `Component [${name}] not found: Topograph does not implement this call`, req.id);
  };
  app.post(UNKNOWN_CALL_ROUTE, { schema: { hide: true } }, unknownCall);
  app.get(UNKNOWN_CALL_ROUTE, { schema: { hide: true }, exposeHeadRoute: false }, unknownCall);
  // Anything else under the prefix (another method, a deeper path) is still answered in the ESB's envelope.
  // Not HEAD: its answer has no body to carry one.
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: OTHER_ROUTE,
    schema: { hide: true },
    exposeHeadRoute: false,
    handler: async (req) => {
      const path = (req.params as { '*': string })['*'].replace(/\/+$/, '');
      const message = knownCalls.has(path)
        ? `Component [${path}] does not take ${req.method}: call it by POST (or GET, its parameters in the query string)`
        : `Component [${shortened(path)}] not found: Topograph's calls are ${ESB_PREFIX}/<name>/`;
      return fail(COMPONENT_NOT_FOUND, message, req.id);
    },
  });
}
