import type { RouteHandlerCallbackOptions, RouteHandlerObject } from 'workbox-core/types.js';
import type { Strategy } from 'workbox-strategies';

/**
 * The handler of a `private: true` route: one Workbox strategy per user partition (each with its own
 * cache), built on first use and picked per request from the current user. With no user set, a
 * network-only strategy answers, so nothing private is cached for nobody; so it does when the current
 * user cannot be read.
 */
export class PartitionedHandler implements RouteHandlerObject {
  readonly #strategies = new Map<string, Strategy>();
  readonly #partitionId: () => Promise<string | null>;
  readonly #forPartition: (partitionId: string) => Strategy;
  readonly #anonymous: Strategy;

  constructor(options: { partitionId: () => Promise<string | null>; forPartition: (partitionId: string) => Strategy; anonymous: Strategy }) {
    this.#partitionId = options.partitionId;
    this.#forPartition = options.forPartition;
    this.#anonymous = options.anonymous;
  }

  /** The strategy for a partition (null: no user), created on first use. */
  strategyFor(partitionId: string | null): Strategy {
    if (partitionId === null) return this.#anonymous;
    let strategy = this.#strategies.get(partitionId);
    if (!strategy) {
      strategy = this.#forPartition(partitionId);
      this.#strategies.set(partitionId, strategy);
    }
    return strategy;
  }

  handle = async (options: RouteHandlerCallbackOptions): Promise<Response> => {
    // Who is signed in cannot be read (IndexedDB will not open): nobody's cache is used, the network answers.
    const partitionId = await this.#partitionId().catch(() => null);
    return this.strategyFor(partitionId).handle(options);
  };
}
