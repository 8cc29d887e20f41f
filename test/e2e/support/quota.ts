import type { BrowserContext, Page } from '@playwright/test';
import { DemoPage } from './demo-page.js';

/**
 * Opens the demo with the origin's quota lowered first: Chromium's IndexedDB lends itself the space
 * the quota manager last reported for up to 30 s, so an override made after the origin stored
 * anything is not seen at once. `liftQuota` puts the real quota back.
 */
export async function openWithQuota(page: Page, context: BrowserContext, serverUrl: string, quotaSize: number): Promise<{ app: DemoPage; liftQuota: () => Promise<void> }> {
  const cdp = await context.newCDPSession(page);
  const origin = new URL(serverUrl).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize });
  const app = new DemoPage(page, context);
  await app.open();
  const liftQuota = async (): Promise<void> => {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  };
  return { app, liftQuota };
}
