/**
 * A second app server in its own process, as the contract test needs one: it opens the store named
 * by argv (a PostgreSQL URL, or a SQLite directory), says `waiting`, then runs one idempotent write
 * of `key` and prints its outcome. A same-process second connection would not do for SQLite, whose
 * busy wait blocks the whole process, the first writer included.
 */
import { openStore } from '../../../../demo/server/store/open-store';

const [location = '', key = ''] = process.argv.slice(2);
const store = await openStore(location.startsWith('postgres') ? { dataDir: '', databaseUrl: location } : { dataDir: location });
console.log('waiting');
const outcome = await store.transaction(async (tx) => {
  if (await tx.getIdempotency(key)) return 'replayed';
  await tx.insertNote(`effect of ${key}`, 'second writer', new Date().toISOString());
  await tx.insertIdempotency(key, { principal: null, method: 'POST', path: '/api/notes', fingerprint: 'f', status: 201, headers: '{}', body: null }, new Date().toISOString());
  return 'applied';
});
console.log(outcome);
await store.close();
