import type { PluginState, WorkboxPlugin } from 'workbox-core/types.js';
import { reviseForward } from '../entries/stored-entry.js';
import { indexedFields, resolveVariant, urlOfKey, variantIndex, variantKey } from '../entries/variants.js';
import { selectingFields } from '../http/vary.js';

/** The fields the response being stored varies on, learnt before Workbox asks for its write key. */
interface VariantsState {
  fields?: string[];
  /** The URL has stored variants, none selected by this request (RFC 9211 `fwd=vary-miss`). */
  varyMiss?: boolean;
}

/**
 * Keeps the variants of a URL side by side under their own keys (see sw/entries/variants.ts). It comes
 * first among a route's plugins: a lookup that finds a URL's variant index reads the variant this
 * request selects, so every later plugin (metrics included) sees the real entry or a real miss.
 */
export function variantsPlugin(cacheName: string): WorkboxPlugin {
  return {
    async cachedResponseWillBeUsed({ request, cachedResponse, state }) {
      const fields = indexedFields(cachedResponse);
      if (!fields) return cachedResponse ?? null;
      stateOf(state).fields = fields;
      const variant = await resolveVariant(cacheName, request, cachedResponse);
      if (!variant) stateOf(state).varyMiss = true;
      return variant ?? null;
    },

    // Before Cache-Status reads the note (this plugin comes first): the cache had responses for the
    // URL, so the miss was a Vary miss, not a URI miss (RFC 9211 §2.2).
    async handlerWillRespond({ response, state }) {
      return stateOf(state).varyMiss ? reviseForward(response, (fwd) => (fwd === 'uri-miss' ? 'vary-miss' : fwd)) : response;
    },

    async fetchDidSucceed({ response, state }) {
      // A 304 should repeat the 200's Vary (RFC 9110 §15.4.5); when it does not, the index decides.
      if (response.status !== 304 || response.headers.has('Vary')) stateOf(state).fields = selectingFields(response.headers);
      return response;
    },

    async cacheKeyWillBeUsed({ request, mode, state }) {
      if (mode === 'read') return request;
      const known = stateOf(state);
      known.fields ??= indexedFields(await caches.match(request.url, { cacheName })) ?? [];
      return known.fields.length > 0 ? variantKey(request.url, known.fields, request) : request;
    },

    // The index at the plain key (written here, not through the route's plugins: it is no entry, so it
    // is neither stamped nor sealed). The stored response may be sealed, so the fields come from state.
    async cacheDidUpdate({ request, state }) {
      const { fields = [] } = stateOf(state);
      if (fields.length > 0) await (await caches.open(cacheName)).put(urlOfKey(request.url), variantIndex(fields));
    },
  };
}

function stateOf(state: PluginState | undefined): VariantsState {
  return (state ?? {}) as VariantsState;
}
