import type { StatsSnapshot } from '../../src/shared/stats.js';
import { parseCacheName } from '../storage/cache-names.js';

export interface UsageSources {
  /** Each read route's name and cache (a private route's is the base name of its partitions). */
  routes: readonly { cacheName: string; config: { name: string } }[];
  /** The access log's bytes per cache (the expiration feature), if the worker has it. */
  bytesByCache: (() => Promise<Map<string, number>>) | undefined;
  /** The outbox's bytes (the writes feature), if the worker has it. */
  outboxBytes: (() => Promise<number>) | undefined;
}

export interface Usage {
  /** Bytes per route name, every user partition of a private route included. */
  storedBytes: Map<string, number>;
  outboxBytes: number;
  estimate: StatsSnapshot['estimate'];
}

declare let self: ServiceWorkerGlobalScope;

/** What Stowage stores, by its own count, and what the browser says the origin uses (stats()). */
export async function storageUsage({ routes, bytesByCache, outboxBytes }: UsageSources): Promise<Usage> {
  const routeOfCache = new Map(routes.map((route) => [route.cacheName, route.config.name]));
  const storedBytes = new Map<string, number>();
  for (const [cacheName, bytes] of (await bytesByCache?.()) ?? []) {
    const route = routeOfCache.get(parseCacheName(cacheName).routeCacheName);
    if (route !== undefined) storedBytes.set(route, (storedBytes.get(route) ?? 0) + bytes);
  }
  return { storedBytes, outboxBytes: (await outboxBytes?.()) ?? 0, estimate: await estimate() };
}

async function estimate(): Promise<Usage['estimate']> {
  // Optional chaining: `storage` is missing in some engines although the lib types say it is always there.
  const storage = (self.navigator as Partial<WorkerNavigator>).storage;
  if (!storage) return null;
  const { usage = 0, quota = 0 } = await storage.estimate();
  return { usage, quota };
}
