import { innerIpsOf } from '../domain/hosts/inner-ips.js';

/** A row of host_innerip: one address of a host, in its cloud area. */
export interface InnerIpRow {
  ip: string;
  bk_cloud_id: number;
  bk_host_id: number;
}

/** The host_innerip rows of these hosts. */
export function innerIpRows(hosts: ReadonlyArray<{ bk_host_id: number; bk_cloud_id: number; bk_host_innerip?: unknown }>): InnerIpRow[] {
  const out: InnerIpRow[] = [];
  for (const h of hosts) for (const ip of innerIpsOf(h.bk_host_innerip)) out.push({ ip, bk_cloud_id: h.bk_cloud_id, bk_host_id: h.bk_host_id });
  return out;
}
