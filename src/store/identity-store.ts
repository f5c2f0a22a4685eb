import type { Kysely } from 'kysely';

export interface AppRecord {
  id: number;
  code: string;
  secretSalt: string;
  secretHash: string;
  trusted: boolean;
}

export interface AccountRecord {
  id: number;
  username: string;
  isAdmin: boolean;
  enterpriseId: string;
}

/**
 * Every ESB call looks up its app and, usually, its user; those lookups are kept for a moment. A change made
 * through this process clears them at once; one made by another process (the CLI) is seen within
 * LOOKUP_TTL_MS.
 */
export const LOOKUP_TTL_MS = 2000;

class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: V }>();
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < LOOKUP_TTL_MS) return hit.value;
    const value = await load();
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key, { at: Date.now(), value });
    return value;
  }
  clear(): void {
    this.entries.clear();
  }
}

/** Apps, accounts and access tokens. Secrets arrive here already hashed; nothing here sees one in clear. */
export class IdentityStore {
  private readonly apps = new TtlCache<AppRecord | undefined>();
  private readonly accounts = new TtlCache<AccountRecord | undefined>();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(private readonly db: Kysely<any>) {}

  findApp(code: string): Promise<AppRecord | undefined> {
    return this.apps.get(code, async () => {
      const r = await this.db.selectFrom('app').selectAll().where('bk_app_code', '=', code).executeTakeFirst();
      return r && { id: r.id, code: r.bk_app_code, secretSalt: r.secret_salt, secretHash: r.secret_hash, trusted: Boolean(r.trusted) };
    });
  }

  async listApps(): Promise<AppRecord[]> {
    const rows = await this.db.selectFrom('app').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, code: r.bk_app_code, secretSalt: r.secret_salt, secretHash: r.secret_hash, trusted: Boolean(r.trusted) }));
  }

  /** Inserts or replaces an app's secret and trust. */
  async upsertApp(code: string, salt: string, hash: string, trusted: boolean): Promise<void> {
    this.apps.clear();
    await this.db
      .insertInto('app')
      .values({ bk_app_code: code, secret_salt: salt, secret_hash: hash, trusted: trusted ? 1 : 0, created_at: Date.now() })
      .onConflict((oc) => oc.column('bk_app_code').doUpdateSet({ secret_salt: salt, secret_hash: hash, trusted: trusted ? 1 : 0 }))
      .execute();
  }

  async removeApp(code: string): Promise<boolean> {
    this.apps.clear();
    const r = await this.db.deleteFrom('app').where('bk_app_code', '=', code).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  findAccount(username: string): Promise<AccountRecord | undefined> {
    return this.accounts.get(username, async () => {
      const r = await this.db.selectFrom('account').selectAll().where('username', '=', username).executeTakeFirst();
      return r && { id: r.id, username: r.username, isAdmin: Boolean(r.is_admin), enterpriseId: r.enterprise_id };
    });
  }

  async listAccounts(): Promise<AccountRecord[]> {
    const rows = await this.db.selectFrom('account').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, username: r.username, isAdmin: Boolean(r.is_admin), enterpriseId: r.enterprise_id }));
  }

  async upsertAccount(username: string, isAdmin: boolean, enterpriseId: string): Promise<AccountRecord> {
    this.accounts.clear();
    await this.db
      .insertInto('account')
      .values({ username, is_admin: isAdmin ? 1 : 0, enterprise_id: enterpriseId, created_at: Date.now() })
      .onConflict((oc) => oc.column('username').doUpdateSet({ is_admin: isAdmin ? 1 : 0, enterprise_id: enterpriseId }))
      .execute();
    return (await this.findAccount(username))!;
  }

  async removeAccount(username: string): Promise<boolean> {
    this.accounts.clear();
    const r = await this.db.deleteFrom('account').where('username', '=', username).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async addToken(accountId: number, tokenHash: string, name: string): Promise<void> {
    await this.db
      .insertInto('access_token')
      .values({ account_id: accountId, token_hash: tokenHash, name, created_at: Date.now() })
      .onConflict((oc) => oc.column('token_hash').doNothing())
      .execute();
  }

  /** The account's tokens of this name replaced by one token, in one transaction (never none, never both). */
  async replaceTokens(accountId: number, name: string, tokenHash: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('access_token').where('account_id', '=', accountId).where('name', '=', name).execute();
      await trx
        .insertInto('access_token')
        .values({ account_id: accountId, token_hash: tokenHash, name, created_at: Date.now() })
        .onConflict((oc) => oc.column('token_hash').doNothing())
        .execute();
    });
  }

  async removeTokens(accountId: number, name?: string): Promise<number> {
    let q = this.db.deleteFrom('access_token').where('account_id', '=', accountId);
    if (name !== undefined) q = q.where('name', '=', name);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async listTokens(accountId: number): Promise<Array<{ id: number; name: string; createdAt: number }>> {
    const rows = await this.db.selectFrom('access_token').select(['id', 'name', 'created_at']).where('account_id', '=', accountId).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: Number(r.created_at) }));
  }

  async accountByTokenHash(tokenHash: string): Promise<AccountRecord | undefined> {
    const r = await this.db
      .selectFrom('access_token')
      .innerJoin('account', 'account.id', 'access_token.account_id')
      .select(['account.id', 'account.username', 'account.is_admin', 'account.enterprise_id'])
      .where('access_token.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return r && { id: r.id, username: r.username, isAdmin: Boolean(r.is_admin), enterpriseId: r.enterprise_id };
  }
}
