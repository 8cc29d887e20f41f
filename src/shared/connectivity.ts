/**
 * What the worker knows of the network from its own fetches: `offline` (the browser says so),
 * `unreachable` (online, but the origin's fetches fail or a proxy answers 502/503/504), or `online`.
 */
export type Connectivity = 'online' | 'offline' | 'unreachable';

/** A connectivity state and when (ms since the epoch) the worker entered it. */
export interface ConnectivityReport {
  state: Connectivity;
  sinceMs: number;
}
