import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Rainbond data centers ("regions"). Column names follow Rainbond's region_info table; the private key and
 * the token are kept only encrypted (AES-256-GCM, see src/domain/region/secret-box.ts), never in clear.
 * Lengths are enforced by the domain (src/domain/region/fields.ts), not by the column types.
 */
export async function up(db: Kysely<any>, d: DialectHelpers): Promise<void> {
  await db.schema
    .createTable('region')
    .addColumn('region_id', 'text', (c) => c.primaryKey())
    .addColumn('enterprise_id', 'text', (c) => c.notNull())
    .addColumn('region_name', 'text', (c) => c.notNull())
    .addColumn('region_alias', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('wsurl', 'text', (c) => c.notNull())
    .addColumn('httpdomain', 'text', (c) => c.notNull())
    .addColumn('tcpdomain', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo('private'))
    .addColumn('ssl_ca_cert', 'text')
    .addColumn('cert_file', 'text')
    .addColumn('key_file_encrypted', 'text')
    .addColumn('token_encrypted', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('desc', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('create_time', d.bigint, (c) => c.notNull())
    .addColumn('last_time', d.bigint, (c) => c.notNull())
    .execute();
  // Rainbond: region_name is unique across all enterprises. The index name is uq_<table>__<column>, which is
  // how a PostgreSQL unique violation is turned back into the field (src/store/db-errors.ts).
  await db.schema.createIndex('uq_region__region_name').unique().on('region').column('region_name').execute();
  // The list: one enterprise's regions, optionally of one status, in creation order.
  await db.schema
    .createIndex('ix_region__enterprise_id__status__create_time')
    .on('region')
    .columns(['enterprise_id', 'status', 'create_time'])
    .execute();
  await db.schema
    .createIndex('ix_region__enterprise_id__create_time')
    .on('region')
    .columns(['enterprise_id', 'create_time'])
    .execute();
}
