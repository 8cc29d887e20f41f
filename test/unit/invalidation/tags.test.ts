import { describe, expect, it, vi } from 'vitest';
import { expandTemplate, patternParams, tagMatches, tagsFrom, tagTypeOf } from '../../../sw/invalidation/tags.js';

const context = (url: string, params: Record<string, string> = {}) => ({ url: new URL(url), params, request: new Request(url) });

describe('tag templates', () => {
  it('fill {name} from the named parameters of the route pattern', () => {
    const params = patternParams('/api/notes/:id', '/api/notes/42');
    expect(params).toEqual({ id: '42' });
    expect(tagsFrom(['notes', 'note:{id}'], context('https://x.test/api/notes/42', params), 'routes[0].tags')).toEqual(['notes', 'note:42']);
  });

  it('decode parameters and take several of them, also under a trailing wildcard', () => {
    expect(patternParams('/api/:kind/:id/*', '/api/shelf/a%20b/rest/of/it')).toEqual({ kind: 'shelf', id: 'a b' });
    expect(patternParams('/api/notes/:id', '/api/other/42')).toEqual({});
    expect(patternParams(/notes/, '/api/notes/42')).toEqual({});
  });

  it('leave out a template whose parameter the request lacks, and drop duplicates', () => {
    expect(expandTemplate('note:{id}', {})).toBeUndefined();
    expect(tagsFrom(['a', 'note:{id}', 'a'], context('https://x.test/'), 'where')).toEqual(['a']);
  });

  it('a function names the tags itself; one that throws or returns garbage names none', () => {
    const url = 'https://x.test/api/notes?tag=x';
    expect(tagsFrom(({ url }) => url.searchParams.getAll('tag'), context(url), 'where')).toEqual(['x']);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(tagsFrom(() => { throw new Error('boom'); }, context(url), 'where')).toEqual([]);
    expect(tagsFrom((() => 'x') as unknown as () => string[], context(url), 'where')).toEqual([]);
    expect(error).toHaveBeenCalledTimes(2);
    error.mockRestore();
  });
});

describe('tag matching', () => {
  it('a tag type is the part before the first colon', () => {
    expect(tagTypeOf('note:42')).toBe('note');
    expect(tagTypeOf('note:42:draft')).toBe('note');
    expect(tagTypeOf('notes')).toBe('notes');
  });

  it('invalidating note:42 hits note:42 only; invalidating note hits note and every note:*', () => {
    expect(tagMatches('note:42', 'note:42')).toBe(true);
    expect(tagMatches('note:42', 'note:4')).toBe(false);
    expect(tagMatches('note:42', 'note')).toBe(false);
    expect(tagMatches('note', 'note')).toBe(true);
    expect(tagMatches('note', 'note:42')).toBe(true);
    expect(tagMatches('note', 'notes')).toBe(false);
    expect(tagMatches('note', 'notes:1')).toBe(false);
  });
});
