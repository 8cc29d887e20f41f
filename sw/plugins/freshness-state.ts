import type { PluginState } from 'workbox-core/types.js';
import type { InvalidationMode } from '../../src/shared/invalidation.js';
import type { StoredPolicy } from '../http/policy.js';
import type { EntryVerdict } from '../http/verdict.js';

// The freshness plugin's typed state: what its lookup side (sw/plugins/freshness.ts) and its network
// side (sw/plugins/revalidation.ts) tell each other about one request.

/** What the plugin's hooks tell each other about one request (Workbox keeps it per plugin and request). */
export interface FreshnessState {
  /** The stored entry this request may revalidate, merge a 304 into, or fall back to. */
  entry?: Response;
  /** The cache was read for this request: cache-first and stale-while-revalidate read it before the network. */
  lookedUp?: boolean;
  /** The entry is stale under `must-revalidate`: it must not be served, even offline. */
  mustRevalidate?: boolean;
  /** The request went out with the entry's validators. */
  conditional?: boolean;
  /** The network answered 304 and the response is the entry, merged. */
  notModified?: boolean;
  requestAt?: number;
  /** The policy of the response that arrived (HTTP rules). */
  policy?: StoredPolicy;
  /** The request as the page made it (the network side sees it with `cache: 'no-store'`, sw/plugins/bypass-http-cache.ts). */
  original?: Request;
  /** The network failed (or a 5xx counted as failing under `stale-if-error`, with its status). */
  failed?: { status?: number };
  /** The partition's invalidation sequence number when the network request started: the response is stored with it (sw/invalidation/epochs.ts). */
  startSeq?: number;
}


export type Verdict = EntryVerdict & { refreshEarly: boolean; coverage: InvalidationMode | undefined };

/** Workbox's per-plugin state bag, typed as the freshness plugin uses it (no other plugin sees this object). */
export function stateOf(bag: PluginState | undefined): FreshnessState | undefined {
  return bag as FreshnessState | undefined;
}
