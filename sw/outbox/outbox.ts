import { StowageError } from '../../src/shared/errors.js';
import type { FlushReport, PendingEntry } from '../../src/shared/outbox.js';
import type { ResolvedWriteRoute } from '../config/types.js';
import { defaultRetryOptions } from '../retry/retry-policy.js';
import { ChangeRecorder, refOf, type Announce, type OutboxHooks } from './changes.js';
import { isBlocked, type OutboxEntry } from './entry.js';
import { appIdempotencyKey } from './idempotency-key.js';
import type { ReplayLock } from './replay-lock.js';
import { Replayer, type ReplayOptions } from './replay.js';
import type { OutboxSealing } from './sealing.js';
import type { OutboxStore } from './store.js';

/** What the outbox needs from outside, all injected: the worker wires the real ones (create-outbox.ts), unit tests fakes. */
export interface OutboxDeps {
  /** The write routes: their retry settings, dropAfterMs and `encrypt` apply to the entries they queued. */
  routes: readonly ResolvedWriteRoute[];
  store: OutboxStore;
  sealing: Pick<OutboxSealing, 'seal' | 'replaceBody' | 'open'>;
  /** Cache invalidation, from sw/writes/. */
  hooks: OutboxHooks;
  announce: Announce;
  lock: ReplayLock | undefined;
  now: () => number;
  /** @default Math.random */
  random?: () => number;
  isOnline: () => boolean;
  fetch: (request: Request) => Promise<Response>;
  beforeReplay: ((request: Request) => Request | Promise<Request>) | undefined;
  /**
   * Where the engine deletes storage unused for seven days (WebKit), pending() marks the entries
   * queued longer ago than this as `atRisk` (sw/outbox/eviction-risk.ts). Unset elsewhere.
   */
  atRiskAfterMs?: number | undefined;
  /** Told when an entry is queued, when a discard unblocks a queue and when a pass ends, so replays get triggered (sw/outbox/triggers.ts). */
  schedule?: { queued(): void; unblocked(): void; idle(nextDueAt: number | undefined): void };
}

/** A write to queue, as the HTTP adapter (sw/writes/write-behind.ts) read it from the request. */
export interface NewWrite {
  routeName: string;
  method: string;
  url: string;
  headers: Headers;
  body: ArrayBuffer | null;
  orderingKey: string;
}

/** Connection-level headers (RFC 9110 §7.6.1) and ones the browser sets itself: never stored, never replayed. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length']);

/**
 * The outbox, one aggregate: enqueue() is the only way in, every change goes through one recorder
 * (persisted, counted, announced), and replay follows the entries' routes. It imports nothing from
 * sw/writes/: invalidation comes in as hooks.
 */
export class Outbox {
  readonly #deps: OutboxDeps;
  readonly #routes: ReadonlyMap<string, ResolvedWriteRoute>;
  readonly #recorder: ChangeRecorder;
  readonly #replayer: Replayer;
  #nextDueAt: number | undefined;

  constructor(deps: OutboxDeps) {
    this.#deps = deps;
    const routes = new Map(deps.routes.map((route) => [route.name, route]));
    this.#routes = routes;
    this.#recorder = new ChangeRecorder(deps.store, deps.hooks, deps.announce);
    this.#replayer = new Replayer({
      store: deps.store,
      recorder: this.#recorder,
      announce: deps.announce,
      lock: deps.lock,
      now: deps.now,
      isOnline: deps.isOnline,
      fetch: deps.fetch,
      beforeReplay: deps.beforeReplay,
      random: deps.random ?? Math.random,
      // An entry outlives config changes: a route that is gone replays with the default backoff.
      policyFor: (name) => {
        const route = routes.get(name);
        return { retry: route?.retry ?? defaultRetryOptions, dropAfterMs: route?.dropAfterMs };
      },
      unseal: (entry) => deps.sealing.open(entry),
      onIdle: (nextDueAt) => {
        this.#nextDueAt = nextDueAt;
        deps.schedule?.idle(nextDueAt);
        // Pages keep a timer of their own: a stopped worker's timer is gone (issue 9 §3).
        void deps.announce('next-attempt', { inMs: this.#inMs() }).catch(() => undefined);
      },
    });
  }

  /**
   * Persists a write (strictly), shows it in the caches (the `queued` hook), announces it and starts
   * delivering. Throws StowageError `no-user` (an `encrypt` route with nobody signed in: the body
   * would be stored in clear) or `quota-exceeded`; nothing is stored then.
   */
  async enqueue(write: NewWrite): Promise<OutboxEntry> {
    const { sealing, store, now } = this.#deps;
    const id = crypto.randomUUID();
    const nowMs = now();
    const body = write.body && write.body.byteLength > 0 ? write.body : null;
    const sealed = await sealing.seal(this.#routes.get(write.routeName)?.encrypt === true, { id, method: write.method, url: write.url, body });
    if (!sealed) throw new StowageError('no-user');
    let entry: OutboxEntry;
    try {
      entry = await store.add({
        id,
        idempotencyKey: appIdempotencyKey(write.headers) ?? crypto.randomUUID(),
        method: write.method,
        url: write.url,
        headers: { ...replayableHeaders(write.headers), ...sealed.headers },
        body: sealed.body,
        createdAt: nowMs,
        attempts: 0,
        nextAttemptAt: nowMs,
        status: 'queued',
        userScope: sealed.userScope,
        orderingKey: write.orderingKey,
        routeName: write.routeName,
      });
    } catch (error) {
      throw StowageError.from(error);
    }
    // The entry is committed and will be delivered: whatever the caches do, the page gets its 202.
    await this.#deps.hooks.queued(entry).catch((error: unknown) => console.warn(StowageError.from(error)));
    await this.#deps.announce('queued', refOf(entry));
    this.#deps.schedule?.queued();
    return entry;
  }

  /** A replay pass (single flight); triggers call this. */
  replay(options: ReplayOptions = {}): Promise<FlushReport> {
    return this.#replayer.run(options);
  }

  /** A page's timer went off (or it became visible): a pass for what is due, then how long until the next attempt. */
  async replayDue(): Promise<{ inMs: number | null }> {
    await this.replay();
    return { inMs: this.#inMs() };
  }

  async pending(): Promise<PendingEntry[]> {
    const { atRiskAfterMs } = this.#deps;
    const riskyBefore = atRiskAfterMs === undefined ? -Infinity : this.#deps.now() - atRiskAfterMs;
    return (await this.#deps.store.read()).entries.map(({ id, idempotencyKey, method, url, status, attempts, lastError, createdAt, nextAttemptAt }) => ({
      id,
      idempotencyKey,
      method,
      url,
      status,
      attempts,
      createdAt,
      nextAttemptAt,
      ...(lastError ? { lastError } : {}),
      ...(createdAt < riskyBefore ? { atRisk: true as const } : {}),
    }));
  }

  /** About what the queued entries take on disk (bodies, URLs, headers), for stats(). */
  async bytes(): Promise<number> {
    const { entries } = await this.#deps.store.read();
    const encoder = new TextEncoder();
    return entries.reduce((sum, entry) => sum + (entry.body?.byteLength ?? 0) + encoder.encode(entry.url + JSON.stringify(entry.headers)).byteLength, 0);
  }

  flush(): Promise<FlushReport> {
    return this.replay({ force: true });
  }

  async resume(): Promise<FlushReport> {
    for (const entry of (await this.#deps.store.read()).entries.filter((candidate) => candidate.status === 'paused')) {
      await this.#recorder.record({ kind: 'transition', entry, storedAs: 'paused', event: { type: 'requeue', nextAttemptAt: this.#deps.now() } });
    }
    return this.replay({ force: true });
  }

  async retry(id: string, change: { body?: string; headers?: Record<string, string> }): Promise<FlushReport> {
    const entry = await this.#deps.store.get(id);
    if (!entry) throw new StowageError('not-found', `No outbox entry ${id}`, { details: { id } });
    if (!isBlocked(entry.status)) throw new StowageError('not-found', `Outbox entry ${id} is ${entry.status}, not waiting for the app`, { details: { id } });
    const encrypt = this.#routes.get(entry.routeName)?.encrypt === true;
    const replaced =
      change.body === undefined ? undefined : await this.#deps.sealing.replaceBody(encrypt, entry, new TextEncoder().encode(change.body).buffer as ArrayBuffer);
    const headers = { ...change.headers, ...replaced?.headers };
    const event = {
      type: 'requeue' as const,
      nextAttemptAt: this.#deps.now(),
      ...(replaced ? { body: replaced.body } : {}),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
    };
    await this.#recorder.record({ kind: 'transition', entry, storedAs: entry.status, event });
    return this.replay({ force: true });
  }

  async discard(id: string): Promise<{ discarded: boolean }> {
    const entry = await this.#deps.store.get(id);
    // A record that cannot be read (quarantined since) is still removed by id.
    if (!entry) return { discarded: await this.#deps.store.remove(id) };
    const discarded = (await this.#recorder.record({ kind: 'discarded', entry })) === 'removed';
    // A blocked head held its queue: the entries behind it may go now, and nothing else would wake them.
    if (discarded) this.#deps.schedule?.unblocked();
    return { discarded };
  }

  #inMs(): number | null {
    return this.#nextDueAt === undefined ? null : Math.max(0, this.#nextDueAt - this.#deps.now());
  }
}

function replayableHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && !name.startsWith('proxy-')) kept[name] = value;
  });
  return kept;
}
