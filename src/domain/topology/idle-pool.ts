import type { InstanceRow } from '../../store/store.js';
import type { WriteSession } from '../../store/write-session.js';
import { DEFAULT_SERVICE_CATEGORY_ID } from './service-category.js';

/** The idle pool every business is born with (bk-cmdb names these in Chinese; English names serve). */
export const IDLE_SET_NAME = 'idle pool';
export const IDLE_MODULES = [
  { name: 'idle host', kind: 1 },
  { name: 'fault host', kind: 2 },
  { name: 'recycle host', kind: 3 },
] as const;

export async function createIdlePool(w: WriteSession, biz: InstanceRow): Promise<void> {
  const bizId = biz.bk_biz_id as number;
  const set = await w.insertInstance('set', {
    bk_biz_id: bizId,
    bk_parent_id: bizId,
    bk_set_name: IDLE_SET_NAME,
    bk_set_desc: '',
    bk_set_env: '3',
    bk_service_status: '1',
    description: '',
    bk_capacity: null,
    set_template_id: 0,
    set_template_version: null,
    default: 1,
  });
  for (const m of IDLE_MODULES) {
    await w.insertInstance('module', {
      bk_biz_id: bizId,
      bk_set_id: set.bk_set_id,
      bk_parent_id: set.bk_set_id,
      bk_module_name: m.name,
      bk_module_type: '1',
      operator: null,
      bk_bak_operator: null,
      service_category_id: DEFAULT_SERVICE_CATEGORY_ID,
      service_template_id: 0,
      set_template_id: 0,
      host_apply_enabled: false,
      default: m.kind,
    });
  }
}
