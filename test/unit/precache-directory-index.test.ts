import { describe, expect, it } from 'vitest';
import { precachedUrl } from '../../sw/precache/directory-index.js';

describe('precachedUrl', () => {
  const precached = new Set(['https://app.test/index.html', 'https://app.test/docs/index.html', 'https://app.test/assets/a.js']);
  const has = (url: string): boolean => precached.has(url);

  it('answers a navigation to a directory with its precached index.html, as Workbox does', () => {
    expect(precachedUrl('https://app.test/', has)).toBe('https://app.test/index.html');
    expect(precachedUrl('https://app.test/docs/', has)).toBe('https://app.test/docs/index.html');
  });

  it('leaves a precached URL, a file path and a directory without a precached index alone', () => {
    expect(precachedUrl('https://app.test/assets/a.js', has)).toBe('https://app.test/assets/a.js');
    expect(precachedUrl('https://app.test/about', has)).toBe('https://app.test/about');
    expect(precachedUrl('https://app.test/other/', has)).toBe('https://app.test/other/');
  });

  it('keeps the query: `/?q=1` is not the entry HTML', () => {
    expect(precachedUrl('https://app.test/?q=1', has)).toBe('https://app.test/?q=1');
  });
});
