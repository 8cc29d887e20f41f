import { describe, expect, it } from 'vitest';
import { compileMatch, compilePathPattern } from '../../sw/routes/match.js';

const origin = 'https://app.example';
const context = (url: string) => ({ url: new URL(url), request: new Request(url) });

describe('path patterns', () => {
  it('match a literal path, with or without a trailing slash', () => {
    const matches = compilePathPattern('/api/notes');
    expect(matches('/api/notes')).toBe(true);
    expect(matches('/api/notes/')).toBe(true);
    expect(matches('/api/notes/1')).toBe(false);
    expect(matches('/api/notesx')).toBe(false);
  });

  it('match one segment per named parameter', () => {
    const matches = compilePathPattern('/api/notes/:id');
    expect(matches('/api/notes/42')).toBe(true);
    expect(matches('/api/notes/')).toBe(false);
    expect(matches('/api/notes/42/comments')).toBe(false);
  });

  it('match everything below a trailing wildcard', () => {
    const matches = compilePathPattern('/assets/*');
    expect(matches('/assets/app.js')).toBe(true);
    expect(matches('/assets/deep/er/file.css')).toBe(true);
    expect(matches('/other/app.js')).toBe(false);
  });

  it('treat regular-expression characters in a pattern literally', () => {
    const matches = compilePathPattern('/api/v1.0/items');
    expect(matches('/api/v1.0/items')).toBe(true);
    expect(matches('/api/v1x0/items')).toBe(false);
  });
});

describe('route matching', () => {
  it('takes only same-origin requests for patterns and RegExps', () => {
    expect(compileMatch('/api/*', origin)(context('https://app.example/api/x'))).toBe(true);
    expect(compileMatch('/api/*', origin)(context('https://cdn.example/api/x'))).toBe(false);
    expect(compileMatch(/^\/api\//, origin)(context('https://cdn.example/api/x'))).toBe(false);
  });

  it('tests a RegExp against the path only, the same every time even when global', () => {
    const matches = compileMatch(/\.png$/g, origin);
    expect(matches(context('https://app.example/a.png?size=2'))).toBe(true);
    expect(matches(context('https://app.example/a.png?size=2'))).toBe(true);
  });

  it('hands a function the URL and the request, any origin', () => {
    const matches = compileMatch(({ url, request }) => url.hostname === 'cdn.example' && request.method === 'GET', origin);
    expect(matches(context('https://cdn.example/x'))).toBe(true);
  });
});
