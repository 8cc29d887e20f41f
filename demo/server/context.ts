import type { IncomingMessage } from 'node:http';
import type { FaultRegistry } from './faults';
import type { FixtureStore } from './fixtures';
import type { InFlightKeys } from './in-flight-keys';
import type { InvalidationFeed } from './invalidation-feed';
import type { InvalidationLog } from './invalidation-log';
import type { ProxyPurger } from './proxy-purge';
import type { RequestLog } from './request-log';
import type { Store, Transaction } from './store/store';

/** Everything a handler may need, created once per server. */
export interface AppContext {
  store: Store;
  faults: FaultRegistry;
  log: RequestLog;
  fixtures: FixtureStore;
  /** Idempotency keys whose request is being processed, for the draft's 409. */
  inFlightKeys: InFlightKeys;
  /** Committed invalidations, kept in the store for the feed to replay. */
  invalidations: InvalidationLog;
  /** The open `GET /api/invalidations` streams. */
  feed: InvalidationFeed;
  /** Purges the reverse proxy after each commit; absent when no proxy is in front (no `purgeUrl`). */
  purger?: ProxyPurger | undefined;
  /** Injectable so tests could pin time; defaults to Date.now. */
  now: () => number;
  distDir: string;
}

/** One API request after routing. */
export interface ApiRequest {
  app: AppContext;
  req: IncomingMessage;
  /** Path without the query string. */
  pathname: string;
  /** Path including the query string, as the idempotency fingerprint sees it. */
  path: string;
  /** Captures of the route pattern, e.g. the note id. */
  params: string[];
}

/** A write after its body has been read and parsed. */
export interface WriteRequest extends ApiRequest {
  raw: Buffer;
  json: unknown;
  /** The write's transaction: its effect, its log row and its idempotency record commit together. */
  tx: Transaction;
}
