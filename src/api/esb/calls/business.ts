import { Type } from '@sinclair/typebox';
import {
  createBusiness,
  deleteBusiness,
  searchBusiness,
  setBusinessStatus,
  updateBusiness,
} from '../../../domain/topology/business.js';
import { defineCall, intParam, modelData, modelField, filteredSearchParams } from '../call.js';

export const createBusinessCall = defineCall({
  name: 'create_business',
  group: 'business',
  summary: 'Create a business (administrator) with its idle pool; time_zone and language default to Asia/Shanghai and "1".',
  params: {
    data: modelData('business attributes', {
      bk_biz_name: modelField('string, required', 'business name, unique'),
      bk_biz_maintainer: modelField('string, required', 'comma-separated maintainers; they may change the topology'),
      time_zone: modelField('string', 'default Asia/Shanghai'),
      language: modelField('enum "1" | "2"', 'default "1"'),
      life_cycle: modelField('enum "1" | "2" | "3"', 'default "2"'),
    }),
  },
  async handle(ctx, body) {
    const { result, ignored } = await createBusiness(ctx.deps, ctx, body.data);
    ctx.ignore(ignored.map((f) => `data.${f}`));
    return result;
  },
});

export const searchBusinessCall = defineCall({
  name: 'search_business',
  cacheable: true,
  group: 'business',
  summary: 'Search businesses: {count, info}. String conditions match as case-insensitive "contains"; page.limit ≤ 200.',
  params: filteredSearchParams('biz_property_filter'),
  handle: (ctx, body) => searchBusiness(ctx.deps, body),
});

export const updateBusinessCall = defineCall({
  name: 'update_business',
  group: 'business',
  summary: 'Change a business (administrator or maintainer); unknown and non-editable fields are refused.',
  params: { bk_biz_id: intParam('business ID'), data: modelData('attributes to change', {}) },
  async handle(ctx, body) {
    await updateBusiness(ctx.deps, ctx, body.bk_biz_id, body.data);
    return null;
  },
});

export const updateBusinessEnableStatusCall = defineCall({
  name: 'update_business_enable_status',
  group: 'business',
  summary: 'Archive (flag "disabled") or restore ("enable") a business (administrator); archived businesses take no writes.',
  params: { bk_biz_id: intParam('business ID'), flag: Type.String({ description: '"disabled" or "enable"' }) },
  async handle(ctx, body) {
    await setBusinessStatus(ctx.deps, ctx, body.bk_biz_id, body.flag);
    return null;
  },
});

export const deleteBusinessCall = defineCall({
  name: 'delete_business',
  group: 'business',
  summary: "Topograph's own: delete an archived business with its idle pool (administrator; refused while it holds hosts).",
  params: { bk_biz_id: intParam('business ID') },
  async handle(ctx, body) {
    await deleteBusiness(ctx.deps, ctx, body.bk_biz_id);
    return null;
  },
});
