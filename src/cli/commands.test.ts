import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStore, type FreshStore } from '../../test/support/database.js';
import { authenticateEsb, authenticateToken } from '../domain/identity/authenticate.js';
import { openDatabase, type Database } from '../store/database.js';
import type { Store } from '../store/store.js';
import {
  CliError,
  addApp,
  addToken,
  addUser,
  bootstrapOverrideNote,
  listApps,
  listTokens,
  listUsers,
  removeApp,
  removeTokens,
  removeUser,
} from './commands.js';

let fresh: FreshStore;
let store: Store;
// A second connection that reads the identity tables as they are stored, behind the Store's back.
let raw: Database;

beforeAll(async () => {
  fresh = await freshStore();
  store = fresh.store;
  raw = openDatabase(fresh.url);
});

afterAll(async () => {
  await raw?.close();
  await fresh?.drop();
});

/** The value on the "<label>: …" line of a command's output, as an operator would copy it. */
function printed(label: 'secret' | 'token', output: string): string {
  const match = new RegExp(`^${label}: (\\S+)$`, 'm').exec(output);
  expect(match, `no "${label}:" line in:\n${output}`).not.toBeNull();
  return match![1]!;
}

async function storedIdentityText(): Promise<string> {
  const tables = await Promise.all(['app', 'account', 'access_token'].map((t) => raw.db.selectFrom(t).selectAll().execute()));
  return JSON.stringify(tables);
}

const esb = (appCode: string, appSecret: string, extra: { username?: string; token?: string } = {}) =>
  authenticateEsb(store, { appCode, appSecret, ...extra });

describe('apps', () => {
  it('adds an app whose printed secret authenticates, says it is shown once, and a wrong secret does not', async () => {
    const out = await addApp(store, 'app-auth', { trusted: true });
    const secret = printed('secret', out);
    expect(out).toMatch(/not be shown again/);

    const principal = await esb('app-auth', secret, { username: 'someone' });
    expect(principal).toMatchObject({ appCode: 'app-auth', username: 'someone', isAdmin: false, enterpriseId: 'default' });
    await expect(esb('app-auth', `${secret}x`, { username: 'someone' })).rejects.toThrow(/APP Secret verification failed/);
  });

  it('adds an untrusted app by default, which may not name a user by bk_username', async () => {
    const secret = printed('secret', await addApp(store, 'app-plain'));
    await expect(esb('app-plain', secret, { username: 'someone' })).rejects.toThrow(/not on the whitelist/);
  });

  it('gives every app its own secret', async () => {
    const a = printed('secret', await addApp(store, 'app-one'));
    const b = printed('secret', await addApp(store, 'app-two'));
    expect(a).not.toBe(b);
    await expect(esb('app-two', a, { username: 'u' })).rejects.toThrow(/APP Secret verification failed/);
  });

  it('keeps no app secret or token in clear in the database', async () => {
    const secret = printed('secret', await addApp(store, 'app-stored'));
    await addUser(store, 'stored-user');
    const token = printed('token', await addToken(store, 'stored-user', { name: 'ci' }));

    const stored = await storedIdentityText();
    expect(stored).toContain('app-stored'); // the dump does hold the rows looked at
    expect(stored).toContain('stored-user');
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(token);
  });

  it('refuses to add an app that exists, and leaves its secret working', async () => {
    const secret = printed('secret', await addApp(store, 'app-dup', { trusted: true }));
    await expect(addApp(store, 'app-dup')).rejects.toThrow(CliError);
    await expect(addApp(store, 'app-dup', { trusted: true })).rejects.toThrow(/already exists.*--rotate/);
    await expect(esb('app-dup', secret, { username: 'u' })).resolves.toMatchObject({ appCode: 'app-dup' });
  });

  it('with rotate, replaces the secret and keeps the trust unless told', async () => {
    const old = printed('secret', await addApp(store, 'app-rot', { trusted: true }));
    const rotated = printed('secret', await addApp(store, 'app-rot', { rotate: true }));
    expect(rotated).not.toBe(old);
    await expect(esb('app-rot', old, { username: 'u' })).rejects.toThrow(/APP Secret verification failed/);
    await expect(esb('app-rot', rotated, { username: 'u' })).resolves.toMatchObject({ appCode: 'app-rot' });

    const untrusted = printed('secret', await addApp(store, 'app-rot', { rotate: true, trusted: false }));
    await expect(esb('app-rot', untrusted, { username: 'u' })).rejects.toThrow(/not on the whitelist/);
  });

  it('lists codes and trust, never a secret, hash or salt', async () => {
    const secret = printed('secret', await addApp(store, 'app-listed', { trusted: true }));
    const stored = (await store.identity.findApp('app-listed'))!;
    const list = await listApps(store);
    expect(list).toMatch(/^app-listed\s+yes$/m);
    expect(list).toMatch(/^app-plain\s+no$/m);
    expect(list).not.toContain(secret);
    expect(list).not.toContain(stored.secretHash);
    expect(list).not.toContain(stored.secretSalt);
  });

  it('removes an app, which then no longer authenticates; removing it again is an error', async () => {
    const secret = printed('secret', await addApp(store, 'app-gone', { trusted: true }));
    expect(await removeApp(store, 'app-gone')).toMatch(/removed app app-gone/);
    await expect(esb('app-gone', secret, { username: 'u' })).rejects.toThrow(/Invalid APP Code/);
    await expect(removeApp(store, 'app-gone')).rejects.toThrow(/no app app-gone/);
  });

  it('refuses an empty code or one with spaces', async () => {
    await expect(addApp(store, '')).rejects.toThrow(CliError);
    await expect(addApp(store, 'has space')).rejects.toThrow(CliError);
    expect(await store.identity.findApp('has space')).toBeUndefined();
  });
});

describe('users', () => {
  it('adds an administrator with --admin, in the default enterprise unless told', async () => {
    await addUser(store, 'root', { admin: true });
    await addUser(store, 'clerk', { enterprise: 'acme' });
    expect(await store.identity.findAccount('root')).toMatchObject({ isAdmin: true, enterpriseId: 'default' });
    expect(await store.identity.findAccount('clerk')).toMatchObject({ isAdmin: false, enterpriseId: 'acme' });

    const principal = await authenticateToken(store, printed('token', await addToken(store, 'root')));
    expect(principal).toMatchObject({ username: 'root', isAdmin: true });
  });

  it('refuses to add a user that exists; with update, changes only what is given', async () => {
    await addUser(store, 'upd', { admin: true, enterprise: 'acme' });
    await expect(addUser(store, 'upd')).rejects.toThrow(/already exists.*--update/);
    expect(await store.identity.findAccount('upd')).toMatchObject({ isAdmin: true, enterpriseId: 'acme' });

    await addUser(store, 'upd', { update: true, admin: false });
    expect(await store.identity.findAccount('upd')).toMatchObject({ isAdmin: false, enterpriseId: 'acme' });
  });

  it('lists usernames, admin and enterprise', async () => {
    await addUser(store, 'listed-admin', { admin: true });
    const list = await listUsers(store);
    expect(list).toMatch(/^listed-admin\s+yes\s+default$/m);
    expect(list).toMatch(/^clerk\s+no\s+acme$/m);
  });

  it('removes a user along with their tokens', async () => {
    await addUser(store, 'leaver');
    const token = printed('token', await addToken(store, 'leaver'));
    await removeUser(store, 'leaver');
    expect(await store.identity.findAccount('leaver')).toBeUndefined();
    expect(await authenticateToken(store, token)).toBeUndefined();
    await expect(removeUser(store, 'leaver')).rejects.toThrow(/no user leaver/);
  });
});

describe('tokens', () => {
  it('adds a token, printed once, that authenticates its user; removing it revokes it', async () => {
    await addUser(store, 'tok');
    const out = await addToken(store, 'tok', { name: 'ci' });
    expect(out).toMatch(/not be shown again/);
    const token = printed('token', out);
    expect(await authenticateToken(store, token)).toMatchObject({ username: 'tok', isAdmin: false });

    expect(await removeTokens(store, 'tok', { name: 'ci' })).toMatch(/removed 1 token of tok/);
    expect(await authenticateToken(store, token)).toBeUndefined();
  });

  it('removes only the named tokens with --name, all of them without', async () => {
    await addUser(store, 'many');
    const a = printed('token', await addToken(store, 'many', { name: 'a' }));
    const b = printed('token', await addToken(store, 'many', { name: 'b' }));
    const c = printed('token', await addToken(store, 'many'));

    await removeTokens(store, 'many', { name: 'a' });
    expect(await authenticateToken(store, a)).toBeUndefined();
    expect(await authenticateToken(store, b)).toMatchObject({ username: 'many' });

    expect(await removeTokens(store, 'many')).toMatch(/removed 2 tokens/);
    expect(await authenticateToken(store, b)).toBeUndefined();
    expect(await authenticateToken(store, c)).toBeUndefined();
    await expect(removeTokens(store, 'many')).rejects.toThrow(/has no tokens/);
  });

  it('fails clearly for a user that does not exist, creating nothing', async () => {
    await expect(addToken(store, 'ghost')).rejects.toThrow(/no user ghost/);
    await expect(removeTokens(store, 'ghost')).rejects.toThrow(/no user ghost/);
    await expect(listTokens(store, 'ghost')).rejects.toThrow(/no user ghost/);
    expect(await store.identity.findAccount('ghost')).toBeUndefined();
  });

  it('lists names and creation times, never the token', async () => {
    await addUser(store, 'lister');
    const before = Date.now();
    const token = printed('token', await addToken(store, 'lister', { name: 'deploy' }));
    const list = await listTokens(store, 'lister');
    const [, created] = /^deploy\s+(\S+)$/m.exec(list) ?? [];
    expect(created, list).toBeDefined();
    expect(Date.parse(created!)).toBeGreaterThanOrEqual(before - 1000);
    expect(list).not.toContain(token);
  });
});

describe('bootstrapOverrideNote', () => {
  const settings = { apps: ['gse'], adminToken: true };

  it('warns about apps TOPOGRAPH_APPS registers and the admin TOPOGRAPH_ADMIN_TOKEN restores', () => {
    expect(bootstrapOverrideNote(settings, { app: 'gse' })).toMatch(/TOPOGRAPH_APPS/);
    expect(bootstrapOverrideNote(settings, { user: 'admin' })).toMatch(/TOPOGRAPH_ADMIN_TOKEN/);
  });

  it('says nothing about anything else', () => {
    expect(bootstrapOverrideNote(settings, { app: 'other' })).toBeUndefined();
    expect(bootstrapOverrideNote(settings, { user: 'bob' })).toBeUndefined();
    expect(bootstrapOverrideNote({ apps: [], adminToken: false }, { user: 'admin' })).toBeUndefined();
  });
});
