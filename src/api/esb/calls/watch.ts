import { Type } from '@sinclair/typebox';
import { resourceWatch, WATCHABLE } from '../../../domain/events/watch.js';
import { defineCall } from '../call.js';

export const resourceWatchCall = defineCall({
  name: 'resource_watch',
  group: 'events',
  summary:
    'Follow changes: events after bk_cursor (or since bk_start_from, or from now); waits up to ~20 s for one, else answers a cursor-only record (bk_watched false). An expired cursor answers 1103007.',
  params: {
    bk_resource: Type.String({ description: WATCHABLE.join(' | ') }),
    bk_event_types: Type.Optional(Type.Unknown({ description: 'create, update, delete (all when absent)' })),
    bk_fields: Type.Optional(Type.Unknown({ description: 'fields of bk_detail to return (all when absent)' })),
    bk_cursor: Type.Optional(Type.Unknown({ description: 'the bk_cursor of the last event received' })),
    bk_start_from: Type.Optional(Type.Unknown({ description: 'unix seconds: events from this time on' })),
    bk_filter: Type.Optional(Type.Unknown({ description: '{} (bk_sub_resource applies to object_instance / mainline_instance only, which Topograph does not watch)' })),
  },
  handle: (ctx, body) => resourceWatch(ctx.deps, ctx.principal, body, { waitMs: ctx.deps.watchWaitMs, signal: ctx.signal }),
});
