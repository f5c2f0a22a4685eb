import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { resyncIdentity } from '../dialect.js';

/**
 * bk-cmdb's built-in data (bk-cmdb-detail.md §3): cloud area 0, the resource-pool business (id 1) with its
 * idle pool, and the default service category pair (ids 1 and 2; modules default to 2). The real system
 * stores Chinese names; clients find these rows by their `default` flag, so English names serve.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const now = Date.now();
  const stamps = { create_time: now, last_time: now, bk_created_by: 'system', bk_updated_by: 'system', custom: '{}' };

  await db
    .insertInto('plat')
    .values({ bk_cloud_id: 0, bk_cloud_name: 'Default Area', bk_status: '1', default: 1, bk_creator: 'system', bk_last_editor: 'system', ...stamps })
    .execute();

  await db
    .insertInto('service_category')
    .values([
      { id: 1, name: 'Default', bk_parent_id: 0, bk_root_id: 1, bk_biz_id: 0, is_built_in: 1 },
      { id: 2, name: 'Default', bk_parent_id: 1, bk_root_id: 1, bk_biz_id: 0, is_built_in: 1 },
    ])
    .execute();

  await db
    .insertInto('biz')
    .values({
      bk_biz_id: 1,
      bk_biz_name: 'resource pool',
      life_cycle: '2',
      bk_biz_maintainer: 'admin',
      bk_biz_productor: 'admin',
      time_zone: 'Asia/Shanghai',
      language: '1',
      default: 1,
      ...stamps,
    })
    .execute();
  await db
    .insertInto('topo_set')
    .values({
      bk_set_id: 1,
      bk_biz_id: 1,
      bk_parent_id: 1,
      bk_set_name: 'idle pool',
      bk_set_desc: '',
      bk_set_env: '3',
      bk_service_status: '1',
      description: '',
      default: 1,
      ...stamps,
    })
    .execute();
  const idleModules = [
    ['idle host', 1],
    ['fault host', 2],
    ['recycle host', 3],
  ] as const;
  await db
    .insertInto('module')
    .values(
      idleModules.map(([name, kind], i) => ({
        bk_module_id: i + 1,
        bk_biz_id: 1,
        bk_set_id: 1,
        bk_parent_id: 1,
        bk_module_name: name,
        bk_module_type: '1',
        service_category_id: 2,
        default: kind,
        ...stamps,
      })),
    )
    .execute();

  for (const [table, column] of [
    ['plat', 'bk_cloud_id'],
    ['service_category', 'id'],
    ['biz', 'bk_biz_id'],
    ['topo_set', 'bk_set_id'],
    ['module', 'bk_module_id'],
  ] as const) {
    await resyncIdentity(db, dialect, table, column);
  }
}
