/**
 * The end-to-end tests' worker, built only for the tests (`npm run build:test`, `vite build --mode
 * test`) and served at /sw.js in place of the demo's: the demo app's own routes, then the test bed.
 * The routes under /api/fixtures/ are the test bed: the demo server's control API decides what they
 * answer; the test write routes act on the real notes API, picked by a header.
 */
import { routes as appRoutes, writes as appWrites } from '../../demo/app/sw-routes.js';
import { advanceClock } from '../../sw/clock.js';
import { notices } from '../../sw/notices.js';
import { withExpiration } from '../../sw/features/expiration.js';
import { withInvalidation } from '../../sw/features/invalidation.js';
import { withPrecache } from '../../sw/features/precache.js';
import { withWrites } from '../../sw/features/writes.js';
import { installStowage } from '../../sw/core.js';

declare let self: ServiceWorkerGlobalScope;

/**
 * Test bed only: the version of the `versioned` test routes, from the worker script's URL
 * (`/sw.js?version=2`), so a spec deploys a worker with a raised version by registering that URL.
 */
const testVersion = new URL(self.location.href).searchParams.get('version') ?? '1';

installStowage({
  // Writes (and with them users: private routes, encryption, logout), maxEntries and precache: the lean entry with the features the test bed uses.
  features: [withWrites, withExpiration, withInvalidation, withPrecache],
  precache: testPrecache(new URLSearchParams(self.location.search).get('precache-build')),
  routes: [
    ...appRoutes,

    { match: '/api/fixtures/network-first/*', strategy: 'network-first' },
    { match: '/api/fixtures/network-timeout/*', strategy: 'network-first', networkTimeoutMs: 500 },
    { match: '/api/fixtures/cache-first/*', strategy: 'cache-first' },
    { match: '/api/fixtures/stale-while-revalidate/*', strategy: 'stale-while-revalidate' },
    { match: '/api/fixtures/network-only/*', strategy: 'network-only' },
    { match: '/api/fixtures/cache-only/*', strategy: 'cache-only' },
    { match: '/api/fixtures/max-age/*', strategy: 'cache-first', maxAgeMs: 1000 },
    { match: '/api/fixtures/swr-max-age/*', strategy: 'stale-while-revalidate', maxAgeMs: 1000 },
    { match: '/api/fixtures/lru/*', strategy: 'cache-first', maxEntries: 3 },
    { match: '/api/fixtures/private/*', strategy: 'cache-first', private: true },
    { match: '/api/fixtures/encrypted/*', strategy: 'cache-first', private: true, encrypt: true },
    // HTTP caching (RFC 9111) test bed: the server's headers decide; `plain` turns the rules off.
    { match: '/api/fixtures/http-cache-first/*', strategy: 'cache-first' },
    { match: '/api/fixtures/http-network-first/*', strategy: 'network-first' },
    { match: '/api/fixtures/http-swr/*', strategy: 'stale-while-revalidate' },
    { match: '/api/fixtures/http-cache-only/*', strategy: 'cache-only' },
    { match: '/api/fixtures/http-capped/*', strategy: 'cache-first', maxAgeMs: 1500 },
    { match: '/api/fixtures/plain/*', strategy: 'cache-first', http: false },
    { match: '/api/fixtures/early/*', strategy: 'cache-first', earlyRefresh: true },
    // The page's memory (stowage.fetch()) and refresh-ahead of hot entries (issue 15).
    { name: 'memory', match: '/api/fixtures/memory/:id', strategy: 'cache-first', memory: true, tags: ['item:{id}'] },
    { name: 'memory-private', match: '/api/fixtures/memory-private/:id', strategy: 'cache-first', memory: true, private: true },
    { name: 'refresh-ahead', match: '/api/fixtures/refresh-ahead/*', strategy: 'cache-first', refreshAhead: { minUses: 3, withinMs: 10_000, beforeExpiryMs: 5_000 } },
    // Invalidation test bed: tags from the route's parameters, from a function, and versioned routes.
    ...(['cache-first', 'stale-while-revalidate', 'network-first'] as const).map((strategy) => ({
      name: `tagged-${strategy}`,
      match: `/api/fixtures/tagged-${strategy}/:kind/:id`,
      strategy,
      tags: ['{kind}:{id}', 'tagged'],
    })),
    {
      name: 'tagged-by-function',
      match: '/api/fixtures/tagged-by-function/*',
      strategy: 'cache-first',
      tags: ({ url }) => url.searchParams.getAll('tag'),
    },
    { name: 'versioned', match: '/api/fixtures/versioned/*', strategy: 'cache-first', version: testVersion },
    { name: 'versioned-swr', match: '/api/fixtures/versioned-swr/*', strategy: 'stale-while-revalidate', version: testVersion },
    // Warming, hit rates and quota (issue 15).
    { match: '/api/fixtures/warm/*', strategy: 'cache-first', tags: ['warmable'] },
    { match: '/api/fixtures/warm-swr/*', strategy: 'stale-while-revalidate' },
    { match: '/api/fixtures/max-bytes/*', strategy: 'cache-first', maxBytes: 25_000 },
  ],
  writes: [
    // The end-to-end tests' write routes: a header picks them, so they act on the real notes API
    // with small backoffs (no test sleeps through a production backoff).
    ...(['write-behind', 'write-through', 'write-around'] as const).map((mode) => ({
      name: `test-${mode}`,
      match: testRoute(mode),
      mode,
      retry: { baseDelayMs: 20, maxDelayMs: 200 },
    })),
    { name: 'test-by-url', match: testRoute('by-url'), mode: 'write-behind', orderingKey: 'url', retry: { baseDelayMs: 20, maxDelayMs: 200 } },
    {
      name: 'test-by-queue',
      match: testRoute('by-queue'),
      mode: 'write-behind',
      orderingKey: ({ request }) => request.headers.get('X-Test-Queue') ?? 'default',
      retry: { baseDelayMs: 20, maxDelayMs: 200 },
    },
    // Backs off for up to an hour: only a trigger, never the timer, delivers it within a test.
    { name: 'test-slow', match: testRoute('slow'), mode: 'write-behind', retry: { baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 } },
    // Backs off for up to 2 s: the long-outage spec waits on the pages' timers, not on a trigger.
    { name: 'test-outage', match: testRoute('outage'), mode: 'write-behind', retry: { baseDelayMs: 1000, maxDelayMs: 2000 } },
    { name: 'test-encrypted', match: testRoute('encrypted'), mode: 'write-behind', encrypt: true, retry: { baseDelayMs: 20, maxDelayMs: 200 } },
    { name: 'test-expiring', match: testRoute('expiring'), mode: 'write-behind', dropAfterMs: 1500, retry: { baseDelayMs: 20, maxDelayMs: 200 } },
    // Writes to the HTTP caching test bed's URLs (the control API's faults answer them).
    ...(['write-through', 'write-around'] as const).map((mode) => ({ name: `test-fixture-${mode}`, match: fixtureWrite(mode), mode })),
    // Writes to the invalidation test bed: the tags they invalidate come from their parameters.
    { name: 'test-tagged-write', match: '/api/fixtures/tagged-write/:kind/:id', mode: 'write-through', invalidates: ['{kind}:{id}'] },
    // The app's own writes come after the test routes, which match the same URLs when a header says so.
    ...appWrites,
  ],
  beforeReplay: withTestCredential,
});

/**
 * The precache specs' builds: a page under /api/fixtures/precache/ registers `/sw.js?precache-build=N`
 * and gets this manifest. The shell keeps its revision across builds; each build has its own chunk
 * (critical) and lazy chunk (warm). `?precache-build=broken` lists a critical asset the server lacks.
 */
function testPrecache(build: string | null) {
  if (build === null) return undefined;
  const asset = (name: string, revision: string) => ({ url: `/api/fixtures/precache/${name}`, revision });
  return {
    critical: [asset('shell.js', 'shell-1'), asset(`chunk-${build}.js`, build)],
    warm: [asset('common.js', 'common-1'), asset(`lazy-${build}.js`, build)],
  };
}

function testRoute(name: string) {
  return ({ url, request }: { url: URL; request: Request }): boolean =>
    url.pathname.startsWith('/api/notes') && request.headers.get('X-Test-Outbox') === name;
}

function fixtureWrite(mode: string) {
  return ({ url, request }: { url: URL; request: Request }): boolean =>
    url.pathname.startsWith('/api/fixtures/') && request.headers.get('X-Test-Write') === mode;
}

/**
 * The end-to-end tests' stand-in for refreshing credentials before a replay: a write queued with
 * `X-Test-Credential: <token>` is sent with `Authorization: Bearer <token>-refreshed`, and one
 * queued with `X-Test-Credential: unavailable` cannot be sent at all. Other writes pass untouched.
 */
function withTestCredential(request: Request): Request {
  const token = request.headers.get('X-Test-Credential');
  if (token === null) return request;
  if (token === 'unavailable') throw new Error('No credential to send this write with');
  const headers = new Headers(request.headers);
  headers.delete('X-Test-Credential');
  headers.set('Authorization', `Bearer ${token}-refreshed`);
  return new Request(request, { headers });
}

// Test bed only: the end-to-end specs move the worker's clock instead of sleeping through an age.
// The library never listens for this message; only this test worker does.
self.addEventListener('message', (event) => {
  const data: unknown = event.data;
  if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== 'stowage-test:advance-clock') return;
  advanceClock(Number((data as { byMs?: unknown }).byMs));
  // Time jumped: every remaining freshness the pages' memories were told of is void.
  notices.announce({ all: true });
  event.ports[0]?.postMessage({ advancedMs: Number((data as { byMs?: unknown }).byMs) });
});
