/** The demo server: wires the database, API, control API and static files onto node:http. */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { handleApi } from './api';
import type { AppContext } from './context';
import { CONTROL_PREFIX, handleControl } from './control';
import { applyFault, FaultRegistry } from './faults';
import { FixtureStore } from './fixtures';
import { InFlightKeys } from './in-flight-keys';
import { followSharedLog } from './feed-follower';
import { FEED_PATH, InvalidationFeed } from './invalidation-feed';
import { InvalidationLog } from './invalidation-log';
import { errorReply, HttpError, jsonReply, sendReply } from './http';
import type { Reply } from './http';
import { ProxyPurger } from './proxy-purge';
import { RequestLog } from './request-log';
import { readSession } from './sessions';
import { serveStatic } from './static';
import { openStore } from './store/open-store';

export interface DemoServerOptions {
  /** 0 picks a free port. @default 5173 */
  port?: number;
  /** Loopback only by default: the demo has a test-control API that must not be reachable from the network. @default "127.0.0.1" */
  host?: string;
  /** Created if missing; holds stowage-demo.sqlite (unless `databaseUrl` is set). @default "./.data" */
  dataDir?: string;
  /**
   * postgres://…: the store is that PostgreSQL database (issue 14: app servers on several machines),
   * which must exist. Without it the store is SQLite in `dataDir`.
   */
  databaseUrl?: string | undefined;
  /** The built demo app. @default "dist/demo" */
  distDir?: string;
  /** Suppresses error logging to stderr. @default false */
  quiet?: boolean;
  /** How many of the newest invalidations the feed keeps for clients that resume. @default 1000 */
  invalidationLogSize?: number;
  /** How often an idle feed stream gets a keep-alive comment, so proxies do not cut it. @default 15000 */
  feedHeartbeatMs?: number;
  /**
   * The reverse proxy's purge URL (demo/stack/, issue 14): after each commit the server purges the
   * committed tags there before publishing them. Without it nothing is purged.
   */
  purgeUrl?: string | undefined;
  /**
   * With several app servers on one database: how often to look for rows other servers committed,
   * so this server's feed streams get them too (after a purge). Off by default.
   */
  followLogMs?: number | undefined;
}

export interface DemoServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function toReply(err: unknown, quiet: boolean): Reply {
  if (err instanceof HttpError) return jsonReply(err.status, err.payload);
  if (!quiet) console.error('[stowage demo]', err);
  return errorReply(500, 'internal', { detail: err instanceof Error ? err.message : String(err) });
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const quiet = options.quiet ?? false;
  const now = (): number => Date.now();
  const store = await openStore({ dataDir: resolve(options.dataDir ?? './.data'), databaseUrl: options.databaseUrl });
  const invalidations = new InvalidationLog(store, options.invalidationLogSize, now);
  const logError = (err: unknown): void => {
    if (!quiet) console.error('[stowage demo]', err);
  };
  const app: AppContext = {
    store,
    faults: new FaultRegistry(),
    log: new RequestLog(now),
    fixtures: new FixtureStore(),
    inFlightKeys: new InFlightKeys(),
    invalidations,
    feed: new InvalidationFeed(invalidations, await invalidations.newestId(), options.feedHeartbeatMs),
    purger: options.purgeUrl === undefined ? undefined : new ProxyPurger(new URL(options.purgeUrl), logError),
    now,
    distDir: resolve(options.distDir ?? 'dist/demo'),
  };
  let closed = false;

  async function handleApiRequest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const entry = app.log.start(req, url.pathname + url.search);
    res.on('finish', () => {
      entry.bytes = Number(res.getHeader('content-length') ?? 0);
      if (entry.status === null) entry.status = res.statusCode;
    });
    res.on('close', () => {
      if (entry.status === null) entry.status = 'aborted';
    });
    const isFeed = url.pathname === FEED_PATH;
    // A page's feed reconnects whenever it likes: it must not use up a counted fault meant for reads and writes.
    const fault = app.faults.take(req.method ?? 'GET', url.pathname, { onlyNamingPath: isFeed });
    const outcome = fault ? await applyFault(fault, app.faults, req, res, entry) : 'handle';
    if (outcome === 'done') return;
    // A delay fault may outlast the server; the database is closed by then.
    if (closed) return;
    if (isFeed) {
      await app.feed.open(req, res, url, (await readSession(app.store, req))?.user);
      if (outcome === 'handle-then-drop') req.socket.destroy();
      return;
    }
    const reply = await handleApi(app, req, url);
    if (outcome === 'handle-then-drop') req.socket.destroy();
    else {
      if (outcome === 'handle-then-delay') await new Promise((resolve) => setTimeout(resolve, fault?.latencyMs ?? 0));
      if (outcome === 'handle-then-hold') await app.faults.waitForRelease();
      sendReply(req, res, reply);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname.startsWith(CONTROL_PREFIX)) sendReply(req, res, await handleControl(app, req, url));
      else if (url.pathname.startsWith('/api/') || url.pathname === '/api') await handleApiRequest(req, res, url);
      else await serveStatic(app.distDir, req, res, url.pathname);
    } catch (err) {
      if (closed) return;
      sendReply(req, res, toReply(err, quiet));
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5173, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const stopFollowing = options.followLogMs === undefined ? undefined : followSharedLog(app, options.followLogMs, logError);

  return {
    url: `http://localhost:${port}`,
    port,
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      stopFollowing?.();
      app.faults.clear();
      await app.feed.endAll();
      const done = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      // Keep-alive and hung connections would otherwise hold close() open forever.
      server.closeAllConnections();
      await done;
      await app.store.close();
    },
  };
}
