/**
 * How long asking for persistent storage may hold up register(). Firefox shows a prompt for
 * `persist()` and its promise stays open until the user answers, which may be never (an unattended
 * or headless page); engines that decide by themselves answer within milliseconds.
 * @default 3000
 */
export const PERSIST_DEADLINE_MS = 3_000;

/** `'unknown'`: the browser had not answered by the deadline (a prompt still open); it may grant it later. */
export type PersistOutcome = boolean | 'unknown';

/**
 * Asks the browser to keep this origin's storage (caches, the outbox) out of eviction, and never
 * hangs: `false` where `navigator.storage` or its `persist()` is missing (WebKitGTK has no
 * `navigator.storage` by default) or where it rejects; `'unknown'` when no answer came within
 * `deadlineMs`. An origin already persisted answers `true` without asking again.
 */
export async function askToPersist(
  storage: Partial<Pick<StorageManager, 'persist' | 'persisted'>> | undefined = globalThis.navigator?.storage,
  deadlineMs = PERSIST_DEADLINE_MS,
): Promise<PersistOutcome> {
  if (typeof storage?.persist !== 'function') return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'unknown'>((resolve) => {
    timer = setTimeout(() => resolve('unknown'), deadlineMs);
  });
  const asked = (async () => ((await storage.persisted?.()) === true ? true : storage.persist!()))().catch(() => false);
  try {
    return await Promise.race([asked, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
