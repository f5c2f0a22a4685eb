import { ADDRESS_RULES, addressesOf, type AddressField } from '../domain/hosts/addresses.js';

/** The table that holds each address rule: host_innerip keyed (ip, bk_cloud_id), host_outerip keyed ip. */
export const ADDRESS_TABLES: Record<AddressField, string> = { bk_host_innerip: 'host_innerip', bk_host_outerip: 'host_outerip' };

const PER_CLOUD = new Set(ADDRESS_RULES.filter((r) => r.perCloud).map((r) => r.field));

/** A row of host_innerip (with its cloud area) or host_outerip: one address of a host. */
export interface AddressRow {
  ip: string;
  bk_host_id: number;
  bk_cloud_id?: number;
}

type HostAddresses = { bk_host_id: number; bk_cloud_id: number } & { [F in AddressField]?: unknown };

/** The rows of `field`'s table for these hosts. */
export function addressRows(field: AddressField, hosts: ReadonlyArray<HostAddresses>): AddressRow[] {
  const perCloud = PER_CLOUD.has(field);
  const out: AddressRow[] = [];
  for (const h of hosts) {
    for (const ip of addressesOf(h[field])) out.push(perCloud ? { ip, bk_cloud_id: h.bk_cloud_id, bk_host_id: h.bk_host_id } : { ip, bk_host_id: h.bk_host_id });
  }
  return out;
}
