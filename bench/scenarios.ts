/** The load scenarios and how one is run with autocannon and its responses checked. */
import autocannon from 'autocannon';
import {
  createModuleParams,
  createSetParams,
  esbPath,
  generalParams,
  searchBusinessParams,
  type EsbApp,
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
}

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
}

export interface ScenarioResult {
  name: string;
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
}

/** Unique names across all connections and scenarios: autocannon's clients share this closure. */
function nameCounter(prefix: string): () => string {
  let next = 0;
  return () => `${prefix}-${++next}`;
}

export function buildScenarios(echoUrl: string, topographUrl: string, app: EsbApp, seeded: Seeded): Scenario[] {
  const general = generalParams(app);
  const searchBody = JSON.stringify({ ...general, ...searchBusinessParams() });
  const moduleName = nameCounter('mod');
  const setName = nameCounter('set');
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
  const result = await autocannon({
    url: scenario.baseUrl,
    connections: load.connections,
    duration: load.durationSeconds,
    requests: [requestFor(scenario, check)],
  });
  // autocannon's errors already include its timeouts.
  const errors = result.errors;
  return {
    name: scenario.name,
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
