import type { ReplayLeaseRecord } from '../storage/db.js';
import type { OutboxStore } from './store.js';

/** The Web Locks name that makes replay single-flight across the worker, an updating worker, and tabs. */
export const REPLAY_LOCK = 'stowage-outbox-replay';

/** Runs `work` while no other context replays the same outbox; later callers wait their turn. */
export type ReplayLock = <T>(work: () => Promise<T>) => Promise<T>;

export function webLock(locks: LockManager): ReplayLock {
  // request() resolves to the callback's awaited result; TypeScript's lib types it as a nested promise, then() flattens it.
  return <T>(work: () => Promise<T>) => locks.request(REPLAY_LOCK, work).then((result) => result as T);
}

export interface LeaseLockOptions {
  store: Pick<OutboxStore, 'updateLease'>;
  /** Wall-clock time: leases are compared across contexts, whose test clocks may differ. */
  now: () => number;
  /** A lease not renewed for this long is free: its holder died (a killed worker). @default 10_000 */
  ttlMs?: number;
  /** How often a waiting replayer looks again. @default 200 */
  retryMs?: number;
}

/**
 * Single flight where `navigator.locks` is missing: a lease record in IndexedDB, taken in a readwrite
 * transaction (IndexedDB serialises those, so two contexts cannot both take it), renewed while the
 * work runs, released after. A holder that dies keeps the others waiting until its lease expires.
 */
export function leaseLock({ store, now, ttlMs = 10_000, retryMs = 200 }: LeaseLockOptions): ReplayLock {
  const holder = crypto.randomUUID();
  const take = (): Promise<boolean> =>
    store.updateLease((current) => (leaseIsFree(current, holder, now()) ? { holder, expiresAt: now() + ttlMs } : undefined));
  const release = (): Promise<boolean> => store.updateLease((current) => (current?.holder === holder ? null : undefined));
  return async <T>(work: () => Promise<T>): Promise<T> => {
    while (!(await take())) await new Promise((resolve) => setTimeout(resolve, retryMs));
    const renewal = setInterval(() => void take().catch(() => undefined), ttlMs / 3);
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await release().catch(() => undefined);
    }
  };
}

/** Whether `holder` may take (or renew) the lease at `nowMs`. */
function leaseIsFree(current: ReplayLeaseRecord | undefined, holder: string, nowMs: number): boolean {
  return current === undefined || current.holder === holder || current.expiresAt <= nowMs;
}
