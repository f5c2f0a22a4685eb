/**
 * The console's only way to the server: the ESB calls and the regions OpenAPI, each carrying the signed-in
 * user's access token as `Authorization: Bearer …`. The token lives in sessionStorage (gone with the tab);
 * no app code or secret is ever sent or held.
 */

const TOKEN_KEY = 'topograph.token';

type Listener = () => void;
const listeners = new Set<Listener>();
let signedOutReason: string | null = null;

export const session = {
  token(): string | null {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  signIn(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
    signedOutReason = null;
    emit();
  },
  /** Sign-out by the user: the token is forgotten. */
  signOut(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    signedOutReason = 'You are signed out.';
    emit();
  },
  /** The server refused the token: it is forgotten and the sign-in page says why. */
  expire(reason: string): void {
    sessionStorage.removeItem(TOKEN_KEY);
    signedOutReason = reason;
    emit();
  },
  reason(): string | null {
    return signedOutReason;
  },
  subscribe(fn: Listener): () => void {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
};

function emit() {
  for (const fn of listeners) fn();
}

export type ErrorKind = 'auth' | 'forbidden' | 'invalid' | 'not_found' | 'network' | 'server';

export class ApiError extends Error {
  readonly kind: ErrorKind;
  readonly code?: number;
  readonly status?: number;
  readonly requestId?: string;
  /** field → messages, when the server names them (the regions OpenAPI's `err`) */
  readonly fields: Record<string, string[]>;

  constructor(
    message: string,
    o: { kind: ErrorKind; code?: number; status?: number; requestId?: string; fields?: Record<string, string[]> },
  ) {
    super(message);
    this.name = 'ApiError';
    this.kind = o.kind;
    this.code = o.code;
    this.status = o.status;
    this.requestId = o.requestId;
    this.fields = o.fields ?? {};
  }
}

export const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

/** The server's refusal, with the action and resource of bk-cmdb's IAM payload when it names them. */
function permissionText(permission: unknown, message: string): string {
  try {
    const action = (permission as { actions: Array<{ name: string; related_resource_types: Array<{ type_name: string; instances: Array<Array<{ name: string; id: string }>> }> }> }).actions[0]!;
    const type = action.related_resource_types[0];
    const inst = type?.instances?.[0]?.[0];
    const what = inst ? ` on ${type!.type_name} “${inst.name || inst.id}”` : '';
    return `${message} (needed: ${action.name}${what})`;
  } catch {
    return message;
  }
}

async function send(url: string, init: RequestInit, given?: string): Promise<Response> {
  const token = given ?? session.token();
  if (!token) throw new ApiError('You are not signed in.', { kind: 'auth' });
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  try {
    return await fetch(url, { ...init, headers, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError('The server cannot be reached. Check that Topograph is running, then try again.', { kind: 'network' });
  }
}

interface Envelope<T> {
  result: boolean;
  code: number;
  message: string;
  permission: unknown;
  request_id: string;
  data: T;
}

/** One ESB call: POST /api/c/compapi/v2/cc/<name>/. Answers `data`, or throws an ApiError. */
export async function esb<T = unknown>(name: string, body: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
  const res = await send(`/api/c/compapi/v2/cc/${name}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  let env: Envelope<T>;
  try {
    env = (await res.json()) as Envelope<T>;
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError(`The server answered HTTP ${res.status} without an ESB envelope.`, { kind: 'server', status: res.status });
  }
  if (env.result) return env.data;
  const o = { code: env.code, requestId: env.request_id, status: res.status };
  if (env.code === 1306000 && /authentication failed|access token|Authorization|bk_token/i.test(env.message)) {
    const msg = `The server refused your access token: ${env.message}`;
    session.expire(msg);
    throw new ApiError(msg, { kind: 'auth', ...o });
  }
  if (env.code === 9900403) throw new ApiError(permissionText(env.permission, env.message), { kind: 'forbidden', ...o });
  if (env.code === 1199999) throw new ApiError(env.message, { kind: 'server', ...o });
  throw new ApiError(env.message, { kind: 'invalid', ...o });
}

interface Fail {
  msg?: string;
  code?: number;
  err?: Record<string, string[]>;
}

/** One call of the regions OpenAPI (/openapi/v1…). */
export async function openapi<T = unknown>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const res = await send(`/openapi/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  let json: unknown;
  try {
    json = await res.json();
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError(`The server answered HTTP ${res.status} without a JSON body.`, { kind: 'server', status: res.status });
  }
  if (res.ok) return json as T;
  const f = (json ?? {}) as Fail;
  const msg = f.msg ?? `HTTP ${res.status}`;
  const o = { status: res.status, code: f.code, fields: f.err };
  switch (res.status) {
    case 401: {
      const m = `The server refused your access token: ${msg}`;
      session.expire(m);
      throw new ApiError(m, { kind: 'auth', ...o });
    }
    case 403:
      throw new ApiError(`No permission: ${msg}`, { kind: 'forbidden', ...o });
    case 404:
      throw new ApiError(msg, { kind: 'not_found', ...o });
    default:
      throw new ApiError(msg, { kind: res.status >= 500 ? 'server' : 'invalid', ...o });
  }
}

/** A page of an ESB search. */
export interface Page<T> {
  count: number;
  info: T[];
}

export type Row = Record<string, unknown>;

/**
 * The field a refusal is about, among the fields a form shows: the ESB names it in quotes
 * ("'bk_set_name' …", "'bk_host_list[0].bk_host_innerip' …"), in brackets ("[data.bk_parent_id] must be
 * integer"), or in a duplicate's list ("fields [bk_biz_id, bk_set_name] duplicated").
 */
export function fieldOfError(err: unknown, fields: readonly string[]): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const known = new Set(fields);
  const last = (path: string) => path.replace(/\[[^\]]*\]/g, '').split('.').pop() ?? path;
  for (const f of Object.keys(err.fields)) if (known.has(f)) return f;
  const m = err.message;
  const quoted = /^'([^']+)'/.exec(m) ?? /^\[([^\]]+)\]/.exec(m);
  if (quoted && known.has(last(quoted[1]!))) return last(quoted[1]!);
  const dup = /fields \[([^\]]+)\] duplicated/.exec(m);
  if (dup) {
    const named = dup[1]!.split(',').map((s) => s.trim()).filter((f) => known.has(f));
    if (named.length) return named[named.length - 1];
  }
  for (const q of m.matchAll(/'([\w.[\]]+)'/g)) if (known.has(last(q[1]!))) return last(q[1]!);
  return undefined;
}

/** Checks a token with one read before the console keeps it. */
export async function checkToken(token: string): Promise<void> {
  const res = await send(
    '/api/c/compapi/v2/cc/search_business/',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fields: ['bk_biz_id'], page: { start: 0, limit: 1 } }) },
    token,
  );
  const env = (await res.json().catch(() => null)) as Envelope<unknown> | null;
  if (!env) throw new ApiError(`The server answered HTTP ${res.status} without an ESB envelope.`, { kind: 'server', status: res.status });
  if (env.result) return;
  if (env.code === 1306000) throw new ApiError('That access token is not valid: the server does not know it.', { kind: 'auth', code: env.code });
  throw new ApiError(env.message, { kind: 'invalid', code: env.code, requestId: env.request_id });
}

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
