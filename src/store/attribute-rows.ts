import type { Attribute, ObjId, PropertyType } from '../domain/model/attribute.js';
import type { BuiltinAttribute } from '../domain/model/builtin-attributes.js';

/** object_attribute rows ↔ Attribute. */
export function attributeFromRow(r: Record<string, unknown>): Attribute {
  return {
    id: Number(r.id),
    objId: r.bk_obj_id as ObjId,
    propertyId: String(r.bk_property_id),
    propertyName: String(r.bk_property_name),
    type: r.bk_property_type as PropertyType,
    option: JSON.parse(String(r.option)),
    defaultValue: JSON.parse(String(r.default)),
    isRequired: Boolean(r.isrequired),
    editable: Boolean(r.editable),
    isReadonly: Boolean(r.isreadonly),
    isMultiple: Boolean(r.ismultiple),
    isPre: Boolean(r.ispre),
    isSystem: Boolean(r.bk_issystem),
    isApi: Boolean(r.bk_isapi),
    unit: String(r.unit ?? ''),
    placeholder: String(r.placeholder ?? ''),
    description: String(r.description ?? ''),
    group: String(r.bk_property_group ?? 'default'),
    index: Number(r.bk_property_index ?? 0),
    creator: String(r.creator ?? ''),
    createTime: Number(r.create_time),
    lastTime: Number(r.last_time),
  };
}

export function attributeToRow(a: BuiltinAttribute & { creator: string }, now: number): Record<string, unknown> {
  return {
    bk_obj_id: a.objId,
    bk_property_id: a.propertyId,
    bk_property_name: a.propertyName,
    bk_property_type: a.type,
    option: JSON.stringify(a.option ?? ''),
    default: JSON.stringify(a.defaultValue ?? null),
    isrequired: a.isRequired ? 1 : 0,
    editable: a.editable ? 1 : 0,
    isreadonly: a.isReadonly ? 1 : 0,
    ismultiple: a.isMultiple ? 1 : 0,
    ispre: a.isPre ? 1 : 0,
    bk_issystem: a.isSystem ? 1 : 0,
    bk_isapi: a.isApi ? 1 : 0,
    unit: a.unit,
    placeholder: a.placeholder,
    description: a.description,
    bk_property_group: a.group,
    bk_property_index: a.index,
    creator: a.creator,
    create_time: now,
    last_time: now,
  };
}
