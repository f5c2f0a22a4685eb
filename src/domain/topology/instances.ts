import type { Deps } from '../context.js';
import type { ObjId } from '../model/attribute.js';
import { validateForUpdate } from '../model/validator.js';
import { parseSearch, type PageRules, type SearchParams } from '../search-params.js';
import type { Filter } from '../../store/search.js';
import type { InstanceRow } from '../../store/store.js';
import type { WriteSession } from '../../store/write-session.js';
import { presentInstance } from './present.js';

/** The shared shape of every search call: parse, add the call's own fixed filters, one count and one page query. */
export async function searchInstances(
  deps: Deps,
  objId: ObjId,
  params: SearchParams,
  rules: PageRules,
  fixed: Filter[] = [],
): Promise<{ count: number; info: Record<string, unknown>[] }> {
  const attrs = await deps.store.attributes(objId);
  const { query, fields } = parseSearch(objId, attrs, params, rules);
  const fixedFields = new Set(fixed.map((f) => f.field));
  query.filters = [...query.filters.filter((f) => !fixedFields.has(f.field)), ...fixed];
  const { count, rows } = await deps.store.search(objId, query);
  return { count, info: rows.map((r) => presentInstance(objId, r, attrs, deps.timeZone, fields)) };
}

/**
 * The shared shape of every update: the keys the call strips (ids, parents) go first, everything else must be
 * an editable attribute (unknown and non-editable fields are refused, not dropped), values are validated as
 * on create, and the change is written with its audit record.
 */
export async function updateInstance(
  w: WriteSession,
  objId: ObjId,
  before: InstanceRow,
  data: Record<string, unknown>,
  strip: string[],
  /** server-set fields written with the change (e.g. bk_last_editor) */
  extra: InstanceRow = {},
): Promise<InstanceRow> {
  const input = { ...data };
  for (const k of strip) delete input[k];
  const attrs = await w.attributes(objId);
  const { values } = validateForUpdate(attrs, input, { strict: true });
  if (Object.keys(values).length === 0) return before;
  return w.updateInstance(objId, before, { ...values, ...extra });
}
