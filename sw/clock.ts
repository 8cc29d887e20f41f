/**
 * The worker's one clock. Everything in the worker that measures an age, stamps an entry or schedules
 * a retry reads time here, so the end-to-end test bed can move time forward instead of sleeping
 * through it (the demo's test worker relays a test-only message to `advanceClock`; the library
 * itself never listens for one).
 */
let offsetMs = 0;

/** Milliseconds since the epoch, as the worker sees them (wall time plus any test advance). */
export function now(): number {
  return Date.now() + offsetMs;
}

/**
 * The real wall clock, only for comparing with a time another machine wrote (a server's `Date`):
 * a test advance must not make a response look older on arrival than the server said it was.
 */
export function wallNow(): number {
  return Date.now();
}

/** Test seam: move the worker's time forward. Not persisted; a restarted worker starts at wall time. */
export function advanceClock(byMs: number): void {
  if (!Number.isFinite(byMs) || byMs < 0) throw new RangeError(`advanceClock takes a non-negative duration, got ${byMs}`);
  offsetMs += byMs;
}
