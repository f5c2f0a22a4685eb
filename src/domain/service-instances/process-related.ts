import type { Deps } from '../context.js';
import { invalidParameter } from '../errors.js';
import { MAX_HOST_PAGE, MAX_IN_LIST, catalog, parseFields, parsePage } from '../hosts/params.js';
import { parseIdArray, tooMany } from '../id-list.js';
import { isPlainObject, shown, typeName } from '../json-shape.js';
import { checkPattern } from '../patterns.js';
import { existingBiz } from '../topology/guards.js';
import { presentInstance } from '../topology/present.js';
import { INSTANCE_TABLES } from '../../store/instance-tables.js';
import type { ProcessRelatedQuery } from '../../store/service-instance-store.js';

/** The process fields every answer carries, whatever `fields` asks for (bk-cmdb's). */
const ALWAYS = ['bk_process_id', 'bk_process_name', 'bk_func_id'];

/**
 * One of the call's filter objects ({bk_set_ids}, …): absent, null or an object of the filters it names. A key it
 * does not name is refused, not ignored: a misspelt filter (bk_process_name) would answer every process.
 */
function section(where: string, v: unknown, keys: readonly string[]): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (!isPlainObject(v)) throw invalidParameter(where, `must be an object (got ${typeName(v)})`);
  const unknown = Object.keys(v).find((k) => !keys.includes(k));
  if (unknown !== undefined) throw invalidParameter(`${where}.${unknown}`, `is not a filter of ${where}, which takes ${keys.join(', ')}`);
  return v;
}

/** An id list of a filter: empty or absent narrows nothing. */
const ids = (where: string, v: unknown) => {
  const list = parseIdArray(where, v, { required: false, max: MAX_IN_LIST });
  return list?.length ? list : undefined;
};

/**
 * A text list of a filter, ≤ 500; empty or absent narrows nothing. Names are never empty; a function id may be
 * (a process without one holds ""), so `allowEmpty` lets "" find those.
 */
function texts(where: string, v: unknown, allowEmpty = false): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalidParameter(where, `must be an array of strings (got ${typeName(v)})`);
  if (v.length > MAX_IN_LIST) throw tooMany(where, v.length, MAX_IN_LIST);
  const list = v.map((x: unknown, i) => {
    if (typeof x !== 'string' || (x === '' && !allowEmpty)) throw invalidParameter(`${where}[${i}]`, `must be a${allowEmpty ? '' : ' non-empty'} string (got ${shown(x)})`);
    return checkPattern(`${where}[${i}]`, x);
  });
  return list.length ? [...new Set(list)] : undefined;
}

/**
 * list_process_related_info (GSEKit's call, hidden in bk-cmdb's ESB list): a business's processes, each with the
 * set, module, host, service instance and process template it belongs to, narrowed by set.bk_set_ids,
 * module.bk_module_ids, service_instance.ids and process.{bk_process_names | bk_func_ids, bk_process_ids} (all must
 * hold; names and function ids exclude each other), `fields` of the process (bk_process_id, bk_process_name and
 * bk_func_id always), page ≤ 500 sorted on process columns (bk_process_id by default): {count, info}.
 * Queries: a count and a page of processes, then one each for their modules, sets and hosts.
 */
export async function listProcessRelatedInfo(
  deps: Deps,
  p: { bk_biz_id?: number; set?: unknown; module?: unknown; service_instance?: unknown; process?: unknown; fields?: unknown; page?: unknown },
) {
  const bizId = p.bk_biz_id!;
  const attrs = await deps.store.attributes('process');
  const cat = catalog('process', attrs);
  const proc = section('process', p.process, ['bk_process_names', 'bk_func_ids', 'bk_process_ids']);
  const q: ProcessRelatedQuery = {
    bizId,
    setIds: ids('set.bk_set_ids', section('set', p.set, ['bk_set_ids']).bk_set_ids),
    moduleIds: ids('module.bk_module_ids', section('module', p.module, ['bk_module_ids']).bk_module_ids),
    instanceIds: ids('service_instance.ids', section('service_instance', p.service_instance, ['ids']).ids),
    names: texts('process.bk_process_names', proc.bk_process_names),
    funcIds: texts('process.bk_func_ids', proc.bk_func_ids, true),
    processIds: ids('process.bk_process_ids', proc.bk_process_ids),
    ...parsePage(cat, p.page, MAX_HOST_PAGE),
  };
  if (q.names && q.funcIds) throw invalidParameter('process.bk_func_ids', 'and process.bk_process_names can only use one of them');
  const column = q.sort.find((s) => !INSTANCE_TABLES.process.columns.has(s.field));
  if (column) throw invalidParameter('page.sort', `names '${column.field}', a custom field: the processes sort on their built-in fields`);
  const fields = parseFields(cat, p.fields);
  await existingBiz(deps, bizId);

  const { count, rows } = await deps.store.serviceInstances.processesRelated(q);
  const hs = deps.store.hosts;
  const modules = await hs.rowsById('module', rows.map((r) => r.moduleId));
  const sets = await hs.rowsById('set', [...modules.values()].map((m) => m.bk_set_id as number));
  const hosts = await hs.rowsById('host', rows.map((r) => r.process.bk_host_id as number));
  const projection = fields.length ? [...new Set([...ALWAYS, ...fields])] : [];
  return {
    count,
    info: rows.map(({ process, moduleId, instanceName }) => {
      const module = modules.get(moduleId);
      const set = module ? sets.get(module.bk_set_id as number) : undefined;
      const host = hosts.get(process.bk_host_id as number);
      return {
        set: { bk_set_id: set?.bk_set_id ?? null, bk_set_name: set?.bk_set_name ?? '', bk_set_env: set?.bk_set_env ?? '' },
        module: { bk_module_id: moduleId, bk_module_name: module?.bk_module_name ?? '' },
        host: { bk_host_id: process.bk_host_id, bk_cloud_id: host?.bk_cloud_id ?? null, bk_host_innerip: host?.bk_host_innerip ?? '' },
        service_instance: { id: process.service_instance_id, name: instanceName },
        process_template: { id: process.process_template_id },
        process: presentInstance('process', process, attrs, deps.timeZone, projection),
      };
    }),
  };
}
