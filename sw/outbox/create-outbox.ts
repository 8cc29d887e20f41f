import { now, wallNow } from '../clock.js';
import type { ResolvedWriteRoute } from '../config/types.js';
import { observedFetch } from '../worker-connectivity.js';
import { broadcast } from '../messages.js';
import type { OutboxHooks } from './changes.js';
import { Outbox } from './outbox.js';
import { AT_RISK_AFTER_MS, isWebKit } from './eviction-risk.js';
import { leaseLock, webLock } from './replay-lock.js';
import type { OutboxSealing } from './sealing.js';
import { IndexedDBOutboxStore } from './store.js';
import { ReplayTriggers } from './triggers.js';

declare let self: ServiceWorkerGlobalScope;

export interface WorkerOutboxOptions {
  routes: readonly ResolvedWriteRoute[];
  beforeReplay: ((request: Request) => Request | Promise<Request>) | undefined;
  sealing: OutboxSealing;
  hooks: OutboxHooks;
}

/**
 * The outbox as the worker runs it: IndexedDB, the worker's clock, `navigator.onLine`, the real
 * fetch, Web Locks (or an IndexedDB lease where they are missing), page events by broadcast, and the
 * replay triggers. Call during the worker script's first evaluation (the triggers add listeners).
 */
export function createWorkerOutbox(options: WorkerOutboxOptions): { outbox: Outbox; triggers: ReplayTriggers } {
  const store = new IndexedDBOutboxStore(self.location.origin);
  // Optional chaining: `locks` is missing in older engines although the lib types say it is always there.
  const locks = (navigator as Partial<Pick<WorkerNavigator, 'locks'>>).locks;
  const triggers = new ReplayTriggers((replayOptions) => outbox.replay(replayOptions));
  const outbox: Outbox = new Outbox({
    ...options,
    store,
    announce: broadcast,
    lock: locks ? webLock(locks) : leaseLock({ store, now: wallNow }),
    now,
    isOnline: () => navigator.onLine,
    fetch: observedFetch,
    schedule: triggers,
    atRiskAfterMs: isWebKit(navigator.userAgent) ? AT_RISK_AFTER_MS : undefined,
  });
  triggers.install();
  return { outbox, triggers };
}
