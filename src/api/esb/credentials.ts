import type { FastifyRequest } from 'fastify';
import type { EsbCredentials } from '../../domain/identity/authenticate.js';
import { paramsOf } from './query-params.js';

/**
 * The general parameters, from the X-Bkapi-Authorization header (a JSON object, as the BlueKing API
 * gateway sends them) or from the call's parameters (JSON body or query string); the header wins where both
 * give a key.
 */
export function credentialsOf(req: FastifyRequest): EsbCredentials {
  const given = paramsOf(req);
  const params = (given && typeof given === 'object' ? given : {}) as Record<string, unknown>;
  let header: Record<string, unknown> = {};
  const raw = req.headers['x-bkapi-authorization'];
  if (typeof raw === 'string' && raw.trim()) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) header = parsed as Record<string, unknown>;
    } catch {
      // A malformed header counts as absent; the call's parameters may still carry them.
    }
  }
  const pick = (k: string) => header[k] ?? params[k];
  const authorization = req.headers.authorization;
  const bearer = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
  return {
    appCode: pick('bk_app_code'),
    appSecret: pick('bk_app_secret'),
    username: pick('bk_username'),
    token: pick('bk_token'),
    bearer,
  };
}
