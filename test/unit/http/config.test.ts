import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../sw/config/validate.js';

describe('HTTP caching route options', () => {
  it('accepts http and earlyRefresh as booleans', () => {
    const { routes } = validateConfig({
      routes: [
        { match: '/a/*', strategy: 'cache-first', http: false },
        { match: '/b/*', strategy: 'cache-first', earlyRefresh: true },
      ],
    });
    expect(routes.map(({ http, earlyRefresh }) => ({ http, earlyRefresh }))).toEqual([
      { http: false, earlyRefresh: undefined },
      { http: undefined, earlyRefresh: true },
    ]);
  });

  it('rejects a non-boolean, and earlyRefresh without HTTP rules, naming the field', () => {
    expect(() => validateConfig({ routes: [{ match: '/a', strategy: 'cache-first', http: 'yes' }] })).toThrow(/routes\[0\]\.http/);
    expect(() => validateConfig({ routes: [{ match: '/a', strategy: 'cache-first', http: false, earlyRefresh: true }] })).toThrow(
      /routes\[0\]\.earlyRefresh/,
    );
  });
});
