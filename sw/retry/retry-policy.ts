/**
 * Decides what an attempt's outcome means for the next one. It knows nothing of the outbox: it maps
 * a response status (or a network error) to a verdict, and computes backoff delays. Time and
 * randomness are injectable so tests drive them.
 */
export type RetryVerdict =
  | { kind: 'delivered' }
  | { kind: 'retry'; delayMs: number }
  /** 401: credentials are missing or expired; retrying alone cannot help. */
  | { kind: 'pause' }
  /** 409 (without Retry-After), 412: the server's state moved on; the app must decide. */
  | { kind: 'conflict' }
  /** Any other 4xx (and unexpected statuses): resending the same request will not succeed. */
  | { kind: 'fail' };

export interface RetryOptions {
  /** Delay cap before jitter for the first retry; doubles per attempt. @default 1000 */
  baseDelayMs: number;
  /** Upper bound of the exponential part. @default 300_000 (Chromium's own Background Sync retry interval) */
  maxDelayMs: number;
  /** @default Math.random */
  random?: () => number;
  /** @default Date.now */
  now?: () => number;
}

export const defaultRetryOptions: RetryOptions = { baseDelayMs: 1000, maxDelayMs: 300_000 };

/** Statuses that say "try again later" (RFC 9110 §15.5.9 408, RFC 8470 425 Too Early, RFC 6585 429) plus every 5xx. */
const RETRYABLE_STATUSES = new Set([408, 425, 429]);

/** `attempt` is the 1-based number of the attempt that just ended. */
export function classifyResponse(
  response: { status: number; retryAfter: string | null },
  attempt: number,
  options: RetryOptions,
): RetryVerdict {
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (RETRYABLE_STATUSES.has(status) || status >= 500) {
    const retryAfterMs = parseRetryAfterMs(response.retryAfter, (options.now ?? Date.now)());
    return { kind: 'retry', delayMs: retryAfterMs ?? backoffDelayMs(attempt, options) };
  }
  if (status === 401) return { kind: 'pause' };
  // The Idempotency-Key draft answers 409 to a retry that arrives while the original request is
  // still being processed; a server saying so with Retry-After means "later", not "resolve this".
  const retryAfterMs = status === 409 ? parseRetryAfterMs(response.retryAfter, (options.now ?? Date.now)()) : undefined;
  if (retryAfterMs !== undefined) return { kind: 'retry', delayMs: retryAfterMs };
  if (status === 409 || status === 412) return { kind: 'conflict' };
  return { kind: 'fail' };
}

/** A network error (the request may or may not have reached the server) is always retried. */
export function classifyNetworkError(attempt: number, options: RetryOptions): RetryVerdict {
  return { kind: 'retry', delayMs: backoffDelayMs(attempt, options) };
}

/**
 * Capped exponential backoff with full jitter: a random delay in [0, min(max, base * 2^(attempt-1))).
 * Full jitter spreads clients that failed together, so a recovering server is not hit in lockstep.
 */
export function backoffDelayMs(attempt: number, { baseDelayMs, maxDelayMs, random = Math.random }: RetryOptions): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 52);
  const capMs = Math.min(maxDelayMs, baseDelayMs * 2 ** exponent);
  return Math.floor(random() * capMs);
}

/** `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const dateMs = Date.parse(text);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}
