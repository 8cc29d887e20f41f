import type { BrowserContext, Page } from '@playwright/test';
import type { Control } from './support/control.js';
import { expect, test } from './support/fixtures.js';

const ASSETS = '/api/fixtures/precache';

/** The build's assets on the server, and a page that registers the demo worker with that build's manifest. */
async function serveBuilds(control: Control, builds: string[]): Promise<void> {
  for (const name of ['shell.js', 'common.js', ...builds.flatMap((build) => [`chunk-${build}.js`, `lazy-${build}.js`])]) {
    await control.fixture({ path: `${ASSETS}/${name}`, contentType: 'text/javascript', body: `/* ${name} */`, headers: { 'Cache-Control': 'no-cache' } });
  }
  await control.fixture({
    path: `${ASSETS}/page.html`,
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><script>navigator.serviceWorker.register('/sw.js?precache-build=' + new URLSearchParams(location.search).get('build'));</script>`,
  });
}

/** Opens a tab of a build and waits until that build's worker is active and controls it. */
async function openBuild(context: BrowserContext, build: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${ASSETS}/page.html?build=${build}`);
  const controlled = (): Promise<boolean> =>
    page.evaluate(async (build) => {
      const registration = await navigator.serviceWorker.getRegistration();
      const ours = (worker: ServiceWorker | null | undefined): boolean => worker?.scriptURL.endsWith(`precache-build=${build}`) === true;
      return registration?.active?.state === 'activated' && ours(registration.active) && ours(navigator.serviceWorker.controller);
    }, build);
  await expect.poll(controlled, { timeout: 15_000 }).toBe(true);
  return page;
}

function precached(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const builds: Record<string, string[]> = {};
    for (const name of (await caches.keys()).filter((cache) => cache.includes('-precache:'))) {
      builds[name] = (await (await caches.open(name)).keys()).map((key) => new URL(key.url).pathname).filter((path) => !path.startsWith('/__stowage/')).sort();
    }
    return builds;
  });
}

function fetchText(page: Page, path: string): Promise<{ status: number; body: string }> {
  return page.evaluate(async (path) => {
    const response = await fetch(path, { signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: await response.text() };
  }, path);
}

test('the critical assets are stored before the worker activates, the warm ones right after, and both are served from the cache offline', async ({ context, control }) => {
  await serveBuilds(control, ['1']);
  const page = await openBuild(context, '1');
  const critical = [`${ASSETS}/chunk-1.js`, `${ASSETS}/shell.js`];
  expect(Object.values(await precached(page))[0]).toEqual(expect.arrayContaining(critical));
  await expect.poll(async () => Object.values(await precached(page))[0]).toEqual([`${ASSETS}/chunk-1.js`, `${ASSETS}/common.js`, `${ASSETS}/lazy-1.js`, `${ASSETS}/shell.js`]);

  await control.clearRequests();
  await context.setOffline(true);
  expect(await fetchText(page, `${ASSETS}/lazy-1.js`)).toEqual({ status: 200, body: '/* lazy-1.js */' });
  expect(await fetchText(page, `${ASSETS}/shell.js`)).toEqual({ status: 200, body: '/* shell.js */' });
  await context.setOffline(false);
  expect(await control.requests({ prefix: ASSETS })).toEqual([]);
});

test('an update fetches only changed revisions, and a tab of the old build keeps its chunks until it closes', async ({ context, control }) => {
  await serveBuilds(control, ['1', '2']);
  const oldTab = await openBuild(context, '1');
  await expect.poll(async () => Object.values(await precached(oldTab))[0]?.length).toBe(4);
  await control.clearRequests();

  // This tab's navigation was served by build 1's worker: it counts as build 1's until it closes.
  const newTab = await openBuild(context, '2');
  const fetched = async (): Promise<string[]> => (await control.requests({ prefix: ASSETS })).map((request) => request.path).filter((path) => path.endsWith('.js')).sort();
  // The shell and common.js kept their revisions: copied from build 1, never fetched again.
  await expect.poll(fetched).toEqual([`${ASSETS}/chunk-2.js`, `${ASSETS}/lazy-2.js`]);

  // The old tab, now controlled by build 2's worker, still loads build 1's chunks, offline too.
  await context.setOffline(true);
  expect(await fetchText(oldTab, `${ASSETS}/lazy-1.js`)).toEqual({ status: 200, body: '/* lazy-1.js */' });
  expect(await fetchText(oldTab, `${ASSETS}/chunk-1.js`)).toEqual({ status: 200, body: '/* chunk-1.js */' });
  await context.setOffline(false);
  expect(Object.keys(await precached(newTab))).toHaveLength(2);

  // Once no tab of build 1 is open, the next check (a page's request, past the re-check interval) deletes it.
  const freshTab = await openBuild(context, '2');
  await oldTab.close();
  await newTab.close();
  await freshTab.evaluate(async () => {
    const channel = new MessageChannel();
    const answered = new Promise((resolve) => (channel.port1.onmessage = resolve));
    navigator.serviceWorker.controller!.postMessage({ type: 'stowage-test:advance-clock', byMs: 60_000 }, [channel.port2]);
    await answered;
  });
  await fetchText(freshTab, `${ASSETS}/shell.js`);
  await expect.poll(async () => Object.values(await precached(freshTab))).toEqual([[`${ASSETS}/chunk-2.js`, `${ASSETS}/common.js`, `${ASSETS}/lazy-2.js`, `${ASSETS}/shell.js`]]);
});

test('a build whose critical asset cannot be stored fails to install, and the previous worker keeps serving', async ({ context, control }) => {
  await serveBuilds(control, ['1']);
  const page = await openBuild(context, '1');
  const outcome = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.register('/sw.js?precache-build=broken');
    const installing = registration.installing ?? registration.waiting;
    if (!installing) return 'no install';
    return new Promise<string>((resolve) => {
      installing.addEventListener('statechange', () => {
        if (installing.state === 'redundant' || installing.state === 'activated') resolve(installing.state);
      });
    });
  });
  expect(outcome).toBe('redundant');
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL)).toMatch(/precache-build=1$/);
  expect(await fetchText(page, `${ASSETS}/shell.js`)).toEqual({ status: 200, body: '/* shell.js */' });
});
