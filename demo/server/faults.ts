/**
 * Injected failures for /api/ requests, so tests can simulate an unreachable,
 * flaky, slow or overloaded server against the real code paths.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, isRecord, jsonReply, readBody, sendReply } from './http';
import type { LogEntry } from './request-log';

/**
 * `drop-response` is an addition to the original brief: the real handler runs
 * (the write takes effect) but the response is lost, the case an
 * Idempotency-Key exists for. `delay-response` (issue 14) runs the handler at once and holds its
 * answer for `latencyMs`: a read computed before a commit that reaches a proxy after its purge.
 * `hold-response` does the same until the control API releases it (`POST /__control/faults/release`),
 * so a spec can hold a read across a commit without timing anything.
 */
const MODES = ['refuse', 'drop', 'hang', 'status', 'delay', 'drop-response', 'delay-response', 'hold-response'] as const;
export type FaultMode = (typeof MODES)[number];

export interface FaultSpec {
  /** Path prefix the fault applies to. @default "/api/" */
  path: string;
  /** Upper-case method, or undefined for any. */
  method?: string | undefined;
  mode: FaultMode;
  status?: number | undefined;
  headers?: Record<string, string> | undefined;
  body?: unknown;
  latencyMs?: number | undefined;
  /** How many matching requests remain; null means unlimited. */
  remaining: number | null;
}

export interface Fault extends FaultSpec {
  id: number;
  hits: number;
}

function bad(detail: string): HttpError {
  return new HttpError(400, { error: 'invalid-body', detail });
}

export function parseFaultSpec(json: unknown): FaultSpec {
  if (!isRecord(json)) throw bad('expected a JSON object');
  const { path = '/api/', method, mode, status, headers, body, latencyMs, count } = json;
  if (typeof path !== 'string' || !path.startsWith('/')) throw bad('path must be a string starting with /');
  if (method !== undefined && typeof method !== 'string') throw bad('method must be a string');
  if (!MODES.includes(mode as FaultMode)) throw bad(`mode must be one of ${MODES.join(', ')}`);
  if (mode === 'status' && (typeof status !== 'number' || status < 200 || status > 599)) {
    throw bad('status mode needs status: 200-599');
  }
  if (headers !== undefined && (!isRecord(headers) || !Object.values(headers).every((v) => typeof v === 'string'))) {
    throw bad('headers must map names to strings');
  }
  if (latencyMs !== undefined && (typeof latencyMs !== 'number' || latencyMs < 0)) throw bad('latencyMs must be >= 0');
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 1)) {
    throw bad('count must be a positive integer');
  }
  return {
    path,
    method: method?.toUpperCase(),
    mode: mode as FaultMode,
    status: status as number | undefined,
    headers: headers as Record<string, string> | undefined,
    body,
    latencyMs: latencyMs ?? (mode === 'delay' || mode === 'delay-response' ? 1000 : undefined),
    remaining: count ?? null,
  };
}

export class FaultRegistry {
  #faults: Fault[] = [];
  #nextId = 1;
  #hung = new Set<ServerResponse>();
  #held = new Set<() => void>();

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.#nextId++, hits: 0 };
    this.#faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.#faults.map((fault) => ({ ...fault }));
  }

  /**
   * Finds the first active fault for the request and consumes one use of it. With `onlyNamingPath`
   * (the invalidation feed) a fault must name the path itself: a broad `/api/` fault is left for the
   * requests it was meant for.
   */
  take(method: string, pathname: string, { onlyNamingPath = false } = {}): Fault | undefined {
    const fault = this.#faults.find(
      (f) =>
        f.remaining !== 0 &&
        pathname.startsWith(f.path) &&
        (!onlyNamingPath || f.path === pathname) &&
        (f.method === undefined || f.method === method),
    );
    if (!fault) return undefined;
    fault.hits++;
    if (fault.remaining !== null) fault.remaining--;
    return fault;
  }

  hold(res: ServerResponse): void {
    this.#hung.add(res);
    res.on('close', () => this.#hung.delete(res));
  }

  /** Resolves once the control API releases held answers (or the faults are cleared). */
  waitForRelease(): Promise<void> {
    return new Promise((resolve) => this.#held.add(resolve));
  }

  get heldCount(): number {
    return this.#held.size;
  }

  /** Lets every held answer go out; returns how many there were. */
  releaseHeld(): number {
    const held = [...this.#held];
    this.#held.clear();
    for (const release of held) release();
    return held.length;
  }

  /** Releases hung requests by closing their connections; the client sees a reset. */
  releaseHung(): void {
    for (const res of this.#hung) res.socket?.destroy();
    this.#hung.clear();
  }

  clear(): void {
    this.#faults = [];
    this.releaseHung();
    this.releaseHeld();
  }
}

/**
 * What the caller does after a fault: `done` (the fault answered or killed
 * the request), `handle` (run the real handler), `handle-then-drop` (run
 * it, then close the connection instead of answering), `handle-then-delay` (run it, then wait
 * the fault's latency before answering) or `handle-then-hold` (run it, then wait for a release).
 */
export type FaultOutcome = 'done' | 'handle' | 'handle-then-drop' | 'handle-then-delay' | 'handle-then-hold';

export async function applyFault(
  fault: Fault,
  registry: FaultRegistry,
  req: IncomingMessage,
  res: ServerResponse,
  entry: LogEntry,
): Promise<FaultOutcome> {
  switch (fault.mode) {
    case 'refuse':
      entry.status = 'refused';
      // An RST rather than a FIN: the client sees ECONNRESET, as from a dead server.
      req.socket.resetAndDestroy();
      return 'done';
    case 'drop':
      entry.status = 'dropped';
      await readBody(req).catch(() => undefined);
      req.socket.destroy();
      return 'done';
    case 'hang':
      entry.status = 'hung';
      registry.hold(res);
      return 'done';
    case 'status': {
      await readBody(req).catch(() => undefined);
      const reply = jsonReply(fault.status ?? 500, fault.body === undefined ? { error: 'injected' } : fault.body, fault.headers);
      sendReply(req, res, reply);
      return 'done';
    }
    case 'delay':
      await new Promise((resolve) => setTimeout(resolve, fault.latencyMs ?? 0));
      return 'handle';
    case 'drop-response':
      entry.status = 'dropped';
      return 'handle-then-drop';
    case 'delay-response':
      return 'handle-then-delay';
    case 'hold-response':
      return 'handle-then-hold';
  }
}
