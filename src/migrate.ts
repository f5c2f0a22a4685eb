import { loadConfig } from './config.js';
import { Store } from './store/store.js';

/** npm run migrate: brings the configured database to the latest schema and built-in data. */
const config = loadConfig();
const store = await Store.open(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
try {
  const applied = await store.migrate();
  const seeded = await store.seedBuiltinAttributes();
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
  if (seeded) console.log(`built-in attributes added: ${seeded}`);
} finally {
  await store.close();
}
