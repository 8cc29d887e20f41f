/**
 * `npm run stack`: builds the demo if needed, then runs Varnish in front of the demo server
 * (demo/stack/stack.ts) until Ctrl-C or SIGTERM. Configured by PORT (Varnish's, default 8080),
 * DATA_DIR, DIST_DIR, APP_SERVERS (default 1) and DATABASE_URL (postgres://…; SQLite without it).
 */
import { buildIfNeeded } from './build';
import { startStack } from './stack';
import { StackError } from './stack-error';

const port = Number(process.env['PORT'] ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid PORT: ${process.env['PORT']}`);
  process.exit(1);
}

try {
  const distDir = process.env['DIST_DIR'] ?? 'dist/demo';
  buildIfNeeded(distDir);
  const stack = await startStack({
    port,
    dataDir: process.env['DATA_DIR'] ?? './.data',
    distDir,
    appServers: Number(process.env['APP_SERVERS'] ?? 1),
    databaseUrl: process.env['DATABASE_URL'] || undefined,
  });
  console.log(`Stowage stack: ${stack.url}`);
  if (stack.databaseUrl !== undefined) console.log(`database: ${stack.databaseUrl}${stack.postgres?.child ? ' (started by the stack)' : ''}`);
  for (const origin of stack.origins) console.log(`origin: ${origin.url}`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void stack.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // If Varnish dies the stack is useless: stop the rest and say so. A killed app server is left
  // out of the rotation by Varnish's health probe, and the others carry on.
  void stack.varnish.child.exited.then(() => {
    if (stopping) return;
    console.error(`varnishd exited:\n${stack.varnish.child.output()}`);
    stopping = true;
    void stack.stop().then(() => process.exit(1));
  });
} catch (err) {
  console.error(err instanceof StackError ? err.message : err);
  process.exit(1);
}
