import type { CallContext } from '../context.js';
import { isPlainObject } from '../json-shape.js';
import { RegionFieldErrors, type FieldErrors } from './errors.js';
import { updateRegion, type RegionDeps, type RegionInfo, type WriteOptions } from './service.js';

/**
 * POST /openapi/v1/grctl/ip: what Rainbond's `grctl replace ip` sends when a cluster's addresses change. The
 * region is found by region_name and its connection fields are re-pointed. grctl's keys differ from the region
 * body's (ws_url for wsurl, …); they are translated, and refusals name grctl's keys again.
 *
 * Unlike Rainbond's console, this is an ordinary update: an enterprise administrator's, within that enterprise,
 * every field checked (a URL's scheme, PEM that parses, a key that matches its certificate), the connection test
 * run when probing is on, audited. A connection field left out or blank keeps its value, where Rainbond would
 * blank it and break the region; a blank certificate or key clears it, as Rainbond's "" does.
 */
const GRCTL_KEYS: Readonly<Record<string, string>> = {
  url: 'url',
  ws_url: 'wsurl',
  http_domain: 'httpdomain',
  tcp_domain: 'tcpdomain',
  ssl_ca_cert: 'ssl_ca_cert',
  cert_file: 'cert_file',
  key_file: 'key_file',
};
const CLEARABLE = new Set(['ssl_ca_cert', 'cert_file', 'key_file']);
const BACK = Object.fromEntries(Object.entries(GRCTL_KEYS).map(([grctl, body]) => [body, grctl]));

export async function repointRegion(deps: RegionDeps, ctx: CallContext, body: unknown, opts: WriteOptions = {}): Promise<{ region: RegionInfo; ignored: string[] }> {
  if (!isPlainObject(body)) throw new RegionFieldErrors({ body: ['the request body must be a JSON object'] });
  const name = body.region_name;
  if (name === undefined || name === null || name === '') throw new RegionFieldErrors({ region_name: ['This field is required.'] });
  if (typeof name !== 'string') throw new RegionFieldErrors({ region_name: ['must be a string'] });
  const update: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === 'region_name') continue;
    const field = GRCTL_KEYS[key];
    if (field === undefined) ignored.push(key);
    else if (value === null || (typeof value === 'string' && value.trim() === '')) {
      if (CLEARABLE.has(field)) update[field] = null;
    } else update[field] = value;
  }
  try {
    const { region, ignored: unused } = await updateRegion(deps, ctx, name, update, opts);
    return { region, ignored: [...ignored, ...unused] };
  } catch (err) {
    if (!(err instanceof RegionFieldErrors)) throw err;
    const renamed: FieldErrors = {};
    for (const [field, rules] of Object.entries(err.errors)) renamed[BACK[field] ?? field] = rules;
    throw new RegionFieldErrors(renamed);
  }
}
