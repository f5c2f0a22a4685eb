/**
 * The seeding child: writes the large data sets into the database before Topograph opens it (seed-store.ts),
 * in a process of its own, so that the benchmark's own event loop stays free (Ctrl-C is handled at once)
 * and the seeding's memory is given back when it exits.
 *
 * Environment: SEED_DATABASE_URL; SEED_TREE_SETS and SEED_TREE_MODULES_PER_SET; SEED_HOSTS (0 for none),
 * SEED_HOST_SETS and SEED_HOST_MODULES_PER_SET. Progress goes to stdout as plain lines; the last line is
 * `@result <json>` (SeederResult).
 */
import { RESULT_LINE_PREFIX } from './processes.js';
import { openSeedStore, seedHosts, seedTree } from './seed-store.js';

export interface SeederResult {
  tree: { bizId: number; sets: number; modules: number; ms: number };
  hosts?: { bizId: number; hosts: number; modules: number; ms: number };
}

function intFromEnv(name: string): number {
  const value = Number(process.env[name]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be an integer ≥ 0, got "${process.env[name]}"`);
  return value;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const url = process.env.SEED_DATABASE_URL;
  if (!url) throw new Error('SEED_DATABASE_URL is not set');
  const treeSets = intFromEnv('SEED_TREE_SETS');
  const treeModules = intFromEnv('SEED_TREE_MODULES_PER_SET');
  const hosts = intFromEnv('SEED_HOSTS');

  const { store, close } = await openSeedStore(url);
  try {
    let started = performance.now();
    const tree = await seedTree(store, 'topo-tree', treeSets, treeModules);
    const result: SeederResult = { tree: { ...tree, ms: performance.now() - started } };
    console.log(`tree: ${seconds(result.tree.ms)}`);

    if (hosts > 0) {
      const step = Math.max(100_000, Math.ceil(hosts / 5 / 100_000) * 100_000);
      let shown = 0;
      started = performance.now();
      const seeded = await seedHosts(store, 'hosts-bench', hosts, intFromEnv('SEED_HOST_SETS'), intFromEnv('SEED_HOST_MODULES_PER_SET'), (done) => {
        if (done - shown < step && done < hosts) return;
        shown = done;
        console.log(`hosts: ${done.toLocaleString('en-US')}, ${seconds(performance.now() - started)}`);
      });
      result.hosts = { ...seeded, ms: performance.now() - started };
    }
    console.log(RESULT_LINE_PREFIX + JSON.stringify(result));
  } finally {
    await close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
