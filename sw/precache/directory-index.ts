/**
 * The manifest URL a request stands for: itself, or for a directory (`/`, `/docs/`) its
 * `index.html` when that is precached, as Workbox's precache route maps them (`directoryIndex`),
 * so a navigation to `/` is answered by the build's entry HTML.
 */
export function precachedUrl(url: string, isPrecached: (url: string) => boolean): string {
  if (isPrecached(url)) return url;
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith('/')) return url;
  parsed.pathname += 'index.html';
  return isPrecached(parsed.href) ? parsed.href : url;
}
