import { StrategyHandler } from 'workbox-strategies';
import { isNullBodyStatus } from '../entries/stored-entry.js';
import { isQuotaError, type MakeRoom } from './make-room.js';

export interface CachePutRetryOptions {
  makeRoom: MakeRoom;
  /** The store failed again after making room: the response is served unstored. */
  onGaveUp: (url: string) => void;
}

const installed = Symbol.for('stowage.cachePutRetry');

/**
 * Every read route stores through Workbox's `StrategyHandler.cachePut` (sw/strategies/in-flight.ts),
 * which rethrows a QuotaExceededError after running Workbox's quota callbacks, and no plugin hook can
 * retry it. So the worker wraps that one method: on a quota error it makes room (least recently used
 * read entries) and stores once more through the same plugins; if that fails too, the response is
 * served unstored (the store resolves `false`, as for an unstorable response) and the pages are told.
 * Installed once per worker, by the expiration feature, which keeps the access log eviction needs.
 */
export function retryCachePutAfterQuotaError({ makeRoom, onGaveUp }: CachePutRetryOptions): void {
  const prototype = StrategyHandler.prototype as StrategyHandler & { [installed]?: true };
  if (prototype[installed]) return;
  prototype[installed] = true;
  const cachePut = prototype.cachePut;
  prototype.cachePut = async function retryingCachePut(this: StrategyHandler, key: RequestInfo, response: Response): Promise<boolean> {
    // The first put consumes the body; a retry needs its own copy. Dropped unread on success.
    const spare = response.clone();
    try {
      const stored = await cachePut.call(this, key, response);
      void spare.body?.cancel().catch(() => undefined);
      return stored;
    } catch (error) {
      if (!isQuotaError(error)) {
        void spare.body?.cancel().catch(() => undefined);
        throw error;
      }
      const body = await spare.arrayBuffer();
      await makeRoom(body.byteLength);
      try {
        return await cachePut.call(this, key, new Response(isNullBodyStatus(spare.status) ? null : body, { status: spare.status, statusText: spare.statusText, headers: spare.headers }));
      } catch (retryError) {
        if (!isQuotaError(retryError)) throw retryError;
        onGaveUp(typeof key === 'string' ? key : key.url);
        return false;
      }
    }
  };
}
