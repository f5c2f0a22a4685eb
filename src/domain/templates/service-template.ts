import { actorOf, type CallContext, type Deps } from '../context.js';
import { DomainError, duplicate, invalidParameter, notFound } from '../errors.js';
import { TemplateWrites, type ServiceCategoryRow, type ServiceTemplateRow, type TemplateReads } from '../../store/template-store.js';
import type { InstanceRow } from '../../store/instance-tables.js';
import type { WriteSession } from '../../store/write-session.js';
import { bizForTemplateWrite, intOf, optionalBoolOf, optionalIntOf, pageOf, searchTextOf, templateNameOf } from './params.js';
import { presentServiceTemplate } from './present.js';
import { ProcTemplateWrites } from '../../store/proc-template-store.js';

/** bk-cmdb's page cap for template lists (BKMaxPageSize). */
export const MAX_TEMPLATE_PAGE = 1000;

const duplicateName = (name: string) => {
  const err = duplicate('service_template', ['name']);
  return new DomainError(err.kind, `${err.message} (service template name '${name}' is taken in this business)`, err.details);
};

/**
 * The category a service template may take: visible to the business (1199006 'service_category_id' otherwise)
 * and a leaf, one without child categories (1113032).
 */
async function templateCategory(t: TemplateReads, bizId: number, categoryId: number): Promise<ServiceCategoryRow> {
  const cat = await t.category(categoryId);
  if (!cat || (cat.bk_biz_id !== 0 && cat.bk_biz_id !== bizId)) {
    throw new DomainError('invalid_value', `'service_category_id' data parameter verification does not pass: service category ${categoryId} does not exist for business ${bizId}`, {
      field: 'service_category_id',
    });
  }
  if ((await t.countCategoryChildren(cat.id)) > 0) {
    throw new DomainError('invalid_value', `only leaf service categories are available: service category ${categoryId} (${cat.name}) has child categories`, {
      field: 'service_category_id',
      operation: 'leaf_category',
    });
  }
  return cat;
}

async function ownServiceTemplate(t: TemplateReads, bizId: number, id: number): Promise<ServiceTemplateRow> {
  const tpl = await t.serviceTemplate(id);
  if (!tpl || tpl.bk_biz_id !== bizId) throw notFound(`service template ${id} does not exist in business ${bizId}`);
  return tpl;
}

/** create_service_template: a name unique in the business (1199014) and a leaf category visible to it. */
export async function createServiceTemplate(
  deps: Deps,
  ctx: CallContext,
  params: { bk_biz_id?: unknown; name?: unknown; service_category_id?: unknown },
) {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  const categoryId = intOf('service_category_id', params.service_category_id);
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'create_biz_topology');
    const name = templateNameOf('name', params.name);
    const t = new TemplateWrites(w);
    await templateCategory(t, bizId, categoryId);
    if (await t.serviceTemplateNameTaken(bizId, name)) throw duplicateName(name);
    return presentServiceTemplate(await t.insertServiceTemplate({ bizId, name, categoryId }), deps.timeZone);
  });
}

const SORTABLE = ['id', 'name', 'service_category_id', 'create_time', 'last_time'] as const;

/**
 * list_service_template: the business's service templates, optionally of a category (its child categories
 * included), optionally by name (search: case-insensitive "contains", or equality with is_exact);
 * newest first unless page.sort says otherwise; page.limit ≤ 1000.
 */
export async function listServiceTemplates(
  deps: Deps,
  params: { bk_biz_id?: unknown; service_category_id?: unknown; search?: unknown; is_exact?: unknown; page?: unknown },
) {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  const categoryId = optionalIntOf('service_category_id', params.service_category_id) ?? 0;
  const search = searchTextOf('search', params.search);
  const exact = optionalBoolOf('is_exact', params.is_exact);
  const page = pageOf(params.page, { maxLimit: MAX_TEMPLATE_PAGE, sortable: SORTABLE, defaultSort: '-id' });
  let categoryIds: number[] | undefined;
  if (categoryId > 0) {
    const visible = await deps.store.templates.categoriesVisibleTo(bizId);
    categoryIds = [categoryId, ...visible.filter((c) => c.bk_parent_id === categoryId && c.id !== categoryId).map((c) => c.id)];
  }
  const { count, rows } = await deps.store.templates.listServiceTemplates({ bizId, categoryIds, search, exact, ...page });
  return { count, info: rows.map((r) => presentServiceTemplate(r, deps.timeZone)) };
}

/** get_service_template: one service template by id (1199019 when there is none). */
export async function getServiceTemplate(deps: Deps, params: { service_template_id?: unknown }) {
  const id = intOf('service_template_id', params.service_template_id);
  const tpl = await deps.store.templates.serviceTemplate(id);
  if (!tpl) throw notFound(`service template ${id} does not exist`);
  return presentServiceTemplate(tpl, deps.timeZone);
}

/**
 * update_service_template: name and/or category (at least one). As in bk-cmdb, the modules made from the
 * template follow: they take the new name (a clash with another module of their set is refused, 1199014)
 * and the new category; each module change writes its own audit record.
 */
export async function updateServiceTemplate(
  deps: Deps,
  ctx: CallContext,
  params: { bk_biz_id?: unknown; id?: unknown; name?: unknown; service_category_id?: unknown },
) {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  const id = intOf('id', params.id);
  const categoryId = optionalIntOf('service_category_id', params.service_category_id) || undefined;
  const nameGiven = params.name !== undefined && params.name !== null && params.name !== '';
  if (!nameGiven && categoryId === undefined) {
    throw invalidParameter('name', 'or service_category_id must be given: there is nothing to change');
  }
  return deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'edit_biz_topology');
    const t = new TemplateWrites(w);
    await t.lockRows('service_template', [id]);
    const before = await ownServiceTemplate(t, bizId, id);
    const changes: { name?: string; categoryId?: number } = {};
    if (nameGiven) {
      const name = templateNameOf('name', params.name);
      if (name !== before.name) {
        if (await t.serviceTemplateNameTaken(bizId, name, id)) throw duplicateName(name);
        changes.name = name;
      }
    }
    if (categoryId !== undefined && categoryId !== before.service_category_id) {
      await templateCategory(t, bizId, categoryId);
      changes.categoryId = categoryId;
    }
    if (changes.name === undefined && changes.categoryId === undefined) return presentServiceTemplate(before, deps.timeZone);
    const after = await t.updateServiceTemplate(before, changes);
    await followTemplate(w, after);
    return presentServiceTemplate(after, deps.timeZone);
  });
}

/** The modules made from a service template take its name and category: one update per kind of change. */
async function followTemplate(w: WriteSession, tpl: ServiceTemplateRow): Promise<void> {
  const byChange = new Map<string, { changes: Record<string, unknown>; modules: InstanceRow[] }>();
  for (const mod of await w.findInstances('module', { service_template_id: tpl.id })) {
    const changes: Record<string, unknown> = {};
    if (mod.bk_module_name !== tpl.name) changes.bk_module_name = tpl.name;
    if (mod.service_category_id !== tpl.service_category_id) changes.service_category_id = tpl.service_category_id;
    const key = Object.keys(changes).join(',');
    if (!key) continue;
    const group = byChange.get(key) ?? { changes, modules: [] };
    group.modules.push(mod);
    byChange.set(key, group);
  }
  for (const { changes, modules } of byChange.values()) await w.updateInstances('module', modules, changes);
}

/** delete_service_template: refused (1199056) while modules are made from it or set templates include it. */
export async function deleteServiceTemplate(deps: Deps, ctx: CallContext, params: { bk_biz_id?: unknown; service_template_id?: unknown }): Promise<void> {
  const bizId = intOf('bk_biz_id', params.bk_biz_id);
  const id = intOf('service_template_id', params.service_template_id);
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'delete_biz_topology');
    const t = new TemplateWrites(w);
    await t.lockRows('service_template', [id]);
    const tpl = await ownServiceTemplate(t, bizId, id);
    const modules = await t.countModulesOfServiceTemplate(id);
    if (modules > 0) {
      throw new DomainError('in_use', `remove referenced record forbidden: ${modules} module(s) are made from service template ${id} (${tpl.name})`, {
        field: 'service_template_id',
      });
    }
    const setTemplates = await t.setTemplatesIncluding(id);
    if (setTemplates.length > 0) {
      throw new DomainError(
        'in_use',
        `remove referenced record forbidden: service template ${id} (${tpl.name}) is part of set template(s) ${setTemplates.join(', ')}`,
        { field: 'service_template_id' },
      );
    }
    // Its process templates go with it (no process is made from them: no module is made from the service template).
    const procTemplates = new ProcTemplateWrites(w);
    await procTemplates.delete(await procTemplates.ofServiceTemplates([id]));
    await t.deleteServiceTemplate(tpl);
  });
}

/**
 * For create_module: the service template a module is made from, when service_template_id names one of the
 * business's (undefined for absent, 0, or a value that is not an id, which the validator reports).
 */
export async function serviceTemplateForModule(w: WriteSession, bizId: number, templateId: unknown): Promise<ServiceTemplateRow | undefined> {
  if (typeof templateId !== 'number' || !Number.isSafeInteger(templateId) || templateId === 0) return undefined;
  const tpl = await new TemplateWrites(w).serviceTemplate(templateId);
  return tpl && tpl.bk_biz_id === bizId ? tpl : undefined;
}

/**
 * For create_module: the category of a module made from a service template is the template's; a request
 * naming another one is refused (1108036 "service category and template not coincide").
 */
export function moduleCategoryFor(tpl: ServiceTemplateRow, requested: unknown): number {
  if (requested === undefined || requested === null || requested === 0 || requested === tpl.service_category_id) return tpl.service_category_id;
  throw new DomainError(
    'template_mismatch',
    `service category and template not coincide: service template ${tpl.id} (${tpl.name}) is of service category ${tpl.service_category_id}, not ${String(requested)}`,
    { field: 'service_category_id' },
  );
}
