/**
 * Entry point: `npx tsx demo/server/main.ts`. Configured by PORT, HOST, DATA_DIR, DIST_DIR,
 * DATABASE_URL (postgres://…; SQLite in DATA_DIR without it), and
 * behind the stack's proxy (demo/stack/start.ts) by PURGE_URL and FEED_FOLLOW_MS.
 */
import { startDemoServer } from './app';

const port = Number(process.env['PORT'] ?? 5173);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid PORT: ${process.env['PORT']}`);
  process.exit(1);
}

const server = await startDemoServer({
  port,
  host: process.env['HOST'] ?? '127.0.0.1',
  dataDir: process.env['DATA_DIR'] ?? './.data',
  databaseUrl: process.env['DATABASE_URL'] || undefined,
  distDir: process.env['DIST_DIR'] ?? 'dist/demo',
  purgeUrl: process.env['PURGE_URL'] || undefined,
  followLogMs: process.env['FEED_FOLLOW_MS'] ? Number(process.env['FEED_FOLLOW_MS']) : undefined,
});
console.log(`Stowage demo: ${server.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
