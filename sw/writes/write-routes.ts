import type { ResolvedWriteRoute } from '../config/types.js';
import { compileMatch } from '../routes/match.js';
import { handleWriteBehind, type WriteBehindContext } from './write-behind.js';
import { handleWriteNetwork, type WriteNetworkContext } from './write-network.js';

export type WriteHandler = (request: Request) => Promise<Response>;

/**
 * The write route table: the first route whose methods and `match` take an unsafe request decides
 * its mode. Returns undefined for requests no write route takes; those go to the network untouched.
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
      ? (taken) => handleWriteBehind(taken, route, context)
      : (taken) => handleWriteNetwork(taken, route, context);
  };
}

function isUnsafe(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}
