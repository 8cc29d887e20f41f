import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { startDemoServer } from '../../../demo/server/app.js';
import { Control } from './control.js';
import { DemoPage } from './demo-page.js';

interface WorkerFixtures {
  /** One real demo server with its own SQLite database per Playwright worker process. */
  server: { url: string };
}

interface TestFixtures {
  /** The server's control API, reset before each test. */
  control: Control;
  /** The demo app, opened and controlled by its worker. */
  app: DemoPage;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern.
    async ({}, use) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'stowage-e2e-'));
      const server = await startDemoServer({ port: 0, dataDir, distDir: process.env.STOWAGE_DIST ?? 'dist/test', quiet: true });
      await use({ url: `http://localhost:${server.port}` });
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => use(server.url),
  control: async ({ server }, use) => {
    const control = new Control(server.url);
    await control.reset();
    await use(control);
    await control.clearFaults();
  },
  app: async ({ page, context, control }, use) => {
    void control; // the server is reset before the page loads
    const app = new DemoPage(page, context);
    await app.open();
    await use(app);
  },
});

export { expect } from '@playwright/test';
