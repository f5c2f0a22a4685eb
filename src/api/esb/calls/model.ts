import { Type } from '@sinclair/typebox';
import type { Attribute } from '../../../domain/model/attribute.js';
import {
  createAttribute,
  deleteAttribute,
  searchAttributes,
  updateAttribute,
  type AttributeInput,
} from '../../../domain/model/attribute-service.js';
import { CLASSIFICATIONS, searchObjects } from '../../../domain/model/objects.js';
import { formatTime } from '../../../domain/time.js';
import { MAX_INST_BY_OBJECT_PAGE, MAX_OBJECT_INSTANCE_PAGE, countObjectInstances, searchInstByObject, searchObjectInstances } from '../../../domain/topology/object-instances.js';
import { defineCall, intParam, modelField, withoutGeneralParams } from '../call.js';

/** Attribute ↔ bk-cmdb's wire names. */
function toWire(a: Attribute, timeZone: string) {
  return {
    id: a.id,
    bk_obj_id: a.objId,
    bk_property_id: a.propertyId,
    bk_property_name: a.propertyName,
    bk_property_type: a.type,
    bk_property_group: a.group,
    bk_property_index: a.index,
    option: a.option,
    default: a.defaultValue,
    isrequired: a.isRequired,
    editable: a.editable,
    isreadonly: a.isReadonly,
    ismultiple: a.isMultiple,
    ispre: a.isPre,
    bk_issystem: a.isSystem,
    bk_isapi: a.isApi,
    unit: a.unit,
    placeholder: a.placeholder,
    description: a.description,
    creator: a.creator,
    create_time: formatTime(a.createTime, timeZone),
    last_time: formatTime(a.lastTime, timeZone),
    bk_supplier_account: '0',
  };
}

function fromWire(b: Record<string, unknown>): AttributeInput {
  return {
    objId: b.bk_obj_id,
    propertyId: b.bk_property_id,
    propertyName: b.bk_property_name,
    type: b.bk_property_type,
    option: b.option,
    defaultValue: b.default,
    isRequired: b.isrequired,
    editable: b.editable,
    isReadonly: b.isreadonly,
    isMultiple: b.ismultiple,
    unit: b.unit,
    placeholder: b.placeholder,
    description: b.description,
    group: b.bk_property_group,
    index: b.bk_property_index,
  };
}

const definitionFields = {
  bk_property_name: modelField('string', 'display name, ≤ 128'),
  bk_property_group: modelField('string', 'group id'),
  bk_property_index: modelField('int', 'position in its group, from 0 (default 1000)'),
  option: modelField('regex | {min,max} | [{id,name,is_default}] | [string]', 'rules of the type; a bad regex is refused'),
  default: modelField('any', 'value used when a create omits the field'),
  isrequired: modelField('bool', 'required on every write after'),
  editable: modelField('bool', 'may be changed by update'),
  isreadonly: modelField('bool', 'read-only'),
  ismultiple: modelField('bool', 'more than one value (user, enummulti)'),
  unit: modelField('string', 'unit, ≤ 20'),
  placeholder: modelField('string', 'hint, ≤ 2000'),
  description: modelField('string', 'description'),
};

export const createObjectAttributeCall = defineCall({
  name: 'create_object_attribute',
  group: 'model',
  summary: 'Add a custom attribute to biz, set, module, plat or host (administrator). It applies to every write after.',
  params: {
    bk_obj_id: modelField('string, required', 'biz | set | module | plat | host'),
    bk_property_id: modelField('string, required', 'field name: a letter, then letters, digits, _'),
    bk_property_type: modelField('string, required', 'singlechar | longchar | int | float | enum | enummulti | date | time | objuser | timezone | bool | list | organization'),
    ...definitionFields,
  },
  async handle(ctx, body) {
    return toWire(await createAttribute(ctx.deps, ctx, fromWire(body)), ctx.deps.timeZone);
  },
});

export const searchObjectAttributeCall = defineCall({
  name: 'search_object_attribute',
  cacheable: true,
  group: 'model',
  summary: "List an object's attributes, built-in (ispre) and custom.",
  params: {
    bk_obj_id: modelField('string', 'biz | set | module | plat | host'),
    bk_property_id: modelField('string', 'one attribute'),
    id: Type.Optional(intParam('attribute id')),
    bk_biz_id: Type.Optional(intParam("accepted: bk-cmdb adds the business's custom fields, and Topograph has none")),
  },
  async handle(ctx, body) {
    const list = await searchAttributes(ctx.deps, { objId: body.bk_obj_id, propertyId: body.bk_property_id, id: body.id });
    return list.map((a) => toWire(a, ctx.deps.timeZone));
  },
});

export const updateObjectAttributeCall = defineCall({
  name: 'update_object_attribute',
  group: 'model',
  fieldsAtTopLevel: true,
  summary: "Change an attribute's definition (administrator); built-in ones take only name, placeholder, description, unit and group.",
  params: { id: intParam('attribute id'), ...definitionFields },
  async handle(ctx, body) {
    await updateAttribute(ctx.deps, ctx, body.id, fromWire(withoutGeneralParams(body)));
    return null;
  },
});

export const deleteObjectAttributeCall = defineCall({
  name: 'delete_object_attribute',
  group: 'model',
  summary: 'Remove a custom attribute (administrator); built-in attributes stay.',
  params: { id: intParam('attribute id') },
  async handle(ctx, body) {
    await deleteAttribute(ctx.deps, ctx, body.id);
    return null;
  },
});

export const searchClassificationsCall = defineCall({
  name: 'search_classifications',
  group: 'model',
  summary: 'The classifications of the model\'s objects: [{id, bk_classification_id, bk_classification_name, bk_classification_type, bk_classification_icon, bk_supplier_account}].',
  params: {},
  handle: async () => CLASSIFICATIONS,
});

export const searchObjectsCall = defineCall({
  name: 'search_objects',
  group: 'model',
  summary: "The model's objects (biz, set, module, host, plat) whose fields equal those given: [{id, bk_obj_id, bk_obj_name, bk_classification_id, bk_obj_icon, ispre, …}].",
  params: {
    bk_obj_id: Type.Optional(Type.String({ description: 'one object' })),
    bk_obj_name: Type.Optional(Type.String({ description: 'its name' })),
    bk_classification_id: Type.Optional(Type.String({ description: "the objects of one classification (search_classifications)" })),
    creator: Type.Optional(Type.String({ description: 'who made it ("cc_system" for every built-in object)' })),
    modifier: Type.Optional(Type.String({ description: 'who changed it last' })),
    obj_sort_number: Type.Optional(Type.Integer({ description: 'its place in its classification' })),
    ispre: Type.Optional(Type.Boolean({ description: 'built-in (every object is)' })),
    bk_ispaused: Type.Optional(Type.Boolean({ description: 'paused (none is)' })),
  },
  handle: async (_ctx, body) => searchObjects(body),
});

export const countObjectInstancesCall = defineCall({
  name: 'count_object_instances',
  cacheable: true,
  group: 'model',
  summary: 'How many instances of a model object hold the conditions: {count}. Every instance counts, built-in and archived ones too.',
  params: {
    bk_obj_id: Type.Unknown({ description: 'biz | set | module | plat | host | bk_biz_set_obj | process' }),
    conditions: Type.Optional(Type.Unknown({ description: 'QueryBuilder {condition: "AND" | "OR", rules: [{field, operator, value} | group]} on the object\'s fields; absent = every instance' })),
    time_condition: Type.Optional(Type.Unknown({ description: '{oper: "and", rules: [{field: "create_time" | "last_time", start, end}]}' })),
  },
  handle: (ctx, body) => countObjectInstances(ctx.deps, body),
});

export const searchObjectInstancesCall = defineCall({
  name: 'search_object_instances',
  cacheable: true,
  group: 'model',
  summary: `A page of a model object's instances holding the conditions, with the fields asked for: {info}. Every instance is seen, built-in and archived ones too.`,
  params: {
    bk_obj_id: Type.Unknown({ description: 'biz | set | module | plat | host | bk_biz_set_obj | process' }),
    conditions: Type.Optional(Type.Unknown({ description: 'QueryBuilder on the object\'s fields; absent = every instance' })),
    time_condition: Type.Optional(Type.Unknown({ description: '{oper: "and", rules: [{field: "create_time" | "last_time", start, end}]}' })),
    fields: Type.Optional(Type.Unknown({ description: 'fields to return; empty = all (the id always)' })),
    page: Type.Unknown({ description: `{start, limit ≤ ${MAX_OBJECT_INSTANCE_PAGE}, sort}; required, as bk-cmdb` }),
  },
  handle: (ctx, body) => searchObjectInstances(ctx.deps, body),
});

export const searchInstByObjectCall = defineCall({
  name: 'search_inst_by_object',
  cacheable: true,
  group: 'model',
  summary: `bk-cmdb's older generic search over a model object: {count, info}, each record with its fields and bk_inst_id / bk_inst_name; page.limit ≤ ${MAX_INST_BY_OBJECT_PAGE}.`,
  params: {
    bk_obj_id: Type.Unknown({ description: 'biz | set | module | plat | host | bk_biz_set_obj | process' }),
    condition: Type.Optional(Type.Unknown({ description: '{field: value | {$eq, $ne, $in, $nin, $lt, $lte, $gt, $gte, $regex}}' })),
    fields: Type.Optional(Type.Unknown({ description: 'fields to return; empty = all (the id always)' })),
    page: Type.Optional(Type.Unknown({ description: `{start, limit ≤ ${MAX_INST_BY_OBJECT_PAGE}, sort}` })),
  },
  handle: (ctx, body) => searchInstByObject(ctx.deps, body),
});
