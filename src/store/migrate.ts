import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database.js';
import { dialectHelpers } from './dialect.js';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-builtin-data.js';
import * as m0003 from './migrations/0003-templates.js';
import * as m0004 from './migrations/0004-regions.js';
import * as m0005 from './migrations/0005-hosts.js';
import * as m0006 from './migrations/0006-event-watermark.js';
import * as m0007 from './migrations/0007-model-version.js';
import * as m0008 from './migrations/0008-tree-indexes.js';
import * as m0009 from './migrations/0009-category-level-names.js';
import * as m0010 from './migrations/0010-redundant-indexes.js';
import * as m0011 from './migrations/0011-enterprise-scope.js';
import * as m0012 from './migrations/0012-filter-indexes.js';
import * as m0013 from './migrations/0013-cloud-area-ids.js';
import * as m0014 from './migrations/0014-host-addresses.js';
import * as m0015 from './migrations/0015-dynamic-groups.js';
import * as m0016 from './migrations/0016-host-locks.js';
import * as m0017 from './migrations/0017-business-sets.js';
import * as m0018 from './migrations/0018-service-instances.js';
import * as m0019 from './migrations/0019-process-filter-indexes.js';

/** Migrations are plain modules listed here in order; each gets the dialect it runs on. */
class StaticProvider implements MigrationProvider {
  constructor(private readonly database: Database) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const d = dialectHelpers(this.database.dialect);
    const name = this.database.dialect;
    return {
      '0001-initial': { up: (db) => m0001.up(db, d) },
      '0002-builtin-data': { up: (db) => m0002.up(db, name) },
      '0003-templates': { up: (db) => m0003.up(db, d) },
      '0004-regions': { up: (db) => m0004.up(db, d) },
      '0005-hosts': { up: (db) => m0005.up(db) },
      '0006-event-watermark': { up: (db) => m0006.up(db) },
      '0007-model-version': { up: (db) => m0007.up(db) },
      '0008-tree-indexes': { up: (db) => m0008.up(db) },
      '0009-category-level-names': { up: (db) => m0009.up(db) },
      '0010-redundant-indexes': { up: (db) => m0010.up(db) },
      '0011-enterprise-scope': { up: (db) => m0011.up(db, name) },
      '0012-filter-indexes': { up: (db) => m0012.up(db) },
      '0013-cloud-area-ids': { up: (db) => m0013.up(db, name) },
      '0014-host-addresses': { up: (db) => m0014.up(db, name) },
      '0015-dynamic-groups': { up: (db) => m0015.up(db, d) },
      '0016-host-locks': { up: (db) => m0016.up(db, d) },
      '0017-business-sets': { up: (db) => m0017.up(db, d) },
      '0018-service-instances': { up: (db) => m0018.up(db, d) },
      '0019-process-filter-indexes': { up: (db) => m0019.up(db) },
    };
  }
}

/** Runs the migrations not run yet, all of them or (`upTo`, for the migrations' own tests) up to that one. */
export async function migrateToLatest(database: Database, upTo?: string): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: new StaticProvider(database),
    migrationTableName: 'topograph_migration',
    migrationLockTableName: 'topograph_migration_lock',
  });
  const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
