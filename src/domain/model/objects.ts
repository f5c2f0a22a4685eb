import { invalidParameter } from '../errors.js';
import { typeName } from '../json-shape.js';
import type { ObjId } from './attribute.js';

/**
 * The model's objects and their classifications, as search_objects and search_classifications answer them.
 * Topograph's model is fixed (bk-cmdb's built-in objects, no custom ones), so this is its definition, as the
 * built-in attributes are; names are English, as the built-in data's.
 */

export const CLASSIFICATIONS = [
  { id: 1, bk_classification_id: 'bk_host_manage', bk_classification_name: 'Host Management', bk_classification_icon: 'icon-cc-host' },
  { id: 2, bk_classification_id: 'bk_biz_topo', bk_classification_name: 'Business Topology', bk_classification_icon: 'icon-cc-business' },
  { id: 3, bk_classification_id: 'bk_organization', bk_classification_name: 'Organization', bk_classification_icon: 'icon-cc-organization' },
].map((c) => ({ ...c, bk_classification_type: 'inner', bk_supplier_account: '0' }));

const OBJECTS: ReadonlyArray<{ id: number; bk_obj_id: ObjId; bk_obj_name: string; bk_classification_id: string; bk_obj_icon: string; obj_sort_number: number }> = [
  { id: 1, bk_obj_id: 'biz', bk_obj_name: 'business', bk_classification_id: 'bk_organization', bk_obj_icon: 'icon-cc-business', obj_sort_number: 1 },
  { id: 2, bk_obj_id: 'set', bk_obj_name: 'set', bk_classification_id: 'bk_biz_topo', bk_obj_icon: 'icon-cc-set', obj_sort_number: 1 },
  { id: 3, bk_obj_id: 'module', bk_obj_name: 'module', bk_classification_id: 'bk_biz_topo', bk_obj_icon: 'icon-cc-module', obj_sort_number: 2 },
  { id: 4, bk_obj_id: 'host', bk_obj_name: 'host', bk_classification_id: 'bk_host_manage', bk_obj_icon: 'icon-cc-host', obj_sort_number: 1 },
  { id: 5, bk_obj_id: 'plat', bk_obj_name: 'cloud area', bk_classification_id: 'bk_host_manage', bk_obj_icon: 'icon-cc-subnet', obj_sort_number: 2 },
  { id: 6, bk_obj_id: 'bk_biz_set_obj', bk_obj_name: 'business set', bk_classification_id: 'bk_organization', bk_obj_icon: 'icon-cc-business-set', obj_sort_number: 2 },
  { id: 7, bk_obj_id: 'process', bk_obj_name: 'process', bk_classification_id: 'bk_biz_topo', bk_obj_icon: 'icon-cc-process', obj_sort_number: 3 },
];

/**
 * What an object's changes are recorded as: bk-cmdb's audit_type and resource_type in the audit log (which
 * search_inst_audit's bk_obj_id maps to), and the resource_watch resource of its events.
 */
export const RECORD_NAMES: Readonly<Record<ObjId, { auditType: string; resourceType: string; eventResource: string }>> = {
  biz: { auditType: 'business', resourceType: 'business', eventResource: 'biz' },
  set: { auditType: 'business_resource', resourceType: 'set', eventResource: 'set' },
  module: { auditType: 'business_resource', resourceType: 'module', eventResource: 'module' },
  plat: { auditType: 'cloud_resource', resourceType: 'cloud_area', eventResource: 'plat' },
  host: { auditType: 'host', resourceType: 'host', eventResource: 'host' },
  bk_biz_set_obj: { auditType: 'business_set', resourceType: 'biz_set', eventResource: 'biz_set' },
  process: { auditType: 'business_resource', resourceType: 'process', eventResource: 'process' },
};

/** An object's display name. */
export const objectName = (objId: ObjId): string => OBJECTS.find((o) => o.bk_obj_id === objId)!.bk_obj_name;

const MODEL_OBJECTS = OBJECTS.map((o) => ({
  ...o,
  ispre: true,
  bk_ispaused: false,
  bk_ishidden: false,
  position: '',
  description: '',
  creator: 'cc_system',
  modifier: '',
  create_time: null,
  last_time: null,
  bk_supplier_account: '0',
}));

/** The fields search_objects filters on (each the whole value), and the JSON type each takes. */
const FILTERS: Readonly<Record<string, 'string' | 'number' | 'boolean'>> = {
  bk_obj_id: 'string',
  bk_obj_name: 'string',
  bk_classification_id: 'string',
  creator: 'string',
  modifier: 'string',
  obj_sort_number: 'number',
  ispre: 'boolean',
  bk_ispaused: 'boolean',
};

/** search_objects: the objects whose fields equal those given (none given: every object). */
export function searchObjects(p: Record<string, unknown>) {
  const given = Object.keys(FILTERS).filter((k) => p[k] !== undefined && p[k] !== null);
  for (const k of given) if (typeof p[k] !== FILTERS[k]) throw invalidParameter(k, `must be a ${FILTERS[k]} (got ${typeName(p[k])})`);
  return MODEL_OBJECTS.filter((o) => given.every((k) => (o as Record<string, unknown>)[k] === p[k]));
}
