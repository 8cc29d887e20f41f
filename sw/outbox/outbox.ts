import { now } from '../clock.js';
import { StowageError } from '../../src/shared/errors.js';
import type { FlushReport, PendingEntry } from '../../src/shared/protocol.js';
import type { ResolvedWriteRoute } from '../config/types.js';
import type { OutboxSealing } from '../crypto/outbox-sealing.js';
import { broadcast } from '../messages.js';
import type { CacheInvalidator } from '../writes/invalidate.js';
import { defaultStaleTargets, responseStaleTargets } from '../writes/invalidate.js';
import { staleTargetsOf } from '../writes/write-behind.js';
import { isBlocked, transition, type OutboxEntry } from './entry.js';
import { Replayer } from './replay.js';
import { defaultRetryOptions } from './retry-policy.js';
import { getEntry, listEntries, removeEntry, saveEntry } from './store.js';
import { ReplayTriggers } from './triggers.js';

export interface OutboxOptions {
  routes: readonly ResolvedWriteRoute[];
  origin: string;
  invalidator: CacheInvalidator;
  beforeReplay: ((request: Request) => Request | Promise<Request>) | undefined;
  sealing: OutboxSealing;
}

/** The outbox as the rest of the worker sees it: what the page API asks for, and the replay triggers. */
export class Outbox {
  readonly replayer: Replayer;
  readonly triggers: ReplayTriggers;
  readonly #options: OutboxOptions;
  readonly #routes: ReadonlyMap<string, ResolvedWriteRoute>;

  constructor(options: OutboxOptions) {
    this.#options = options;
    const routes = new Map(options.routes.map((route) => [route.name, route]));
    this.#routes = routes;
    this.replayer = new Replayer({
      // An entry outlives config changes: a route that is gone replays with the default backoff.
      policyFor: (name) => {
        const route = routes.get(name);
        return { retry: route?.retry ?? defaultRetryOptions, dropAfterMs: route?.dropAfterMs };
      },
      onDropped: (entry) => this.#forget(entry),
      beforeReplay: options.beforeReplay,
      unseal: (entry) => options.sealing.open(entry),
      onDelivered: async (entry, response) => {
        const url = new URL(entry.url);
        const route = routes.get(entry.routeName);
        const targets = route ? staleTargetsOf(route, url, new Request(entry.url, { method: entry.method }), response) : [url.pathname];
        await options.invalidator.markStale([...responseStaleTargets(url, response, options.origin), ...targets], response);
      },
      announce: broadcast,
      onIdle: (nextDueAt) => this.triggers.scheduleNext(nextDueAt),
    });
    this.triggers = new ReplayTriggers((replayOptions) => this.replayer.run(replayOptions));
  }

  /** The entry is on disk (the page has not had its 202 yet): announce it and start delivering. */
  readonly onQueued = async (entry: OutboxEntry): Promise<void> => {
    await broadcast('queued', { id: entry.id, method: entry.method, url: entry.url });
    this.triggers.queued();
  };

  async pending(): Promise<PendingEntry[]> {
    return (await listEntries()).map(({ id, idempotencyKey, method, url, status, attempts, lastError, createdAt, nextAttemptAt }) => ({
      id,
      idempotencyKey,
      method,
      url,
      status,
      attempts,
      createdAt,
      nextAttemptAt,
      ...(lastError ? { lastError } : {}),
    }));
  }

  flush(): Promise<FlushReport> {
    return this.replayer.run({ force: true });
  }

  async resume(): Promise<FlushReport> {
    for (const entry of await listEntries((candidate) => candidate.status === 'paused')) {
      await saveEntry(transition(entry, { type: 'requeue', nextAttemptAt: now() }), 'paused');
    }
    return this.replayer.run({ force: true });
  }

  async retry(id: string, change: { body?: string; headers?: Record<string, string> }): Promise<FlushReport> {
    const entry = await getEntry(id);
    if (!entry) throw new StowageError('not-found', `No outbox entry ${id}`, { details: { id } });
    if (!isBlocked(entry.status)) throw new StowageError('not-found', `Outbox entry ${id} is ${entry.status}, not waiting for the app`, { details: { id } });
    const replaced =
      change.body === undefined
        ? undefined
        : await this.#options.sealing.replaceBody(this.#routes.get(entry.routeName)?.encrypt === true, entry, new TextEncoder().encode(change.body).buffer as ArrayBuffer);
    const headers = { ...change.headers, ...replaced?.headers };
    const requeued = transition(entry, {
      type: 'requeue',
      nextAttemptAt: now(),
      ...(replaced ? { body: replaced.body } : {}),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
    });
    await saveEntry(requeued, entry.status);
    return this.replayer.run({ force: true });
  }

  async discard(id: string): Promise<{ discarded: boolean }> {
    const entry = await getEntry(id);
    const discarded = await removeEntry(id);
    if (entry) await this.#forget(entry);
    return { discarded };
  }

  /** The caches may show a removed, never-delivered write (reads-your-writes): the server never saw it, so ask it again. */
  async #forget(entry: OutboxEntry): Promise<void> {
    await this.#options.invalidator.dropPending(entry.url, entry.id);
    await this.#options.invalidator.markStale(defaultStaleTargets(new URL(entry.url)));
  }
}
