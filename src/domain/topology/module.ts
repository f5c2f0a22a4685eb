import { actorOf, type CallContext, type Deps, type WithIgnored } from '../context.js';
import { DomainError, invalidReference, notFound } from '../errors.js';
import { validateForCreate } from '../model/validator.js';
import type { SearchParams } from '../search-params.js';
import type { Filter } from '../../store/search.js';
import type { InstanceRow } from '../../store/store.js';
import type { WriteSession } from '../../store/write-session.js';
import { assertOrdinary, bizForTopologyWrite } from './guards.js';
import { searchInstances, updateInstance } from './instances.js';
import { presentInstance } from './present.js';
import { DEFAULT_SERVICE_CATEGORY_ID } from './service-category.js';
import { moduleCategoryFor, serviceTemplateForModule } from '../templates/service-template.js';

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
    // A module made from a service template takes the template's name, whatever the request says.
    const template = await serviceTemplateForModule(w, bizId, data.service_template_id);
    const { values, ignored } = validateForCreate(attrs, template ? { ...data, bk_module_name: template.name } : data, {
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
    if (templateId !== 0 && !template) {
      throw new DomainError('invalid_value', `'service_template_id' data parameter verification does not pass: service template ${templateId} does not exist in business ${bizId}`, {
        field: 'service_template_id',
      });
    }
    const categoryId = template
      ? moduleCategoryFor(template, values.service_category_id)
      : ((values.service_category_id as number | null) ?? DEFAULT_SERVICE_CATEGORY_ID);
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
      service_template_id: templateId,
      set_template_id: 0,
      host_apply_enabled: false,
      bk_supplier_account: '0',
    });
    return { result: presentInstance('module', mod, attrs, deps.timeZone), ignored };
  });
}

/** search_module: a business's modules, or one set's when bk_set_id > 0; page.limit ≤ 1000. */
export function searchModule(deps: Deps, bizId: number, setId: number | undefined, params: SearchParams) {
  const fixed: Filter[] = [{ field: 'bk_biz_id', op: 'eq', value: bizId }];
  if (setId) fixed.push({ field: 'bk_set_id', op: 'eq', value: setId });
  return searchInstances(deps, 'module', params, { defaultLimit: 1000, maxLimit: 1000, filterParam: 'filter' }, fixed);
}

async function ordinaryModule(w: WriteSession, bizId: number, setId: number, moduleId: number): Promise<InstanceRow> {
  const mod = await w.getInstance('module', moduleId, 'update');
  if (!mod || mod.bk_biz_id !== bizId || mod.bk_set_id !== setId) {
    throw notFound(`module ${moduleId} does not exist in set ${setId} of business ${bizId}`);
  }
  if (mod.default !== 0) {
    throw new DomainError('builtin_forbidden', `forbidden remove or update built in set or module: module ${moduleId} is built in (${mod.bk_module_name})`, {
      field: 'bk_module_id',
      objId: 'module',
    });
  }
  return mod;
}

/** update_module: built-in modules are fixed; a module made from a service template keeps the template's name. */
export async function updateModule(deps: Deps, ctx: CallContext, bizId: number, setId: number, moduleId: number, data: Data): Promise<void> {
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTopologyWrite(w, ctx.principal, bizId, 'edit_biz_topology');
    const mod = await ordinaryModule(w, bizId, setId, moduleId);
    if ((mod.service_template_id as number) > 0 && data.bk_module_name !== undefined && data.bk_module_name !== mod.bk_module_name) {
      throw new DomainError('template_forbidden', `update name field on module create by template forbidden: module ${moduleId} takes its name from service template ${mod.service_template_id}`, {
        field: 'bk_module_name',
        operation: 'rename',
      });
    }
    await updateInstance(w, 'module', mod, data, ['bk_biz_id', 'bk_set_id', 'bk_module_id', 'bk_parent_id', 'bk_supplier_account', 'metadata']);
  });
}

/** delete_module: not a built-in, not in a set made from a set template, not while it holds hosts. */
export async function deleteModule(deps: Deps, ctx: CallContext, bizId: number, setId: number, moduleId: number): Promise<void> {
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTopologyWrite(w, ctx.principal, bizId, 'delete_biz_topology');
    const mod = await ordinaryModule(w, bizId, setId, moduleId);
    const set = await w.getInstance('set', setId);
    if (set && (set.set_template_id as number) > 0) {
      throw new DomainError('template_forbidden', `forbidden add/remove module on set initialized by set template: set ${setId} follows set template ${set.set_template_id}`, {
        field: 'bk_set_id',
      });
    }
    const hosts = await w.countHosts({ moduleIds: [moduleId] });
    if (hosts > 0) {
      throw new DomainError('has_hosts', `Having hosts under the target, deleting forbidden: ${hosts} host(s) are in module ${moduleId}`, {
        field: 'bk_module_id',
      });
    }
    await w.deleteInstances('module', [mod]);
  });
}
