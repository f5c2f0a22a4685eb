import { invalidParameter } from './errors.js';
/**
 * bk-cmdb's instance timestamps: RFC 3339 with milliseconds and the server's zone offset,
 * e.g. 2022-02-22T20:34:01.386+08:00.
 *
 * Intl's formatToParts is slow enough to show in profiles of list calls, so the zone's offset is looked up
 * once per quarter hour (offsets only change on quarter-hour boundaries) and the rest is UTC arithmetic.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC in minutes at that instant. */
function offsetMinutes(ms: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(ms / QUARTER_HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const parts: Record<string, string> = {};
    for (const p of formatter(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
    const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
    offset = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function formatTime(ms: number, timeZone: string): string {
  const offset = offsetMinutes(ms, timeZone);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A stored record as the wire shows it: its create_time and last_time (ms) as times in the zone, the rest as is. */
export function withWireTimes(record: unknown, timeZone: string): unknown {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return record;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    out[k] = (k === 'create_time' || k === 'last_time') && typeof v === 'number' ? formatTime(v, timeZone) : v;
  }
  return out;
}

/** Zones found valid so far: a finite set (the database has some 600 names), spared a formatter each time. */
const knownTimeZones = new Set<string>();

/** A zone the runtime's time-zone database knows (names and their aliases, such as UTC or Etc/GMT+8). */
export function isKnownTimeZone(name: string): boolean {
  if (knownTimeZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    return false;
  }
  knownTimeZones.add(name);
  return true;
}

/** "YYYY-MM-DD hh:mm:ss" (server time zone, as bk-cmdb reads it) or RFC 3339, to epoch ms. */
export function parseWallClock(field: string, v: unknown, timeZone: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw invalidParameter(field, 'must be a time "YYYY-MM-DD hh:mm:ss" or RFC 3339');
  const rfc = /[zZ]|[+-]\d{2}:\d{2}$/.test(v);
  const ms = Date.parse(rfc ? v : v.replace(' ', 'T') + 'Z');
  if (Number.isNaN(ms)) throw invalidParameter(field, 'must be a time "YYYY-MM-DD hh:mm:ss" or RFC 3339');
  if (rfc) return ms;
  // Interpret the wall-clock time in the server's zone: shift by that zone's offset at that moment.
  const offset = formatTime(ms, timeZone).slice(-6);
  const sign = offset[0] === '-' ? -1 : 1;
  return ms - sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
}
