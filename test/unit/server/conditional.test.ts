import { describe, expect, it } from 'vitest';
import {
  ifMatchPasses,
  ifNoneMatchHits,
  isNotModified,
  notModifiedSince,
  parseEtagList,
} from '../../../demo/server/conditional';

describe('parseEtagList', () => {
  it('reads a star', () => {
    expect(parseEtagList(' * ')).toBe('*');
  });

  it('reads strong and weak tags, including commas inside a tag', () => {
    expect(parseEtagList('"a", W/"b" ,"c,d"')).toEqual([
      { weak: false, opaque: '"a"' },
      { weak: true, opaque: '"b"' },
      { weak: false, opaque: '"c,d"' },
    ]);
  });

  it('skips malformed members', () => {
    expect(parseEtagList('abc, "ok"')).toEqual([{ weak: false, opaque: '"ok"' }]);
  });
});

describe('If-None-Match', () => {
  it('matches weakly, so W/"x" revalidates "x"', () => {
    expect(ifNoneMatchHits('W/"x"', '"x"')).toBe(true);
    expect(ifNoneMatchHits('"y", "x"', '"x"')).toBe(true);
    expect(ifNoneMatchHits('"y"', '"x"')).toBe(false);
  });

  it('never matches a missing resource', () => {
    expect(ifNoneMatchHits('*', undefined)).toBe(false);
  });
});

describe('If-Match', () => {
  it('compares strongly', () => {
    expect(ifMatchPasses('"x"', '"x"')).toBe(true);
    expect(ifMatchPasses('W/"x"', '"x"')).toBe(false);
    expect(ifMatchPasses('"y"', '"x"')).toBe(false);
  });

  it('treats * as any existing representation', () => {
    expect(ifMatchPasses('*', '"x"')).toBe(true);
    expect(ifMatchPasses('*', undefined)).toBe(false);
  });
});

describe('If-Modified-Since', () => {
  const lastModified = Date.parse('2024-01-01T00:00:00.900Z');

  it('compares whole seconds, as HTTP-dates have no fractions', () => {
    expect(notModifiedSince('Mon, 01 Jan 2024 00:00:00 GMT', lastModified)).toBe(true);
    expect(notModifiedSince('Sun, 31 Dec 2023 23:59:59 GMT', lastModified)).toBe(false);
  });

  it('ignores invalid dates', () => {
    expect(notModifiedSince('yesterday', lastModified)).toBe(false);
  });

  it('is ignored when If-None-Match is present', () => {
    const request = { ifNoneMatch: '"other"', ifModifiedSince: 'Mon, 01 Jan 2024 00:00:00 GMT' };
    expect(isNotModified(request, { etag: '"x"', lastModifiedMs: lastModified })).toBe(false);
  });
});
