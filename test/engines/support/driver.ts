import type { Page } from '@playwright/test';

export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** Playwright's `page.evaluate` signature, so the helpers written for a Playwright page take a driver too. */
export type Evaluate = Page['evaluate'];

/** How long one evaluate() may take before it fails: a worker that never answers must not hang the run. */
export const EVALUATE_DEADLINE_MS = 20_000;

/**
 * One browser with one tab, driven the same way in every engine: Chromium through Playwright,
 * Firefox over WebDriver BiDi (puppeteer-core), WebKitGTK over WebDriver (selenium-webdriver and
 * WebKitWebDriver). The cross-engine specs (test/engines/) are written against this only.
 */
export interface EngineDriver {
  readonly engine: EngineName;
  /**
   * Whether restart() comes back with the same profile (caches, IndexedDB, the registration).
   * WebKitGTK's automation sessions are ephemeral: MiniBrowser `--automation` starts empty each time.
   */
  readonly keepsProfile: boolean;
  /** Navigates the tab to `url` and waits until the demo's worker controls it. */
  openDemo(url: string): Promise<void>;
  /** Navigates the tab to `url` and waits for its load event only. */
  goto(url: string): Promise<void>;
  /** Runs `fn(arg)` in the tab; rejects after EVALUATE_DEADLINE_MS. */
  readonly evaluate: Evaluate;
  /** Closes the browser and launches it again (on the same profile where keepsProfile). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** What every driver shares: opening the demo is going to it and waiting for its worker. */
export abstract class TabDriver implements EngineDriver {
  abstract readonly engine: EngineName;
  abstract readonly keepsProfile: boolean;
  abstract readonly evaluate: Evaluate;
  abstract goto(url: string): Promise<void>;
  abstract restart(): Promise<void>;
  abstract close(): Promise<void>;

  async openDemo(url: string): Promise<void> {
    await this.goto(url);
    await untilDemoReady(this.evaluate);
  }
}

/** Launch options every driver understands. */
export interface LaunchOptions {
  profileDir: string;
  /**
   * Firefox only: stop an idle service worker after this long (prefs
   * `dom.serviceWorkers.idle_timeout` and `idle_extended_timeout`), as Firefox does after 30 s, so a
   * spec can make the loss of the worker's timers certain without waiting for it.
   */
  serviceWorkerIdleMs?: number;
}

export async function withDeadline<T>(work: Promise<T>, what: string, deadlineMs = EVALUATE_DEADLINE_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${deadlineMs} ms`)), deadlineMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls the freshly navigated tab until the demo says its worker controls it (`data-stowage="ready"`,
 * set by demo/app/main.ts after register() resolved). An evaluate during the navigation may fail
 * (the document it ran in went away): that is a "not yet".
 */
export async function untilDemoReady(evaluate: Evaluate, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ready = await evaluate(() => document.documentElement.dataset.stowage === 'ready').catch(() => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the demo's worker did not control the page within ${timeoutMs} ms`);
}
