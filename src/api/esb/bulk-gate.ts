import type { FastifyReply, FastifyRequest } from 'fastify';

/** The body size every call takes; only the bulk imports declare a larger one. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Lets one request at a time bring a body over 1 MiB (a bulk host import, up to 64 MiB): parsed and imported,
 * such a body takes the process hundreds of MiB, and several at once could take more than its heap has.
 * Decided from Content-Length before the body is read (a body of unknown length counts as large); the gate
 * opens again when the answer has gone. Answers whether the request may go on.
 */
export function bulkGate(): (req: FastifyRequest, reply: FastifyReply) => boolean {
  let busy = false;
  return (req, reply) => {
    const limit = req.routeOptions.bodyLimit ?? DEFAULT_BODY_LIMIT;
    if (limit <= DEFAULT_BODY_LIMIT) return true;
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length <= DEFAULT_BODY_LIMIT) return true;
    if (busy) return false;
    busy = true;
    reply.raw.once('close', () => {
      busy = false;
    });
    return true;
  };
}
