import { execFileSync } from 'node:child_process';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { chromiumArgs, executablePath } from '../../../playwright.config.js';

/**
 * A Chromium of the spec's own on a persistent profile, for specs that kill or lose the browser and
 * relaunch it on the same profile (the outbox and the purge intent must survive that).
 * `beforeOpen` runs on the launched context before the demo page (and so its worker) is loaded.
 */
export async function launchPersistent(
  userDataDir: string,
  baseURL: string,
  beforeOpen?: (context: BrowserContext) => Promise<void>,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    headless: true,
    args: chromiumArgs,
    baseURL,
    ...(executablePath ? { executablePath } : {}),
  });
  await beforeOpen?.(context);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/');
  await page.waitForFunction(() => document.documentElement.dataset.stowage === 'ready', null, { timeout: 15_000 });
  return { context, page };
}

/** SIGKILLs every process of this profile (the browser and its children), by pid. */
export async function killBrowser(context: BrowserContext, userDataDir: string): Promise<void> {
  const pids = execFileSync('pgrep', ['-f', '--', `--user-data-dir=${userDataDir}`]).toString().trim().split('\n').map(Number);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone with its parent.
    }
  }
  await context.close().catch(() => undefined);
}
