import type { Deps, Principal } from '../context.js';
import { DomainError, invalidParameter } from '../errors.js';
import { isPlainObject, typeName } from '../json-shape.js';
import { withWireTimes } from '../time.js';
import type { EventRow } from '../../store/event-store.js';
import { decodeCursor, encodeCursor } from './cursor.js';

/** What resource_watch follows: bk-cmdb's resources that Topograph has, and its own data centers. */
export const WATCHABLE = ['host', 'host_relation', 'biz', 'set', 'module', 'plat', 'biz_set', 'process', 'region'] as const;
const EVENT_TYPES = ['create', 'update', 'delete'];
/** bk-cmdb answers at most 200 events at a time. */
export const MAX_EVENTS = 200;

export interface WatchParams {
  bk_resource?: unknown;
  bk_event_types?: unknown;
  bk_fields?: unknown;
  bk_cursor?: unknown;
  bk_start_from?: unknown;
  bk_filter?: unknown;
}

export interface WatchOptions {
  /** how long to hold the call open when there is nothing to answer (bk-cmdb: about 20 s) */
  waitMs: number;
  signal?: AbortSignal;
}

interface WatchEvent {
  bk_cursor: string;
  bk_resource: string;
  bk_event_type: string;
  bk_detail: unknown;
}

/**
 * bk_filter: bk-cmdb's Go clients always send it (`{}`). Its one field, bk_sub_resource, names the model of an
 * object_instance or mainline_instance watch, resources Topograph does not have: set, it is refused rather than
 * ignored, since the client would otherwise get events of every model.
 */
function checkFilter(filter: unknown): void {
  if (filter === undefined || filter === null) return;
  if (!isPlainObject(filter)) throw invalidParameter('bk_filter', `must be an object {bk_sub_resource} (got ${typeName(filter)})`);
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === '') continue;
    if (key === 'bk_sub_resource') {
      throw invalidParameter('bk_filter.bk_sub_resource', 'applies only to object_instance and mainline_instance, which Topograph does not watch');
    }
    throw invalidParameter(`bk_filter.${key}`, 'is not a field of bk_filter (bk_sub_resource is its one field)');
  }
}

function checked(params: WatchParams) {
  const resource = params.bk_resource;
  if (typeof resource !== 'string' || !(WATCHABLE as readonly string[]).includes(resource)) {
    throw invalidParameter('bk_resource', `must be one of ${WATCHABLE.join(', ')}`);
  }
  let types: string[] | undefined;
  if (params.bk_event_types !== undefined && params.bk_event_types !== null) {
    if (!Array.isArray(params.bk_event_types) || !params.bk_event_types.every((t) => EVENT_TYPES.includes(t as string))) {
      throw invalidParameter('bk_event_types', 'must be an array of create, update, delete');
    }
    types = params.bk_event_types as string[];
  }
  let fields: string[] | undefined;
  if (params.bk_fields !== undefined && params.bk_fields !== null) {
    if (!Array.isArray(params.bk_fields) || !params.bk_fields.every((f) => typeof f === 'string')) {
      throw invalidParameter('bk_fields', 'must be an array of field names');
    }
    fields = params.bk_fields.length ? (params.bk_fields as string[]) : undefined;
  }
  if (params.bk_cursor !== undefined && params.bk_cursor !== null && params.bk_cursor !== '' && typeof params.bk_cursor !== 'string') {
    throw invalidParameter('bk_cursor', 'must be a string');
  }
  const start = params.bk_start_from;
  if (start !== undefined && start !== null && (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0)) {
    throw invalidParameter('bk_start_from', 'must be a time in seconds since 1970-01-01 UTC');
  }
  checkFilter(params.bk_filter);
  return { resource, types, fields, cursor: (params.bk_cursor as string | undefined) || undefined, startFrom: start as number | undefined };
}

function present(e: EventRow, fields: string[] | undefined, timeZone: string): WatchEvent {
  let detail = e.detail as Record<string, unknown> | null;
  if (detail && typeof detail === 'object') {
    const out = withWireTimes(detail, timeZone) as Record<string, unknown>;
    delete out.custom;
    detail = fields ? Object.fromEntries(fields.filter((f) => f in out).map((f) => [f, out[f]])) : out;
  }
  return { bk_cursor: encodeCursor(e.id), bk_resource: e.resource, bk_event_type: e.eventType, bk_detail: detail };
}

/**
 * resource_watch: the events after the cursor (or after bk_start_from, or from now), answered at once when
 * there are some; otherwise the call waits for a commit and, when none comes in time, answers one
 * cursor-only record so that the client always holds a fresh cursor. A cursor into purged history gets its
 * own code (bk-cmdb's 1103007), and the client resumes by bk_start_from or from now.
 */
export async function resourceWatch(deps: Deps, watcher: Principal, params: WatchParams, opts: WatchOptions) {
  const { resource, types, fields, cursor, startFrom } = checked(params);
  const events = deps.store.events;
  let afterId: number;
  if (cursor !== undefined) {
    afterId = decodeCursor(cursor);
    const purged = await events.purgedThrough();
    if (afterId < purged) {
      throw new DomainError(
        'cursor_expired',
        `the event at bk_cursor is no longer kept (events older than the retention are purged): watch again with bk_start_from or without a cursor`,
        { field: 'bk_cursor' },
      );
    }
  } else if (startFrom !== undefined) {
    afterId = await events.lastIdBefore(startFrom * 1000);
  } else {
    afterId = await events.latestId();
  }

  const deadline = Date.now() + opts.waitMs;
  for (;;) {
    // Read the newest id first: everything up to it is either in this answer or not of this resource.
    const scannedThrough = await events.latestId();
    const found = await events.after(afterId, resource, types, MAX_EVENTS, watcher.enterpriseId);
    if (found.length) return { bk_watched: true, bk_events: found.map((e) => present(e, fields, deps.timeZone)) };
    const remaining = deadline - Date.now();
    if (remaining <= 0 || opts.signal?.aborted || deps.store.notifier.closed) {
      const through = Math.max(afterId, scannedThrough);
      return {
        bk_watched: false,
        bk_events: [{ bk_cursor: encodeCursor(through), bk_resource: resource, bk_event_type: '', bk_detail: null }],
      };
    }
    await deps.store.notifier.wait(remaining, opts.signal);
  }
}
