import { now as clockNow } from '../clock.js';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { shouldRefreshEarly } from '../http/early-refresh.js';
import { POLICY_HEADER, StowagePolicy } from '../http/policy.js';
import { conditionalRequest, isServerError, mergeNotModified, notModifiedIdentifies, unconditional } from '../http/revalidation.js';
import { isStorable } from '../http/storability.js';
import type { EntryVerdict } from '../http/verdict.js';

/** How long the network took to produce a stored entry, in ms: the cost that early refresh weighs. */
const FETCH_MS_HEADER = 'X-Stowage-Fetch-Ms';

export interface HttpHooksOptions {
  /**
   * The stored entry for a request as the route's plugins read it (decrypted on an encrypted route):
   * network-first looks it up here before fetching, to send its validators.
   */
  lookUp: (request: Request) => Promise<Response | undefined>;
  origin: string;
  /** The route is `private: true` (cookie sessions): every response is per user. */
  private?: boolean;
  /** The cache is one user's partition, so per-user responses may be stored in it. */
  partitioned?: boolean;
  /** XFetch: refresh fresh entries in the background with a probability rising towards expiry. */
  earlyRefresh?: boolean;
  random?: () => number;
  now?: () => number;
}

export type Verdict = EntryVerdict & { refreshEarly: boolean };

/**
 * The network side of HTTP caching, for the freshness plugin (they share Workbox's per-request
 * state): conditional requests from the stored entry's validators, 304s merged into the stored entry,
 * `stale-if-error` on 5xx and storability.
 */
export function httpHooks(options: HttpHooksOptions & { judge: (entry: Response, request: Request) => Verdict }) {
  const { lookUp, origin, judge, random = Math.random, now = clockNow } = options;

  const plugin: WorkboxPlugin = {
    async requestWillFetch({ request, state }) {
      if (!state) return request;
      // cache-first and stale-while-revalidate looked the entry up already; network-first reads the
      // cache only as a fallback, so it looks here.
      if (!state.lookedUp) {
        state.lookedUp = true;
        const entry = await lookUp(request);
        // An entry without a policy (stored by plain rules, or one that failed to decrypt) has no
        // validators to send and cannot be compared.
        if (entry?.headers.has(POLICY_HEADER)) state.entry = entry;
      }
      state.fetchStartedMs = now();
      const policy = state.entry instanceof Response ? StowagePolicy.fromStored(state.entry) : undefined;
      if (!policy) return request;
      const conditional = conditionalRequest(request, policy, origin);
      state.conditional = conditional !== request;
      return conditional;
    },

    async fetchDidSucceed({ request, response, state }) {
      const entry = state?.entry;
      if (!(entry instanceof Response)) return response;
      if (state?.fetchStartedMs !== undefined) state.fetchMs = now() - (state.fetchStartedMs as number);
      const policy = StowagePolicy.fromStored(entry);
      if (response.status === 304 && state?.conditional === true && policy && !entry.bodyUsed) {
        // A 304 naming another representation cannot update the entry: ask again, for the body.
        if (!notModifiedIdentifies(policy, response)) return fetch(unconditional(request));
        state.notModified = true;
        return mergeNotModified(entry, policy, request, response);
      }
      if (isServerError(response)) {
        const verdict = judge(entry, request);
        // Treated as a network failure, so each strategy falls back to its entry (RFC 5861 §4).
        if (verdict.fresh || verdict.staleIfError) throw new Error(`stale-if-error: the server answered ${response.status}`);
      }
      return response;
    },
  };

  return {
    plugin,

    verdictFor(entry: Response, request: Request): Verdict {
      const verdict = judge(entry, request);
      if (!options.earlyRefresh || !verdict.fresh) return verdict;
      const fetchMs = Number(entry.headers.get(FETCH_MS_HEADER));
      const refreshEarly = shouldRefreshEarly({
        ageMs: verdict.ageMs,
        lifetimeMs: verdict.lifetimeMs,
        fetchMs: Number.isFinite(fetchMs) ? fetchMs : 0,
        random,
      });
      return { ...verdict, refreshEarly };
    },

    /** The response as it will be stored, or null when HTTP forbids storing it. */
    async stamp({ request, response, state }: { request: Request; response: Response; state: Record<string, unknown> | undefined }): Promise<Response | null> {
      const policy = StowagePolicy.forExchange(request, response);
      const perUser = { private: options.private === true, partitioned: options.partitioned === true };
      if (!isStorable(policy, request, response, perUser)) return null;
      const headers = new Headers(response.headers);
      headers.set(POLICY_HEADER, policy.serialize());
      if (typeof state?.fetchMs === 'number') headers.set(FETCH_MS_HEADER, String(Math.round(state.fetchMs)));
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    },
  };
}

/**
 * Whether a revalidation's response differs from the entry it replaces: by ETag when both have one
 * (weak or strong alike), else by body. An old body already handed out cannot be compared: unchanged.
 */
export async function differs(old: Response, fresh: Response): Promise<boolean> {
  const oldTag = old.headers.get('ETag');
  const newTag = fresh.headers.get('ETag');
  if (oldTag !== null && newTag !== null) return oldTag.replace(/^W\//, '') !== newTag.replace(/^W\//, '');
  if (old.bodyUsed) return false;
  const [a, b] = await Promise.all([old.clone().arrayBuffer(), fresh.clone().arrayBuffer()]);
  return !equalBytes(a, b);
}

function equalBytes(a: ArrayBuffer, b: ArrayBuffer): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  return x.every((byte, index) => byte === y[index]);
}

/** A stored entry as the page gets it: without Stowage's bookkeeping headers, with its current Age (RFC 9111 §5.1). */
export function servedFromCache(entry: Response): Response {
  const policy = StowagePolicy.fromStored(entry);
  if (!policy) return entry;
  const headers = new Headers(entry.headers);
  for (const name of [POLICY_HEADER, FETCH_MS_HEADER]) headers.delete(name);
  headers.set('Age', String(Math.floor(policy.age())));
  return new Response(entry.body, { status: entry.status, statusText: entry.statusText, headers });
}
