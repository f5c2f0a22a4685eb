import type { FastifyReply, FastifyRequest } from 'fastify';

/** The body size every call takes; only the bulk imports declare a larger one. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** How long a request let through may take to send its body; then its connection is closed and the gate opens. */
export const BULK_BODY_SECONDS = 120;

/**
 * Lets one request at a time bring a body over 1 MiB (a bulk host import, up to 64 MiB): parsed and imported,
 * such a body takes the process hundreds of MiB, and several at once could take more than its heap has.
 * Decided from Content-Length before the body is read (a body of unknown length counts as large; a GET has
 * none); the gate opens again when the answer has gone, or when the body has not all come within
 * `bodySeconds`, so that a client that stops sending can't hold it. Answers whether the request may go on.
 */
export function bulkGate(bodySeconds = BULK_BODY_SECONDS): (req: FastifyRequest, reply: FastifyReply) => boolean {
  let busy = false;
  return (req, reply) => {
    const limit = req.routeOptions.bodyLimit ?? DEFAULT_BODY_LIMIT;
    if (limit <= DEFAULT_BODY_LIMIT || req.method === 'GET') return true;
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length <= DEFAULT_BODY_LIMIT) return true;
    if (busy) return false;
    busy = true;
    const deadline = setTimeout(() => {
      if (!req.raw.complete) req.raw.socket?.destroy();
    }, bodySeconds * 1000);
    deadline.unref();
    reply.raw.once('close', () => {
      clearTimeout(deadline);
      busy = false;
    });
    return true;
  };
}
