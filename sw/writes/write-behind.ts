import { StowageError } from '../../src/shared/errors.js';
import type { ResolvedWriteRoute } from '../config/types.js';
import type { Outbox } from '../outbox/outbox.js';
import { failureResponse } from '../plugins/failure-response.js';
import { patternParams, tagsFrom } from '../invalidation/tags.js';
import { isQuotaError, type MakeRoom } from '../quota/make-room.js';
import { defaultStaleTargets } from './invalidate.js';

/** Set on the 202 a queued write gets; the value is the outbox entry's id. */
export const QUEUED_HEADER = 'X-Stowage-Queued';

export interface WriteBehindContext {
  maxBodyBytes: number;
  /** Its enqueue() persists the write, shows it in the caches, announces it and starts delivering. */
  outbox: Pick<Outbox, 'enqueue'>;
  /** Evicts read entries after a quota error (the expiration feature); the write is then tried once more. */
  makeRoom: MakeRoom | undefined;
  /** The write did not fit even after making room: the pages get a `quota` event. */
  onQuotaGaveUp: (url: string) => void;
}

/**
 * Write-behind, the HTTP side: the request becomes an outbox entry (persisted strictly before this
 * resolves, and shown in the caches: reads-your-writes), and only then does the page get its 202. A
 * body over the limit, a full disk, an IndexedDB that will not open, or an encrypted route with
 * nobody signed in gets an error response and leaves nothing behind.
 */
export async function handleWriteBehind(request: Request, route: ResolvedWriteRoute, context: WriteBehindContext): Promise<Response> {
  const declaredBytes = Number(request.headers.get('Content-Length'));
  if (declaredBytes > context.maxBodyBytes) return tooLarge(request.url, context.maxBodyBytes);
  const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
  if (body && body.byteLength > context.maxBodyBytes) return tooLarge(request.url, context.maxBodyBytes);

  const orderingKey = orderingKeyFor(route, new URL(request.url), request);
  if (orderingKey === undefined) return failureResponse('invalid-config', request.url, 500);
  const write = { routeName: route.name, method: request.method, url: request.url, headers: request.headers, body, orderingKey };
  let id: string;
  try {
    // Queued writes come first: a full disk evicts cached reads, and the write is tried once more.
    ({ id } = await context.outbox.enqueue(write).catch(async (error: unknown) => {
      if (!isQuotaError(error) || !context.makeRoom) throw error;
      await context.makeRoom(body?.byteLength ?? 0);
      return context.outbox.enqueue(write);
    }));
  } catch (error) {
    const { code } = StowageError.from(error);
    // No user, no key: an encrypted route's body is never stored in clear.
    if (code === 'no-user') return failureResponse('no-user', request.url, 403);
    if (code === 'quota-exceeded') {
      context.onQuotaGaveUp(request.url);
      return failureResponse('quota-exceeded', request.url, 507);
    }
    // IndexedDB will not open: nothing was queued, and the page is told so rather than a network error.
    if (code === 'storage-unavailable') return failureResponse('storage-unavailable', request.url, 503);
    throw error;
  }
  return new Response(JSON.stringify({ queued: true, id }), {
    status: 202,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', [QUEUED_HEADER]: id },
  });
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

function tooLarge(url: string, maxBodyBytes: number): Response {
  const response = failureResponse('body-too-large', url, 413);
  response.headers.set('X-Stowage-Max-Body-Bytes', String(maxBodyBytes));
  return response;
}
