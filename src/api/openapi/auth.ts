import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../domain/context.js';
import { DomainError } from '../../domain/errors.js';
import { authenticateToken } from '../../domain/identity/authenticate.js';
import type { Store } from '../../store/store.js';

/** What a 401 advertises: Rainbond's scheme word, and the Bearer form Topograph also accepts. */
export const WWW_AUTHENTICATE = 'Token realm="topograph", Bearer realm="topograph"';

/**
 * The access token of an Authorization header: the raw value (Rainbond's clients send it bare), or the
 * value after "Bearer " or "Token ".
 */
export function tokenOf(header: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  const v = raw?.trim();
  if (!v) return undefined;
  const m = /^(?:Bearer|Token)\s+(\S.*)$/i.exec(v);
  return m ? m[1]!.trim() : v;
}

/** The caller of an OpenAPI request, or a 401 (DomainError 'unauthenticated'). */
export async function principalOf(store: Store, req: FastifyRequest): Promise<Principal> {
  const token = tokenOf(req.headers.authorization);
  if (!token) {
    throw new DomainError('unauthenticated', 'No token: send your access token in the Authorization header');
  }
  const principal = await authenticateToken(store, token);
  if (!principal) throw new DomainError('unauthenticated', 'No such user: the access token in the Authorization header is not valid');
  return principal;
}
