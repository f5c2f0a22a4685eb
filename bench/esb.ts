/** ESB requests for the benchmark: the bodies autocannon sends, and a small client for seeding. */

export const ESB_PATH_PREFIX = '/api/c/compapi/v2/cc';

export interface EsbApp {
  code: string;
  secret: string;
}

export interface EsbEnvelope {
  result: boolean;
  code: number;
  message: string;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export const esbPath = (call: string) => `${ESB_PATH_PREFIX}/${call}/`;

/** The general parameters: the trusted bench app, acting as the administrator. */
export const generalParams = (app: EsbApp) => ({ bk_app_code: app.code, bk_app_secret: app.secret, bk_username: 'admin' });

export async function callEsb(baseUrl: string, app: EsbApp, call: string, params: Record<string, unknown>): Promise<EsbEnvelope> {
  const res = await fetch(baseUrl + esbPath(call), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...generalParams(app), ...params }),
  });
  if (res.status !== 200) throw new Error(`${call}: HTTP ${res.status}`);
  const envelope = (await res.json()) as EsbEnvelope;
  if (!envelope.result) throw new Error(`${call}: code ${envelope.code}: ${envelope.message}`);
  return envelope;
}

export const createBusinessParams = (name: string) => ({ data: { bk_biz_name: name, bk_biz_maintainer: 'admin' } });

export const createSetParams = (bizId: number, name: string) => ({
  bk_biz_id: bizId,
  data: { bk_parent_id: bizId, bk_set_name: name },
});

export const createModuleParams = (bizId: number, setId: number, name: string) => ({
  bk_biz_id: bizId,
  bk_set_id: setId,
  data: { bk_parent_id: setId, bk_module_name: name },
});

/** Every business the benchmark creates has "bench" in its name, so this condition pages through all of them. */
export const searchBusinessParams = () => ({ condition: { bk_biz_name: 'bench' }, page: { start: 0, limit: 20 } });

export interface Seeded {
  bizId: number;
  setId: number;
  businesses: number;
}

/**
 * The business and set the write scenarios work in, and `extraBusinesses` more so that search_business has
 * more than a page to count and sort through.
 */
export async function seed(baseUrl: string, app: EsbApp, extraBusinesses: number): Promise<Seeded> {
  const biz = await callEsb(baseUrl, app, 'create_business', createBusinessParams('bench'));
  const bizId = biz.data.bk_biz_id as number;
  const set = await callEsb(baseUrl, app, 'create_set', createSetParams(bizId, 'bench-modules'));
  const setId = set.data.bk_set_id as number;
  for (let i = 1; i <= extraBusinesses; i++) {
    await callEsb(baseUrl, app, 'create_business', createBusinessParams(`bench-${String(i).padStart(4, '0')}`));
  }
  return { bizId, setId, businesses: extraBusinesses + 1 };
}

// --- the tree and host scenarios ----------------------------------------------------------------------

export const searchBizInstTopoParams = (bizId: number) => ({ bk_biz_id: bizId });

/** The first page of a business's hosts, 500 of them (the largest page list_biz_hosts gives). */
export const listBizHostsParams = (bizId: number) => ({ bk_biz_id: bizId, page: { start: 0, limit: 500 } });

/**
 * The inner IP of the n-th imported host: 172.16.0.0/12 (1,048,576 addresses), apart from the seeded
 * hosts' 10.0.0.0/8.
 */
export const importedHostIp = (n: number) => `172.${16 + ((n >>> 16) & 15)}.${(n >>> 8) & 255}.${n & 255}`;

/** add_host_to_resource's body for `count` new hosts, host_info keyed "0", "1", … as bk-cmdb sends it. */
export function hostImportBody(app: EsbApp, count: number): string {
  if (count > 1 << 20) throw new Error(`at most ${1 << 20} imported hosts have distinct IPs`);
  const hostInfo: Record<string, { bk_host_innerip: string; bk_cloud_id: number }> = {};
  for (let n = 0; n < count; n++) hostInfo[String(n)] = { bk_host_innerip: importedHostIp(n), bk_cloud_id: 0 };
  return JSON.stringify({ ...generalParams(app), host_info: hostInfo });
}

interface TopoNode {
  bk_obj_id: string;
  child: TopoNode[];
}

/** Checks once, before the load, that search_biz_inst_topo answers the whole seeded tree. */
export async function verifyTree(baseUrl: string, app: EsbApp, bizId: number, sets: number, modules: number): Promise<void> {
  const { data } = await callEsb(baseUrl, app, 'search_biz_inst_topo', searchBizInstTopoParams(bizId));
  const root = (data as TopoNode[])[0];
  const setNodes = root?.child.filter((n) => n.bk_obj_id === 'set') ?? [];
  const moduleCount = setNodes.reduce((sum, s) => sum + s.child.filter((n) => n.bk_obj_id === 'module').length, 0);
  if (setNodes.length !== sets || moduleCount !== modules) {
    throw new Error(`search_biz_inst_topo answered ${setNodes.length} sets and ${moduleCount} modules, expected ${sets} and ${modules}`);
  }
}

/** Checks once, before the load, that list_biz_hosts counts every seeded host and fills its page. */
export async function verifyHosts(baseUrl: string, app: EsbApp, bizId: number, hosts: number): Promise<void> {
  const { data } = await callEsb(baseUrl, app, 'list_biz_hosts', listBizHostsParams(bizId));
  const { count, info } = data as { count: number; info: unknown[] };
  const page = Math.min(500, hosts);
  if (count !== hosts || info.length !== page) {
    throw new Error(`list_biz_hosts answered count ${count} and ${info.length} hosts, expected ${hosts} and ${page}`);
  }
}
