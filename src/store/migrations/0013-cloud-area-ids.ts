import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { resyncIdentity } from '../dialect.js';

/**
 * On PostgreSQL, 0002 left the cloud-area sequence so that the first area made got id 2 (SQLite gives 1). An
 * install that has made none yet now gives 1 too; one that has is left as it is (its next id is max + 1).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await resyncIdentity(db, dialect, 'plat', 'bk_cloud_id');
}
