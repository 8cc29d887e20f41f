import { describe, expect, it } from 'vitest';
import { StowageError } from '../../src/shared/errors.js';
import { validateWrites } from '../../sw/config/validate-writes.js';

function pathOf(config: unknown): unknown {
  try {
    validateWrites(config);
  } catch (error) {
    if (error instanceof StowageError) return error.details.path;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('write route validation', () => {
  it('fills in methods, names, ordering, retry and the body limit', () => {
    const { writes, maxBodyBytes } = validateWrites({
      routes: [],
      writes: [
        { match: '/api/notes', mode: 'write-behind' },
        { match: () => true, mode: 'write-through', methods: ['PUT'], retry: { baseDelayMs: 50 } },
      ],
    });
    expect(writes.map(({ name, methods, orderingKey }) => ({ name, methods, orderingKey }))).toEqual([
      { name: '/api/notes', methods: ['POST', 'PUT', 'PATCH', 'DELETE'], orderingKey: 'origin' },
      { name: 'write-1', methods: ['PUT'], orderingKey: 'origin' },
    ]);
    expect(writes[1]!.retry).toEqual({ baseDelayMs: 50, maxDelayMs: 300_000 });
    expect(maxBodyBytes).toBe(10 * 1024 * 1024);
  });

  it('accepts a config without writes', () => {
    expect(validateWrites({ routes: [] }).writes).toEqual([]);
  });

  it.each([
    [{ writes: {} }, 'writes'],
    [{ writes: [{ match: '/a', mode: 'write-later' }] }, 'writes[0].mode'],
    [{ writes: [{ match: 'a', mode: 'write-behind' }] }, 'writes[0].match'],
    [{ writes: [{ match: '/a', mode: 'write-behind', methods: ['GET'] }] }, 'writes[0].methods[0]'],
    [{ writes: [{ match: '/a', mode: 'write-behind', invalidates: ['/x*y'] }] }, 'writes[0].invalidates[0]'],
    [{ writes: [{ match: '/a', mode: 'write-behind', orderingKey: 'user' }] }, 'writes[0].orderingKey'],
    [{ writes: [{ match: '/a', mode: 'write-behind', retry: { maxDelayMs: -1 } }] }, 'writes[0].retry.maxDelayMs'],
    [{ writes: [{ match: '/a', mode: 'write-behind' }, { match: '/a', mode: 'write-around' }] }, 'writes[1].name'],
    [{ writes: [{ match: '/a', mode: 'write-behind', dropAfterMs: 0 }] }, 'writes[0].dropAfterMs'],
    [{ writes: [{ match: '/a', mode: 'write-through', dropAfterMs: 1000 }] }, 'writes[0].dropAfterMs'],
    [{ maxBodyBytes: 1.5 }, 'maxBodyBytes'],
    [{ beforeReplay: 'refresh' }, 'beforeReplay'],
  ])('rejects %j at %s', (config, path) => {
    expect(pathOf({ routes: [], ...config })).toBe(path);
  });
});
