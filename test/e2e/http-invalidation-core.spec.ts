import { expect, test } from '@playwright/test';
import { buildWorkers } from '../../bench/support/build-workers.js';
import { BenchOrigin } from '../../bench/support/origin.js';
import { openControlledPage } from '../../bench/support/page.js';
import { Control } from './support/control.js';

// RFC 9111 §4.4 in a worker without the invalidation feature (`stowage/sw/core`, reads only: the
// benchmarks' worker, one cache-first route over /api/fixtures/*): the entries are marked in Cache
// Storage itself. The test worker has every feature, so it takes the other path (http-invalidation.spec.ts).
test('a reads-only worker also sends the next read of a URL to the server after a successful unsafe request to it', async ({ browser }) => {
  const folders = await buildWorkers(['stowage']);
  const origin = await BenchOrigin.start(folders['stowage']!);
  const page = await openControlledPage(browser, origin.url);
  try {
    const control = new Control(origin.url);
    const path = '/api/fixtures/core-invalidation';
    await control.fixture({ path, headers: { 'Cache-Control': 'max-age=3600' }, body: 'v{{version}}', unsafe: { status: 204 } });
    const read = (): Promise<string> => page.evaluate(async (path) => (await fetch(path)).text(), path);
    expect(await read()).toBe('v1');
    await expect.poll(() => page.evaluate(async (path) => (await caches.keys()).length > 0 && (await caches.match(path)) !== undefined, path)).toBe(true);
    expect(await read()).toBe('v1');
    const gets = async (): Promise<number> => (await control.requests({ path, method: 'GET' })).length;
    expect(await gets()).toBe(1);
    expect(await page.evaluate(async (path) => (await fetch(path, { method: 'PUT', body: 'abc' })).status, path)).toBe(204);
    expect(await read()).toBe('v1');
    expect(await gets()).toBe(2);
  } finally {
    await page.context().close();
    await origin.close();
  }
});
