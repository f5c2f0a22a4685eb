import type { Store } from '../../store/store.js';
import type { Principal } from '../context.js';
import { DomainError } from '../errors.js';
import { hashAppSecret, hashToken, sameHash } from './secrets.js';

export const DEFAULT_ENTERPRISE = 'default';

export interface EsbCredentials {
  appCode?: unknown;
  appSecret?: unknown;
  username?: unknown;
  token?: unknown;
  /** a user's access token from `Authorization: Bearer …`, used when no app is named (the web console) */
  bearer?: unknown;
}

/** The app code the console's calls are audited under; no secret exists for it. */
export const CONSOLE_APP = 'topograph-console';

const fail = (message: string) => new DomainError('unauthenticated', message);
// Control characters never name an app, a user or a token (PostgreSQL refuses NUL outright).
// eslint-disable-next-line no-control-regex
const given = (v: unknown): v is string => typeof v === 'string' && v !== '' && !/[\u0000-\u001f]/.test(v);

/**
 * The BlueKing ESB's checks, in its order: the app, its secret, then the user (bk_token, or bk_username when
 * the app is trusted, i.e. on the "application-free login" whitelist). Messages follow the ESB's own.
 */
export async function authenticateEsb(store: Store, c: EsbCredentials): Promise<Principal> {
  // The browser console holds only its user's access token, never an app secret.
  if (!given(c.appCode) && given(c.bearer)) {
    const account = await store.identity.accountByTokenHash(hashToken(c.bearer));
    if (!account) throw fail('User authentication failed, please check if the access token in Authorization is valid');
    return { username: account.username, isAdmin: account.isAdmin, appCode: CONSOLE_APP, enterpriseId: account.enterpriseId };
  }
  if (!given(c.appCode)) throw fail('APP Code [bk_app_code] cannot be empty');
  if (!given(c.appSecret)) throw fail('APP Secret [bk_app_secret] cannot be empty');
  const app = await store.identity.findApp(c.appCode);
  // The code sent is not repeated, as the ESB does: a client that swapped code and secret would get its secret back.
  if (!app) throw fail('Invalid APP Code [bk_app_code]: no app has the code sent, please confirm if the APP Code has been registered');
  if (!sameHash(hashAppSecret(c.appSecret, app.secretSalt), app.secretHash)) {
    throw fail(`APP Secret verification failed, please confirm if the APP Secret and APP Code [bk_app_code=${app.code}] match`);
  }
  if (given(c.token)) {
    const account = await store.identity.accountByTokenHash(hashToken(c.token));
    if (!account) throw fail('User authentication failed, please check if the bk_token is valid');
    return { username: account.username, isAdmin: account.isAdmin, appCode: app.code, enterpriseId: account.enterpriseId };
  }
  if (given(c.username) && app.trusted) {
    const account = await store.identity.findAccount(c.username);
    return {
      username: c.username,
      isAdmin: account?.isAdmin ?? false,
      appCode: app.code,
      enterpriseId: account?.enterpriseId ?? DEFAULT_ENTERPRISE,
    };
  }
  throw fail(
    given(c.username)
      ? `User authentication failed: app [${app.code}] is not on the whitelist that may name a user with bk_username; provide a valid bk_token`
      : 'User authentication failed, please provide a valid user identity, such as bk_token, bk_username',
  );
}

/** A user's access token alone (the OpenAPI and the console). */
export async function authenticateToken(store: Store, token: string): Promise<Principal | undefined> {
  if (!token) return undefined;
  const account = await store.identity.accountByTokenHash(hashToken(token));
  return account && { username: account.username, isAdmin: account.isAdmin, appCode: '', enterpriseId: account.enterpriseId };
}
