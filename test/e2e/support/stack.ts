/**
 * Fixtures for the whole-stack specs (issue 14): one real stack per Playwright worker process,
 * Varnish on a free port in front of real demo server processes sharing one database (SQLite, or
 * PostgreSQL with `databaseUrl`), and pages opened through Varnish, so the page's origin (and its
 * worker at /sw.js) is Varnish's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import type { Browser } from '@playwright/test';
import { startStack } from '../../../demo/stack/stack.js';
import type { Stack } from '../../../demo/stack/stack.js';
import { Control } from './control.js';
import { DemoPage } from './demo-page.js';

interface StackFixtures {
  /** How many demo server processes run behind Varnish: `test.use({ appServers: 2 })`. */
  appServers: number;
  /**
   * The shared database: `test.use({ databaseUrl: 'postgres://127.0.0.1:0/stowage' })` runs it on
   * PostgreSQL, started by the stack into the worker's own data directory on a free port (port 0);
   * undefined (the default) is SQLite.
   */
  databaseUrl: string | undefined;
  /** Varnish in front of the demo server processes, sharing one database. */
  stack: Stack;
}

interface TestFixtures {
  /** The control API of each app server, reset (which also empties Varnish) before each test. */
  origins: Control[];
  /** Opens another device: a fresh browser context with the demo open through Varnish. */
  openDevice: () => Promise<DemoPage>;
}

export const test = base.extend<TestFixtures, StackFixtures>({
  appServers: [1, { scope: 'worker', option: true }],
  databaseUrl: [undefined, { scope: 'worker', option: true }],
  stack: [
    async ({ appServers, databaseUrl }, use) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'stowage-stack-e2e-'));
      // No skip when Varnish is missing: startStack fails with what to install (CI installs it).
      const stack = await startStack({
        port: 0,
        dataDir,
        distDir: process.env.STOWAGE_DIST ?? 'dist/test',
        appServers,
        databaseUrl,
      });
      await use(stack);
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  baseURL: async ({ stack }, use) => use(stack.url),
  origins: async ({ stack }, use) => {
    const origins = stack.origins.map((origin) => new Control(origin.url));
    // Each server resets its own faults and log; they share the database, so the last reset wins.
    for (const origin of origins) await origin.reset();
    await use(origins);
    // A crash spec kills an app server on purpose: there is nothing left to clean up in it.
    for (const origin of origins) await origin.clearFaults().catch(() => undefined);
  },
  openDevice: async ({ browser, stack }, use) => {
    const devices: DemoPage[] = [];
    await use(async () => {
      const device = await openDemo(browser, stack.url);
      devices.push(device);
      return device;
    });
    for (const device of devices) await device.context.close();
  },
});

async function openDemo(browser: Browser, url: string): Promise<DemoPage> {
  const context = await browser.newContext({ baseURL: url });
  const device = new DemoPage(await context.newPage(), context);
  await device.open();
  return device;
}

/** Sends `PURGE` to Varnish as a raw request (fetch() does not send custom methods everywhere). */
export function sendPurge(stackUrl: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(stackUrl, { method: 'PURGE', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The Varnish member of a response's Cache-Status (RFC 9211), e.g. `Varnish; hit; ttl=299`. */
export function varnishStatus(headers: Record<string, string>): string | undefined {
  return (headers['cache-status'] ?? '')
    .split(',')
    .map((member) => member.trim())
    .find((member) => member.startsWith('Varnish'));
}

export { expect } from '@playwright/test';
