import { Type } from '@sinclair/typebox';
import { MAX_LOCK_IDS, addHostLock, deleteHostLock, searchHostLock } from '../../../domain/hosts/locks.js';
import { defineCall, type EsbCall } from '../call.js';

/** Host locks: thin adapters over src/domain/hosts/locks.ts. */

const idList = Type.Unknown({ description: `host ids, at most ${MAX_LOCK_IDS}` });
const GROUP = 'host lock';

export const addHostLockCall = defineCall({
  name: 'add_host_lock',
  group: GROUP,
  summary: 'Lock hosts (an advisory mark; a host locked already stays locked). Every id must be a host (1199006). Answers null.',
  params: { id_list: idList },
  handle: (ctx, body) => addHostLock(ctx.deps, ctx, body),
});

export const deleteHostLockCall = defineCall({
  name: 'delete_host_lock',
  group: GROUP,
  summary: 'Unlock hosts; an id that is not locked is no error. Answers null.',
  params: { id_list: idList },
  handle: (ctx, body) => deleteHostLock(ctx.deps, ctx, body),
});

export const searchHostLockCall = defineCall({
  name: 'search_host_lock',
  group: GROUP,
  summary: 'Which of the hosts are locked: {"<host id>": true | false}.',
  cacheable: true,
  params: { id_list: idList },
  handle: (ctx, body) => searchHostLock(ctx.deps, body),
});

export const HOST_LOCK_CALLS: EsbCall[] = [addHostLockCall, deleteHostLockCall, searchHostLockCall];
