import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Data centers belong to an enterprise, and so do their audit records and events: `enterprise_id` on both
 * tables names it (null for everything else, which every user may read). Rows written before it existed take
 * the enterprise from the region they describe.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('enterprise_id', 'text').execute();
  await db.schema.alterTable('event').addColumn('enterprise_id', 'text').execute();
  const field = (column: string, path: string[]) =>
    dialect === 'postgres'
      ? sql.raw(`(${column}::jsonb #>> '{${path.join(',')}}')`)
      : sql.raw(`json_extract(${column}, '$.${path.join('.')}')`);
  await sql`update event set enterprise_id = ${field('bk_detail', ['enterprise_id'])} where bk_resource = 'region'`.execute(db);
  await sql`update audit_log set enterprise_id = coalesce(${field('operation_detail', ['details', 'cur_data', 'enterprise_id'])}, ${field('operation_detail', ['details', 'pre_data', 'enterprise_id'])}) where resource_type = 'region'`.execute(db);
}
