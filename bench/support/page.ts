import type { Browser, Page } from '@playwright/test';

/**
 * Opens `origin` in a page of its own browser context, registers its `/sw.js` and waits until the
 * worker controls the page. `ready` resolves before control arrives (see NOTES), so it waits for
 * `controllerchange` too, with a deadline: a worker that never claims would otherwise hang the run.
 *
 * The page is made cross-origin isolated (COOP + COEP added to its HTML response) because that is
 * what buys `performance.now()` a 5 µs resolution instead of 100 µs, which is a tenth of a warm hit.
 */
export async function openControlledPage(browser: Browser, origin: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageUrl = new URL('/', origin).href;
  await page.route(pageUrl, async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    });
  });
  await page.goto(pageUrl);
  // Interception must not stay on while the page is measured.
  await page.unrouteAll();
  await registerWorker(page);
  return page;
}

/**
 * Opens an empty page after the measured ones; close it with them. Headless Chromium runs the page
 * opened last, and its worker, faster than the others (a cold start there took half the time, and
 * `bringToFront()` did not change that), so no measured variant may be the one opened last.
 */
export async function openSpacerPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** Registers the origin's `/sw.js` from an open page and waits (15 s at most) until it controls the page. */
export function registerWorker(page: Pick<Page, 'evaluate'>): Promise<void> {
  return page.evaluate(async () => {
    const deadline = AbortSignal.timeout(15_000);
    const aborted = new Promise<never>((_, reject) => deadline.addEventListener('abort', () => reject(new Error('worker did not take control'))));
    const changed = new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    const controlled = (async () => {
      await navigator.serviceWorker.register('/sw.js');
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await changed;
    })();
    await Promise.race([controlled, aborted]);
  });
}

export function isCrossOriginIsolated(page: Pick<Page, 'evaluate'>): Promise<boolean> {
  return page.evaluate(() => self.crossOriginIsolated);
}

/** `count` sequential fetches of `path` from the page, each timed around fetch and reading the body, in ms. */
export function timedFetches(page: Pick<Page, 'evaluate'>, path: string, count: number): Promise<number[]> {
  return page.evaluate(
    async ({ path, count }) => {
      const durations: number[] = [];
      for (let i = 0; i < count; i += 1) {
        const start = performance.now();
        await (await fetch(path)).text();
        durations.push(performance.now() - start);
      }
      return durations;
    },
    { path, count },
  );
}
