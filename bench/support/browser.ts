import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { chromiumArgs } from '../../playwright.config.js';

/** Headless Chromium with the same binary and flags as the end-to-end tests. */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  return chromium.launch({ headless: true, args: chromiumArgs, ...(executablePath ? { executablePath } : {}) });
}
