const DAY_MS = 86_400_000;

/**
 * WebKit on Apple platforms (Safari, and every browser on iOS) deletes all script-writable storage
 * of a site that was not used for seven days: Cache Storage, IndexedDB and so the outbox, unless
 * the app is installed to the home screen (WebKit's "Full Third-Party Cookie Blocking and More",
 * March 2020). A queued write older than six days is a day from being lost with everything else.
 */
export const AT_RISK_AFTER_MS = 6 * DAY_MS;

/**
 * Whether the engine is WebKit. Chromium's user agent names AppleWebKit too, for old sniffers; only
 * WebKit's lacks `Chrome/` and `Chromium/` (Chrome on iOS says `CriOS/` and is WebKit underneath).
 */
export function isWebKit(userAgent: string): boolean {
  return /AppleWebKit\//.test(userAgent) && !/Chrom(e|ium)\//.test(userAgent);
}
