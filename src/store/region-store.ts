import { sql, type Kysely, type SqlBool } from 'kysely';
import type { WriteSession } from './write-session.js';
import { escapeLike } from './dialect.js';

/** One stored region, as the domain sees it. The key and the token are only ever held here encrypted. */
export interface RegionRecord {
  regionId: string;
  enterpriseId: string;
  regionName: string;
  regionAlias: string;
  url: string;
  wsurl: string;
  httpdomain: string;
  tcpdomain: string;
  scope: string;
  sslCaCert: string | null;
  certFile: string | null;
  keyFileEncrypted: string | null;
  tokenEncrypted: string | null;
  status: string;
  desc: string;
  createTime: number;
  lastTime: number;
}

export type RegionChanges = Partial<Omit<RegionRecord, 'regionId' | 'enterpriseId' | 'regionName' | 'createTime' | 'lastTime'>>;

export interface RegionListQuery {
  enterpriseId: string;
  /** case-insensitive substring of region_name or region_alias */
  text?: string;
  status?: string;
  /** absent: every match */
  limit?: number;
  offset?: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const COLUMNS: Record<keyof RegionRecord, string> = {
  regionId: 'region_id',
  enterpriseId: 'enterprise_id',
  regionName: 'region_name',
  regionAlias: 'region_alias',
  url: 'url',
  wsurl: 'wsurl',
  httpdomain: 'httpdomain',
  tcpdomain: 'tcpdomain',
  scope: 'scope',
  sslCaCert: 'ssl_ca_cert',
  certFile: 'cert_file',
  keyFileEncrypted: 'key_file_encrypted',
  tokenEncrypted: 'token_encrypted',
  status: 'status',
  desc: 'desc',
  createTime: 'create_time',
  lastTime: 'last_time',
};

function toColumns(values: Partial<RegionRecord>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined) out[COLUMNS[k as keyof RegionRecord]] = v;
  }
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function fromRow(r: any): RegionRecord {
  return {
    regionId: r.region_id,
    enterpriseId: r.enterprise_id,
    regionName: r.region_name,
    regionAlias: r.region_alias,
    url: r.url,
    wsurl: r.wsurl,
    httpdomain: r.httpdomain,
    tcpdomain: r.tcpdomain,
    scope: r.scope,
    sslCaCert: r.ssl_ca_cert ?? null,
    certFile: r.cert_file ?? null,
    keyFileEncrypted: r.key_file_encrypted ?? null,
    tokenEncrypted: r.token_encrypted ?? null,
    status: r.status,
    desc: r.desc,
    createTime: Number(r.create_time),
    lastTime: Number(r.last_time),
  };
}


/** A region of the enterprise by its id, else by its name (ids are generated, so they are tried first). */
/** `lock` (PostgreSQL) holds the row to commit: a write reads it as the last change left it, and a second delete finds nothing. */
async function findIn(db: Db, enterpriseId: string, idOrName: string, lock = false): Promise<RegionRecord | undefined> {
  const query = (column: 'region_id' | 'region_name') => {
    const q = db.selectFrom('region').selectAll().where('enterprise_id', '=', enterpriseId).where(column, '=', idOrName);
    return lock ? q.forUpdate() : q;
  };
  const byId = await query('region_id').executeTakeFirst();
  if (byId) return fromRow(byId);
  const byName = await query('region_name').executeTakeFirst();
  return byName ? fromRow(byName) : undefined;
}

async function nameTaken(db: Db, regionName: string): Promise<boolean> {
  const r = await db.selectFrom('region').select('region_id').where('region_name', '=', regionName).executeTakeFirst();
  return r !== undefined;
}

/** Reads of the region table (outside any write transaction). */
export class RegionStore {
  constructor(
    private readonly db: Db,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  find(enterpriseId: string, idOrName: string): Promise<RegionRecord | undefined> {
    return findIn(this.db, enterpriseId, idOrName);
  }

  nameTaken(regionName: string): Promise<boolean> {
    return nameTaken(this.db, regionName);
  }

  async list(q: RegionListQuery): Promise<{ total: number; rows: RegionRecord[] }> {
    let base = this.db.selectFrom('region').where('enterprise_id', '=', q.enterpriseId);
    if (q.status !== undefined) base = base.where('status', '=', q.status);
    if (q.text) {
      const op = this.dialect === 'postgres' ? sql.raw('ilike') : sql.raw('like');
      const pattern = `%${escapeLike(q.text)}%`;
      base = base.where(
        sql<SqlBool>`(${sql.ref('region_name')} ${op} ${pattern} escape '\\' or ${sql.ref('region_alias')} ${op} ${pattern} escape '\\')`,
      );
    }
    const { n } = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    let rows = base.selectAll().orderBy('create_time').orderBy('region_name');
    if (q.limit !== undefined) rows = rows.limit(q.limit).offset(q.offset ?? 0);
    return { total: Number(n), rows: (await rows.execute()).map(fromRow) };
  }
}

/** Region writes inside one WriteSession (the caller queues the audit record and the event on the same session). */
export class RegionWriter {
  constructor(private readonly w: WriteSession) {}

  /** The region this write changes or deletes, held to commit. */
  find(enterpriseId: string, idOrName: string): Promise<RegionRecord | undefined> {
    return findIn(this.w.trx, enterpriseId, idOrName, this.w.dialect === 'postgres');
  }

  nameTaken(regionName: string): Promise<boolean> {
    return nameTaken(this.w.trx, regionName);
  }

  async insert(values: Omit<RegionRecord, 'createTime' | 'lastTime'>): Promise<RegionRecord> {
    const row = await this.w.trx
      .insertInto('region')
      .values(toColumns({ ...values, createTime: this.w.now, lastTime: this.w.now }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return fromRow(row);
  }

  async update(regionId: string, changes: RegionChanges): Promise<RegionRecord> {
    const row = await this.w.trx
      .updateTable('region')
      .set(toColumns({ ...changes, lastTime: this.w.now }))
      .where('region_id', '=', regionId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return fromRow(row);
  }

  async delete(regionId: string): Promise<void> {
    await this.w.trx.deleteFrom('region').where('region_id', '=', regionId).execute();
  }
}
