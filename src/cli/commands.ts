import { DEFAULT_ENTERPRISE } from '../domain/identity/authenticate.js';
import { ADMIN_USERNAME } from '../domain/identity/bootstrap.js';
import { hashAppSecret, hashToken, newSalt, newSecret } from '../domain/identity/secrets.js';
import type { AccountRecord } from '../store/identity-store.js';
import type { Store } from '../store/store.js';

/**
 * The administration CLI's commands (src/cli.ts wires them to argv). Each takes an open, migrated Store and
 * returns the text to print on stdout; a mistake by the operator is a CliError, printed as one line.
 * The only secret any of them prints is the one it has just created.
 */
export class CliError extends Error {}

const SHOWN_ONCE = 'It will not be shown again: store it now.';

function requireName(kind: string, value: string): string {
  if (!value || /[\s\p{Cc}]/u.test(value)) throw new CliError(`${kind} must be non-empty, without spaces or control characters`);
  return value;
}

/** Left-aligned columns, header first. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

// --- apps ------------------------------------------------------------------------------------------------

export interface AddAppOptions {
  /** true: --trusted, false: --untrusted, undefined: untrusted when new, unchanged on --rotate. */
  trusted?: boolean;
  /** Replace the secret of an existing app instead of refusing. */
  rotate?: boolean;
}

export async function addApp(store: Store, code: string, opts: AddAppOptions = {}): Promise<string> {
  requireName('app code', code);
  const existing = await store.identity.findApp(code);
  if (existing && !opts.rotate) throw new CliError(`app ${code} already exists; use --rotate to replace its secret`);
  const trusted = opts.trusted ?? existing?.trusted ?? false;
  const secret = newSecret();
  // A rotated secret gets a fresh salt too: nothing of the old one is kept.
  const salt = newSalt();
  await store.identity.upsertApp(code, salt, hashAppSecret(secret, salt), trusted);
  const what = existing ? 'rotated the secret of app' : 'added app';
  return [`${what} ${code} (${trusted ? 'trusted' : 'untrusted'})`, `secret: ${secret}`, SHOWN_ONCE].join('\n');
}

export async function removeApp(store: Store, code: string): Promise<string> {
  if (!(await store.identity.removeApp(code))) throw new CliError(`no app ${code}`);
  return `removed app ${code}`;
}

export async function listApps(store: Store): Promise<string> {
  const apps = await store.identity.listApps();
  if (!apps.length) return 'no apps';
  return table(['CODE', 'TRUSTED'], apps.map((a) => [a.code, a.trusted ? 'yes' : 'no']));
}

// --- users -----------------------------------------------------------------------------------------------

export interface AddUserOptions {
  /** true: --admin, false: --no-admin, undefined: not an admin when new, unchanged on --update. */
  admin?: boolean;
  enterprise?: string;
  /** Change an existing user instead of refusing. */
  update?: boolean;
}

const describeUser = (a: AccountRecord) => `${a.username} (${a.isAdmin ? 'admin' : 'not admin'}, enterprise ${a.enterpriseId})`;

export async function addUser(store: Store, username: string, opts: AddUserOptions = {}): Promise<string> {
  requireName('username', username);
  if (opts.enterprise !== undefined) requireName('enterprise id', opts.enterprise);
  const existing = await store.identity.findAccount(username);
  if (existing && !opts.update) throw new CliError(`user ${username} already exists; use --update to change it`);
  const account = await store.identity.upsertAccount(
    username,
    opts.admin ?? existing?.isAdmin ?? false,
    opts.enterprise ?? existing?.enterpriseId ?? DEFAULT_ENTERPRISE,
  );
  return `${existing ? 'updated' : 'added'} user ${describeUser(account)}`;
}

/** Also removes the user's tokens (the foreign key cascades). */
export async function removeUser(store: Store, username: string): Promise<string> {
  if (!(await store.identity.removeAccount(username))) throw new CliError(`no user ${username}`);
  return `removed user ${username} and their tokens`;
}

export async function listUsers(store: Store): Promise<string> {
  const users = await store.identity.listAccounts();
  if (!users.length) return 'no users';
  return table(['USERNAME', 'ADMIN', 'ENTERPRISE'], users.map((u) => [u.username, u.isAdmin ? 'yes' : 'no', u.enterpriseId]));
}

// --- tokens ----------------------------------------------------------------------------------------------

async function requireUser(store: Store, username: string): Promise<AccountRecord> {
  const account = await store.identity.findAccount(username);
  if (!account) throw new CliError(`no user ${username}; add it first with: users add ${username}`);
  return account;
}

const displayName = (name: string) => (name ? `"${name}"` : '(unnamed)');

export async function addToken(store: Store, username: string, opts: { name?: string } = {}): Promise<string> {
  const account = await requireUser(store, username);
  const name = opts.name ?? '';
  const token = newSecret();
  await store.identity.addToken(account.id, hashToken(token), name);
  return [`added token ${displayName(name)} for ${username}`, `token: ${token}`, SHOWN_ONCE].join('\n');
}

/** Without a name, every token the user holds. */
export async function removeTokens(store: Store, username: string, opts: { name?: string } = {}): Promise<string> {
  const account = await requireUser(store, username);
  const removed = await store.identity.removeTokens(account.id, opts.name);
  if (!removed) {
    throw new CliError(opts.name === undefined ? `${username} has no tokens` : `${username} has no token named "${opts.name}"`);
  }
  return `removed ${removed} token${removed === 1 ? '' : 's'} of ${username}`;
}

export async function listTokens(store: Store, username: string): Promise<string> {
  const account = await requireUser(store, username);
  const tokens = await store.identity.listTokens(account.id);
  if (!tokens.length) return `${username} has no tokens`;
  return table(['NAME', 'CREATED'], tokens.map((t) => [t.name || '(unnamed)', new Date(t.createdAt).toISOString()]));
}

// --- what the next start will undo -------------------------------------------------------------------------

export interface BootstrapSettings {
  /** App codes TOPOGRAPH_APPS registers. */
  apps: string[];
  /** Whether TOPOGRAPH_ADMIN_TOKEN is set. */
  adminToken: boolean;
}

/**
 * bootstrapIdentity runs at every server start and re-imposes TOPOGRAPH_APPS and TOPOGRAPH_ADMIN_TOKEN, so a
 * change the CLI makes to those is undone then. Returns the warning to give, if any.
 */
export function bootstrapOverrideNote(settings: BootstrapSettings, target: { app: string } | { user: string }): string | undefined {
  if ('app' in target) {
    return settings.apps.includes(target.app)
      ? `note: TOPOGRAPH_APPS also registers app ${target.app}; the next server start restores its configured secret and trust`
      : undefined;
  }
  return settings.adminToken && target.user === ADMIN_USERNAME
    ? `note: TOPOGRAPH_ADMIN_TOKEN is set; the next server start restores user ${ADMIN_USERNAME} as an administrator with its bootstrap token`
    : undefined;
}
