import type { DemoPage, PageResponse } from './demo-page.js';
import type { InPage } from './in-page.js';

/** What the helpers below need of an app: a DemoPage, or a cross-engine EngineApp. */
type HasPage = { page: InPage };

/** `count` fetches of `path` started together from the page; resolves to their bodies. */
export function fetchMany(app: DemoPage, path: string, count: number): Promise<string[]> {
  return app.page.evaluate(
    ({ path, count }) =>
      Promise.all(Array.from({ length: count }, () => fetch(path, { signal: AbortSignal.timeout(15_000) }).then((response) => response.text()))),
    { path, count },
  );
}

/** The headers of the entry stored for `path` in the route cache whose name contains `fragment`, or null. */
export function storedHeaders(app: HasPage, fragment: string, path: string): Promise<Record<string, string> | null> {
  return app.page.evaluate(
    async ({ fragment, path }) => {
      for (const name of await caches.keys()) {
        if (!name.includes(fragment)) continue;
        const entry = await (await caches.open(name)).match(path);
        if (entry) return Object.fromEntries(entry.headers);
      }
      return null;
    },
    { fragment, path },
  );
}

export const json = (response: PageResponse): unknown => JSON.parse(response.body);

/** When the worker stored the entry for `path` (its `X-Stowage-Stored-At`, worker clock), or undefined. */
export async function storedAt(app: HasPage, fragment: string, path: string): Promise<string | undefined> {
  return (await storedHeaders(app, fragment, path))?.['x-stowage-stored-at'];
}
