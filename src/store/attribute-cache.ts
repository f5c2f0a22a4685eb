import { sql, type Kysely } from 'kysely';
import type { Attribute, ObjId } from '../domain/model/attribute.js';
import { attributeFromRow } from './attribute-rows.js';

/**
 * Every write validates against its object's attributes, and loading them is a visible share of a call.
 * They are kept per process and reloaded when model_version moves (every attribute change raises it in the
 * same transaction), which a one-row read tells. Callers must not mutate the lists.
 */
export class AttributeCache {
  private version = -1;
  private readonly byObject = new Map<ObjId, Attribute[]>();

  /**
   * `keep` false: a transaction that changed the model itself reads its own, uncommitted attributes, which
   * must neither be kept for others nor be answered from what others committed.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async get(db: Kysely<any>, objId: ObjId, keep = true): Promise<Attribute[]> {
    if (!keep) return load(db, objId);
    const row = await db.selectFrom('model_version').select('version').where('id', '=', 1).executeTakeFirst();
    const version = Number(row?.version ?? 0);
    if (version !== this.version) {
      this.byObject.clear();
      this.version = version;
    }
    const cached = this.byObject.get(objId);
    if (cached) return cached;
    const list = await load(db, objId);
    // Kept only under the version read before it was loaded: a newer version seen meanwhile outranks it.
    if (this.version === version) this.byObject.set(objId, list);
    return list;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function load(db: Kysely<any>, objId: ObjId): Promise<Attribute[]> {
  const rows = await db
    .selectFrom('object_attribute')
    .selectAll()
    .where('bk_obj_id', '=', objId)
    .orderBy('bk_property_index')
    .orderBy('id')
    .execute();
  return rows.map(attributeFromRow);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function bumpModelVersion(db: Kysely<any>): Promise<void> {
  await db.updateTable('model_version').set({ version: sql`version + 1` }).where('id', '=', 1).execute();
}
