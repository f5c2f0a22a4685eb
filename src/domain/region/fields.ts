import { isIPv6 } from 'node:net';
import { ErrorBag, RegionFieldErrors } from './errors.js';
import { certificateProblem, privateKeyProblem } from './pem.js';
import { CONTROL_CHARS as CONTROL } from '../patterns.js';

/**
 * The field rules of a Rainbond region ("data center"), checked here rather than by the HTTP layer's JSON
 * schema so that one 400 answer names every broken field. Lengths are Rainbond's region_info columns.
 * Messages name the rule and never repeat the value.
 */
export const LIMITS = {
  region_id: 36,
  region_name: 64,
  region_alias: 64,
  url: 256,
  wsurl: 256,
  httpdomain: 256,
  tcpdomain: 256,
  token: 255,
  desc: 200,
  scope: 10,
  /** each certificate / key field (Rainbond's response serializers cap them at 65535) */
  pem: 65535,
} as const;

export const STATUS_NAMES = { '0': 'NOTREADY', '1': 'ONLINE', '2': 'OFFLINE', '3': 'MAINTAIN' } as const;
export type RegionStatus = keyof typeof STATUS_NAMES;
export const ONLINE: RegionStatus = '1';
export const SCOPES = ['private', 'public'] as const;

/** The request fields of RegionInfo that a body may set (region_id and enterprise_id are handled apart). */
export const BODY_FIELDS = [
  'region_name',
  'region_alias',
  'url',
  'wsurl',
  'httpdomain',
  'tcpdomain',
  'scope',
  'status',
  'desc',
  'ssl_ca_cert',
  'cert_file',
  'key_file',
  'token',
] as const;
type BodyField = (typeof BODY_FIELDS)[number];

const REQUIRED_ON_CREATE: BodyField[] = ['region_name', 'region_alias', 'url', 'wsurl', 'httpdomain', 'tcpdomain'];
/** Fields that take null (meaning "none"); the others refuse it. */
const NULLABLE: BodyField[] = ['ssl_ca_cert', 'cert_file', 'key_file', 'token'];
/** Fields Topograph reads from the caller instead of the body. */
const CALLER_FIELDS = ['region_id', 'enterprise_id'];

/** A validated body: only the fields it gave (null = clear, for the nullable ones). */
export interface RegionInput {
  regionName?: string;
  regionAlias?: string;
  url?: string;
  wsurl?: string;
  httpdomain?: string;
  tcpdomain?: string;
  scope?: string;
  status?: RegionStatus;
  desc?: string;
  sslCaCert?: string | null;
  certFile?: string | null;
  keyFile?: string | null;
  token?: string | null;
}

export interface ParsedBody {
  values: RegionInput;
  /** body keys that were not used: region_id (always generated), unknown keys, shadowed spelling variants */
  ignored: string[];
  /** the body's enterprise_id, when it named one */
  enterpriseId?: string;
}

const chars = (s: string) => [...s].length;
const CONTROL_BUT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

// --- host names, addresses and URLs ----------------------------------------------------------------------

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** A dotted-quad IPv4 address, every octet 0–255 without leading zeros. */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/**
 * A DNS host name: letters, digits and inner hyphens per label, labels joined by dots, at most 253
 * characters. Single labels ("rbd-api-api", "localhost") count. The last label (the top-level domain)
 * starts with a letter, so malformed addresses are not taken for names ("999.999.999.999", "10.0.0",
 * "1.2.3.4abc").
 */
export function isHostName(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  const labels = s.split('.');
  if (!labels.every((l) => LABEL.test(l))) return false;
  return /^[A-Za-z]/.test(labels[labels.length - 1]!);
}

// scheme :// host [:port] [/path] — no user info, query or fragment; the path is printable ASCII.
const URL_SHAPE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(\[[^\]/]*\]|[^/:?#[\]]*)(?::([0-9]*))?(\/[\x21\x22\x24-\x3e\x40-\x7e]*)?$/;

/** Why a URL breaks the rule (scheme among `schemes`, a host, optional port 1–65535 and path), or undefined. */
export function urlProblem(s: string, schemes: readonly string[]): string | undefined {
  const want = `must be ${schemes.join(' or ')}://host[:port][/path]`;
  const m = URL_SHAPE.exec(s);
  if (!m) {
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(s)) return `${want}: the scheme is missing`;
    return `${want}: user info, a query, a fragment, spaces and non-ASCII characters are not allowed`;
  }
  const [, scheme, host, port] = m;
  if (!schemes.includes(scheme!.toLowerCase())) return `${want}: the scheme must be ${schemes.join(' or ')}`;
  if (!host) return `${want}: the host is missing`;
  if (host.includes('@')) return `${want}: user info (user@) is not allowed`;
  if (host.startsWith('[')) {
    if (!isIPv6(host.slice(1, -1))) return `${want}: the bracketed host is not an IPv6 address`;
  } else if (!isIPv4(host) && !isHostName(host)) {
    return `${want}: the host must be a host name (letters, digits, hyphens, dots) or an IPv4 address with octets 0-255`;
  }
  if (port !== undefined) {
    if (!/^[1-9]\d{0,4}$/.test(port) || Number(port) > 65535) return `${want}: the port must be 1-65535`;
  }
  return undefined;
}

// --- status --------------------------------------------------------------------------------------------

/** A stored status from the body: the integer 0–3 or the string "0"–"3". */
export function parseStatusValue(v: unknown): RegionStatus | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 3) return String(v) as RegionStatus;
  if (typeof v === 'string' && /^[0-3]$/.test(v.trim())) return v.trim() as RegionStatus;
  return undefined;
}

/** The status call's value: ONLINE / OFFLINE / MAINTAIN (any case) or 1 / 2 / 3 (as integer or string). */
export function parseStatusChange(v: unknown): RegionStatus {
  const bag = new ErrorBag();
  if (v === undefined || v === null || v === '') {
    bag.add('status', 'This field is required: ONLINE, OFFLINE or MAINTAIN (or "1", "2", "3")');
    bag.throwIfAny();
  }
  const names: Record<string, RegionStatus> = { ONLINE: '1', OFFLINE: '2', MAINTAIN: '3' };
  if (typeof v === 'string' && names[v.trim().toUpperCase()]) return names[v.trim().toUpperCase()]!;
  const digit = parseStatusValue(v);
  if (digit && digit !== '0') return digit;
  bag.add('status', 'must be ONLINE, OFFLINE or MAINTAIN (or "1", "2", "3")');
  return bag.throwIfAny() as never;
}

/** A status filter: "0"–"3" or a status name (NOTREADY, ONLINE, OFFLINE, MAINTAIN; any case). */
export function parseStatusFilter(v: string): RegionStatus | undefined {
  const t = v.trim();
  if (/^[0-3]$/.test(t)) return t as RegionStatus;
  const hit = Object.entries(STATUS_NAMES).find(([, name]) => name === t.toUpperCase());
  return hit ? (hit[0] as RegionStatus) : undefined;
}

// --- the body ------------------------------------------------------------------------------------------

/**
 * The body's fields by name. A key with stray surrounding spaces counts as the field it spells (the seed's
 * own example has `" wsurl"`); when both spellings are sent, the exact one wins and the other is ignored.
 */
function fieldsOf(body: Record<string, unknown>): { given: Map<string, unknown>; ignored: string[] } {
  const given = new Map<string, unknown>();
  const ignored: string[] = [];
  const known = new Set<string>([...BODY_FIELDS, ...CALLER_FIELDS]);
  for (const key of Object.keys(body)) if (known.has(key)) given.set(key, body[key]);
  for (const key of Object.keys(body)) {
    if (known.has(key)) continue;
    const trimmed = key.trim();
    if (known.has(trimmed) && !given.has(trimmed)) given.set(trimmed, body[key]);
    else ignored.push(key);
  }
  return { given, ignored };
}

export interface ParseOptions {
  mode: 'create' | 'update';
  /** whether key_file and token can be stored (a secret key is configured) */
  canStoreSecrets: boolean;
}

/** Checks a create or update body against every field rule; throws RegionFieldErrors naming each broken field. */
export function parseRegionBody(body: unknown, opts: ParseOptions): ParsedBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RegionFieldErrors({ body: ['the request body must be a JSON object'] });
  }
  const { given, ignored } = fieldsOf(body as Record<string, unknown>);
  const bag = new ErrorBag();
  const values: RegionInput = {};

  if (given.has('region_id')) ignored.unshift('region_id');
  let enterpriseId: string | undefined;
  const eid = given.get('enterprise_id');
  if (eid !== undefined && eid !== null && eid !== '') {
    if (typeof eid !== 'string') bag.add('enterprise_id', 'must be a string');
    else enterpriseId = eid;
  }

  /** the string value of a field, or undefined when absent / refused (the reason is in the bag) */
  const text = (field: BodyField, max: number): string | null | undefined => {
    if (!given.has(field)) {
      if (opts.mode === 'create' && REQUIRED_ON_CREATE.includes(field)) bag.add(field, 'This field is required.');
      return undefined;
    }
    const v = given.get(field);
    if (v === null) {
      if (NULLABLE.includes(field)) return null;
      bag.add(field, REQUIRED_ON_CREATE.includes(field) ? 'This field is required and may not be null.' : 'may not be null');
      return undefined;
    }
    if (typeof v !== 'string') {
      bag.add(field, 'must be a string');
      return undefined;
    }
    if (v.trim() === '') {
      if (NULLABLE.includes(field)) return null; // "" means none, as null does
      if (field === 'desc') return '';
      bag.add(field, REQUIRED_ON_CREATE.includes(field) ? 'This field is required and may not be blank.' : 'may not be blank');
      return undefined;
    }
    if (chars(v) > max) {
      bag.add(field, `must be at most ${max} characters`);
      return undefined;
    }
    return v;
  };

  const name = text('region_name', LIMITS.region_name);
  if (typeof name === 'string') {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) bag.add('region_name', 'may contain only letters, digits, "-" and "_"');
    else values.regionName = name;
  }

  const alias = text('region_alias', LIMITS.region_alias);
  if (typeof alias === 'string') {
    if (CONTROL.test(alias)) bag.add('region_alias', 'may not contain control characters');
    else values.regionAlias = alias;
  }

  const url = text('url', LIMITS.url);
  if (typeof url === 'string') {
    const problem = urlProblem(url, ['http', 'https']);
    if (problem) bag.add('url', problem);
    else values.url = url;
  }

  const wsurl = text('wsurl', LIMITS.wsurl);
  if (typeof wsurl === 'string') {
    const problem = urlProblem(wsurl, ['ws', 'wss']);
    if (problem) bag.add('wsurl', problem);
    else values.wsurl = wsurl;
  }

  const httpdomain = text('httpdomain', LIMITS.httpdomain);
  if (typeof httpdomain === 'string') {
    if (!isHostName(httpdomain)) bag.add('httpdomain', 'must be a host name (letters, digits, hyphens, dots), without scheme or port');
    else values.httpdomain = httpdomain;
  }

  const tcpdomain = text('tcpdomain', LIMITS.tcpdomain);
  if (typeof tcpdomain === 'string') {
    if (!isIPv4(tcpdomain) && !isHostName(tcpdomain)) {
      bag.add('tcpdomain', 'must be an IPv4 address (octets 0-255) or a host name, without scheme or port');
    } else values.tcpdomain = tcpdomain;
  }

  const scope = text('scope', LIMITS.scope);
  if (typeof scope === 'string') {
    if (!(SCOPES as readonly string[]).includes(scope)) bag.add('scope', 'must be "private" or "public"');
    else values.scope = scope;
  }

  if (given.has('status')) {
    const raw = given.get('status');
    const status = parseStatusValue(raw);
    if (raw === null) bag.add('status', 'may not be null');
    else if (status === undefined) bag.add('status', 'must be 0, 1, 2 or 3 (integer or string): 0 editing, 1 online, 2 offline, 3 maintenance');
    else values.status = status;
  }

  const desc = text('desc', LIMITS.desc);
  if (typeof desc === 'string') {
    if (CONTROL_BUT_WHITESPACE.test(desc)) bag.add('desc', 'may not contain control characters');
    else values.desc = desc;
  }

  for (const [field, key] of [
    ['ssl_ca_cert', 'sslCaCert'],
    ['cert_file', 'certFile'],
  ] as const) {
    const pem = text(field, LIMITS.pem);
    if (pem === null) values[key] = null;
    else if (typeof pem === 'string') {
      const problem = certificateProblem(pem);
      if (problem) bag.add(field, problem);
      else values[key] = pem;
    }
  }

  const keyFile = text('key_file', LIMITS.pem);
  if (keyFile === null) values.keyFile = null;
  else if (typeof keyFile === 'string') {
    const problem = privateKeyProblem(keyFile);
    if (problem) bag.add('key_file', problem);
    else if (!opts.canStoreSecrets) bag.add('key_file', 'cannot be stored: the server has no TOPOGRAPH_SECRET_KEY to encrypt it with; nothing was stored');
    else values.keyFile = keyFile;
  }

  const token = text('token', LIMITS.token);
  if (token === null) values.token = null;
  else if (typeof token === 'string') {
    if (!/^[\x21-\x7e]+$/.test(token)) bag.add('token', 'must be printable ASCII without spaces (it is sent in an HTTP header)');
    else if (!opts.canStoreSecrets) bag.add('token', 'cannot be stored: the server has no TOPOGRAPH_SECRET_KEY to encrypt it with; nothing was stored');
    else values.token = token;
  }

  bag.throwIfAny();
  return { values, ignored, ...(enterpriseId !== undefined ? { enterpriseId } : {}) };
}

// --- the list's query string ----------------------------------------------------------------------------

export interface ListQuery {
  text?: string;
  status?: RegionStatus;
  /** present when the caller asked for a page (page or page_size given) */
  page?: { page: number; pageSize: number };
}

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

export function parseListQuery(q: Record<string, unknown>): ListQuery {
  const bag = new ErrorBag();
  const out: ListQuery = {};
  const str = (k: string): string | undefined => {
    const v = q[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      bag.add(k, 'must be given once');
      return undefined;
    }
    return v;
  };
  const text = str('query');
  if (text !== undefined && text.trim() !== '') {
    if (chars(text) > LIMITS.region_name) bag.add('query', `must be at most ${LIMITS.region_name} characters`);
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u001f]/.test(text)) bag.add('query', 'must not contain control characters');
    else out.text = text.trim();
  }
  const status = str('status');
  if (status !== undefined && status.trim() !== '') {
    const s = parseStatusFilter(status);
    if (s === undefined) bag.add('status', 'must be 0, 1, 2, 3 or NOTREADY, ONLINE, OFFLINE, MAINTAIN');
    else out.status = s;
  }
  const positive = (k: string, max?: number): number | undefined => {
    const v = str(k);
    if (v === undefined) return undefined;
    if (!/^[1-9]\d{0,8}$/.test(v) || (max !== undefined && Number(v) > max)) {
      bag.add(k, max === undefined ? 'must be a positive integer' : `must be an integer from 1 to ${max}`);
      return undefined;
    }
    return Number(v);
  };
  const page = positive('page');
  const pageSize = positive('page_size', MAX_PAGE_SIZE);
  bag.throwIfAny();
  if (q.page !== undefined || q.page_size !== undefined) out.page = { page: page ?? 1, pageSize: pageSize ?? DEFAULT_PAGE_SIZE };
  return out;
}

/** `?probe=`: true/false (also 1/0, on/off, yes/no). */
export function parseProbeFlag(v: unknown): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') {
    if (/^(true|1|on|yes)$/i.test(v)) return true;
    if (/^(false|0|off|no)$/i.test(v)) return false;
  }
  throw new RegionFieldErrors({ probe: ['must be true or false'] });
}
