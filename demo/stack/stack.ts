/**
 * The whole caching stack on one machine (issue 14): Varnish on a loopback port in front of one or
 * more demo server processes that share one SQLite database (WAL). Used by `npm run stack`
 * (start.ts), the stack's end-to-end specs and its benchmark.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { startOrigin } from './origin';
import type { Origin } from './origin';
import { StackError } from './stack-error';
import { requireVarnishd, startVarnish } from './varnish';
import type { Varnish } from './varnish';

export interface StackOptions {
  /** Varnish's port, the one the browser uses; 0 picks a free one. @default 8080 */
  port?: number;
  /** The shared database's directory. @default "./.data" */
  dataDir?: string;
  /** @default "dist/demo" */
  distDir?: string;
  /** How many demo server processes run behind Varnish (round-robin). @default 1 */
  appServers?: number;
}

export interface Stack {
  /** Varnish: what the browser opens. */
  url: string;
  /** The app servers, each reachable directly (with its /__control/ API). */
  origins: Origin[];
  varnish: Varnish;
  stop(): Promise<void>;
}

/** With several app servers, each one looks this often for the others' commits (feed-follower.ts). */
const FOLLOW_LOG_MS = 100;

/** A free loopback port, for varnishd, which cannot report the port it picked for `:0` without its admin CLI. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const appServers = options.appServers ?? 1;
  if (!Number.isInteger(appServers) || appServers < 1 || appServers > 16) {
    throw new StackError('invalid-config', `APP_SERVERS must be 1-16, not ${appServers}`);
  }
  // Fail before starting anything: a missing Varnish is the one error a new machine will hit.
  requireVarnishd();
  const port = options.port === undefined || options.port === 0 ? await freePort() : options.port;
  const purgeUrl = `http://127.0.0.1:${port}/`;
  const origins: Origin[] = [];
  const stopOrigins = (): Promise<void> => Promise.all(origins.map((origin) => origin.child.stop())).then(() => undefined);
  try {
    for (let i = 0; i < appServers; i++) {
      origins.push(
        await startOrigin({
          dataDir: resolve(options.dataDir ?? './.data'),
          distDir: resolve(options.distDir ?? 'dist/demo'),
          purgeUrl,
          followLogMs: appServers > 1 ? FOLLOW_LOG_MS : undefined,
        }),
      );
    }
    const varnish = await startVarnish(port, origins.map((origin) => origin.port));
    // A caller that exits without stop() (an uncaught error, process.exit) must not leave them running.
    const killAll = (): void => {
      for (const child of [varnish.child, ...origins.map((origin) => origin.child)]) child.process.kill('SIGTERM');
    };
    process.once('exit', killAll);
    return {
      url: varnish.url,
      origins,
      varnish,
      async stop(): Promise<void> {
        process.off('exit', killAll);
        await varnish.stop();
        await stopOrigins();
      },
    };
  } catch (err) {
    await stopOrigins();
    throw err;
  }
}
