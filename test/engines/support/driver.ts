import type { Page } from '@playwright/test';

export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** Playwright's `page.evaluate` signature, so the helpers written for a Playwright page take a driver too. */
export type Evaluate = Page['evaluate'];

/** How long one evaluate() may take before it fails: a worker that never answers must not hang the run. */
export const EVALUATE_DEADLINE_MS = 20_000;

/**
 * A tab of the driver's browser: the first one (the driver itself) or one newTab() opened beside it.
 * Tabs share the browser's profile, so a second tab on the same origin sees the same worker, caches
 * and IndexedDB, as a user's second tab would.
 */
export interface EngineTab {
  /** Navigates the tab to `url` and waits until the demo's worker controls it. */
  openDemo(url: string): Promise<void>;
  /** Navigates the tab to `url` and waits for its load event only. */
  goto(url: string): Promise<void>;
  /** Runs `fn(arg)` in the tab; rejects after EVALUATE_DEADLINE_MS. */
  readonly evaluate: Evaluate;
  close(): Promise<void>;
}

/**
 * One browser with a first tab, driven the same way in every engine: Chromium through Playwright,
 * Firefox over WebDriver BiDi (puppeteer-core), WebKitGTK over WebDriver (selenium-webdriver and
 * WebKitWebDriver). The cross-engine specs (test/engines/) are written against this only.
 */
export interface EngineDriver extends EngineTab {
  readonly engine: EngineName;
  /**
   * Whether restart() comes back with the same profile (caches, IndexedDB, the registration).
   * WebKitGTK's automation sessions are ephemeral: MiniBrowser `--automation` starts empty each time.
   */
  readonly keepsProfile: boolean;
  /**
   * Opens another tab in the same browser and profile (blank until its goto/openDemo). Its close()
   * closes that tab only; restart() and close() of the driver close every tab it opened.
   */
  newTab(): Promise<EngineTab>;
  /** Closes the browser and launches it again (on the same profile where keepsProfile). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** What every tab shares: opening the demo is going to it and waiting for its worker. */
export abstract class DemoTab implements EngineTab {
  abstract readonly evaluate: Evaluate;
  abstract goto(url: string): Promise<void>;
  abstract close(): Promise<void>;

  async openDemo(url: string): Promise<void> {
    await this.goto(url);
    await untilDemoReady(this.evaluate);
  }
}

/** What every driver shares, on top of its first tab. */
export abstract class TabDriver extends DemoTab implements EngineDriver {
  abstract readonly engine: EngineName;
  abstract readonly keepsProfile: boolean;
  abstract newTab(): Promise<EngineTab>;
  abstract restart(): Promise<void>;
}

/** A tab made of a goto, an evaluate and a close: what the drivers' second tabs are. */
export class CallbackTab extends DemoTab {
  constructor(
    readonly evaluate: Evaluate,
    private readonly calls: { goto(url: string): Promise<void>; close(): Promise<void> },
  ) {
    super();
  }

  goto(url: string): Promise<void> {
    return this.calls.goto(url);
  }

  close(): Promise<void> {
    return this.calls.close();
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
