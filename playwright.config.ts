import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import type { EngineName } from './test/engines/support/driver.js';

/**
 * End-to-end tests drive the real demo worker in headless Chromium against the real demo server.
 * Debian's Chromium is used where it is installed (CI and this project's machines cannot download
 * Playwright's own build); elsewhere Playwright's bundled Chromium works too.
 */
export const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig<object, { engine: EngineName }>({
  testDir: 'test/e2e',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  // Each worker process runs its own demo server and database; two fit this project's two cores.
  workers: process.env.CI ? 2 : undefined,
  // One retry in CI only: stopping a service worker through CDP in the middle of a replay crashes
  // Chromium 156's browser process about once in 50–100 stops (SIGTRAP), which no product code can
  // prevent. Playwright reports such a test as "flaky", never as passed silently.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI
    ? [['list'], ['json', { outputFile: 'reports/e2e.json' }]]
    : [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { ...(executablePath ? { executablePath } : {}), args: chromiumArgs },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'chromium', testDir: 'test/e2e' },
    // A fresh third-party Vite app that installs the packed package (npm registry for its own deps).
    { name: 'consumer', testDir: 'test/consumer', timeout: 240_000 },
    // The cross-engine specs (test/engines/): one spec body per engine, through one small driver
    // (test/engines/support/driver.ts). Firefox and WebKit are heavy on two cores: one worker each.
    ...(['chromium', 'firefox', 'webkit'] as const).map((engine: EngineName) => ({
      name: `engines-${engine}`,
      testDir: 'test/engines',
      use: { engine },
      ...(engine === 'chromium' ? {} : { workers: 1 }),
      // WebKitGTK automation sessions are ephemeral (a relaunch starts on an empty profile), so the
      // specs of a restart on the same profile cannot run there (the driver's keepsProfile).
      ...(engine === 'webkit' ? { grepInvert: /@same-profile/ } : {}),
      timeout: 60_000,
    })),
  ],
});
