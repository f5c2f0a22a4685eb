import { describe, expect, it } from 'vitest';
import type { ServiceTemplateRow, TemplateModuleRow } from '../../store/template-store.js';
import { diffSet, inSync } from './sync.js';

const st = (id: number, name = `st${id}`): ServiceTemplateRow => ({
  id,
  bk_biz_id: 5,
  name,
  service_category_id: 2,
  host_apply_enabled: false,
  creator: 'admin',
  modifier: 'admin',
  create_time: 0,
  last_time: 0,
  bk_supplier_account: '0',
});
const mod = (id: number, serviceTemplateId: number): TemplateModuleRow => ({ bk_module_id: id, bk_module_name: `m${id}`, bk_set_id: 9, service_template_id: serviceTemplateId });

describe('diffSet', () => {
  it('is in sync when every service template has its module, no other module exists and the versions agree', () => {
    const d = diffSet({ version: 3 }, [st(1), st(2)], { set_template_version: 3 }, [mod(10, 2), mod(11, 1)]);
    expect(d).toEqual({ toAdd: [], toRemove: [], versionBehind: false });
    expect(inSync(d)).toBe(true);
  });

  it('treats a null version on both sides as equal, and null against a number as behind', () => {
    expect(diffSet({ version: null }, [], { set_template_version: null }, []).versionBehind).toBe(false);
    const d = diffSet({ version: 1 }, [], { set_template_version: null }, []);
    expect(d.versionBehind).toBe(true);
    expect(inSync(d)).toBe(false);
  });

  it('adds the service templates without a module and removes modules of other (or no) service templates', () => {
    const d = diffSet({ version: 2 }, [st(1), st(3)], { set_template_version: 1 }, [mod(10, 1), mod(11, 2), mod(12, 0)]);
    expect(d.toAdd.map((s) => s.id)).toEqual([3]);
    expect(d.toRemove.map((m) => m.bk_module_id)).toEqual([11, 12]);
    expect(d.versionBehind).toBe(true);
  });

  it('an empty template removes every module', () => {
    const d = diffSet({ version: 4 }, [], { set_template_version: 4 }, [mod(10, 1)]);
    expect(d.toRemove.map((m) => m.bk_module_id)).toEqual([10]);
    expect(inSync(d)).toBe(false);
  });
});
