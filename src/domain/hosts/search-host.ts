import type { Deps } from '../context.js';
import { MAX_ID, invalidParameter } from '../errors.js';
import { tooMany } from '../id-list.js';
import { isPlainObject, typeName, shown } from '../json-shape.js';
import type { Attribute, ObjId } from '../model/attribute.js';
import { checkPattern } from '../patterns.js';
import type { FilterNode, HostRelation } from '../../store/host-store.js';
import type { InstanceRow } from '../../store/store.js';
import { existingBiz } from '../topology/guards.js';
import { presentInstance } from '../topology/present.js';
import type { AddressField } from './addresses.js';
import { parseObjectConditions, type ObjectCondition } from './object-conditions.js';
import { MAX_HOST_PAGE, MAX_IN_LIST, allOf, assertFilterBudget, catalog, ipTexts, parsePage } from './params.js';

/**
 * search_host: bk-cmdb's legacy host search, the ESB component most scripts still call. Hosts matched by IP
 * (`ip`) and by conditions on the host and on its business, set, module and cloud area (`condition`), each
 * answered with the business, set and module records it is in:
 * {count, info: [{host, biz: [...], set: [...], module: [...]}]}.
 * A count and a page query, then one query each for the relations, businesses, sets, modules and cloud areas
 * of the page, whatever its size.
 */

export interface SearchHostParams {
  bk_biz_id?: number;
  ip?: unknown;
  condition?: unknown;
  page?: unknown;
}

/** The objects a condition entry may name, as bk-cmdb calls them (plat: the cloud area). */
const SEARCHABLE: readonly ObjId[] = ['host', 'biz', 'set', 'module', 'plat'];

/** The `flag`s bk-cmdb takes, and the address fields each searches. */
const BOTH: AddressField[] = ['bk_host_innerip', 'bk_host_outerip'];
const IP_FLAGS: Readonly<Record<string, AddressField[]>> = {
  bk_host_innerip: ['bk_host_innerip'],
  bk_host_outerip: ['bk_host_outerip'],
  'bk_host_innerip|bk_host_outerip': BOTH,
  'bk_host_innerip,bk_host_outerip': BOTH,
};

/** bk-cmdb's cap on the addresses of a search that is not exact (each one is a "contains"). */
export const MAX_FUZZY_IPS = 10;

/**
 * ip {data: [addresses], exact: 1 | 0, flag}: with exact 1 a host holding one of the addresses (a host may list
 * several), else a host whose field contains one of them. flag picks the field (absent or "": both).
 */
function parseIp(input: unknown): FilterNode | undefined {
  if (input === undefined || input === null) return undefined;
  if (!isPlainObject(input)) throw invalidParameter('ip', `must be an object {data, exact, flag} (got ${typeName(input)})`);
  const data = ipTexts(input.data ?? []);
  const exact = input.exact ?? 0;
  if (exact !== 0 && exact !== 1) throw invalidParameter('ip.exact', `must be 1 (the whole address) or 0 (part of it) (got ${shown(exact)})`);
  const flag = input.flag ?? '';
  const fields = flag === '' ? BOTH : typeof flag === 'string' && Object.hasOwn(IP_FLAGS, flag) ? IP_FLAGS[flag] : undefined;
  if (!fields) throw invalidParameter('ip.flag', `must be "bk_host_innerip", "bk_host_outerip" or "bk_host_innerip|bk_host_outerip" (got ${shown(flag)})`);
  // "0:10.0.0.1" (bk-cmdb 3.10+) is an address in that cloud area; a plain address is in any
  const byCloud = new Map<number | undefined, Set<string>>();
  data.forEach((text, i) => {
    const qualified = CLOUD_IP.exec(text);
    const cloud = qualified ? Number(qualified[1]) : undefined;
    if (cloud !== undefined && cloud > MAX_ID) throw invalidParameter(`ip.data[${i}]`, `names cloud area ${cloud}, which is not an id (at most ${MAX_ID})`);
    const ip = checkPattern(`ip.data[${i}]`, qualified ? qualified[2]! : text);
    byCloud.set(cloud, (byCloud.get(cloud) ?? new Set()).add(ip));
  });
  const count = [...byCloud.values()].reduce((n, ips) => n + ips.size, 0);
  if (count === 0) return undefined;
  if (count > (exact === 1 ? MAX_IN_LIST : MAX_FUZZY_IPS)) throw tooMany('ip.data', count, exact === 1 ? MAX_IN_LIST : MAX_FUZZY_IPS);
  const rules: FilterNode[] = [];
  for (const [cloud, ips] of byCloud) {
    const matches = fields.flatMap<FilterNode>((field) =>
      exact === 1 ? [{ field, op: 'in' as const, value: [...ips], text: true }] : [...ips].map((ip) => ({ field, op: 'contains' as const, value: ip, text: true })),
    );
    const any: FilterNode = { combine: 'or', rules: matches };
    rules.push(cloud === undefined ? any : { combine: 'and', rules: [any, { field: 'bk_cloud_id', op: 'eq', value: cloud, text: false }] });
  }
  return { combine: 'or', rules };
}

/** "cloud id:address" */
const CLOUD_IP = /^(\d{1,10}):([^:]+)$/;

export async function searchHost(deps: Deps, p: SearchHostParams) {
  const conditions = await parseObjectConditions((o) => deps.store.attributes(o), 'condition', p.condition, SEARCHABLE);
  const hostAttrs = conditions.get('host')?.attrs ?? (await deps.store.attributes('host'));
  const hostCat = catalog('host', hostAttrs);
  const ipFilter = parseIp(p.ip);
  const page = parsePage(hostCat, p.page, MAX_HOST_PAGE);
  assertFilterBudget([...[...conditions].map(([objId, c]) => [`condition (${objId})`, c.filter] as const), ['ip.data', ipFilter]]);
  // bk-cmdb reads 0 and -1 alike as "every business"
  const bizId = p.bk_biz_id !== undefined && p.bk_biz_id > 0 ? p.bk_biz_id : undefined;
  if (bizId !== undefined) await existingBiz(deps, bizId);
  const { count, rows } = await deps.store.hosts.listHosts({
    ...page,
    bizId,
    bizFilter: conditions.get('biz')?.filter,
    setFilter: conditions.get('set')?.filter,
    moduleFilter: conditions.get('module')?.filter,
    hostFilter: allOf(conditions.get('host')?.filter, ipFilter),
    platFilter: conditions.get('plat')?.filter,
  });
  return { count, info: await withTopology(deps, rows, conditions, hostAttrs) };
}

/** bk-cmdb's reference to a host's cloud area in search_host answers. */
const cloudRef = (cloud: InstanceRow) => ({
  id: String(cloud.bk_cloud_id),
  bk_obj_id: 'plat',
  bk_obj_icon: '',
  bk_inst_id: cloud.bk_cloud_id,
  bk_obj_name: '',
  bk_inst_name: cloud.bk_cloud_name,
});

/**
 * Each host of the page with the businesses, sets and modules it is in. As bk-cmdb, an object's list is filled
 * only when `condition` names the object (its `fields` then project it, the id always kept); sets and modules
 * carry TopModuleName, their path joined by "##".
 */
async function withTopology(deps: Deps, rows: InstanceRow[], conditions: Map<ObjId, ObjectCondition>, hostAttrs: Attribute[]) {
  const hs = deps.store.hosts;
  const relations = await hs.relationsOf({ hostIds: rows.map((r) => r.bk_host_id as number) });
  const wants = (objId: ObjId) => conditions.has(objId);
  const ids = (pick: (r: HostRelation) => number) => relations.map(pick);
  const none = new Map<number, InstanceRow>();
  // Names make the paths, so a set or module list needs its business and set records too.
  const bizs = wants('biz') || wants('set') || wants('module') ? await hs.rowsById('biz', ids((r) => r.bk_biz_id)) : none;
  const sets = wants('set') || wants('module') ? await hs.rowsById('set', ids((r) => r.bk_set_id)) : none;
  const modules = wants('module') ? await hs.rowsById('module', ids((r) => r.bk_module_id)) : none;
  const clouds = await hs.rowsById('plat', rows.map((r) => r.bk_cloud_id as number));

  const present = (objId: ObjId, row: InstanceRow, extra: Record<string, unknown> = {}) => {
    const c = conditions.get(objId)!;
    return { ...presentInstance(objId, row, c.attrs, deps.timeZone, c.fields.length ? [...c.fields, ...(extraFields[objId] ?? [])] : []), ...extra };
  };
  const relationsOf = new Map<number, HostRelation[]>();
  for (const r of relations) relationsOf.set(r.bk_host_id, [...(relationsOf.get(r.bk_host_id) ?? []), r]);
  const hostFields = conditions.get('host')?.fields ?? [];

  return rows.map((row) => {
    const rels = relationsOf.get(row.bk_host_id as number) ?? [];
    const unique = (pick: (r: HostRelation) => number) => [...new Set(rels.map(pick))].sort((a, b) => a - b);
    const bizName = (id: number) => String(bizs.get(id)?.bk_biz_name ?? '');
    const setPath = (id: number) => `${bizName(sets.get(id)?.bk_biz_id as number)}##${String(sets.get(id)?.bk_set_name ?? '')}`;
    const cloud = clouds.get(row.bk_cloud_id as number);
    const host = presentInstance('host', row, hostAttrs, deps.timeZone, hostFields.length ? [...hostFields, 'bk_cloud_id'] : []);
    return {
      host: { ...host, bk_cloud_id: cloud ? [cloudRef(cloud)] : [] },
      biz: wants('biz')
        ? unique((r) => r.bk_biz_id).flatMap((id) => {
            const b = bizs.get(id);
            return b ? [present('biz', b)] : [];
          })
        : [],
      set: wants('set')
        ? unique((r) => r.bk_set_id).flatMap((id) => {
            const x = sets.get(id);
            return x ? [present('set', x, { TopModuleName: setPath(id) })] : [];
          })
        : [],
      module: wants('module')
        ? unique((r) => r.bk_module_id).flatMap((id) => {
            const m = modules.get(id);
            return m ? [present('module', m, { TopModuleName: `${setPath(m.bk_set_id as number)}##${String(m.bk_module_name)}` })] : [];
          })
        : [],
    };
  });
}

/** What a projection keeps besides the id: bk-cmdb adds the business's name. */
const extraFields: Partial<Record<ObjId, string[]>> = { biz: ['bk_biz_name'] };
