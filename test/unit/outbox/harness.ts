import type { ResolvedWriteRoute } from '../../../sw/config/types.js';
import type { OutboxHooks } from '../../../sw/outbox/changes.js';
import type { OutboxEntry } from '../../../sw/outbox/entry.js';
import { Outbox, type NewWrite, type OutboxDeps } from '../../../sw/outbox/outbox.js';
import type { EventMap, EventName } from '../../../src/shared/protocol.js';
import { MemoryOutboxStore } from './fake-store.js';

export const ORIGIN = 'http://localhost';
export const START_MS = Date.UTC(2026, 0, 1);

/** A write-behind route as validate-writes.ts resolves it. */
export function writeRoute(name: string, overrides: Partial<ResolvedWriteRoute> = {}): ResolvedWriteRoute {
  return { match: '/api/*', mode: 'write-behind', name, index: 0, methods: ['POST', 'PUT', 'PATCH', 'DELETE'], orderingKey: 'origin', retry: { baseDelayMs: 1000, maxDelayMs: 60_000 }, ...overrides };
}

export interface ServerCall {
  method: string;
  path: string;
  idempotencyKey: string | null;
  replay: string | null;
  body: string;
}

/** What the fake server answers one call with: a status, a full answer, or a failed connection. */
export type Answer = number | { status: number; headers?: Record<string, string>; body?: string } | 'network-error';

/** Answers the outbox's requests and records them; `answer` decides (201 by default), `latencyMs` delays. */
export class FakeServer {
  readonly calls: ServerCall[] = [];
  answer: (call: ServerCall) => Answer = () => 201;
  latencyMs = 0;
  inFlight = 0;
  maxInFlight = 0;

  readonly fetch = async (request: Request): Promise<Response> => {
    const call: ServerCall = {
      method: request.method,
      path: new URL(request.url).pathname,
      idempotencyKey: request.headers.get('Idempotency-Key'),
      replay: request.headers.get('X-Stowage-Replay'),
      body: await request.text(),
    };
    this.calls.push(call);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      const answer = this.answer(call);
      if (answer === 'network-error') throw new TypeError('Failed to fetch');
      const { status, headers = {}, body = '' } = typeof answer === 'number' ? { status: answer } : answer;
      return new Response(status === 204 ? null : body, { status, headers });
    } finally {
      this.inFlight -= 1;
    }
  };

  paths(): string[] {
    return this.calls.map((call) => call.path);
  }
}

export interface Harness {
  outbox: Outbox;
  store: MemoryOutboxStore;
  server: FakeServer;
  clock: { nowMs: number; advance(byMs: number): void };
  network: { online: boolean };
  events: Array<{ name: EventName; detail: EventMap[EventName] }>;
  hookCalls: Array<{ hook: keyof OutboxHooks; id: string }>;
  idle: Array<number | undefined>;
  /** How often the outbox told its schedule that a discard unblocked a queue. */
  unblockedCount: () => number;
  /** Queues a write the way write-behind.ts does. */
  write(write?: Partial<NewWrite> & { path?: string; text?: string }): Promise<OutboxEntry>;
  eventNames(): EventName[];
}

/** An Outbox on fakes: an in-memory store, a clock that moves only when told, a scripted server, no locks. */
export function createHarness(options: { routes?: ResolvedWriteRoute[]; store?: MemoryOutboxStore; server?: FakeServer; deps?: Partial<OutboxDeps> } = {}): Harness {
  const store = options.store ?? new MemoryOutboxStore();
  const server = options.server ?? new FakeServer();
  const clock = {
    nowMs: START_MS,
    advance(byMs: number) {
      clock.nowMs += byMs;
    },
  };
  const network = { online: true };
  const events: Harness['events'] = [];
  const hookCalls: Harness['hookCalls'] = [];
  const idle: Harness['idle'] = [];
  const unblocked: number[] = [];
  const hook = (name: keyof OutboxHooks) => async (entry: OutboxEntry) => void hookCalls.push({ hook: name, id: entry.id });
  const outbox = new Outbox({
    routes: options.routes ?? [writeRoute('notes')],
    store,
    sealing: {
      seal: async (_encrypt, entry) => ({ userScope: null, body: entry.body, headers: {} }),
      replaceBody: async (_encrypt, _entry, body) => ({ body, headers: {} }),
      open: async (entry) => ({ headers: entry.headers, body: entry.body }),
    },
    hooks: { queued: hook('queued'), delivered: hook('delivered'), forgotten: hook('forgotten') },
    announce: async (name, detail) => void events.push({ name, detail }),
    lock: undefined,
    now: () => clock.nowMs,
    random: () => 0.5,
    isOnline: () => network.online,
    fetch: server.fetch,
    beforeReplay: undefined,
    schedule: { queued: () => undefined, unblocked: () => void unblocked.push(1), idle: (nextDueAt) => void idle.push(nextDueAt) },
    ...options.deps,
  });
  return {
    outbox,
    store,
    server,
    clock,
    network,
    events,
    hookCalls,
    idle,
    unblockedCount: () => unblocked.length,
    write: ({ path = '/api/notes', text = 'x', ...write } = {}) =>
      outbox.enqueue({
        routeName: 'notes',
        method: 'POST',
        url: `${ORIGIN}${path}`,
        headers: new Headers({ 'Content-Type': 'application/json' }),
        body: new TextEncoder().encode(text).buffer as ArrayBuffer,
        orderingKey: ORIGIN,
        ...write,
      }),
    eventNames: () => events.map((event) => event.name).filter((name) => name !== 'next-attempt'),
  };
}
