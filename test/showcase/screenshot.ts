/**
 * Takes docs/showcase.png, the README's picture of the demo: the real demo build (`npm run
 * build:demo`, dist/demo) on a demo server of its own, driven through its UI in Chromium. Run with
 * `npm run showcase:screenshot`. The scene: a signed-in user, a few notes, a conflict provoked from
 * a second tab, then the browser offline with a note queued, and the live panel after a few samples.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startDemoServer } from '../../demo/server/app.js';
import { chromiumArgs, executablePath } from '../../playwright.config.js';

const OUT = 'docs/showcase.png';

async function ready(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.stowage === 'ready', null, { timeout: 15_000 });
}

async function addNote(page: Page, title: string, body: string): Promise<void> {
  await page.fill('#create input[name=title]', title);
  await page.fill('#create textarea[name=body]', body);
  await page.click('#create button');
  await page.locator('#delivered li', { hasText: 'POST /api/notes' }).first().waitFor();
}

const dataDir = await mkdtemp(join(tmpdir(), 'stowage-showcase-'));
const server = await startDemoServer({ port: 0, dataDir, distDir: 'dist/demo', quiet: true });
const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: chromiumArgs });
try {
  const url = `http://localhost:${server.port}/`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await ready(page, url);
  await page.fill('#login input[name=user]', 'ada');
  await page.click('#login button');
  await page.locator('#inbox li').first().waitFor();
  await addNote(page, 'Packing list', 'Tent, stove, the good socks');
  await addNote(page, 'Train times', '07:42 from platform 3');
  await addNote(page, 'Ideas', 'Offline-first everything');

  // The same note edited in two tabs: the second save carries a stale If-Match and gets a 412.
  const other = await context.newPage();
  await ready(other, url);
  const first = page.locator('#notes li[data-id]').first();
  const id = await first.getAttribute('data-id');
  for (const tab of [page, other]) {
    await tab.click(`#notes li[data-id="${id}"]`);
    await tab.locator('#edit input[name=title]').waitFor();
  }
  await other.fill('#edit input[name=title]', 'Packing list (edited in another tab)');
  await other.click('#edit button:has-text("Save")');
  await other.locator('#delivered li', { hasText: 'PUT' }).first().waitFor();
  await other.close();
  await page.fill('#edit input[name=title]', 'Packing list (mine)');
  await page.click('#edit button:has-text("Save")');
  await page.locator('#pending li[data-sync=conflict]').waitFor();

  // Reads for the chart, then the network goes away and a note is written anyway.
  for (let i = 0; i < 3; i++) {
    await page.click('#reload');
    await page.click(`#notes li[data-id="${id}"]`);
    await page.waitForTimeout(3500); // a script, not a spec: one chart sample each
  }
  await context.setOffline(true);
  await page.locator('#status[data-state=offline]').waitFor();
  await page.fill('#create input[name=title]', 'Written on the train');
  await page.click('#create button');
  await page.locator('#pending li[data-sync=queued]').waitFor();
  await page.click('#reload');
  await page.waitForTimeout(3500);
  await page.screenshot({ path: OUT, fullPage: true });
  console.log(`wrote ${OUT}`);
} finally {
  await browser.close();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}
