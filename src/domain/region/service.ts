import { randomUUID } from 'node:crypto';
import { RegionWriter, type RegionChanges, type RegionRecord } from '../../store/region-store.js';
import type { Store } from '../../store/store.js';
import type { WriteSession } from '../../store/write-session.js';
import { actorOf, type CallContext } from '../context.js';
import { DomainError, isDomainError } from '../errors.js';
import { RegionFieldErrors } from './errors.js';
import { ONLINE, parseListQuery, parseRegionBody, parseStatusChange, type RegionInput, type RegionStatus } from './fields.js';
import { keyMatchesCertificate } from './pem.js';
import type { ProbeTarget, Prober } from './probe.js';
import { SecretBoxError, open, seal, secretAad } from './secret-box.js';

/**
 * Rainbond data centers ("regions") of an enterprise: the rules of the /openapi/v1/regions calls. Every
 * region belongs to the enterprise of the user who added it; every call sees only the caller's enterprise.
 * The private key (key_file) and the region token are write-only: kept encrypted, answered as null.
 */

export interface RegionDeps {
  store: Store;
  /** TOPOGRAPH_SECRET_KEY; without it key_file and token cannot be stored */
  secretKey: Buffer | undefined;
  /** TOPOGRAPH_REGION_PROBE: check connectivity on every add and every switch to ONLINE */
  probeByDefault: boolean;
  probe: Prober;
}

/** Rainbond's RegionInfo, all 15 fields. */
export interface RegionInfo {
  region_id: string;
  region_name: string;
  region_alias: string;
  url: string;
  token: null;
  wsurl: string;
  httpdomain: string;
  tcpdomain: string;
  scope: string;
  ssl_ca_cert: string | null;
  cert_file: string | null;
  key_file: null;
  status: string;
  desc: string;
  enterprise_id: string;
}

export interface RegionPage {
  list: RegionInfo[];
  total: number;
}

/** What a write call may ask for besides its body. */
export interface WriteOptions {
  /** `?probe=true`; the server's setting applies in any case */
  probe?: boolean;
}

/** key_file and token are never answered, whoever asks: they are write-only. */
export function presentRegion(r: RegionRecord): RegionInfo {
  return {
    region_id: r.regionId,
    region_name: r.regionName,
    region_alias: r.regionAlias,
    url: r.url,
    token: null,
    wsurl: r.wsurl,
    httpdomain: r.httpdomain,
    tcpdomain: r.tcpdomain,
    scope: r.scope,
    ssl_ca_cert: r.sslCaCert,
    cert_file: r.certFile,
    key_file: null,
    status: r.status,
    desc: r.desc,
    enterprise_id: r.enterpriseId,
  };
}

// --- rules shared by the calls ----------------------------------------------------------------------------

function assertAdmin(ctx: CallContext, what: string): void {
  if (ctx.principal.isAdmin) return;
  throw new DomainError(
    'permission_denied',
    `no permissions: user '${ctx.principal.username}' may not ${what}: only enterprise administrators manage data centers`,
  );
}

/** A body's enterprise_id may only name the caller's own enterprise (regions are added there, nowhere else). */
function assertOwnEnterprise(ctx: CallContext, enterpriseId: string | undefined): void {
  if (enterpriseId === undefined || enterpriseId === ctx.principal.enterpriseId) return;
  throw new DomainError(
    'permission_denied',
    "no permissions: enterprise_id names another enterprise; regions belong to the caller's enterprise (leave enterprise_id out)",
    { field: 'enterprise_id' },
  );
}

const notFound = (idOrName: string) =>
  new DomainError('not_found', `no found region: no data center with region_id or region_name "${idOrName.slice(0, 64)}" in your enterprise`);

/** A region id or name never holds control characters (PostgreSQL refuses NUL outright): such a path names none. */
// eslint-disable-next-line no-control-regex
const nameable = (idOrName: string) => !/[\u0000-\u001f]/.test(idOrName);

async function existing(store: Store, ctx: CallContext, idOrName: string): Promise<RegionRecord> {
  if (!nameable(idOrName)) throw notFound(idOrName);
  const r = await store.regions.find(ctx.principal.enterpriseId, idOrName);
  if (!r) throw notFound(idOrName);
  return r;
}

const duplicateName = () => new RegionFieldErrors({ region_name: ['a data center with this region_name already exists'] });

/** A unique-index violation of the table (a race between two adds) becomes the same 400 as the check before it. */
function asFieldError(err: unknown): unknown {
  if (isDomainError(err) && err.kind === 'duplicate') {
    const field = err.details.fields?.includes('region_id') ? 'region_id' : 'region_name';
    return field === 'region_name' ? duplicateName() : new RegionFieldErrors({ region_id: ['collides with an existing id: retry'] });
  }
  return err;
}

function decrypt(deps: RegionDeps, r: RegionRecord, field: 'key_file' | 'token'): string | null {
  const sealed = field === 'key_file' ? r.keyFileEncrypted : r.tokenEncrypted;
  if (sealed === null) return null;
  if (!deps.secretKey) {
    throw new RegionFieldErrors({ [field]: ['the stored value cannot be decrypted for the connection test: no TOPOGRAPH_SECRET_KEY is configured'] });
  }
  try {
    return open(deps.secretKey, sealed, secretAad(r.regionId, field));
  } catch (e) {
    if (e instanceof SecretBoxError) {
      throw new RegionFieldErrors({ [field]: [`the stored value cannot be used: ${e.message}; send it again`] });
    }
    throw e;
  }
}

const sealOrNull = (deps: RegionDeps, value: string | null, regionId: string, field: 'key_file' | 'token') =>
  value === null ? null : seal(deps.secretKey!, value, secretAad(regionId, field));

function checkKeyPair(keyFile: string | null, certFile: string | null): void {
  if (keyFile && certFile && !keyMatchesCertificate(keyFile, certFile)) {
    throw new RegionFieldErrors({ key_file: ['does not match cert_file: the certificate carries another public key'] });
  }
}

function auditChange(
  w: WriteSession,
  action: 'create' | 'update' | 'delete',
  subject: RegionRecord,
  pre: RegionInfo | null,
  cur: RegionInfo | null,
  updateFields: string[] | null,
): void {
  w.audit({
    auditType: 'platform_setting',
    resourceType: 'region',
    action,
    bizId: null,
    resourceId: subject.regionId,
    resourceName: subject.regionName,
    detail: { bk_obj_id: 'region', details: { pre_data: pre, cur_data: cur, update_fields: updateFields } },
    enterpriseId: subject.enterpriseId,
  });
  w.event({ resource: 'region', eventType: action, resourceId: subject.regionId, detail: cur ?? pre, enterpriseId: subject.enterpriseId });
}

const shouldProbe = (deps: RegionDeps, opts: WriteOptions) => deps.probeByDefault || opts.probe === true;

// --- the calls ----------------------------------------------------------------------------------------------

/** POST /regions: checks every field, the name's uniqueness, optionally the connection, then stores. */
export async function createRegion(
  deps: RegionDeps,
  ctx: CallContext,
  body: unknown,
  opts: WriteOptions = {},
): Promise<{ region: RegionInfo; ignored: string[] }> {
  assertAdmin(ctx, 'add data centers');
  const { values: v, ignored, enterpriseId } = parseRegionBody(body, { mode: 'create', canStoreSecrets: deps.secretKey !== undefined });
  assertOwnEnterprise(ctx, enterpriseId);
  checkKeyPair(v.keyFile ?? null, v.certFile ?? null);
  if (await deps.store.regions.nameTaken(v.regionName!)) throw duplicateName();

  if (shouldProbe(deps, opts)) {
    await deps.probe({ url: v.url!, sslCaCert: v.sslCaCert ?? null, certFile: v.certFile ?? null, keyFile: v.keyFile ?? null, token: v.token ?? null });
  }

  // Rainbond's make_uuid: a uuid4 without its dashes, 32 lowercase hex characters.
  const regionId = randomUUID().replace(/-/g, '');
  try {
    const region = await deps.store.write(actorOf(ctx), async (w) => {
      const rw = new RegionWriter(w);
      if (await rw.nameTaken(v.regionName!)) throw duplicateName();
      const created = await rw.insert({
        regionId,
        enterpriseId: ctx.principal.enterpriseId,
        regionName: v.regionName!,
        regionAlias: v.regionAlias!,
        url: v.url!,
        wsurl: v.wsurl!,
        httpdomain: v.httpdomain!,
        tcpdomain: v.tcpdomain!,
        scope: v.scope ?? 'private',
        sslCaCert: v.sslCaCert ?? null,
        certFile: v.certFile ?? null,
        keyFileEncrypted: sealOrNull(deps, v.keyFile ?? null, regionId, 'key_file'),
        tokenEncrypted: sealOrNull(deps, v.token ?? null, regionId, 'token'),
        // Omitted status: "1" (online), what Rainbond's own add paths store.
        status: v.status ?? ONLINE,
        desc: v.desc ?? '',
      });
      const shown = presentRegion(created);
      auditChange(w, 'create', created, null, shown, null);
      return shown;
    });
    return { region, ignored };
  } catch (e) {
    throw asFieldError(e);
  }
}

/** GET /regions: the caller's enterprise's data centers; a bare array, or {list, total} when a page is asked for. */
export async function listRegions(deps: RegionDeps, ctx: CallContext, query: Record<string, unknown>): Promise<RegionInfo[] | RegionPage> {
  assertAdmin(ctx, 'list data centers');
  const q = parseListQuery(query);
  const { total, rows } = await deps.store.regions.list({
    enterpriseId: ctx.principal.enterpriseId,
    text: q.text,
    status: q.status,
    ...(q.page ? { limit: q.page.pageSize, offset: (q.page.page - 1) * q.page.pageSize } : {}),
  });
  const list = rows.map(presentRegion);
  return q.page ? { list, total } : list;
}

/** GET /regions/{id}: any user of the enterprise; by region_id, else by region_name. */
export async function getRegion(deps: RegionDeps, ctx: CallContext, idOrName: string): Promise<RegionInfo> {
  return presentRegion(await existing(deps.store, ctx, idOrName));
}

/** The connection fields: changing one of them on an online region is checked like going online. */
const CONNECTION_FIELDS: Array<keyof RegionInput> = ['url', 'sslCaCert', 'certFile', 'keyFile', 'token'];

const WIRE_NAMES: Record<keyof RegionInput, string> = {
  regionName: 'region_name',
  regionAlias: 'region_alias',
  url: 'url',
  wsurl: 'wsurl',
  httpdomain: 'httpdomain',
  tcpdomain: 'tcpdomain',
  scope: 'scope',
  status: 'status',
  desc: 'desc',
  sslCaCert: 'ssl_ca_cert',
  certFile: 'cert_file',
  keyFile: 'key_file',
  token: 'token',
};

/**
 * PUT /regions/{id}: changes the fields the body gives (absent = unchanged; null clears token, ssl_ca_cert,
 * cert_file, key_file). region_name never changes: the same value is accepted, another is refused.
 */
export async function updateRegion(
  deps: RegionDeps,
  ctx: CallContext,
  idOrName: string,
  body: unknown,
  opts: WriteOptions = {},
): Promise<{ region: RegionInfo; ignored: string[] }> {
  assertAdmin(ctx, 'change data centers');
  const before = await existing(deps.store, ctx, idOrName);
  const { values: v, ignored, enterpriseId } = parseRegionBody(body, { mode: 'update', canStoreSecrets: deps.secretKey !== undefined });
  assertOwnEnterprise(ctx, enterpriseId);
  if (v.regionName !== undefined && v.regionName !== before.regionName) {
    throw new RegionFieldErrors({ region_name: ['cannot be changed: it is the data center\'s identity (send the current name or leave it out)'] });
  }

  const given = (Object.keys(v) as Array<keyof RegionInput>).filter((k) => k !== 'regionName' && v[k] !== undefined);
  // The client half of the TLS material must stay a pair: check it against the stored half when one changes.
  if (v.keyFile !== undefined || v.certFile !== undefined) {
    const certFile = v.certFile !== undefined ? v.certFile : before.certFile;
    const keyFile = v.keyFile !== undefined ? v.keyFile : deps.secretKey && certFile ? decrypt(deps, before, 'key_file') : null;
    checkKeyPair(keyFile, certFile);
  }

  const statusAfter = (v.status ?? before.status) as RegionStatus;
  const goesOnline = statusAfter === ONLINE && (before.status !== ONLINE || given.some((k) => CONNECTION_FIELDS.includes(k)));
  if (goesOnline && shouldProbe(deps, opts)) {
    // The stored token goes only where it was stored for: to a new URL, or a server trusted through a new CA,
    // only a token sent in this same request goes (else whoever may change the URL could read the token).
    const sameServer = (v.url === undefined || v.url === before.url) && (v.sslCaCert === undefined || v.sslCaCert === before.sslCaCert);
    await deps.probe({
      url: v.url ?? before.url,
      sslCaCert: v.sslCaCert !== undefined ? v.sslCaCert : before.sslCaCert,
      certFile: v.certFile !== undefined ? v.certFile : before.certFile,
      keyFile: v.keyFile !== undefined ? v.keyFile : decrypt(deps, before, 'key_file'),
      token: v.token !== undefined ? v.token : sameServer ? decrypt(deps, before, 'token') : null,
    });
  }

  if (given.length === 0) return { region: presentRegion(before), ignored };
  const changes: RegionChanges = {};
  for (const k of given) {
    if (k === 'keyFile') changes.keyFileEncrypted = sealOrNull(deps, v.keyFile!, before.regionId, 'key_file');
    else if (k === 'token') changes.tokenEncrypted = sealOrNull(deps, v.token!, before.regionId, 'token');
    else (changes as Record<string, unknown>)[k] = v[k];
  }
  const region = await deps.store.write(actorOf(ctx), async (w) => {
    const rw = new RegionWriter(w);
    const current = await rw.find(ctx.principal.enterpriseId, before.regionId);
    if (!current) throw notFound(idOrName);
    const after = await rw.update(current.regionId, changes);
    const shown = presentRegion(after);
    auditChange(w, 'update', after, presentRegion(current), shown, given.map((k) => WIRE_NAMES[k]));
    return shown;
  });
  return { region, ignored };
}

/** PUT /regions/{id}/status: ONLINE / OFFLINE / MAINTAIN; going ONLINE is checked first when probing is on. */
export async function setRegionStatus(
  deps: RegionDeps,
  ctx: CallContext,
  idOrName: string,
  body: unknown,
  opts: WriteOptions = {},
): Promise<RegionInfo> {
  assertAdmin(ctx, 'change data centers');
  const before = await existing(deps.store, ctx, idOrName);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RegionFieldErrors({ body: ['the request body must be a JSON object: {"status": "ONLINE"}'] });
  }
  const status = parseStatusChange((body as Record<string, unknown>).status);
  if (status === ONLINE && shouldProbe(deps, opts)) {
    await deps.probe(probeTargetOf(deps, before));
  }
  if (status === before.status) return presentRegion(before);
  return deps.store.write(actorOf(ctx), async (w) => {
    const rw = new RegionWriter(w);
    const current = await rw.find(ctx.principal.enterpriseId, before.regionId);
    if (!current) throw notFound(idOrName);
    const after = await rw.update(current.regionId, { status });
    const shown = presentRegion(after);
    auditChange(w, 'update', after, presentRegion(current), shown, ['status']);
    return shown;
  });
}

/** DELETE /regions/{id}: answers the region as it was. */
export async function deleteRegion(deps: RegionDeps, ctx: CallContext, idOrName: string): Promise<RegionInfo> {
  assertAdmin(ctx, 'delete data centers');
  return deps.store.write(actorOf(ctx), async (w) => {
    const rw = new RegionWriter(w);
    const current = nameable(idOrName) ? await rw.find(ctx.principal.enterpriseId, idOrName) : undefined;
    if (!current) throw notFound(idOrName);
    await rw.delete(current.regionId);
    const shown = presentRegion(current);
    auditChange(w, 'delete', current, shown, null, null);
    return shown;
  });
}

function probeTargetOf(deps: RegionDeps, r: RegionRecord): ProbeTarget {
  return {
    url: r.url,
    sslCaCert: r.sslCaCert,
    certFile: r.certFile,
    keyFile: decrypt(deps, r, 'key_file'),
    token: decrypt(deps, r, 'token'),
  };
}
