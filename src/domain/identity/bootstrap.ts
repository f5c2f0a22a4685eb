import type { Store } from '../../store/store.js';
import { DEFAULT_ENTERPRISE } from './authenticate.js';
import { hashAppSecret, hashToken, newSalt, newSecret } from './secrets.js';

export const ADMIN_USERNAME = 'admin';

/**
 * Fresh-install bootstrap, run at every start and idempotent: TOPOGRAPH_APPS registers trusted apps (their
 * secret is reset to the configured one), TOPOGRAPH_ADMIN_TOKEN makes `admin` an administrator holding that
 * token.
 */
export async function bootstrapIdentity(
  store: Store,
  apps: Array<{ code: string; secret: string }>,
  adminToken: string | undefined,
): Promise<{ firstAdminToken?: string }> {
  for (const { code, secret } of apps) {
    const existing = await store.identity.findApp(code);
    const salt = existing?.secretSalt ?? newSalt();
    await store.identity.upsertApp(code, salt, hashAppSecret(secret, salt), true);
  }
  if (adminToken) {
    const existing = await store.identity.findAccount(ADMIN_USERNAME);
    const admin = await store.identity.upsertAccount(ADMIN_USERNAME, true, existing?.enterpriseId ?? DEFAULT_ENTERPRISE);
    // The configured token replaces the one an earlier start configured.
    await store.identity.replaceTokens(admin.id, 'bootstrap', hashToken(adminToken));
    return {};
  }
  // A fresh install with no administrator and no configured token would have no way in: make `admin` with
  // a new token, which the caller shows once (only its digest is kept).
  const accounts = await store.identity.listAccounts();
  if (accounts.some((a) => a.isAdmin)) return {};
  const token = newSecret();
  const admin = await store.identity.upsertAccount(ADMIN_USERNAME, true, DEFAULT_ENTERPRISE);
  await store.identity.addToken(admin.id, hashToken(token), 'first-start');
  return { firstAdminToken: token };
}
