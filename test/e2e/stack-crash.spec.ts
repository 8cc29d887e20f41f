/** The two-server crash spec (support/two-server-crash.ts) on SQLite: both processes share one file in WAL mode. */
import { test } from './support/stack.js';
import { twoServerCrashSpec } from './support/two-server-crash.js';

test.use({ appServers: 2 });
twoServerCrashSpec('SQLite');
