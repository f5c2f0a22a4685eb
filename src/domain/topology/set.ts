import { actorOf, type CallContext, type Deps, type WithIgnored } from '../context.js';
import { DomainError, invalidReference } from '../errors.js';
import { validateForCreate } from '../model/validator.js';
import { assertOrdinary, bizForTopologyWrite } from './guards.js';
import { presentInstance } from './present.js';

type Data = Record<string, unknown>;

/**
 * create_set. Stricter than bk-cmdb (and said so in the README): bk_parent_id must be the business itself,
 * the only parent a set has in Topograph's biz → set → module topology.
 */
export async function createSet(deps: Deps, ctx: CallContext, bizId: number, data: Data): Promise<WithIgnored<Data>> {
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTopologyWrite(w, ctx.principal, bizId, 'create_biz_topology');
    const attrs = await w.attributes('set');
    const { values, ignored } = validateForCreate(attrs, data, {
      strict: deps.strictFields,
      passThrough: new Set(['bk_biz_id', 'bk_supplier_account']),
    });
    assertOrdinary('default', values.default);
    if (values.bk_parent_id !== bizId) {
      throw new DomainError(
        'invalid_value',
        `'bk_parent_id' data parameter verification does not pass: a set's parent is its business, so it must be ${bizId} (bk_biz_id), not ${values.bk_parent_id}`,
        { field: 'bk_parent_id' },
      );
    }
    if (values.set_template_id !== 0) {
      throw invalidReference('set_template_id', `set template ${values.set_template_id} does not exist in business ${bizId}`);
    }
    const set = await w.insertInstance('set', {
      ...values,
      bk_biz_id: bizId,
      set_template_version: null,
      bk_supplier_account: '0',
    });
    return { result: presentInstance('set', set, attrs, deps.timeZone), ignored };
  });
}
