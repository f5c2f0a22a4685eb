/**
 * Seeding the large data sets straight into the SQLite file, with the project's own store, before Topograph
 * starts: 11,000 create_set / create_module calls or a million hosts through the ESB would take minutes.
 * seeder.ts runs this in a child process.
 *
 * Rows are built the way the ESB calls build them — validateForCreate against the built-in attributes, then
 * the same fixed fields create_business / create_set / create_module / add_host_* add — and written with the
 * store's bulk inserts. Businesses, sets and modules get their audit records and events as they would through
 * the ESB. Hosts and their host_module relations do not (a million audit records and events would double the
 * seeding time and nothing the benchmark asks reads them); their rows are otherwise what add_host_* writes.
 */
import { validateForCreate } from '../src/domain/model/validator.js';
import { DEFAULT_SERVICE_CATEGORY_ID } from '../src/domain/topology/service-category.js';
import { createIdlePool } from '../src/domain/topology/idle-pool.js';
import { HostStore, type HostRelation } from '../src/store/host-store.js';
import { toColumns } from '../src/store/instance-tables.js';
import { Store, type Actor } from '../src/store/store.js';
import type { WriteSession } from '../src/store/write-session.js';

const ACTOR: Actor = { user: 'admin', appCode: 'bench', requestId: 'bench-seed' };
const NOT_STRICT = { strict: false, passThrough: new Set(['bk_biz_id', 'bk_set_id', 'bk_supplier_account']) };

/** Hosts per write transaction: keeps the WAL file from growing to the size of the whole table. */
const HOSTS_PER_TRANSACTION = 50_000;
/** Host rows per INSERT statement (about 30 columns each: under SQLite's 32,766 bound parameters). */
const HOSTS_PER_STATEMENT = 1_000;

export interface SeedStore {
  store: Store;
  close(): Promise<void>;
}

/** Opens (and migrates) the database Topograph will be started on, as its start-up would. */
export async function openSeedStore(databaseUrl: string): Promise<SeedStore> {
  const store = await Store.open(databaseUrl);
  try {
    await store.migrate();
    await store.seedBuiltinAttributes();
  } catch (err) {
    await store.close();
    throw err;
  }
  return { store, close: () => store.close() };
}

/** create_business: the business and its idle pool. */
async function insertBusiness(w: WriteSession, name: string): Promise<number> {
  const { values } = validateForCreate(await w.attributes('biz'), { bk_biz_name: name, bk_biz_maintainer: 'admin' }, NOT_STRICT);
  const biz = await w.insertInstance('biz', { ...values, default: 0, bk_supplier_account: '0', bk_data_status: null });
  await createIdlePool(w, biz);
  return biz.bk_biz_id as number;
}

/** `sets` × `modulesPerSet` ordinary sets and modules (create_set / create_module without templates); answers the modules. */
async function insertSetsAndModules(
  w: WriteSession,
  bizId: number,
  sets: number,
  modulesPerSet: number,
): Promise<Array<{ bk_module_id: number; bk_set_id: number }>> {
  const setAttrs = await w.attributes('set');
  const setRows = Array.from({ length: sets }, (_, i) => {
    const { values } = validateForCreate(setAttrs, { bk_parent_id: bizId, bk_set_name: `set-${String(i + 1).padStart(4, '0')}` }, NOT_STRICT);
    return { ...values, bk_biz_id: bizId, set_template_id: 0, set_template_version: null, default: 0, bk_supplier_account: '0' };
  });
  const setIds = await w.insertInstances('set', setRows);
  const moduleAttrs = await w.attributes('module');
  const moduleRows = setIds.flatMap((setId) =>
    Array.from({ length: modulesPerSet }, (_, j) => {
      const { values } = validateForCreate(moduleAttrs, { bk_parent_id: setId, bk_module_name: `module-${j + 1}` }, NOT_STRICT);
      return {
        ...values,
        bk_biz_id: bizId,
        bk_set_id: setId,
        service_category_id: DEFAULT_SERVICE_CATEGORY_ID,
        service_template_id: 0,
        set_template_id: 0,
        host_apply_enabled: false,
        default: 0,
        bk_supplier_account: '0',
      };
    }),
  );
  const moduleIds = await w.insertInstances('module', moduleRows);
  return moduleIds.map((id, i) => ({ bk_module_id: id, bk_set_id: moduleRows[i]!.bk_set_id }));
}

export interface SeededTree {
  bizId: number;
  sets: number;
  modules: number;
}

/** A business with `sets` sets of `modulesPerSet` modules each, in one transaction. */
export async function seedTree(store: Store, name: string, sets: number, modulesPerSet: number): Promise<SeededTree> {
  return store.write(ACTOR, async (w) => {
    const bizId = await insertBusiness(w, name);
    const modules = await insertSetsAndModules(w, bizId, sets, modulesPerSet);
    return { bizId, sets, modules: modules.length };
  });
}

/**
 * The inner IP of the n-th seeded host (n from 0): 10.x.y.z, unique up to 16,777,216 hosts. The
 * add_host_to_resource scenario takes its IPs from another range (see hostImportBody).
 */
export const seededHostIp = (n: number) => `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

export interface SeededHosts {
  bizId: number;
  hosts: number;
  modules: number;
}

/**
 * A business with `hosts` hosts spread evenly over `sets` × `modulesPerSet` modules, one module each, as
 * add_host_to_business_idle followed by transfer_host_module would leave them. Hosts get explicit ids
 * (after the largest there is), so their relations can be written without reading the hosts back.
 */
export async function seedHosts(
  store: Store,
  name: string,
  hosts: number,
  sets: number,
  modulesPerSet: number,
  onProgress?: (done: number) => void,
): Promise<SeededHosts> {
  const { bizId, modules, template, firstId } = await store.write(ACTOR, async (w) => {
    const bizId = await insertBusiness(w, name);
    const modules = await insertSetsAndModules(w, bizId, sets, modulesPerSet);
    // The one host row add_host_* would write for {bk_host_innerip, bk_cloud_id: 0}; only IP and id vary.
    const { values } = validateForCreate(await w.attributes('host'), { bk_host_innerip: seededHostIp(0), bk_cloud_id: 0 }, NOT_STRICT);
    const template = toColumns('host', {
      ...values,
      default: 0,
      bk_supplier_account: '0',
      create_time: w.now,
      last_time: w.now,
      bk_created_by: ACTOR.user,
      bk_updated_by: ACTOR.user,
    });
    const max = await w.trx.selectFrom('host').select((eb) => eb.fn.max('bk_host_id').as('max')).executeTakeFirstOrThrow();
    return { bizId, modules, template, firstId: Number(max.max ?? 0) + 1 };
  });

  for (let from = 0; from < hosts; from += HOSTS_PER_TRANSACTION) {
    const to = Math.min(hosts, from + HOSTS_PER_TRANSACTION);
    await store.write(ACTOR, async (w) => {
      const relations: HostRelation[] = [];
      for (let start = from; start < to; start += HOSTS_PER_STATEMENT) {
        const rows: Record<string, unknown>[] = [];
        for (let n = start; n < Math.min(to, start + HOSTS_PER_STATEMENT); n++) {
          const id = firstId + n;
          const mod = modules[n % modules.length]!;
          rows.push({ ...template, bk_host_id: id, bk_host_innerip: seededHostIp(n) });
          relations.push({ bk_host_id: id, bk_module_id: mod.bk_module_id, bk_set_id: mod.bk_set_id, bk_biz_id: bizId });
        }
        await w.trx.insertInto('host').values(rows).execute();
        await w.trx
          .insertInto('host_innerip')
          .values(rows.map((r) => ({ ip: r.bk_host_innerip, bk_cloud_id: 0, bk_host_id: r.bk_host_id })))
          .execute();
      }
      await new HostStore(w.trx, w.dialect).insertRelations(relations);
    });
    onProgress?.(to);
  }
  return { bizId, hosts, modules: modules.length };
}

/** How many hosts a business holds (a write session is the store's public way to count them; nothing is written). */
export function countHostsOf(store: Store, bizId: number): Promise<number> {
  return store.write(ACTOR, (w) => w.countHosts({ bizId }));
}
