import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { type DemoServer, startDemoServer } from '../../../demo/server/app.js';
import { Control } from '../../e2e/support/control.js';
import type { EngineDriver, EngineName, LaunchOptions } from './driver.js';
import { EngineApp } from './engine-app.js';
import { launchEngine } from './launch.js';

interface WorkerFixtures {
  /** Which engine this Playwright project runs the specs in (playwright.config.ts sets it). */
  engine: EngineName;
  /** One browser per Playwright worker process, reused by its tests: each test gets its own origin. */
  driver: EngineDriver;
}

interface TestFixtures {
  /**
   * A demo server of the test's own, on a new port: a new origin, so the shared browser holds no
   * registration, cache or IndexedDB from an earlier test.
   */
  server: DemoServer;
  control: Control;
  /** The demo app, opened and controlled by its worker. */
  app: EngineApp;
  /** Launches another browser of this engine on a fresh profile (closed after the test). */
  launch: (options?: Omit<LaunchOptions, 'profileDir'>) => Promise<EngineDriver>;
}

async function withProfile<T>(use: (profileDir: string) => Promise<T>): Promise<T> {
  const profileDir = await mkdtemp(join(tmpdir(), 'stowage-engine-profile-'));
  try {
    return await use(profileDir);
  } finally {
    await rm(profileDir, { recursive: true, force: true });
  }
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  engine: ['chromium', { option: true, scope: 'worker' }],
  driver: [
    async ({ engine }, use) =>
      withProfile(async (profileDir) => {
        const driver = await launchEngine(engine, { profileDir });
        try {
          await use(driver);
        } finally {
          await driver.close();
        }
      }),
    { scope: 'worker', timeout: 60_000 },
  ],
  server: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'stowage-engine-'));
    const server = await startDemoServer({ port: 0, dataDir, distDir: process.env.STOWAGE_DIST ?? 'dist/test', quiet: true });
    await use(server);
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  },
  control: async ({ server }, use) => {
    const control = new Control(`http://localhost:${server.port}`);
    await use(control);
    await control.clearFaults();
  },
  app: async ({ driver, server }, use) => {
    const app = new EngineApp(driver, `http://localhost:${server.port}`);
    await app.open();
    await use(app);
    await app.closeTabs();
  },
  launch: async ({ engine }, use) => {
    const launched: Array<{ driver: EngineDriver; profileDir: string }> = [];
    await use(async (options = {}) => {
      const profileDir = await mkdtemp(join(tmpdir(), 'stowage-engine-profile-'));
      const driver = await launchEngine(engine, { ...options, profileDir });
      launched.push({ driver, profileDir });
      return driver;
    });
    for (const { driver, profileDir } of launched) {
      await driver.close();
      await rm(profileDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
