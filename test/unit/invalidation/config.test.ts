import { describe, expect, it } from 'vitest';
import { StowageError } from '../../../src/shared/errors.js';
import { validateConfig } from '../../../sw/config/validate.js';
import { validateWrites } from '../../../sw/config/validate-writes.js';

function pathOf(check: () => unknown): unknown {
  try {
    check();
  } catch (error) {
    if (error instanceof StowageError && error.code === 'invalid-config') return error.details.path;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

const route = (extra: Record<string, unknown>) => ({ routes: [{ match: '/api/notes/:id', strategy: 'cache-first', ...extra }] });
const write = (extra: Record<string, unknown>) => ({ routes: [], writes: [{ match: '/api/notes/:id', mode: 'write-through', ...extra }] });

describe('invalidation config', () => {
  it('accepts tag templates naming route parameters, tag functions and versions', () => {
    const { routes } = validateConfig({ version: 3, routes: [{ match: '/api/notes/:id', strategy: 'cache-first', tags: ['notes', 'note:{id}'], version: 'b' }, { match: '/x', strategy: 'cache-first', tags: () => [] }] });
    expect(routes[0]!.effectiveVersion).toBe('[3,"b"]');
    expect(routes[1]!.effectiveVersion).toBe('[3,null]');
    expect(validateConfig(route({})).routes[0]!.effectiveVersion).toBeUndefined();
    expect(validateWrites(write({ invalidates: ['notes', 'note:{id}', '/api/notes/*'] })).writes).toHaveLength(1);
    expect(validateWrites(write({ invalidates: () => ['x'] })).writes).toHaveLength(1);
  });

  it.each([
    [route({ tags: 'notes' }), 'routes[0].tags'],
    [route({ tags: ['ok', 7] }), 'routes[0].tags[1]'],
    [route({ tags: ['note:{nope}'] }), 'routes[0].tags[0]'],
    [route({ tags: ['note:{id'] }), 'routes[0].tags[0]'],
    [route({ tags: ['note:{}'] }), 'routes[0].tags[0]'],
    [route({ version: '' }), 'routes[0].version'],
    [route({ version: Number.NaN }), 'routes[0].version'],
    [{ ...route({}), version: { major: 1 } }, 'version'],
  ])('rejects bad read-route fields (%#)', (config, path) => {
    expect(pathOf(() => validateConfig(config))).toBe(path);
  });

  it.each([
    [write({ invalidates: 'notes' }), 'writes[0].invalidates'],
    [write({ invalidates: [''] }), 'writes[0].invalidates[0]'],
    [write({ invalidates: ['note:{other}'] }), 'writes[0].invalidates[0]'],
  ])('rejects bad write-route invalidates (%#)', (config, path) => {
    expect(pathOf(() => validateWrites(config))).toBe(path);
  });
});
