import { shown } from './json-shape.js';
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

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?)?$/;
const ZONED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:[zZ]|[+-]\d{2}:\d{2})$/;

/**
 * "YYYY-MM-DD hh:mm:ss" (or a date alone, midnight) in the server's zone, as bk-cmdb reads it, or RFC 3339 with
 * its own offset, to epoch ms. The date and time must exist as written (no 30 February, no 24:00).
 */
export function parseWallClock(field: string, v: unknown, timeZone: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const bad = () => invalidParameter(field, `must be a time "YYYY-MM-DD hh:mm:ss" (in ${timeZone}) or RFC 3339 (got ${shown(v)})`);
  if (typeof v !== 'string') throw bad();
  const zoned = ZONED.exec(v);
  const parts = zoned ?? WALL_CLOCK.exec(v);
  if (!parts) throw bad();
  const [y, mo, d, h, mi, s, ms] = parts.slice(1, 8).map((p) => Number(p ?? 0)) as [number, number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(asUtc);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h || back.getUTCMinutes() !== mi || back.getUTCSeconds() !== s) {
    throw bad();
  }
  if (zoned) return Date.parse(v);
  // The instant whose wall clock in the zone reads so. The zone's offset at a first guess may differ from the one
  // at the answer across a daylight-saving change, so it is looked up again there.
  const guess = asUtc - offsetMinutes(asUtc, timeZone) * 60_000;
  return asUtc - offsetMinutes(guess, timeZone) * 60_000;
}
