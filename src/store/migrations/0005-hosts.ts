import type { Kysely } from 'kysely';

/**
 * Indexes behind the host searches (list_biz_hosts and friends). The topology filters (business, set,
 * module) use host_module's indexes from 0001; these serve host_property_filter's usual fields — the
 * identity of a host (inner and outer IP, name, cloud area, asset id, serial number) — and the lookups
 * of inner IPs the add calls make before they write. (bk_cloud_id alone also serves delete_cloud_area's
 * "hosts in this cloud area" count.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['bk_host_innerip', 'bk_host_outerip', 'bk_host_name', 'bk_cloud_id', 'bk_asset_id', 'bk_sn']) {
    await db.schema.createIndex(`ix_host__${column}`).on('host').column(column).execute();
  }
  // find_host_topo_relation pages a business's relations in host order.
  await db.schema.createIndex('ix_host_module__bk_biz_id__bk_host_id').on('host_module').columns(['bk_biz_id', 'bk_host_id']).execute();
}
