import { actorOf, type CallContext, type Deps, type WithIgnored } from '../context.js';
import { validateForCreate } from '../model/validator.js';
import { assertAdmin } from '../permissions.js';

type Data = Record<string, unknown>;

/** create_cloud_area: a plat instance; bk_creator and bk_last_editor are the caller. */
export async function createCloudArea(deps: Deps, ctx: CallContext, data: Data): Promise<WithIgnored<{ id: number }>> {
  assertAdmin(ctx.principal, 'create_cloud_area', typeof data.bk_cloud_name === 'string' ? data.bk_cloud_name : undefined);
  return deps.store.write(actorOf(ctx), async (w) => {
    const attrs = await w.attributes('plat');
    const { values, ignored } = validateForCreate(attrs, data, {
      strict: deps.strictFields,
      passThrough: new Set(['bk_supplier_account']),
    });
    const plat = await w.insertInstance('plat', {
      ...values,
      bk_creator: ctx.principal.username,
      bk_last_editor: ctx.principal.username,
      default: 0,
      bk_supplier_account: '0',
    });
    return { result: { id: plat.bk_cloud_id as number }, ignored };
  });
}
