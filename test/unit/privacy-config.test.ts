import { describe, expect, it } from 'vitest';
import { StowageError } from '../../src/shared/errors.js';
import { validateConfig } from '../../sw/config/validate.js';

function pathOfError(config: unknown): unknown {
  try {
    validateConfig(config);
  } catch (error) {
    if (error instanceof StowageError) return error.details.path;
    throw error;
  }
  return undefined;
}

describe('private and encrypted routes in the config', () => {
  it('accepts an encrypted private route with tags', () => {
    const { routes } = validateConfig({
      routes: [{ match: '/api/me', strategy: 'network-first', private: true, encrypt: true, refreshable: false, tags: ['account'] }],
    });
    expect(routes[0]).toMatchObject({ private: true, encrypt: true, refreshable: false, tags: ['account'] });
  });

  it.each([
    [{ match: '/a', strategy: 'cache-first', encrypt: true }, 'routes[0].encrypt'],
    [{ match: '/a', strategy: 'cache-first', private: 'yes' }, 'routes[0].private'],
    [{ match: '/a', strategy: 'cache-first', refreshable: 1 }, 'routes[0].refreshable'],
    [{ match: '/a', strategy: 'cache-first', tags: 'account' }, 'routes[0].tags'],
  ])('rejects %j at %s', (route, path) => {
    expect(pathOfError({ routes: [route] })).toBe(path);
  });
});
