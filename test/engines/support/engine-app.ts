import type { StatsSnapshot } from '../../../src/shared/stats.js';
import { advanceClock, cachedUrls, type InPage, pageFetch, type PageResponse, stats } from '../../e2e/support/in-page.js';
import type { EngineDriver, EngineTab } from './driver.js';

/**
 * The demo app in whichever engine the driver runs, with the Stowage handle it exposes as
 * `window.stowage`. `page` is the driver seen as a Playwright page's `evaluate`, so the e2e helpers
 * that only evaluate (mutate, pending, scanOrigin…) work here unchanged.
 */
export class EngineApp {
  readonly page: InPage;
  /** The second tabs openTab() opened, which closeTabs() closes (the driver outlives the test). */
  readonly #tabs: EngineApp[] = [];

  constructor(
    readonly driver: EngineDriver,
    readonly baseUrl: string,
    readonly tab: EngineTab = driver,
  ) {
    this.page = { evaluate: tab.evaluate };
  }

  open(path = '/'): Promise<void> {
    return this.tab.openDemo(new URL(path, this.baseUrl).href);
  }

  /** The demo in another tab of the same browser and profile, controlled by the same worker. */
  async openTab(path = '/'): Promise<EngineApp> {
    const other = new EngineApp(this.driver, this.baseUrl, await this.driver.newTab());
    this.#tabs.push(other);
    await other.open(path);
    return other;
  }

  async closeTabs(): Promise<void> {
    for (const other of this.#tabs.splice(0)) await other.tab.close();
  }

  /** fetch() from the page, so the request goes through the worker; 15 s deadline. */
  fetch(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<PageResponse> {
    return pageFetch(this.page, path, init);
  }

  stats(): Promise<StatsSnapshot> {
    return stats(this.page);
  }

  /** Moves the demo test worker's clock forward; no spec sleeps through an age. */
  advanceClock(byMs: number): Promise<void> {
    return advanceClock(this.page, byMs);
  }

  /** Pathnames stored in the Cache Storage caches whose names contain `fragment`. */
  cachedUrls(fragment: string): Promise<string[]> {
    return cachedUrls(this.page, fragment);
  }
}
