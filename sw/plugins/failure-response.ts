import type { WorkboxPlugin } from 'workbox-core/types.js';
import { StowageError, type StowageErrorCode } from '../../src/shared/errors.js';
import { FAILURE_HEADER } from '../../src/shared/headers.js';
import type { StrategyName } from '../config/types.js';

/** For sw/features/writes.ts, which imports it from here; its home is src/shared/headers.ts. */
export { FAILURE_HEADER };

/**
 * The last resort of every read route: when neither the network nor the cache could answer, the page
 * gets a prompt `504` with a JSON body naming why, instead of a bare network error or a hang.
 * Navigations keep the browser's own network error page, which users understand.
 */
export function failureResponsePlugin(strategy: StrategyName): WorkboxPlugin {
  return {
    async handlerDidError({ request }) {
      if (request.mode === 'navigate') return undefined;
      return failureResponse(failureCode(strategy), request.url);
    },
  };
}

function failureCode(strategy: StrategyName): StowageErrorCode {
  if (strategy === 'cache-only') return 'cache-miss';
  return navigator.onLine ? 'network-error' : 'offline';
}

export function failureResponse(code: StowageErrorCode, url: string, status = 504): Response {
  const error = new StowageError(code, undefined, { details: { url } });
  return new Response(JSON.stringify({ error: error.code, message: error.message, url }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', [FAILURE_HEADER]: code },
  });
}
