/**
 * The whole caching stack on one machine (issue 14): Varnish on a loopback port in front of one or
 * more demo server processes that share one database: SQLite (WAL), or PostgreSQL when
 * `databaseUrl` names it (started by the stack on a loopback host, postgres.ts). Used by
 * `npm run stack` (start.ts), the stack's end-to-end specs and its benchmark.
 */
import { resolve } from 'node:path';
import { freePort } from './free-port';
import { startOrigin } from './origin';
import type { Origin } from './origin';
import { ensurePostgres } from './postgres';
import type { Postgres } from './postgres';
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
  /**
   * postgres://…: the app servers share that PostgreSQL database instead of SQLite. On a loopback
   * host where nothing answers, the stack runs PostgreSQL itself (cluster in `<dataDir>/postgres`);
   * port 0 picks a free one. @default undefined (SQLite in `dataDir`)
   */
  databaseUrl?: string | undefined;
}

export interface Stack {
  /** Varnish: what the browser opens. */
  url: string;
  /** The app servers, each reachable directly (with its /__control/ API). */
  origins: Origin[];
  varnish: Varnish;
  /** The PostgreSQL URL the app servers use (its port filled in), undefined on SQLite. */
  databaseUrl: string | undefined;
  /** The PostgreSQL server the stack started, if it started one. */
  postgres: Postgres | undefined;
  stop(): Promise<void>;
}

/** With several app servers, each one looks this often for the others' commits (feed-follower.ts). */
const FOLLOW_LOG_MS = 100;

/** A URL whose port is 0 gets a free one, as the stack's own port does. */
async function withPort(databaseUrl: string): Promise<string> {
  const url = new URL(databaseUrl);
  if (url.port !== '0') return databaseUrl;
  url.port = String(await freePort());
  return url.href;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const appServers = options.appServers ?? 1;
  if (!Number.isInteger(appServers) || appServers < 1 || appServers > 16) {
    throw new StackError('invalid-config', `APP_SERVERS must be 1-16, not ${appServers}`);
  }
  const databaseUrl = options.databaseUrl ? await withPort(options.databaseUrl) : undefined;
  // Fail before starting anything: a missing Varnish is the one error a new machine will hit.
  requireVarnishd();
  const dataDir = resolve(options.dataDir ?? './.data');
  const port = options.port === undefined || options.port === 0 ? await freePort() : options.port;
  const purgeUrl = `http://127.0.0.1:${port}/`;
  const origins: Origin[] = [];
  let postgres: Postgres | undefined;
  const stopServers = async (): Promise<void> => {
    await Promise.all(origins.map((origin) => origin.child.stop()));
    await postgres?.stop();
  };
  try {
    // First: without its binaries (when it must be started) the stack fails before anything runs.
    if (databaseUrl !== undefined) postgres = await ensurePostgres(databaseUrl, dataDir);
    for (let i = 0; i < appServers; i++) {
      origins.push(
        await startOrigin({
          dataDir,
          distDir: resolve(options.distDir ?? 'dist/demo'),
          databaseUrl,
          purgeUrl,
          followLogMs: appServers > 1 ? FOLLOW_LOG_MS : undefined,
        }),
      );
    }
    const varnish = await startVarnish(port, origins.map((origin) => origin.port));
    // A caller that exits without stop() (an uncaught error, process.exit) must not leave them running.
    const killAll = (): void => {
      for (const child of [varnish.child, ...origins.map((origin) => origin.child)]) child.process.kill('SIGTERM');
      postgres?.child?.process.kill('SIGINT');
    };
    process.once('exit', killAll);
    return {
      url: varnish.url,
      origins,
      varnish,
      databaseUrl,
      postgres,
      async stop(): Promise<void> {
        process.off('exit', killAll);
        await varnish.stop();
        await stopServers();
      },
    };
  } catch (err) {
    await stopServers();
    throw err;
  }
}
