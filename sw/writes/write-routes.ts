import type { ResolvedWriteRoute } from '../config/types.js';
import { WORKER_CACHE, formatMember } from '../../src/shared/cache-status.js';
import { FAILURE_HEADER } from '../../src/shared/headers.js';
import { withCacheStatus } from '../entries/stored-entry.js';
import { isUnsafe } from '../http/unsafe-methods.js';
import { compileMatch } from '../routes/match.js';
import { QUEUED_HEADER, handleWriteBehind, type WriteBehindContext } from './write-behind.js';
import { handleWriteNetwork, type WriteNetworkContext } from './write-network.js';

export type WriteHandler = (request: Request) => Promise<Response>;

/**
 * The write route table: the first route whose methods and `match` take an unsafe request decides
 * its mode. Returns undefined for requests no write route takes (see sw/routes/unsafe-pass-through.ts).
 */
export function buildWriteRouter(
  routes: readonly ResolvedWriteRoute[],
  context: WriteBehindContext & WriteNetworkContext,
): (request: Request) => WriteHandler | undefined {
  const compiled = routes.map((route) => ({ route, matches: compileMatch(route.match, context.origin) }));
  return (request) => {
    if (!(routes.length > 0 && isUnsafe(request.method))) return undefined;
    const url = new URL(request.url);
    const found = compiled.find(({ route, matches }) => (route.methods as readonly string[]).includes(request.method) && matches({ url, request }));
    if (!found) return undefined;
    const { route } = found;
    return route.mode === 'write-behind'
      ? (taken) => handleWriteBehind(taken, route, context).then(withWriteCacheStatus)
      : (taken) => handleWriteNetwork(taken, route, context).then(withWriteCacheStatus);
  };
}

/**
 * Stowage's Cache-Status member (RFC 9211) on a write's answer, as on every read: `fwd=method` (the
 * method's semantics require forwarding, §2.2) with the server's status for write-through and
 * write-around; a write-behind's 202 was not forwarded yet, so it has neither `hit` nor `fwd`, only
 * `detail=queued`; an answer the worker made up (413, 507, 403) names its error code.
 */
function withWriteCacheStatus(response: Response): Response {
  const failure = response.headers.get(FAILURE_HEADER);
  const params = response.headers.has(QUEUED_HEADER) ? { detail: 'queued' } : failure ? { detail: failure } : { fwd: 'method' as const, fwdStatus: response.status };
  return withCacheStatus(response, formatMember(WORKER_CACHE, params));
}
