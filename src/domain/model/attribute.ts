/** The shape of an object attribute (bk-cmdb's cc_ObjAttDes), camelCase inside Topograph. */
export const OBJECT_IDS = ['biz', 'set', 'module', 'plat', 'host', 'bk_biz_set_obj', 'process'] as const;
export type ObjId = (typeof OBJECT_IDS)[number];
export const isObjId = (v: unknown): v is ObjId => typeof v === 'string' && (OBJECT_IDS as readonly string[]).includes(v);

export const PROPERTY_TYPES = [
  'singlechar',
  'longchar',
  'int',
  'float',
  'enum',
  'enummulti',
  'date',
  'time',
  'objuser',
  'timezone',
  'bool',
  'list',
  'organization',
  'foreignkey',
] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export interface EnumOption {
  id: string;
  name: string;
  type: 'text';
  is_default: boolean;
}

export interface NumberOption {
  min?: number | string | null;
  max?: number | string | null;
}

export interface Attribute {
  id: number;
  objId: ObjId;
  propertyId: string;
  propertyName: string;
  type: PropertyType;
  /** regex (char types), {min,max} (numbers), EnumOption[] (enum), string[] (list) */
  option: unknown;
  defaultValue: unknown;
  isRequired: boolean;
  editable: boolean;
  isReadonly: boolean;
  isMultiple: boolean;
  /** built in ("preset"): can't be deleted, its type can't change */
  isPre: boolean;
  /** set by the server or by a call parameter, never validated as free client input */
  isSystem: boolean;
  isApi: boolean;
  unit: string;
  placeholder: string;
  description: string;
  group: string;
  index: number;
  creator: string;
  createTime: number;
  lastTime: number;
}

/** Maximum lengths, in characters, of bk-cmdb's char-like types. */
export const MAX_LENGTH: Partial<Record<PropertyType, number>> = {
  singlechar: 256,
  longchar: 2000,
  objuser: 2000,
};
