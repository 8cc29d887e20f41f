import { Strategy, type StrategyHandler, type StrategyOptions } from 'workbox-strategies';
import type { InFlight } from './in-flight.js';

/**
 * Workbox's NetworkFirst, with the network request shared among concurrent requests for the same key
 * (Workbox's own cannot be told how to fetch). The cache answers when the network fails, or when it
 * has not answered within networkTimeoutMs; the network response still refreshes the cache then.
 */
export class NetworkFirst extends Strategy {
  readonly #inFlight: InFlight;
  readonly #networkTimeoutMs: number | undefined;

  constructor(options: StrategyOptions & { inFlight: InFlight; networkTimeoutMs?: number | undefined }) {
    super(options);
    this.#inFlight = options.inFlight;
    this.#networkTimeoutMs = options.networkTimeoutMs;
  }

  protected override async _handle(request: Request, handler: StrategyHandler): Promise<Response> {
    const network = this.#inFlight.fetchAndCachePut(handler, request);
    void handler.waitUntil(network.catch(() => undefined));
    if (this.#networkTimeoutMs !== undefined && !(await settlesWithin(network, this.#networkTimeoutMs))) {
      const cached = await handler.cacheMatch(request);
      if (cached) return cached;
    }
    try {
      return await network;
    } catch (error) {
      const cached = await handler.cacheMatch(request);
      if (cached) return cached;
      throw error;
    }
  }
}

async function settlesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const settled = promise.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
