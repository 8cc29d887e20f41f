import { now } from '../clock.js';
import { StowageError } from '../../src/shared/errors.js';
import type { ResolvedWriteRoute } from '../config/types.js';
import type { OutboxSealing } from '../crypto/outbox-sealing.js';
import { failureResponse } from '../plugins/failure-response.js';
import { INVALIDATED_HEADER, STORED_AT_HEADER } from '../plugins/freshness.js';
import type { OutboxEntry } from '../outbox/entry.js';
import { appIdempotencyKey } from '../outbox/idempotency-key.js';
import { enqueueEntry } from '../outbox/store.js';
import { patternParams, tagsFrom } from '../invalidation/tags.js';
import { defaultStaleTargets, PENDING_HEADER, type CacheInvalidator } from './invalidate.js';

/** Set on the 202 a queued write gets; the value is the outbox entry's id. */
export const QUEUED_HEADER = 'X-Stowage-Queued';

/** Connection-level headers (RFC 9110 §7.6.1) and ones the browser sets itself: never stored, never replayed. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length']);

export interface WriteBehindContext {
  maxBodyBytes: number;
  invalidator: CacheInvalidator;
  /** The entry is on disk: announce it and start delivering. */
  onQueued: (entry: OutboxEntry) => Promise<void>;
  /** Scopes entries to the current user and seals the bodies of `encrypt` routes. */
  sealing: OutboxSealing;
}

/**
 * Write-behind: the mutation is persisted in the outbox first (strict durability, awaited), the
 * page's caches reflect it (reads-your-writes), and only then does the page get its 202. A body over
 * the limit or a full disk gets an error response and leaves nothing behind.
 */
export async function handleWriteBehind(request: Request, route: ResolvedWriteRoute, context: WriteBehindContext): Promise<Response> {
  const declaredBytes = Number(request.headers.get('Content-Length'));
  if (declaredBytes > context.maxBodyBytes) return tooLarge(request.url, context.maxBodyBytes);
  const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
  if (body && body.byteLength > context.maxBodyBytes) return tooLarge(request.url, context.maxBodyBytes);

  const url = new URL(request.url);
  const orderingKey = orderingKeyFor(route, url, request);
  if (orderingKey === undefined) return failureResponse('invalid-config', request.url, 500);
  const nowMs = now();
  const id = crypto.randomUUID();
  const sealed = await context.sealing.seal(route.encrypt === true, { id, method: request.method, url: request.url, body: body && body.byteLength > 0 ? body : null });
  // No user, no key: an encrypted route's body is never stored in clear.
  if (!sealed) return failureResponse('no-user', request.url, 403);
  let entry: OutboxEntry;
  try {
    entry = await enqueueEntry({
      id,
      idempotencyKey: appIdempotencyKey(request.headers) ?? crypto.randomUUID(),
      method: request.method,
      url: request.url,
      headers: { ...replayableHeaders(request.headers), ...sealed.headers },
      body: sealed.body,
      createdAt: nowMs,
      attempts: 0,
      nextAttemptAt: nowMs,
      status: 'queued',
      userScope: sealed.userScope,
      orderingKey,
      routeName: route.name,
    });
  } catch (error) {
    const stowageError = StowageError.from(error);
    if (stowageError.code === 'quota-exceeded') return failureResponse('quota-exceeded', request.url, 507);
    throw stowageError;
  }

  try {
    await readYourWrite(entry, request.headers.get('Content-Type') ?? '', route, context.invalidator);
  } catch (error) {
    // The entry is committed and will be delivered: the page must get its 202, or it would think the
    // write failed and make it again. The caches just cannot show it (a full disk): the URL's older
    // copy goes rather than pass for the current state.
    console.warn(StowageError.from(error));
    await context.invalidator.remove(entry.url).catch(() => undefined);
  }
  await context.onQueued(entry);
  return new Response(JSON.stringify({ queued: true, id: entry.id }), {
    status: 202,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', [QUEUED_HEADER]: entry.id },
  });
}

/**
 * The caches show the write before it is delivered: a PUT of JSON becomes the URL's cached
 * representation (marked pending, and stale so the next online read revalidates it), a DELETE
 * removes the URL, and the route's `invalidates` (or the URL's collection) are marked stale.
 */
async function readYourWrite(entry: OutboxEntry, contentType: string, route: ResolvedWriteRoute, invalidator: CacheInvalidator): Promise<void> {
  const url = new URL(entry.url);
  // An encrypted route's body is sealed here, and must not land in clear in the shared caches either.
  if (entry.method === 'PUT' && entry.body && route.encrypt !== true && /\bjson\b/i.test(contentType)) {
    const nowMs = String(now());
    const headers = { 'Content-Type': contentType, [PENDING_HEADER]: entry.id, [INVALIDATED_HEADER]: nowMs, [STORED_AT_HEADER]: nowMs };
    await invalidator.putRepresentation(entry.url, new Response(entry.body.slice(0), { status: 200, headers }));
  } else if (entry.method === 'DELETE') {
    await invalidator.remove(entry.url);
  }
  await invalidator.markStale(staleTargetsOf(route, url, new Request(entry.url, { method: entry.method, headers: entry.headers })));
}

/**
 * The target itself, plus the route's `invalidates` (templates filled from the write route's named
 * parameters, or what its function names for this request and, once delivered, its answer) or, by
 * default, the URL's collection.
 */
export function staleTargetsOf(route: ResolvedWriteRoute, url: URL, request?: Request, response?: Response): string[] {
  if (!route.invalidates) return defaultStaleTargets(url);
  const context = { url, params: patternParams(route.match, url.pathname), request: request ?? new Request(url), response };
  return [url.pathname, ...tagsFrom(route.invalidates, context, `writes[${route.index}].invalidates`)];
}

/** The queue an entry joins; undefined (and an error in the console) when the route's function fails to name one. */
function orderingKeyFor(route: ResolvedWriteRoute, url: URL, request: Request): string | undefined {
  if (route.orderingKey === 'origin') return url.origin;
  if (route.orderingKey === 'url') return url.href;
  const path = `writes[${route.index}].orderingKey`;
  try {
    const key: unknown = route.orderingKey({ url, request });
    if (typeof key === 'string' && key !== '') return key;
    console.error(new StowageError('invalid-config', `${path} returned ${JSON.stringify(key)}, not a non-empty string`, { details: { path } }));
  } catch (error) {
    console.error(new StowageError('invalid-config', `${path} threw`, { details: { path }, cause: error }));
  }
  return undefined;
}

function replayableHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && !name.startsWith('proxy-')) kept[name] = value;
  });
  return kept;
}

function tooLarge(url: string, maxBodyBytes: number): Response {
  const response = failureResponse('body-too-large', url, 413);
  response.headers.set('X-Stowage-Max-Body-Bytes', String(maxBodyBytes));
  return response;
}
