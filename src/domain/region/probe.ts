import http from 'node:http';
import https from 'node:https';
import { RegionUnreachable } from './errors.js';

/** What the connectivity check needs: the region API's URL and its TLS material, in clear (memory only). */
export interface ProbeTarget {
  url: string;
  sslCaCert: string | null;
  certFile: string | null;
  keyFile: string | null;
  token: string | null;
}

/** Succeeds when the region API answers; throws RegionUnreachable (naming the URL and the reason) otherwise. */
export type Prober = (target: ProbeTarget) => Promise<void>;

export interface ProbeOptions {
  /** per attempt, connection and answer together (Rainbond: 1 s read timeout) */
  timeoutMs?: number;
  /** further attempts after a failed one (Rainbond: 1) */
  retries?: number;
}

/** The address probed: GET {url}/v2/show (rbd-api answers its version there). */
export const showUrl = (url: string) => `${url.replace(/\/+$/, '')}/v2/show`;

const TLS_TRUST = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
]);

/** A short, secret-free reason for a failed attempt. */
function reasonOf(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listens on that host and port, or a firewall refuses it)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'the host is unreachable';
  if (code === 'ECONNRESET') return 'the connection was reset (the server may require a client certificate: check cert_file and key_file)';
  if (TLS_TRUST.has(code)) return `TLS: the server's certificate is not trusted by ssl_ca_cert (${code})`;
  if (code === 'CERT_HAS_EXPIRED') return "TLS: the server's certificate has expired";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return "TLS: the server's certificate does not name this host";
  if (/ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|HANDSHAKE_FAILURE)$/.test(code)) {
    return `TLS: the server refused the client certificate (${code.replace(/^ERR_SSL_/, '')}): check cert_file and key_file`;
  }
  if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH' || /key values mismatch/i.test(e.message ?? '')) {
    return 'TLS: key_file does not match cert_file';
  }
  const message = (e.message ?? String(err)).split('\n')[0]!.slice(0, 200);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

function attempt(target: ProbeTarget, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const address = new URL(showUrl(target.url));
    const tls = address.protocol === 'https:';
    const headers: Record<string, string> = { accept: '*/*', 'user-agent': 'topograph-region-probe' };
    // Never in clear: over http:// the probe goes without the token (the region's API is https in production).
    if (target.token && tls) headers.authorization = target.token;
    const options: https.RequestOptions = {
      method: 'GET',
      headers,
      agent: false,
      ...(tls
        ? {
            rejectUnauthorized: true,
            ...(target.sslCaCert ? { ca: target.sslCaCert } : {}),
            ...(target.certFile ? { cert: target.certFile } : {}),
            ...(target.keyFile ? { key: target.keyFile } : {}),
          }
        : {}),
    };
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    };
    let req: http.ClientRequest;
    try {
      req = (tls ? https : http).request(address, options, (res) => {
        const status = res.statusCode ?? 0;
        res.resume(); // the body (a version string) is not needed
        res.on('end', () => finish(status >= 200 && status < 300 ? undefined : new Error(`the server answered HTTP ${status}`)));
        res.on('error', (e) => finish(e));
      });
    } catch (e) {
      finish(e as Error);
      return;
    }
    timer = setTimeout(() => {
      const e = Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
      req.destroy(e);
      finish(e);
    }, timeoutMs);
    req.on('error', (e) => finish(e));
    req.end();
  });
}

/** GET {url}/v2/show over TLS with the region's CA, client certificate and key; one retry by default. */
export function makeProber(opts: ProbeOptions = {}): Prober {
  const timeoutMs = opts.timeoutMs ?? 2000;
  const retries = opts.retries ?? 1;
  return async (target) => {
    let last: unknown;
    for (let i = 0; i <= retries; i++) {
      try {
        await attempt(target, timeoutMs);
        return;
      } catch (e) {
        last = e;
      }
    }
    const tries = retries + 1;
    throw new RegionUnreachable(showUrl(target.url), `${reasonOf(last)}${tries > 1 ? ` (${tries} attempts)` : ''}`);
  };
}
