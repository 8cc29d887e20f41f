/**
 * The two-server crash spec (support/two-server-crash.ts) on PostgreSQL, what app servers on several
 * machines share: the stack starts PostgreSQL itself, per Playwright worker on a free port (port 0)
 * in the worker's own data directory.
 */
import { test } from './support/stack.js';
import { twoServerCrashSpec } from './support/two-server-crash.js';

test.use({ appServers: 2, databaseUrl: 'postgres://127.0.0.1:0/stowage' });
twoServerCrashSpec('PostgreSQL');
