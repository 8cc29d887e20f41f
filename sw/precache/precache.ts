import { StowageError } from '../../src/shared/errors.js';
import type { EventMap } from '../../src/shared/protocol.js';
import { now } from '../clock.js';
import { BuildCaches } from './build-caches.js';
import { precachedUrl } from './directory-index.js';
import { validatePrecache } from './manifest.js';
import { warmEach } from './warm.js';

export interface PrecacheContext {
  manifest: unknown;
  cachePrefix: string;
  origin: string;
  onProgress: (detail: EventMap['warm-progress']) => void;
}

export interface Precache {
  /** The install event's work: the critical tier stored, or a rejection that fails the install. */
  install(): Promise<void>;
  /** The activate event's work: earlier builds no open window uses are deleted. */
  activate(): Promise<void>;
  /**
   * The response for a precached asset (of this build, or of an earlier one a page still uses), or
   * undefined when the request is not one. `otherwise` answers a request this cannot tell at once
   * (the earlier builds' index is still loading on a worker start).
   */
  respond(event: FetchEvent, otherwise: () => Promise<Response>): Promise<Response> | undefined;
  /** The manifest's URLs (both tiers), for warm()'s route and tag targets. */
  urls(): readonly string[];
  /** Any event after activation: fetches the warm tier once (extending that event's lifetime), and re-checks earlier builds. */
  afterActivation(event: ExtendableEvent): void;
}

declare let self: ServiceWorkerGlobalScope;

/** How often open pages' events re-check (worker clock) whether an earlier build can go: a closed tab wakes no worker. */
const PRUNE_INTERVAL_MS = 30_000;

/**
 * The precache manifest: critical assets stored at install, warm ones after activation through the
 * warming machinery, both served cache-first ahead of the routes, each build in its own cache.
 */
export function createPrecache({ manifest, cachePrefix, origin, onProgress }: PrecacheContext): Precache {
  const resolved = validatePrecache(manifest, origin);
  const builds = new BuildCaches(cachePrefix, resolved);
  const current = new Set([...resolved.critical, ...resolved.warm].map(({ url }) => url));
  let earlier: Map<string, string[]> | undefined;
  const loadEarlier = (): Promise<void> =>
    builds.earlierAssets().then((assets) => {
      earlier = assets;
    });
  let earlierLoaded = loadEarlier();
  let activated = false;
  let warming: Promise<unknown> | undefined;
  let warmedAt = -Infinity;
  let prunedAt = -Infinity;

  const prune = async (): Promise<void> => {
    prunedAt = now();
    await builds.prune();
    earlierLoaded = loadEarlier();
    await earlierLoaded;
  };
  /** The warm tier, once; after a failure, again no sooner than the re-check interval (not on every request while offline). */
  const startWarming = (): Promise<unknown> => {
    if (!warming && now() - warmedAt > PRUNE_INTERVAL_MS) {
      warmedAt = now();
      warming = warmTier().catch(() => {
        warming = undefined;
      });
    }
    return warming ?? Promise.resolve();
  };
  const warmTier = async (): Promise<void> => {
    const missing = await builds.missingWarm();
    if (missing.length === 0) return;
    const byUrl = new Map(missing.map((entry) => [entry.url, entry]));
    const report = await warmEach(
      missing.map(({ url }) => url),
      async (url) => ({ outcome: 'stored', bytes: await builds.store(byUrl.get(url)!) }),
      onProgress,
    );
    // A failure is retried on a later event: the tier is complete only once every asset is in.
    if (report.failed > 0) warming = undefined;
  };
  const serve = async (url: string, request: Request, cacheNames: readonly string[]): Promise<Response> => {
    const cached = await builds.match(url, cacheNames);
    if (cached) return cached;
    // A warm asset not fetched yet (or evicted by the browser): the network, and kept for next time.
    const entry = [...resolved.critical, ...resolved.warm].find((candidate) => candidate.url === url);
    if (!entry) return fetch(request);
    await builds.store(entry).catch((error: unknown) => console.warn(StowageError.from(error)));
    return (await builds.match(url, [])) ?? fetch(request);
  };

  return {
    urls: () => [...current],
    install: () => builds.install(),
    activate: async () => {
      activated = true;
      await builds.adoptUnrecordedClients();
      await prune();
      // Not awaited: activation must not wait for the warm tier. The idle worker lives on for a while,
      // and any later event extends its life until the tier is in (afterActivation).
      void startWarming();
    },
    respond(event, otherwise) {
      const { request } = event;
      if (request.method !== 'GET') return undefined;
      const requested = request.url.split('#')[0]!;
      // A page's navigation tells which build it loaded: its build is kept while it is open.
      if (request.mode === 'navigate' && event.resultingClientId) event.waitUntil(builds.noteClient(event.resultingClientId));
      const url = precachedUrl(requested, (candidate) => current.has(candidate) || earlier?.has(candidate) === true);
      if (current.has(url)) return serve(url, request, []);
      if (earlier) return earlier.has(url) ? serve(url, request, earlier.get(url)!) : undefined;
      if (new URL(url).origin !== origin) return undefined;
      return earlierLoaded.then(() => {
        const loaded = precachedUrl(requested, (candidate) => earlier?.has(candidate) === true);
        return earlier?.has(loaded) ? serve(loaded, request, earlier.get(loaded)!) : otherwise();
      });
    },
    afterActivation(event) {
      // An installing or waiting worker gets messages too; the warm tier waits for activation.
      if (!activated && self.serviceWorker.state !== 'activated') return;
      event.waitUntil(startWarming());
      if (now() - prunedAt > PRUNE_INTERVAL_MS) event.waitUntil(prune().catch(() => undefined));
    },
  };
}

