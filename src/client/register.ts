import { StowageError } from '../shared/errors.js';
import { WorkerChannel } from './channel.js';
import type { MemoryOptions } from './memory/page-memory.js';
import { askToPersist } from './persist.js';
import { Stowage } from './stowage.js';

export interface RegisterOptions {
  /** @default the script's folder, as the browser decides */
  scope?: string;
  /** `'module'` for a worker built as an ES module. @default 'classic' */
  type?: WorkerType;
  /** Deadline of every request to the worker. @default 10_000 */
  requestTimeoutMs?: number;
  /** How long register() waits for the worker to control the page. @default 15_000 */
  controlTimeoutMs?: number;
  /**
   * After taking control, route this page and the scripts, styles and images it loaded before the
   * worker existed, so a first visit already opens offline. Runs in the background.
   * @default true
   */
  warm?: boolean;
  /** The signed-in user, if the app knows it at start: private routes use this user's partition. */
  user?: string | null;
  /**
   * The server's invalidation feed (`text/event-stream`, same origin): its `invalidate` events
   * (`{ tags, mode? }`, applied as `expire` without a mode) and `reset` reach the worker, so what
   * other devices change is revalidated here. Resumes from the last event the worker applied.
   */
  invalidations?: string;
  /**
   * Asks the browser for persistent storage (`navigator.storage.persist()`), so it does not evict
   * the origin's caches and outbox under storage pressure; whether it was granted is
   * `stowage.persisted`. Browsers may grant it silently, prompt, or refuse.
   * @default false
   */
  persist?: boolean;
  /** The page's memory for `stowage.fetch()` on routes with `memory: true` (src/client/memory/). @default { maxBytes: 4 MB, maxEntryBytes: 256 KB } */
  memory?: MemoryOptions;
}

/**
 * Registers the app's Stowage service worker and resolves once it controls this page, so the very
 * next fetch already goes through it. Rejects with StowageError('not-supported') where service
 * workers are unavailable (insecure origins, some private modes) and ('not-controlled') on timeout.
 */
export async function register(scriptUrl: string | URL, options: RegisterOptions = {}): Promise<Stowage> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) {
    throw new StowageError('not-supported', 'Service workers are unavailable here (an insecure origin, or an old browser)');
  }
  const container = navigator.serviceWorker;
  const channel = new WorkerChannel(container, options.requestTimeoutMs ?? 10_000);
  const registration = await container.register(scriptUrl, {
    ...(options.scope === undefined ? {} : { scope: options.scope }),
    type: options.type ?? 'classic',
    // The worker script must never come from the HTTP cache, or updates reach users a day late.
    updateViaCache: 'none',
  });
  await waitForControl(container, registration, channel, options.controlTimeoutMs ?? 15_000);
  const persisted = options.persist === true ? await askToPersist() : null;
  const stowage = new Stowage(registration, channel, container, { persisted, memory: validateMemory(options.memory) });
  if (options.user !== undefined) await stowage.setUser(options.user);
  if (options.invalidations !== undefined) stowage.listenForInvalidations(options.invalidations);
  if (options.warm !== false) void channel.request('warm-first-visit', loadedBeforeControl()).catch(() => undefined);
  return stowage;
}

function validateMemory(memory: MemoryOptions | undefined): MemoryOptions {
  for (const field of ['maxBytes', 'maxEntryBytes'] as const) {
    const value = memory?.[field];
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      throw new StowageError('invalid-config', `Invalid register() option memory.${field}: must be a number of bytes`, { details: { path: `memory.${field}` } });
    }
  }
  return memory ?? {};
}

const warmableInitiators = new Set(['script', 'link', 'css', 'img']);

function loadedBeforeControl(): { urls: string[]; document: string } {
  const urls = performance
    .getEntriesByType('resource')
    .filter((entry) => warmableInitiators.has((entry as PerformanceResourceTiming).initiatorType))
    .map((entry) => entry.name)
    .filter((url) => new URL(url).origin === location.origin);
  return { urls: [...new Set(urls)], document: location.href };
}

async function waitForControl(
  container: ServiceWorkerContainer,
  registration: ServiceWorkerRegistration,
  channel: WorkerChannel,
  timeoutMs: number,
): Promise<void> {
  if (container.controller) return;
  const controlled = new Promise<void>((resolve) => container.addEventListener('controllerchange', () => resolve(), { once: true }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StowageError('not-controlled', `The service worker did not take control within ${timeoutMs} ms (is the page inside its scope?)`)),
      timeoutMs,
    );
  });
  try {
    // `ready` resolves before the page is controlled; a hard reload also leaves an active worker
    // without control of this page, so ask it to claim us.
    const ready = container.ready.then(async () => {
      const active = registration.active;
      if (!container.controller && active) await channel.request('claim', {}, { target: active, timeoutMs });
    });
    await Promise.race([Promise.all([controlled, ready]), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
