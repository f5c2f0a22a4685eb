import { loadConfig, type Config } from '../../src/config.js';
import { buildTopograph, type Topograph } from '../../src/server.js';
import { freshDatabase, type TestDatabase } from './database.js';

export const APP = { bk_app_code: 'esb_test', bk_app_secret: 'test-secret-123' };
export const ADMIN_TOKEN = 'admin-token-for-tests';

export interface EsbAnswer {
  result: boolean;
  code: number;
  message: string;
  permission: unknown;
  request_id: string;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, unknown>;
  status: number;
}

export interface TestTopograph extends Topograph {
  db: TestDatabase;
  config: Config;
  /** POSTs an ESB call through Fastify's inject; general parameters default to the trusted test app acting as admin. */
  esb(name: string, body?: Record<string, unknown>, opts?: { headers?: Record<string, string> }): Promise<EsbAnswer>;
  /** the same, acting as another user of the trusted app */
  as(user: string): (name: string, body?: Record<string, unknown>) => Promise<EsbAnswer>;
  stop(): Promise<void>;
}

/** A Topograph on a fresh database, with the trusted app esb_test and the admin token configured. */
export async function startTopograph(env: Record<string, string> = {}): Promise<TestTopograph> {
  const db = await freshDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    TOPOGRAPH_APPS: `${APP.bk_app_code}:${APP.bk_app_secret}`,
    TOPOGRAPH_ADMIN_TOKEN: ADMIN_TOKEN,
    TOPOGRAPH_TIMEZONE: 'Asia/Shanghai',
    LOG_LEVEL: 'silent',
    TOPOGRAPH_CHECK_WRITES: 'on',
    ...env,
  });
  const t = await buildTopograph(config, { logger: false });
  const esb: TestTopograph['esb'] = async (name, body = {}, opts = {}) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/c/compapi/v2/cc/${name}/`,
      headers: { 'content-type': 'application/json', ...(opts.headers ?? {}) },
      payload: JSON.stringify({ ...APP, bk_username: 'admin', ...body }),
    });
    return { ...(res.json() as EsbAnswer), headers: res.headers, status: res.statusCode };
  };
  return {
    ...t,
    db,
    config,
    esb,
    as: (user) => (name, body = {}) => esb(name, { bk_username: user, ...body }),
    stop: async () => {
      await t.close();
      await db.drop();
    },
  };
}

/** A business with the given maintainers; answers its id. */
export async function makeBusiness(t: TestTopograph, name = 'demo', maintainers = 'admin'): Promise<number> {
  const r = await t.esb('create_business', { data: { bk_biz_name: name, bk_biz_maintainer: maintainers } });
  if (!r.result) throw new Error(`create_business failed: ${r.message}`);
  return r.data.bk_biz_id as number;
}

/** A set in a business; answers its id. */
export async function makeSet(t: TestTopograph, bizId: number, name = 'set1'): Promise<number> {
  const r = await t.esb('create_set', { bk_biz_id: bizId, data: { bk_parent_id: bizId, bk_set_name: name } });
  if (!r.result) throw new Error(`create_set failed: ${r.message}`);
  return r.data.bk_set_id as number;
}

/** A module in a set of a business (`extra`: more of its attributes); answers its id. */
export async function makeModule(t: TestTopograph, bizId: number, setId: number, name: string, extra: Record<string, unknown> = {}): Promise<number> {
  const r = await t.esb('create_module', { bk_biz_id: bizId, bk_set_id: setId, data: { bk_parent_id: setId, bk_module_name: name, ...extra } });
  if (!r.result) throw new Error(`create_module failed: ${r.message}`);
  return r.data.bk_module_id as number;
}
