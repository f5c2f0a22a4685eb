import { formatTime } from '../time.js';
import type { ServiceCategoryRow, ServiceTemplateRow, SetTemplateRow } from '../../store/template-store.js';

/** Template rows as clients see them (bk-cmdb's field names; times in its format). */

export const presentCategory = (c: ServiceCategoryRow) => ({
  id: c.id,
  name: c.name,
  bk_root_id: c.bk_root_id,
  bk_parent_id: c.bk_parent_id,
  bk_biz_id: c.bk_biz_id,
  is_built_in: c.is_built_in,
  bk_supplier_account: c.bk_supplier_account,
});

export const presentServiceTemplate = (t: ServiceTemplateRow, timeZone: string) => ({
  id: t.id,
  bk_biz_id: t.bk_biz_id,
  name: t.name,
  service_category_id: t.service_category_id,
  creator: t.creator,
  modifier: t.modifier,
  create_time: formatTime(t.create_time, timeZone),
  last_time: formatTime(t.last_time, timeZone),
  bk_supplier_account: t.bk_supplier_account,
  host_apply_enabled: t.host_apply_enabled,
});

export const presentSetTemplate = (t: SetTemplateRow, timeZone: string) => ({
  id: t.id,
  bk_biz_id: t.bk_biz_id,
  name: t.name,
  version: t.version,
  creator: t.creator,
  modifier: t.modifier,
  create_time: formatTime(t.create_time, timeZone),
  last_time: formatTime(t.last_time, timeZone),
  bk_supplier_account: t.bk_supplier_account,
});
