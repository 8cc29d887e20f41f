import type { RouteHandlerCallbackOptions, RouteHandlerObject } from 'workbox-core/types.js';
import type { Strategy } from 'workbox-strategies';
import type { CurrentUser } from '../users/current-user.js';

/**
 * The handler of a `private: true` route: one Workbox strategy per user partition (each with its own
 * cache), built on first use and picked per request from the current user. With no user set, a
 * network-only strategy answers, so nothing private is cached for nobody.
 */
export class PartitionedHandler implements RouteHandlerObject {
  readonly #strategies = new Map<string, Strategy>();
  readonly #currentUser: CurrentUser;
  readonly #forPartition: (partitionId: string) => Strategy;
  readonly #anonymous: Strategy;

  constructor(options: { currentUser: CurrentUser; forPartition: (partitionId: string) => Strategy; anonymous: Strategy }) {
    this.#currentUser = options.currentUser;
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
    const { partitionId } = await this.#currentUser.get();
    return this.strategyFor(partitionId).handle(options);
  };
}
