import { describe, expect, it } from 'vitest';
import { isAlreadyApplied, parseInvalidateData } from '../../../sw/invalidation/feed-events.js';

describe('the feed relay', () => {
  it('applies an event once, whichever tabs relay it: the same id, or a numeric id not above the last', () => {
    expect(isAlreadyApplied('invalidate', '5', null)).toBe(false);
    expect(isAlreadyApplied('invalidate', '5', '5')).toBe(true);
    expect(isAlreadyApplied('invalidate', '4', '5')).toBe(true);
    expect(isAlreadyApplied('invalidate', '6', '5')).toBe(false);
    expect(isAlreadyApplied('invalidate', 'b', 'a')).toBe(false);
  });

  it('applies a reset unless it is the very event applied last (ids start over after a server reset)', () => {
    expect(isAlreadyApplied('reset', '0', '50')).toBe(false);
    expect(isAlreadyApplied('reset', '50', '50')).toBe(true);
  });

  it('reads { tags, mode? } and refuses anything else', () => {
    expect(parseInvalidateData('{"tags":["note:1","notes"]}')).toEqual({ tags: ['note:1', 'notes'], mode: undefined });
    expect(parseInvalidateData('{"tags":["a"],"mode":"purge"}')).toEqual({ tags: ['a'], mode: 'purge' });
    for (const bad of ['nope', '{}', '{"tags":"a"}', '{"tags":[""]}', '{"tags":["a"],"mode":"later"}']) {
      expect(() => parseInvalidateData(bad), bad).toThrow(expect.objectContaining({ code: 'invalid-config' }));
    }
  });
});
