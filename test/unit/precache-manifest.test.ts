import { describe, expect, it } from 'vitest';
import { buildIdOf, validatePrecache } from '../../sw/precache/manifest.js';
import { isStowageError } from '../../src/shared/errors.js';

const ORIGIN = 'https://app.example';

function pathOfError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    if (isStowageError(error)) return { code: error.code, path: error.details?.path };
    throw error;
  }
  return undefined;
}

describe('validatePrecache', () => {
  it('resolves URLs against the origin, drops fragments, and names the build by its URLs and revisions', () => {
    const manifest = validatePrecache({ critical: [{ url: '/index.html', revision: 'a' }], warm: [{ url: '/lazy.js#x', revision: 'b' }] }, ORIGIN);
    expect(manifest.critical).toEqual([{ url: `${ORIGIN}/index.html`, revision: 'a' }]);
    expect(manifest.warm).toEqual([{ url: `${ORIGIN}/lazy.js`, revision: 'b' }]);
    expect(manifest.buildId).toMatch(/^[0-9a-f]{8}$/);
  });

  it('gives the same build id for the same entries in any order, and another when one revision changes', () => {
    const a = { url: `${ORIGIN}/a.js`, revision: '1' };
    const b = { url: `${ORIGIN}/b.js`, revision: '1' };
    expect(buildIdOf([a, b])).toBe(buildIdOf([b, a]));
    expect(buildIdOf([a, { ...b, revision: '2' }])).not.toBe(buildIdOf([a, b]));
  });

  it.each([
    [[], 'precache'],
    [{ critical: {} }, 'precache.critical'],
    [{ warm: [{ url: '/a.js' }] }, 'precache.warm[0].revision'],
    [{ critical: [{ url: '', revision: '1' }] }, 'precache.critical[0].url'],
    [{ critical: [{ url: '/a.js', revision: '1' }], warm: [{ url: '/b.js', revision: '1' }, { url: `${ORIGIN}/a.js`, revision: '2' }] }, 'precache.warm[1].url'],
  ])('rejects %j with invalid-config at %s', (value, path) => {
    expect(pathOfError(() => validatePrecache(value, ORIGIN))).toEqual({ code: 'invalid-config', path });
  });
});
