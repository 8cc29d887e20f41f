import type { RouteStats, StatsSnapshot, UseStats } from '../src/shared/stats.js';
import { now as clockNow } from './clock.js';

/** How a request ended: the counters it adds to. */
export type Outcome = 'hits' | 'misses' | 'network' | 'stale' | 'errors';

type Counts = Omit<UseStats, 'hitRatio'>;

const MINUTE_MS = 60_000;
/** The window of `lastFiveMinutes`: the current minute and the four before it. */
const WINDOW_MINUTES = 5;

const emptyCounts = (): Counts => ({ hits: 0, misses: 0, network: 0, stale: 0, errors: 0, bytesFromCache: 0, bytesFromNetwork: 0 });

function add(into: Counts, from: Counts): void {
  for (const key of Object.keys(into) as (keyof Counts)[]) into[key] += from[key];
}

function withRatio(counts: Counts): UseStats {
  // A miss is counted with the request's network (or error) outcome too, so it is no use of its own.
  const uses = counts.hits + counts.stale + counts.network + counts.errors;
  return { ...counts, hitRatio: uses === 0 ? 0 : counts.hits / uses };
}

/** One route's counters: since the start, and a ring of per-minute buckets of the worker's clock. */
class RouteCounters {
  total = emptyCounts();
  readonly #minutes: { minute: number; counts: Counts }[] = [];

  add(minute: number, change: Partial<Counts>): void {
    let bucket = this.#minutes.find((candidate) => candidate.minute === minute);
    if (!bucket) {
      bucket = { minute, counts: emptyCounts() };
      this.#minutes.push(bucket);
      if (this.#minutes.length > WINDOW_MINUTES) this.#minutes.shift();
    }
    const delta = { ...emptyCounts(), ...change };
    add(this.total, delta);
    add(bucket.counts, delta);
  }

  recent(minute: number): Counts {
    const counts = emptyCounts();
    for (const bucket of this.#minutes) if (bucket.minute > minute - WINDOW_MINUTES) add(counts, bucket.counts);
    return counts;
  }
}

/** Per-route counters of what the read routes did, kept in the worker's memory. */
export class Stats {
  readonly #routes = new Map<string, RouteCounters>();
  readonly #now: () => number;

  constructor(routeNames: readonly string[], now: () => number = clockNow) {
    this.#now = now;
    for (const name of routeNames) this.#routes.set(name, new RouteCounters());
  }

  /** Counts one outcome; `bytes` is the body served, from the cache (hits, stale) or the network. */
  record(routeName: string, outcome: Outcome, bytes = 0): void {
    let counters = this.#routes.get(routeName);
    if (!counters) this.#routes.set(routeName, (counters = new RouteCounters()));
    const served = outcome === 'hits' || outcome === 'stale' ? { bytesFromCache: bytes } : outcome === 'network' ? { bytesFromNetwork: bytes } : {};
    counters.add(this.#minute(), { [outcome]: 1, ...served });
  }

  /** The counters; `storedBytes` per route name comes from the access log. */
  snapshot(storedBytes: ReadonlyMap<string, number> = new Map()): Pick<StatsSnapshot, 'routes' | 'totals'> {
    const minute = this.#minute();
    const total = emptyCounts();
    const recent = emptyCounts();
    let stored = 0;
    const routes: Record<string, RouteStats> = {};
    for (const [name, counters] of this.#routes) {
      const routeRecent = counters.recent(minute);
      const routeStored = storedBytes.get(name) ?? 0;
      routes[name] = { ...withRatio(counters.total), lastFiveMinutes: withRatio(routeRecent), storedBytes: routeStored };
      add(total, counters.total);
      add(recent, routeRecent);
      stored += routeStored;
    }
    return { routes, totals: { ...withRatio(total), lastFiveMinutes: withRatio(recent), storedBytes: stored } };
  }

  reset(): void {
    for (const name of this.#routes.keys()) this.#routes.set(name, new RouteCounters());
  }

  #minute(): number {
    return Math.floor(this.#now() / MINUTE_MS);
  }
}
