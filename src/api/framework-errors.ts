import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { fail } from './esb/envelope.js';
import { COMPONENT_NOT_FOUND } from './esb/error-codes.js';
import { ESB_PREFIX } from './esb/plugin.js';
import { badUrl } from './openapi/errors.js';
import { OPENAPI_PREFIX } from './openapi/plugin.js';

/** Why the router refused a URL, in words that do not repeat it. */
const REASONS: Record<string, { status: number; reason: string }> = {
  FST_ERR_BAD_URL: { status: 400, reason: 'its path has a malformed percent-escape' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, reason: 'a segment of its path is longer than any call takes' },
};

/**
 * Fastify's `frameworkErrors`: the answer to a URL the router can't read, before any route or hook runs.
 * Fastify's own answer repeats the whole URL, query string and all, and an ESB call by GET carries its
 * credentials there; this one never does, and speaks the protocol of the face the path belongs to.
 */
export function answerFrameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const { status, reason } = REASONS[err.code] ?? { status: 400, reason: 'the server could not route it' };
  const path = req.raw.url ?? '';
  if (path.startsWith(`${ESB_PREFIX}/`)) {
    void reply.code(200).send(fail(COMPONENT_NOT_FOUND, `Component not found: the URL is not valid: ${reason}`, req.id));
  } else if (path.startsWith(`${OPENAPI_PREFIX}/`)) {
    const f = badUrl(status, reason);
    void reply.code(f.status).send(f.body);
  } else {
    void reply.code(status).send({ statusCode: status, error: 'Bad Request', message: `the URL is not valid: ${reason}` });
  }
}
