import { sql, type Kysely } from 'kysely';

/**
 * A service category's name is unique among the categories of its level (roots, or children) in its
 * business, as bk-cmdb's create checks; the index makes two concurrent creates unable to both win.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unique index uq_service_category__bk_biz_id__level__name on service_category (bk_biz_id, (case when bk_parent_id = 0 then 0 else 1 end), name)`.execute(
    db,
  );
}
