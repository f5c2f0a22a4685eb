import { Type } from '@sinclair/typebox';
import { findInstanceBatch } from '../../../domain/topology/instances.js';
import { defineCall, intParam } from '../call.js';

/** find_set_batch and find_module_batch: the same call over sets or modules. */
const findBatchCall = (obj: 'set' | 'module') =>
  defineCall({
    name: `find_${obj}_batch`,
    cacheable: true,
    group: obj,
    summary: `Up to 500 of a business's ${obj}s by id, with the fields asked for: [{…}]; ids of other businesses are left out.`,
    params: {
      bk_biz_id: intParam('business ID'),
      bk_ids: Type.Unknown({ description: `${obj} ids (bk_${obj}_id), at most 500` }),
      fields: Type.Unknown({ description: `${obj} fields to return (at least one)` }),
    },
    handle: (ctx, body) => findInstanceBatch(ctx.deps, obj, body),
  });

export const findSetBatchCall = findBatchCall('set');
export const findModuleBatchCall = findBatchCall('module');
