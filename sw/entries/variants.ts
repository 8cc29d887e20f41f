import { selectingFields } from '../http/vary.js';

/**
 * Variants of one URL side by side (RFC 9111 §4.1). Cache Storage cannot be trusted with them:
 * Chromium keeps one entry per URL, and WebKit's match() ignores every Vary field after the first
 * when the list has a space after the comma. So a response that varies on request headers the worker
 * can see is stored under a variant key (the URL plus the values of those headers), and the URL's
 * plain key holds a small index naming the fields. An entry that does not vary stays at its plain
 * key, so its hit costs one cache read; a varied one costs two.
 */

/** The query parameter of a variant key: appended last, so the URL before it is the entry's own. */
const VARIANT_PARAM = 'stowage-variant';
/** On the index at a URL's plain key: the fields its variants vary on, comma-separated. */
const VARIANTS = 'X-Stowage-Variants';

type VariedValues = [field: string, value: string | null][];

/**
 * The key of the variant of `url` that a request with these header values selects. Values that differ
 * only in the whitespace around their commas select the same variant (RFC 9111 §4.1).
 */
export function variantKey(url: string, fields: readonly string[], request: Request): string {
  const plain = url.split('#')[0]!;
  const values: VariedValues = fields.map((field) => [field, normalised(request.headers.get(field))]);
  return `${plain}${plain.includes('?') ? '&' : '?'}${VARIANT_PARAM}=${encodeURIComponent(JSON.stringify(values))}`;
}

/** The key a response to `request` is stored under. */
export function keyFor(request: Request, response: Response): string {
  const fields = selectingFields(response.headers);
  return fields.length > 0 ? variantKey(request.url, fields, request) : request.url;
}

/** The index kept at a URL's plain key once it has variants. */
export function variantIndex(fields: readonly string[]): Response {
  return new Response(null, { headers: { [VARIANTS]: fields.join(',') } });
}

/** The fields an index names, or undefined when the entry is no index. */
export function indexedFields(entry: Response | undefined): string[] | undefined {
  const fields = entry?.headers.get(VARIANTS);
  return fields ? fields.split(',') : undefined;
}

/** A plain key's entry with an index resolved to the variant this request selects. */
export async function resolveVariant(cacheName: string, request: Request, found: Response | undefined): Promise<Response | undefined> {
  const fields = indexedFields(found);
  if (!fields) return found;
  // The variant key already encodes the varied values: Cache Storage's own Vary matching is not wanted.
  return caches.match(variantKey(request.url, fields, request), { cacheName, ignoreVary: true });
}

/** The stored entry for a request, variants resolved. */
export async function matchEntry(cacheName: string, request: Request): Promise<Response | undefined> {
  return resolveVariant(cacheName, request, await caches.match(request, { cacheName }));
}

function normalised(value: string | null): string | null {
  return value === null ? null : value.split(',').map((member) => member.trim()).join(', ');
}

function splitKey(keyUrl: string): { url: string; values: VariedValues } | undefined {
  const at = keyUrl.lastIndexOf(`${VARIANT_PARAM}=`);
  const separator = keyUrl[at - 1];
  if (at < 0 || (separator !== '?' && separator !== '&')) return undefined;
  try {
    return { url: keyUrl.slice(0, at - 1), values: JSON.parse(decodeURIComponent(keyUrl.slice(at + VARIANT_PARAM.length + 1))) as VariedValues };
  } catch {
    return undefined;
  }
}

/** The URL a key stores an entry of. */
export function urlOfKey(keyUrl: string): string {
  return splitKey(keyUrl)?.url ?? keyUrl;
}

/**
 * A request that selects the entry under this key: its URL with the varied header values (for
 * refresh(); the stored key request itself carries no headers a variant was chosen by).
 */
export function requestOfKey(key: Request): Request {
  const split = splitKey(key.url);
  if (!split) return key;
  const headers = new Headers(key.headers);
  for (const [field, value] of split.values) if (value !== null) headers.set(field, value);
  return new Request(split.url, { headers });
}

/** Every key of a cache that stores an entry of `url`: its plain key and its variants. */
export async function keysOfUrl(cache: Cache, url: string): Promise<Request[]> {
  const keys = await cache.keys(url, { ignoreSearch: true, ignoreVary: true });
  return keys.filter((key) => urlOfKey(key.url) === url);
}
