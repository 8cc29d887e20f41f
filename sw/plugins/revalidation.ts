import type { WorkboxPlugin } from 'workbox-core/types.js';
import { policyOf, serverHeadersOf, withHeaders } from '../entries/stored-entry.js';
import type { RouteInvalidation } from '../invalidation/route-invalidation.js';
import { conditionalRequest, isServerError, notModifiedIdentifies, unconditional, updatedHeaders } from '../http/revalidation.js';
import type { PerUserOptions } from '../http/storability.js';
import { stateOf, type FreshnessState, type Verdict } from './freshness-state.js';

export interface HttpRulesOptions extends PerUserOptions {
  /**
   * The stored entry for a request as the route's plugins read it (variant resolved, decrypted on an
   * encrypted route): network-first looks it up here before fetching, to send its validators.
   */
  lookUp: (request: Request) => Promise<Response | undefined>;
  origin: string;
  /** XFetch: refresh fresh entries in the background with a probability rising towards expiry. */
  earlyRefresh?: boolean;
  random?: () => number;
}

interface RevalidationOptions {
  http: HttpRulesOptions;
  invalidation: RouteInvalidation | undefined;
  /** The freshness plugin's verdict on a stored entry. */
  judge: (entry: Response, request: Request) => Verdict;
  /** Records the policy of what arrived, with the request's timing. */
  arrived: (state: FreshnessState, headers: Headers) => void;
  now: () => number;
}

/**
 * The network side of the freshness plugin under HTTP rules: conditional requests from the stored
 * entry's validators, 304s merged into the entry (the body is never downloaded again), and
 * `stale-if-error` on 5xx. It shares the plugin's typed state (sw/plugins/freshness-state.ts).
 */
export function revalidationHooks({ http, invalidation, judge, arrived, now }: RevalidationOptions): Pick<WorkboxPlugin, 'requestWillFetch' | 'fetchDidSucceed'> {
  return {
    async requestWillFetch({ request, state: bag }) {
      const state = stateOf(bag);
      if (!state) return request;
      // cache-first and stale-while-revalidate looked the entry up already; network-first reads the
      // cache only as a fallback, so it looks here.
      if (!state.lookedUp) {
        state.lookedUp = true;
        const entry = await http.lookUp(request);
        // An entry without a policy (stored by plain rules, or one that failed to decrypt) has no
        // validators to send and cannot be compared; a purged one is gone.
        if (entry && policyOf(entry) && invalidation?.coverage(entry, request.url) !== 'purge') state.entry = entry;
      }
      state.requestAt = now();
      if (!state.entry) return request;
      const conditional = conditionalRequest(request, state.entry.headers, http.origin);
      state.conditional = conditional !== request;
      return conditional;
    },

    async fetchDidSucceed({ request, response, state: bag }) {
      const state = stateOf(bag);
      if (!state) return response;
      const { entry } = state;
      if (entry && response.status === 304 && state.conditional === true && !entry.bodyUsed) {
        if (!notModifiedIdentifies(entry.headers, response)) {
          // A 304 naming another representation cannot update the entry: ask again, for the body.
          const full = await fetch(unconditional(request));
          arrived(state, full.headers);
          return full;
        }
        // RFC 9111 §4.3.4: the stored response with the 304's header fields, served and stored as
        // an ordinary response; its freshness starts over from the 304's arrival.
        const headers = updatedHeaders(serverHeadersOf(entry), response.headers);
        state.notModified = true;
        arrived(state, headers);
        return withHeaders(entry, headers);
      }
      arrived(state, response.headers);
      if (entry && isServerError(response)) {
        const verdict = judge(entry, request);
        // Treated as a network failure, so each strategy falls back to its entry (RFC 5861 §4).
        if (verdict.fresh || verdict.staleIfError) state.failed = { status: response.status };
        if (verdict.fresh || verdict.staleIfError) throw new Error(`stale-if-error: the server answered ${response.status}`);
      }
      return response;
    },
  };
}
