import { describe, expect, it } from 'vitest';
import { StowageError } from '../../src/shared/errors.js';
import { validateConfig } from '../../sw/config/validate.js';

function errorOf(config: unknown): StowageError {
  try {
    validateConfig(config);
  } catch (error) {
    if (error instanceof StowageError) return error;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('config validation', () => {
  it('accepts a valid table and fills in route names', () => {
    const { routes, cachePrefix } = validateConfig({
      routes: [
        { match: '/api/notes/:id', strategy: 'network-first', networkTimeoutMs: 3000 },
        { match: /\.png$/, strategy: 'cache-first', maxEntries: 50, maxAgeMs: 60_000 },
        { match: () => true, strategy: 'network-only' },
      ],
    });
    expect(routes.map((route) => route.name)).toEqual(['/api/notes/:id', '\\.png$', 'route-2']);
    expect(cachePrefix).toBe('stowage');
  });

  it.each([
    [{ routes: [{ match: '/a', strategy: 'cache-first' }, { match: '/b', strategy: 'fastest' }] }, 'routes[1].strategy'],
    [{ routes: [{ match: 'api/notes', strategy: 'cache-first' }] }, 'routes[0].match'],
    [{ routes: [{ match: '/a/*/b', strategy: 'cache-first' }] }, 'routes[0].match'],
    [{ routes: [{ match: 42, strategy: 'cache-first' }] }, 'routes[0].match'],
    [{ routes: [{ match: '/a', strategy: 'cache-first', maxAgeMs: -1 }] }, 'routes[0].maxAgeMs'],
    [{ routes: [{ match: '/a', strategy: 'cache-first', maxEntries: 2.5 }] }, 'routes[0].maxEntries'],
    [{ routes: [{ match: '/a', strategy: 'cache-first', networkTimeoutMs: 100 }] }, 'routes[0].networkTimeoutMs'],
    [{ routes: [{ match: '/a', strategy: 'cache-first' }, { match: '/a', strategy: 'network-first' }] }, 'routes[1].name'],
    [{ routes: [null] }, 'routes[0]'],
    [{ routes: 'all' }, 'routes'],
    [null, 'config'],
  ])('rejects %j at %s', (config, path) => {
    const error = errorOf(config);
    expect(error.code).toBe('invalid-config');
    expect(error.details.path).toBe(path);
    expect(error.message).toContain(path);
  });
});
