import { actorOf, type CallContext, type Deps } from '../context.js';
import { DomainError, invalidParameter, required } from '../errors.js';
import { parseIdArray, tooMany } from '../id-list.js';
import { isPlainObject, typeName, shown } from '../json-shape.js';
import { bizForTemplateWrite, intOf } from '../templates/params.js';
import { ServiceInstanceWrites, type LabelSelector } from '../../store/service-instance-store.js';
import { ownInstances } from './service-instance.js';

/**
 * Service instance labels (bk-cmdb's, after Kubernetes'): a map of keys to values on each instance, and the
 * label selectors the list calls take. A key starts with a letter, a value with a letter or digit; both end
 * with a letter or digit, hold letters, digits, - _ . between, and are at most 63 characters.
 */

const KEY = /^[a-zA-Z]([a-zA-Z0-9\-_.]*[a-zA-Z0-9])?$/;
const VALUE = /^[a-zA-Z0-9]([a-zA-Z0-9\-_.]*[a-zA-Z0-9])?$/;
const MAX_CHARS = 63;
export const MAX_LABELS = 100;
export const MAX_SELECTORS = 20;
export const MAX_ADD_IDS = 100;
export const MAX_REMOVE_IDS = 500;

function labelText(field: string, v: unknown, rule: RegExp, what: string): string {
  if (typeof v !== 'string') throw new DomainError('not_string', `'${field}' must be a string type (got ${typeName(v)})`, { field });
  if (v.length > MAX_CHARS || !rule.test(v)) {
    throw new DomainError('invalid_value', `'${field}' data parameter verification does not pass: a label ${what} ${what === 'key' ? 'starts with a letter' : 'starts with a letter or digit'}, ends with a letter or digit, holds letters, digits, - _ . between, and is at most ${MAX_CHARS} characters`, { field });
  }
  return v;
}

const keyOf = (field: string, v: unknown) => labelText(field, v, KEY, 'key');
const valueOf = (field: string, v: unknown) => labelText(field, v, VALUE, 'value');

const OPERATORS = ['=', '!=', 'exists', '!', 'in', 'notin'] as const;

/** selectors: [{key, operator, values}], all of them true. = and != take one value, in and notin one or more, exists and ! none. */
export function parseSelectors(v: unknown): LabelSelector[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalidParameter('selectors', `must be an array of {key, operator, values} (got ${typeName(v)})`);
  if (v.length > MAX_SELECTORS) throw tooMany('selectors', v.length, MAX_SELECTORS);
  return v.map((s, i) => {
    const at = `selectors[${i}]`;
    if (!isPlainObject(s)) throw invalidParameter(at, `must be an object {key, operator, values} (got ${typeName(s)})`);
    const key = keyOf(`${at}.key`, s.key);
    const operator = s.operator;
    if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
      throw invalidParameter(`${at}.operator`, `must be one of ${OPERATORS.join(' ')} (got ${shown(operator) ?? typeName(operator)})`);
    }
    const raw = s.values ?? [];
    if (!Array.isArray(raw)) throw invalidParameter(`${at}.values`, `must be an array of label values (got ${typeName(raw)})`);
    const values = raw.map((x, k) => valueOf(`${at}.values[${k}]`, x));
    const wanted = operator === 'exists' || operator === '!' ? 'no values' : operator === '=' || operator === '!=' ? 'one value' : 'one value or more';
    const count = values.length;
    if ((wanted === 'no values' && count !== 0) || (wanted === 'one value' && count !== 1) || (wanted === 'one value or more' && (count === 0 || count > MAX_LABELS))) {
      throw invalidParameter(`${at}.values`, `operator ${operator} takes ${wanted}${wanted === 'one value or more' ? ` (at most ${MAX_LABELS})` : ''}, not ${count}`);
    }
    return { key, operator: operator as LabelSelector['operator'], values };
  });
}

/** add_label_for_service_instance: the labels (added, or replacing the value of a key there already) on up to 100 instances. */
export async function addLabels(deps: Deps, ctx: CallContext, p: { bk_biz_id?: unknown; instance_ids?: unknown; labels?: unknown }): Promise<void> {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  const ids = parseIdArray('instance_ids', p.instance_ids, { required: true, max: MAX_ADD_IDS })!;
  if (p.labels === undefined || p.labels === null) throw required('labels');
  if (!isPlainObject(p.labels)) throw invalidParameter('labels', `must be an object {key: value} (got ${typeName(p.labels)})`);
  const entries = Object.entries(p.labels);
  if (entries.length === 0) throw invalidParameter('labels', 'must hold at least one label');
  if (entries.length > MAX_LABELS) throw tooMany('labels', entries.length, MAX_LABELS);
  const labels = Object.fromEntries(entries.map(([k, v]) => [keyOf(`labels.${k}`, k), valueOf(`labels.${k}`, v)]));
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'edit_biz_topology');
    await new ServiceInstanceWrites(w).setLabels(await ownInstances(w, bizId, ids, 'instance_ids'), labels);
  });
}

/** remove_label_from_service_instance: the keys off up to 500 instances (a key an instance lacks is no error). */
export async function removeLabels(deps: Deps, ctx: CallContext, p: { bk_biz_id?: unknown; instance_ids?: unknown; keys?: unknown }): Promise<void> {
  const bizId = intOf('bk_biz_id', p.bk_biz_id);
  const ids = parseIdArray('instance_ids', p.instance_ids, { required: true, max: MAX_REMOVE_IDS })!;
  if (p.keys === undefined || p.keys === null) throw required('keys');
  if (!Array.isArray(p.keys)) throw invalidParameter('keys', `must be an array of label keys (got ${typeName(p.keys)})`);
  if (p.keys.length === 0) throw invalidParameter('keys', 'must name at least one key');
  if (p.keys.length > MAX_LABELS) throw tooMany('keys', p.keys.length, MAX_LABELS);
  const keys = [...new Set(p.keys.map((k, i) => keyOf(`keys[${i}]`, k)))];
  await deps.store.write(actorOf(ctx), async (w) => {
    await bizForTemplateWrite(w, ctx, bizId, 'edit_biz_topology');
    await new ServiceInstanceWrites(w).removeLabels(await ownInstances(w, bizId, ids, 'instance_ids'), keys);
  });
}
