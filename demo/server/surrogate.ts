/**
 * What the reverse proxy in front of the demo server (issue 14, demo/stack/) may keep, said apart
 * from what the browser sees.
 *
 * `Surrogate-Control` (W3C Edge Architecture 1.0) rather than `s-maxage` in `Cache-Control`:
 * the browser-facing `Cache-Control` stays exactly what it was (the list's `no-cache`, a note's
 * `max-age=5`), so Stowage's RFC 9111 rules and any shared cache outside the purge loop behave as
 * before, while the one proxy that the origin purges on every commit gets a long lifetime. The list
 * could not say it with `s-maxage` anyway: its `no-cache` binds shared caches too (RFC 9111
 * §5.2.2.4). The proxy reads `max-age` as its TTL and `stale-while-revalidate` as its grace, and
 * strips the header, with `xkey`, before the browser.
 */
import { cacheGroupsHeader } from './tags';

/** How long the proxy keeps a public read: long, because each commit purges what it changed. */
export const PROXY_TTL_S = 300;
/** How long past that it may serve the old copy while it fetches a new one (stale-while-revalidate). */
export const PROXY_GRACE_S = 30;

/** The proxy's tag header (Varnish's xkey vmod reads space-separated keys). */
export const XKEY = 'xkey';

/**
 * The headers of a public read for the proxy: the same tags as `Cache-Groups` as `xkey`, and its
 * lifetime. Tags from tags.ts are `[a-z0-9:]` and never contain a space or a comma.
 */
export function surrogateHeaders(tags: readonly string[]): Record<string, string> {
  return {
    [XKEY]: tags.join(' '),
    'Surrogate-Control': `max-age=${PROXY_TTL_S}, stale-while-revalidate=${PROXY_GRACE_S}`,
  };
}

/** `Cache-Groups` for the browser and `xkey` for the proxy from one list, so the layers' tags cannot differ. */
export function publicReadHeaders(tags: readonly string[]): Record<string, string> {
  return { ...cacheGroupsHeader(tags), ...surrogateHeaders(tags) };
}
