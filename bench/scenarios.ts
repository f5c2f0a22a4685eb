/** The load scenarios and how one is run with autocannon and its responses checked. */
import autocannon from 'autocannon';
import {
  createModuleParams,
  createSetParams,
  esbPath,
  generalParams,
  listBizHostsParams,
  searchBizInstTopoParams,
  searchBusinessParams,
  type EsbApp,
  type EsbEnvelope,
  type Seeded,
} from './esb.js';

export interface Scenario {
  name: string;
  baseUrl: string;
  path: string;
  /** a fixed body, or one built per request (unique names for the write scenarios) */
  body: string | (() => string);
  /** ESB calls answer 200 with result:false on failure, so their bodies are checked too */
  checkEnvelope: boolean;
  /** connections for this scenario instead of the run's (the latency runs use 1) */
  connections?: number;
  /** seconds before autocannon counts a request as timed out (its default is 10) */
  timeoutSeconds?: number;
}

/**
 * list_biz_hosts over a million hosts can take seconds under load; a slow answer is a latency figure and a
 * goal not met, not an error. Only a request that has not been answered in a minute counts as one.
 */
const SLOW_CALL_TIMEOUT_SECONDS = 60;

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
}

export interface ScenarioResult {
  name: string;
  connections: number;
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  resultFalse: number;
  /** socket errors and timeouts, as autocannon counts them */
  errors: number;
  firstFailure?: string;
  failed: boolean;
  /**
   * The server's CPU time (user + system, all its threads) per answered request, in µs: what a call costs
   * the server, steadier from run to run than req/s, which moves with everything else on the machine.
   */
  serverCpuUsPerRequest?: number;
}

/** Unique names across all connections and scenarios: autocannon's clients share this closure. */
function nameCounter(prefix: string): () => string {
  let next = 0;
  return () => `${prefix}-${++next}`;
}

/** The large businesses seeded before Topograph started (see seed-store.ts); absent ones have no scenario. */
export interface LargeBusinesses {
  /** the business with 1,000 sets × 10 modules */
  treeBizId?: number;
  /** the business with BENCH_HOSTS_COUNT hosts */
  hostsBizId?: number;
}

/**
 * The tree and host-list scenarios run twice: under the run's load, for req/s and the ratio to the echo, and
 * with one connection, for the latency one request takes. Under N connections a server that does one request
 * at a time answers in about N times that, so the loaded p50 measures throughput, not latency.
 */
export const SCENARIO = {
  searchUncached: 'search_business (read cache off)',
  tree: 'search_biz_inst_topo',
  treeLatency: 'search_biz_inst_topo (1 conn)',
  listHosts: 'list_biz_hosts',
  listHostsLatency: 'list_biz_hosts (1 conn)',
} as const;

export function buildScenarios(
  echoUrl: string,
  topographUrl: string,
  app: EsbApp,
  seeded: Seeded,
  large: LargeBusinesses = {},
  /** a Topograph on the same database with TOPOGRAPH_READ_CACHE_MB=0 */
  uncachedUrl?: string,
): Scenario[] {
  const general = generalParams(app);
  const searchBody = JSON.stringify({ ...general, ...searchBusinessParams() });
  const moduleName = nameCounter('mod');
  const setName = nameCounter('set');
  // The tree and host lists measure building the answer (issues 3 and 5), not the read cache's copy of it.
  const readsUrl = uncachedUrl ?? topographUrl;
  const esb = (name: string, call: string, params: Record<string, unknown>): Scenario => ({
    name,
    baseUrl: readsUrl,
    path: esbPath(call),
    body: JSON.stringify({ ...general, ...params }),
    checkEnvelope: true,
  });
  const extra: Scenario[] = [];
  if (large.treeBizId !== undefined) {
    const tree = esb(SCENARIO.tree, 'search_biz_inst_topo', searchBizInstTopoParams(large.treeBizId));
    extra.push(tree, { ...tree, name: SCENARIO.treeLatency, connections: 1 });
  }
  if (large.hostsBizId !== undefined) {
    const list = { ...esb(SCENARIO.listHosts, 'list_biz_hosts', listBizHostsParams(large.hostsBizId)), timeoutSeconds: SLOW_CALL_TIMEOUT_SECONDS };
    extra.push(list, { ...list, name: SCENARIO.listHostsLatency, connections: 1 });
  }
  return [
    // The echo gets the search_business body: an ESB request of typical size.
    { name: 'echo (baseline)', baseUrl: echoUrl, path: '/echo', body: searchBody, checkEnvelope: false },
    {
      name: 'create_module',
      baseUrl: topographUrl,
      path: esbPath('create_module'),
      body: () => JSON.stringify({ ...general, ...createModuleParams(seeded.bizId, seeded.setId, moduleName()) }),
      checkEnvelope: true,
    },
    {
      name: 'create_set',
      baseUrl: topographUrl,
      path: esbPath('create_set'),
      body: () => JSON.stringify({ ...general, ...createSetParams(seeded.bizId, setName()) }),
      checkEnvelope: true,
    },
    { name: 'search_business', baseUrl: topographUrl, path: esbPath('search_business'), body: searchBody, checkEnvelope: true },
    ...(uncachedUrl
      ? [{ name: SCENARIO.searchUncached, baseUrl: readsUrl, path: esbPath('search_business'), body: searchBody, checkEnvelope: true }]
      : []),
    ...extra,
  ];
}

/** Counts what went wrong in the responses and keeps the first failure to show. */
class ResponseCheck {
  non2xx = 0;
  resultFalse = 0;
  firstFailure: string | undefined;

  constructor(private readonly checkEnvelope: boolean) {}

  record(status: number, body: string): void {
    if (status < 200 || status > 299) {
      this.non2xx++;
      this.firstFailure ??= `HTTP ${status}: ${body.slice(0, 300)}`;
    } else if (this.checkEnvelope && !succeeded(body)) {
      this.resultFalse++;
      this.firstFailure ??= failureMessage(body);
    }
  }
}

/** The envelope starts with result (see src/api/esb/envelope.ts), so a prefix test spares a parse per response. */
function succeeded(body: string): boolean {
  if (body.startsWith('{"result":true,')) return true;
  try {
    return (JSON.parse(body) as { result?: unknown }).result === true;
  } catch {
    return false;
  }
}

function failureMessage(body: string): string {
  try {
    const { code, message } = JSON.parse(body) as { code?: unknown; message?: unknown };
    return `result false, code ${String(code)}: ${String(message)}`;
  } catch {
    return `not an ESB envelope: ${body.slice(0, 300)}`;
  }
}

function requestFor(scenario: Scenario, check: ResponseCheck): autocannon.Request {
  const request: autocannon.Request = {
    method: 'POST',
    path: scenario.path,
    headers: { 'content-type': 'application/json' },
    onResponse: (status, body) => check.record(status, body),
  };
  const { body } = scenario;
  if (typeof body === 'string') return { ...request, body };
  // A setupRequest makes autocannon rebuild the request, with a fresh body, before every send.
  return { ...request, setupRequest: (req) => ({ ...req, body: body() }) };
}

export async function runScenario(scenario: Scenario, load: LoadSettings): Promise<ScenarioResult> {
  const check = new ResponseCheck(scenario.checkEnvelope);
  const connections = scenario.connections ?? load.connections;
  const result = await autocannon({
    url: scenario.baseUrl,
    connections,
    duration: load.durationSeconds,
    ...(scenario.timeoutSeconds !== undefined ? { timeout: scenario.timeoutSeconds } : {}),
    requests: [requestFor(scenario, check)],
  });
  // autocannon's errors already include its timeouts.
  const errors = result.errors;
  return {
    name: scenario.name,
    connections,
    requests: result.requests.total,
    reqPerSec: result.requests.mean,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: check.non2xx,
    resultFalse: check.resultFalse,
    errors,
    firstFailure: check.firstFailure ?? (errors > 0 ? `${result.errors} socket errors or timeouts (${result.timeouts} timeouts)` : undefined),
    failed: check.non2xx + check.resultFalse + errors > 0,
  };
}

// --- single timed calls ---------------------------------------------------------------------------------

export interface TimedCallResult {
  name: string;
  /** what was sent, for the report */
  detail: string;
  /** from sending the request to having parsed the whole answer */
  wallMs: number;
  requestBytes: number;
  failed: boolean;
  failure?: string;
}

/**
 * One request, timed: for calls whose cost is one big body (add_host_to_resource of 100,000 hosts), where
 * autocannon's requests per second would say nothing. `check` refuses an answer that is not the expected one.
 */
export async function timeCall(
  name: string,
  detail: string,
  baseUrl: string,
  call: string,
  body: string,
  check: (data: unknown) => string | undefined,
): Promise<TimedCallResult> {
  const requestBytes = Buffer.byteLength(body);
  const started = performance.now();
  let failure: string | undefined;
  try {
    const res = await fetch(baseUrl + esbPath(call), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await res.text();
    if (res.status !== 200) failure = `HTTP ${res.status}: ${text.slice(0, 300)}`;
    else {
      const envelope = JSON.parse(text) as EsbEnvelope;
      failure = envelope.result ? check(envelope.data) : `result false, code ${envelope.code}: ${envelope.message}`;
    }
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
  }
  const wallMs = performance.now() - started;
  return { name, detail, wallMs, requestBytes, failed: failure !== undefined, ...(failure !== undefined ? { failure } : {}) };
}
