import type { EngineDriver, EngineName, LaunchOptions } from './driver.js';
import { FirefoxDriver } from './firefox.js';
import { PlaywrightDriver } from './playwright.js';
import { WebKitDriver } from './webkit.js';

/**
 * The driver for an engine. Chromium always goes through Playwright; Firefox and WebKit go through
 * the system's Firefox ESR and WebKitGTK, or through Playwright's own builds when
 * STOWAGE_ENGINE_DRIVER=playwright (a developer's machine where `npx playwright install` works).
 */
export function launchEngine(engine: EngineName, options: LaunchOptions): Promise<EngineDriver> {
  if (engine === 'chromium' || process.env.STOWAGE_ENGINE_DRIVER === 'playwright') return PlaywrightDriver.launch(engine, options);
  return engine === 'firefox' ? FirefoxDriver.launch(options) : WebKitDriver.launch(options);
}

export const engines: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];
