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

/**
 * SIGKILLs every process of this profile (the browser and its children), by pid, and returns once
 * none is left: a child spawned while the others died, or a process slow to die, would otherwise
 * still hold the profile's files (IndexedDB's lock) when the next launch opens them, which no
 * relaunch after a real crash meets.
 */
export async function killBrowser(context: BrowserContext, userDataDir: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (let pids = profileProcesses(userDataDir); pids.length > 0; pids = profileProcesses(userDataDir)) {
    if (Date.now() > deadline) throw new Error(`processes of ${userDataDir} outlived SIGKILL: ${pids.join(' ')}`);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone with its parent.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await context.close().catch(() => undefined);
}

/** The live processes launched with this profile (pgrep -f reads /proc/<pid>/cmdline, empty for a zombie). */
function profileProcesses(userDataDir: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', '--', `--user-data-dir=${userDataDir}`]).toString().trim().split('\n').map(Number);
  } catch {
    // pgrep exits 1 when nothing matches.
    return [];
  }
}
