import { isKnownTimeZone } from './domain/time.js';

/** Every setting Topograph reads, all from the environment. The README's settings table mirrors this file. */
export type SqliteSynchronous = 'NORMAL' | 'FULL';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  timeZone: string;
  logLevel: string;
  sqliteSynchronous: SqliteSynchronous;
  strictFields: boolean;
  bootstrapApps: Array<{ code: string; secret: string }>;
  adminToken: string | undefined;
  secretKey: Buffer | undefined;
  /** TOPOGRAPH_REGION_PROBE: check a region's API (GET {url}/v2/show) before adding it or setting it ONLINE */
  regionProbe: boolean;
  eventRetentionMs: number;
  watchWaitMs: number;
  /** TOPOGRAPH_READ_CACHE_MB: room for the answers of read calls (SQLite only); 0 turns the cache off */
  readCacheBytes: number;
  /** TOPOGRAPH_CHECK_WRITES: a query through the store from inside a write fails at once (development; slower) */
  checkWrites: boolean;
}

export class ConfigError extends Error {}

function parseApps(raw: string | undefined): Config['bootstrapApps'] {
  if (!raw || !raw.trim()) return [];
  return raw.split(',').map((pair) => {
    const at = pair.indexOf(':');
    const code = pair.slice(0, at).trim();
    const secret = pair.slice(at + 1).trim();
    if (at < 1 || !secret) throw new ConfigError('TOPOGRAPH_APPS must be "code:secret[,code:secret…]"');
    return { code, secret };
  });
}

function parseOnOff(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '') return false;
  if (/^(on|true|1|yes)$/i.test(raw)) return true;
  if (/^(off|false|0|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be on or off`);
}

function parseTimeZone(raw: string | undefined): string {
  const zone = raw || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  if (!isKnownTimeZone(zone)) throw new ConfigError(`TOPOGRAPH_TIMEZONE "${zone}" is not an IANA time zone`);
  return zone;
}

function parseSecretKey(raw: string | undefined): Buffer | undefined {
  if (!raw) return undefined;
  if (!/^[0-9a-fA-F]{64}$/.test(raw)) throw new ConfigError('TOPOGRAPH_SECRET_KEY must be 64 hex characters (32 bytes)');
  return Buffer.from(raw, 'hex');
}

function parseMegabytes(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback * 1024 * 1024;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65536) throw new ConfigError(`${name} must be a whole number of MiB, 0-65536`);
  return n * 1024 * 1024;
}

function parsePositive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${name} must be a positive number`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT must be an integer 0-65535');
  const sync = (env.TOPOGRAPH_SQLITE_SYNCHRONOUS ?? 'NORMAL').toUpperCase();
  if (sync !== 'NORMAL' && sync !== 'FULL') throw new ConfigError('TOPOGRAPH_SQLITE_SYNCHRONOUS must be NORMAL or FULL');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL ?? 'sqlite:./data/topograph.db',
    timeZone: parseTimeZone(env.TOPOGRAPH_TIMEZONE),
    logLevel: env.LOG_LEVEL ?? 'info',
    sqliteSynchronous: sync,
    strictFields: parseOnOff('TOPOGRAPH_STRICT_FIELDS', env.TOPOGRAPH_STRICT_FIELDS),
    bootstrapApps: parseApps(env.TOPOGRAPH_APPS),
    adminToken: env.TOPOGRAPH_ADMIN_TOKEN || undefined,
    secretKey: parseSecretKey(env.TOPOGRAPH_SECRET_KEY),
    regionProbe: parseOnOff('TOPOGRAPH_REGION_PROBE', env.TOPOGRAPH_REGION_PROBE),
    eventRetentionMs: parsePositive('TOPOGRAPH_EVENT_RETENTION_HOURS', env.TOPOGRAPH_EVENT_RETENTION_HOURS, 168) * 3_600_000,
    watchWaitMs: parsePositive('TOPOGRAPH_WATCH_WAIT_SECONDS', env.TOPOGRAPH_WATCH_WAIT_SECONDS, 20) * 1000,
    readCacheBytes: parseMegabytes('TOPOGRAPH_READ_CACHE_MB', env.TOPOGRAPH_READ_CACHE_MB, 64),
    checkWrites: parseOnOff('TOPOGRAPH_CHECK_WRITES', env.TOPOGRAPH_CHECK_WRITES),
  };
}
