import type { RouteStats, StatsSnapshot } from '../src/shared/protocol.js';

export type Outcome = keyof RouteStats;

const emptyStats = (): RouteStats => ({ hits: 0, misses: 0, network: 0, stale: 0, errors: 0 });

/** Per-route counters of what the read routes did, kept in the worker's memory. */
export class Stats {
  readonly #routes = new Map<string, RouteStats>();

  constructor(routeNames: readonly string[]) {
    for (const name of routeNames) this.#routes.set(name, emptyStats());
  }

  record(routeName: string, outcome: Outcome): void {
    const stats = this.#routes.get(routeName) ?? emptyStats();
    stats[outcome] += 1;
    this.#routes.set(routeName, stats);
  }

  snapshot(): StatsSnapshot {
    const totals = emptyStats();
    const routes: Record<string, RouteStats> = {};
    for (const [name, stats] of this.#routes) {
      routes[name] = { ...stats };
      for (const key of Object.keys(totals) as Outcome[]) totals[key] += stats[key];
    }
    return { routes, totals };
  }

  reset(): void {
    for (const name of this.#routes.keys()) this.#routes.set(name, emptyStats());
  }
}
