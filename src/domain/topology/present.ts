import type { Attribute, ObjId } from '../model/attribute.js';
import { INSTANCE_TABLES } from '../../store/instance-tables.js';
import type { InstanceRow } from '../../store/store.js';
import { formatTime } from '../time.js';

/** Internal bookkeeping that clients never see. */
const HIDDEN = new Set(['custom']);

/**
 * A stored instance as clients see it: times in bk-cmdb's format, custom attributes that still exist,
 * optionally projected to `fields` (the id is always kept, as bk-cmdb does).
 */
export function presentInstance(
  objId: ObjId,
  row: InstanceRow,
  attrs: Attribute[],
  timeZone: string,
  fields?: string[],
): Record<string, unknown> {
  const t = INSTANCE_TABLES[objId];
  const known = new Set(attrs.map((a) => a.propertyId));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (HIDDEN.has(k) || (!t.columns.has(k) && !known.has(k))) continue;
    out[k] = (k === 'create_time' || k === 'last_time') && typeof v === 'number' ? formatTime(v, timeZone) : v;
  }
  for (const a of attrs) if (!(a.propertyId in out)) out[a.propertyId] = null;
  if (!fields || fields.length === 0) return out;
  const picked: Record<string, unknown> = { [t.idColumn]: out[t.idColumn] };
  for (const f of fields) if (f in out) picked[f] = out[f];
  return picked;
}
