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
