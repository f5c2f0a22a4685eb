import { actorOf, type CallContext, type Deps, type WithIgnored } from '../context.js';
import { DomainError, invalidReference } from '../errors.js';
import { validateForCreate } from '../model/validator.js';
import { assertOrdinary, bizForTopologyWrite } from './guards.js';
import { presentInstance } from './present.js';
import { DEFAULT_SERVICE_CATEGORY_ID } from './service-category.js';

type Data = Record<string, unknown>;

/** create_module, with bk-cmdb's checks: the set is in the business, is not the idle pool, nor made from a set template. */
export async function createModule(
  deps: Deps,
  ctx: CallContext,
  bizId: number,
  setId: number,
  data: Data,
): Promise<WithIgnored<Data>> {
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTopologyWrite(w, ctx.principal, bizId, 'create_biz_topology');
    const set = await w.getInstance('set', setId);
    if (!set || set.bk_biz_id !== bizId) {
      throw invalidReference('bk_set_id', `set ${setId} does not exist in business ${bizId}`);
    }
    if (set.default !== 0) {
      throw new DomainError('builtin_forbidden', `forbidden remove or update built in set or module: set ${setId} is the idle pool, whose modules are built in`, {
        field: 'bk_set_id',
        objId: 'set',
      });
    }
    if ((set.set_template_id as number) > 0) {
      throw new DomainError('template_forbidden', `forbidden add/remove module on set initialized by set template: set ${setId} follows set template ${set.set_template_id}`, {
        field: 'bk_set_id',
      });
    }
    const attrs = await w.attributes('module');
    const { values, ignored } = validateForCreate(attrs, data, {
      strict: deps.strictFields,
      passThrough: new Set(['bk_biz_id', 'bk_set_id', 'bk_supplier_account']),
    });
    assertOrdinary('default', values.default);
    if (values.bk_parent_id !== setId) {
      throw new DomainError(
        'invalid_value',
        `'bk_parent_id' data parameter verification does not pass: a module's parent is its set, so it must be ${setId} (bk_set_id), not ${values.bk_parent_id}`,
        { field: 'bk_parent_id' },
      );
    }
    const templateId = (values.service_template_id as number | null) ?? 0;
    if (templateId !== 0) {
      throw new DomainError('invalid_value', `'service_template_id' data parameter verification does not pass: service template ${templateId} does not exist in business ${bizId}`, {
        field: 'service_template_id',
      });
    }
    const categoryId = (values.service_category_id as number | null) ?? DEFAULT_SERVICE_CATEGORY_ID;
    if (categoryId === 0 || !(await w.serviceCategoryUsableIn(categoryId, bizId))) {
      throw new DomainError('invalid_value', `'service_category_id' data parameter verification does not pass: service category ${categoryId} does not exist for business ${bizId}`, {
        field: 'service_category_id',
      });
    }
    const mod = await w.insertInstance('module', {
      ...values,
      bk_biz_id: bizId,
      bk_set_id: setId,
      service_category_id: categoryId,
      service_template_id: 0,
      set_template_id: 0,
      host_apply_enabled: false,
      bk_supplier_account: '0',
    });
    return { result: presentInstance('module', mod, attrs, deps.timeZone), ignored };
  });
}
