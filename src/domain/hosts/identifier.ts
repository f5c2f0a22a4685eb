import type { Deps } from '../context.js';
import { MAX_ID, invalidParameter } from '../errors.js';
import { isPlainObject, shown, typeName } from '../json-shape.js';
import { checkPattern } from '../patterns.js';
import { tooMany } from '../id-list.js';
import { groupBy } from '../group-by.js';
import type { FilterNode } from '../../store/host-store.js';
import type { InstanceRow } from '../../store/store.js';
import { MAX_HOST_PAGE, MAX_IN_LIST, allOf, catalog, ipTexts, parsePage } from './params.js';

/**
 * search_hostidentifier: what GSE reads to know the host behind each agent. Hosts by inner or outer IP (ip.data, ≤ 500;
 * absent or empty: every host), in one cloud area when ip.bk_cloud_id is given, a page at a time (≤ 500, sort on
 * host fields): {count, info: [identity]}. An identity is the host's own fields, its place in each module
 * (`associations`, keyed by module id; `layer` is null, as there are no custom levels) and its processes, each
 * with bk-cmdb's legacy bind_ip / port / protocol / bk_enable_port taken from its first bind_info row.
 * Queries: a count and a page of hosts, then one each for their relations, businesses, sets, modules, cloud
 * areas and processes, whatever the page size.
 */
export async function searchHostIdentifier(deps: Deps, p: { ip?: unknown; page?: unknown }) {
  const hostCat = catalog('host', await deps.store.attributes('host'));
  const hostFilter = parseIp(p.ip);
  const page = parsePage(hostCat, p.page, MAX_HOST_PAGE);
  const hs = deps.store.hosts;
  const { count, rows } = await hs.listHosts({ ...page, hostFilter });
  const hostIds = rows.map((h) => h.bk_host_id as number);
  const relations = await hs.relationsOf({ hostIds });
  const bizs = await hs.rowsById('biz', relations.map((r) => r.bk_biz_id));
  const sets = await hs.rowsById('set', relations.map((r) => r.bk_set_id));
  const modules = await hs.rowsById('module', relations.map((r) => r.bk_module_id));
  const clouds = await hs.rowsById('plat', rows.map((h) => h.bk_cloud_id as number));
  const relationsOf = groupBy(relations, (r) => r.bk_host_id);
  const processesOf = groupBy(await deps.store.serviceInstances.processesOnHosts(hostIds), (x) => x.process.bk_host_id as number);

  return {
    count,
    info: rows.map((h) => {
      const id = h.bk_host_id as number;
      const associations: Record<string, unknown> = {};
      for (const r of relationsOf.get(id) ?? []) {
        const set = sets.get(r.bk_set_id);
        associations[String(r.bk_module_id)] = {
          bk_biz_id: r.bk_biz_id,
          bk_biz_name: text(bizs.get(r.bk_biz_id)?.bk_biz_name),
          bk_set_id: r.bk_set_id,
          bk_set_name: text(set?.bk_set_name),
          bk_module_id: r.bk_module_id,
          bk_module_name: text(modules.get(r.bk_module_id)?.bk_module_name),
          bk_service_status: text(set?.bk_service_status),
          bk_set_env: text(set?.bk_set_env),
          layer: null,
        };
      }
      return {
        bk_host_id: id,
        bk_host_name: text(h.bk_host_name),
        bk_supplier_account: '0',
        bk_cloud_id: h.bk_cloud_id,
        bk_cloud_name: text(clouds.get(h.bk_cloud_id as number)?.bk_cloud_name),
        bk_host_innerip: text(h.bk_host_innerip),
        bk_host_outerip: text(h.bk_host_outerip),
        bk_os_type: text(h.bk_os_type),
        bk_os_name: text(h.bk_os_name),
        bk_mem: h.bk_mem ?? 0,
        bk_cpu: h.bk_cpu ?? 0,
        bk_disk: h.bk_disk ?? 0,
        associations,
        process: (processesOf.get(id) ?? []).map(({ process, moduleId }) => identityProcess(process, moduleId)),
      };
    }),
  };
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

type BindRow = { enable?: boolean; ip?: string; port?: string; protocol?: string };

function identityProcess(p: InstanceRow, moduleId: number) {
  const bindInfo = Array.isArray(p.bind_info) ? (p.bind_info as BindRow[]) : [];
  const first = bindInfo[0];
  return {
    bk_process_id: p.bk_process_id,
    bk_process_name: text(p.bk_process_name),
    bk_func_id: text(p.bk_func_id),
    bk_func_name: text(p.bk_func_name),
    bk_start_param_regex: text(p.bk_start_param_regex),
    bind_ip: text(first?.ip),
    port: text(first?.port),
    protocol: text(first?.protocol),
    bk_enable_port: first?.enable ?? false,
    bind_modules: [moduleId],
    bind_info: bindInfo,
  };
}

/** ip {data: [IPs], bk_cloud_id}: hosts holding one of the addresses (inner or outer), in that cloud area when it is given. */
function parseIp(input: unknown): FilterNode | undefined {
  if (input === undefined || input === null) return undefined;
  if (!isPlainObject(input)) throw invalidParameter('ip', `must be an object {data, bk_cloud_id} (got ${typeName(input)})`);
  const data = input.data ?? [];
  if (Array.isArray(data) && data.length > MAX_IN_LIST) throw tooMany('ip.data', data.length, MAX_IN_LIST);
  const ips = ipTexts(data).map((text, i) => checkPattern(`ip.data[${i}]`, text));
  const cloud = input.bk_cloud_id;
  if (cloud !== undefined && cloud !== null && !(typeof cloud === 'number' && Number.isInteger(cloud) && cloud >= 0 && cloud <= MAX_ID)) {
    throw invalidParameter('ip.bk_cloud_id', `must be a cloud area id, an integer from 0 to ${MAX_ID} (got ${shown(cloud)})`);
  }
  const addresses = [...new Set(ips)];
  return allOf(
    // an inner or an outer address, as bk-cmdb's identifier search matches either
    addresses.length
      ? { combine: 'or', rules: (['bk_host_innerip', 'bk_host_outerip'] as const).map((field) => ({ field, op: 'in' as const, value: addresses, text: true })) }
      : undefined,
    typeof cloud === 'number' ? { field: 'bk_cloud_id', op: 'eq', value: cloud, text: false } : undefined,
  );
}
