/** One simulated user: a real Chromium context, signed in, replaying its slice of the trace from inside the page. */
import type { Browser } from '@playwright/test';
import { DemoPage } from '../../test/e2e/support/demo-page.js';
import { bridgeFeedToWorker } from '../../test/e2e/support/feed-bridge.js';
import type { Configuration } from './configurations.js';
import type { Op } from './trace.js';

export interface OpResult {
  kind: Op['kind'];
  note?: number;
  /** Date.now() in the page when the request started. */
  start: number;
  /** Page latency: fetch() to the whole body, ms. */
  ms: number;
  status: number;
  /** The note's `updatedAt` (its version) in a note read or a write's answer, in ms since the epoch. */
  version?: number;
  cacheStatus: string;
}

export async function openDevice(browser: Browser, baseURL: string, configuration: Configuration, user: string): Promise<DemoPage> {
  const context = await browser.newContext({ baseURL, serviceWorkers: configuration.stowage ? 'allow' : 'block' });
  const device = new DemoPage(await context.newPage(), context);
  if (configuration.stowage) await device.open();
  else await device.page.goto('/');
  const login = await device.fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user }) });
  if (login.status !== 200) throw new Error(`login as ${user}: ${login.status}`);
  // As the demo page does after a login: the per-user routes are cached in this user's partition.
  if (configuration.stowage) await device.page.evaluate((user) => window.stowage.setUser(user), user);
  if (configuration.feed) await bridgeFeedToWorker(device);
  return device;
}

/**
 * Replays ops one after another inside the page. Without Stowage, fetches use `cache: 'no-store'`
 * so the browser's HTTP cache is no layer either. Writes go through the worker's write-through test
 * route when it is there (the answer is the commit's), else straight out with an Idempotency-Key.
 */
export function replay(device: DemoPage, ops: Op[], stowage: boolean, filler: string): Promise<OpResult[]> {
  return device.page.evaluate(
    async ({ ops, stowage, filler }) => {
      const results: OpResult[] = [];
      let n = 0;
      for (const op of ops) {
        const start = Date.now();
        const t0 = performance.now();
        let response: Response;
        if (op.kind === 'write') {
          const headers: Record<string, string> = { 'Content-Type': 'application/json' };
          if (stowage) headers['X-Test-Outbox'] = 'write-through';
          else headers['Idempotency-Key'] = crypto.randomUUID();
          const body = JSON.stringify({ title: `Note ${op.note}`, body: `edit ${start}-${n++} ${filler}` });
          response = await fetch(`/api/notes/${op.note}`, { method: 'PUT', headers, body, cache: 'no-store' });
        } else {
          const path = op.kind === 'read' ? `/api/notes/${op.note}` : op.path;
          response = await fetch(path, stowage ? {} : { cache: 'no-store' });
        }
        const text = await response.text();
        const ms = performance.now() - t0;
        let version: number | undefined;
        if (op.kind !== 'private' && response.ok) version = Date.parse((JSON.parse(text) as { updatedAt: string }).updatedAt);
        results.push({
          kind: op.kind,
          ...(op.kind === 'private' ? {} : { note: op.note }),
          start,
          ms,
          status: response.status,
          ...(version === undefined ? {} : { version }),
          cacheStatus: response.headers.get('Cache-Status') ?? '',
        });
      }
      return results;
    },
    { ops, stowage, filler },
  );
}
