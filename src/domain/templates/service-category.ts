import { actorOf, type CallContext, type Deps } from '../context.js';
import { DomainError, duplicate, notFound } from '../errors.js';
import { TemplateWrites, type ServiceCategoryRow } from '../../store/template-store.js';
import { bizForTemplateWrite, categoryNameOf, intOf, optionalIntOf } from './params.js';
import { presentCategory } from './present.js';

/**
 * Service categories: two levels (roots, and their children), global ones (bk_biz_id 0: the built-in
 * "Default" / "Default" pair) and a business's own. A module or service template takes a category visible
 * to its business.
 */

/** list_service_category: the global categories and the business's own, by name: {count, info}. */
export async function listServiceCategories(deps: Deps, params: { bk_biz_id?: unknown }) {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  const rows = await deps.store.templates.categoriesVisibleTo(bizId);
  return { count: rows.length, info: rows.map(presentCategory) };
}

const duplicateName = (name: string) => {
  const err = duplicate('service_category', ['name']);
  return new DomainError(err.kind, `Duplicate service category name [${name}]: ${err.message}`, err.details);
};

/** The business's own category, or a refusal: not found (1199019), or built in / global (1199054). */
async function ownCategory(t: TemplateWrites, bizId: number, id: number): Promise<ServiceCategoryRow> {
  await t.lockRows('service_category', [id]);
  const cat = await t.category(id);
  if (!cat || (cat.bk_biz_id !== bizId && cat.bk_biz_id !== 0)) throw notFound(`service category ${id} does not exist in business ${bizId}`);
  if (cat.is_built_in || cat.bk_biz_id === 0) {
    throw new DomainError('builtin_forbidden', `operate built-in object forbidden: service category ${id} (${cat.name}) is built in`, {
      field: 'id',
      objId: 'service_category',
    });
  }
  return cat;
}

/**
 * create_service_category: a root (bk_parent_id 0) or a child of a root visible to the business; the name
 * is unique among the categories of its level visible to the business (1113017).
 */
export async function createServiceCategory(
  deps: Deps,
  ctx: CallContext,
  params: { bk_biz_id?: unknown; name?: unknown; bk_parent_id?: unknown; parent_id?: unknown },
) {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  // bk-cmdb reads bk_parent_id; its documentation's example says parent_id: both are accepted.
  const parentField = params.bk_parent_id !== undefined ? 'bk_parent_id' : 'parent_id';
  const parentId = optionalIntOf(parentField, params.bk_parent_id ?? params.parent_id) ?? 0;
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'create_biz_topology');
    const name = categoryNameOf('name', params.name);
    const t = new TemplateWrites(w);
    let rootId = 0;
    if (parentId !== 0) {
      const parent = await t.category(parentId);
      if (!parent || (parent.bk_biz_id !== 0 && parent.bk_biz_id !== bizId)) {
        throw new DomainError('invalid_value', `'${parentField}' data parameter verification does not pass: service category ${parentId} does not exist for business ${bizId}`, {
          field: parentField,
        });
      }
      if (parent.bk_parent_id !== 0) {
        throw new DomainError('invalid_value', `'${parentField}' data parameter verification does not pass: service categories have two levels, and ${parentId} (${parent.name}) is not a root`, {
          field: parentField,
        });
      }
      rootId = parent.id;
    }
    if (await t.categoryNameTaken(bizId, parentId === 0, name)) throw duplicateName(name);
    const cat = await t.insertCategory({ bizId, name, parentId, rootId });
    return presentCategory(cat);
  });
}

/** update_service_category: only the name of a business's own category changes. */
export async function updateServiceCategory(deps: Deps, ctx: CallContext, params: { bk_biz_id?: unknown; id?: unknown; name?: unknown }) {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  const id = intOf('id', params.id);
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'edit_biz_topology');
    const t = new TemplateWrites(w);
    const cat = await ownCategory(t, bizId, id);
    const name = categoryNameOf('name', params.name);
    if (name === cat.name) return presentCategory(cat);
    if (await t.categoryNameTaken(bizId, cat.bk_parent_id === 0, name, cat.id)) throw duplicateName(name);
    return presentCategory(await t.renameCategory(cat, name));
  });
}

/** delete_service_category: not a built-in one, not one with children (1199055), not one in use (1199056). */
export async function deleteServiceCategory(deps: Deps, ctx: CallContext, params: { bk_biz_id?: unknown; id?: unknown }): Promise<void> {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  const id = intOf('id', params.id);
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'delete_biz_topology');
    const t = new TemplateWrites(w);
    const cat = await ownCategory(t, bizId, id);
    const children = await t.countCategoryChildren(id);
    if (children > 0) {
      throw new DomainError('has_children', `remove record has children forbidden: service category ${id} (${cat.name}) has ${children} child categories`, {
        field: 'id',
      });
    }
    const usage = await t.categoryUsage(id);
    if (usage.serviceTemplates > 0 || usage.modules > 0) {
      throw new DomainError(
        'in_use',
        `remove referenced record forbidden: service category ${id} (${cat.name}) is used by ${usage.serviceTemplates} service template(s) and ${usage.modules} module(s)`,
        { field: 'id' },
      );
    }
    await t.deleteCategory(cat);
  });
}
