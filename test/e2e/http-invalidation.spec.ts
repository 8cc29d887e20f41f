import { expect, test } from './support/fixtures.js';
import type { DemoPage } from './support/demo-page.js';
import type { Control } from './support/control.js';

// RFC 9111 §4.4: a non-error answer to an unsafe request invalidates the target URI and the
// same-origin URIs in its Location and Content-Location, even when no write route takes the request.
const route = '/api/fixtures/http-cache-first';
const fresh = { 'Cache-Control': 'max-age=3600' };

/** A fresh cached entry at `path` (one GET has reached the server). */
async function cached(app: DemoPage, control: Control, path: string, unsafe?: { status: number; headers?: Record<string, string> }): Promise<void> {
  await control.fixture({ path, headers: fresh, body: 'v{{version}}', ...(unsafe ? { unsafe } : {}) });
  await app.fetch(path);
  await expect.poll(() => app.cachedUrls('http-cache-first')).toContain(path);
  expect((await app.fetch(path)).body).toBe('v1');
}

const gets = async (control: Control, path: string): Promise<number> => (await control.requests({ path, method: 'GET' })).length;

for (const method of ['POST', 'PUT', 'DELETE', 'M-SEARCH']) {
  test(`a successful ${method} no write route takes makes the next read of its URL go to the server`, async ({ app, control }) => {
    const path = `${route}/invalidate-${method.toLowerCase()}`;
    await cached(app, control, path, { status: 200 });
    expect((await app.fetch(path, { method, body: 'abc' })).status).toBe(200);
    await app.fetch(path);
    expect(await gets(control, path)).toBe(2);
  });
}

test('a failed unsafe request leaves the cached entry fresh', async ({ app, control }) => {
  const path = `${route}/invalidate-failed`;
  await cached(app, control, path, { status: 500 });
  expect((await app.fetch(path, { method: 'POST', body: 'abc' })).status).toBe(500);
  expect((await app.fetch(path)).body).toBe('v1');
  expect(await gets(control, path)).toBe(1);
});

test('the same-origin Location and Content-Location of a successful unsafe answer are invalidated too', async ({ app, control }) => {
  const location = `${route}/invalidate-location`;
  const contentLocation = `${route}/invalidate-content-location`;
  const target = `${route}/invalidate-lcl-target`;
  await cached(app, control, location);
  await cached(app, control, contentLocation);
  await cached(app, control, target, { status: 201, headers: { Location: location, 'Content-Location': contentLocation } });
  expect((await app.fetch(target, { method: 'POST', body: 'abc' })).status).toBe(201);
  for (const path of [location, contentLocation]) await app.fetch(path);
  expect([await gets(control, location), await gets(control, contentLocation)]).toEqual([2, 2]);
});
