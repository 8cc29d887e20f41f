import { describe, expect, it } from 'vitest';
import { isNonError, isUnsafe, responseStaleTargets } from '../../../sw/http/unsafe-methods.js';

describe('unsafe methods (RFC 9110 §9.2.1, RFC 9111 §4.4)', () => {
  it('every method but GET, HEAD, OPTIONS and TRACE is unsafe, an unknown one too', () => {
    expect(['GET', 'HEAD', 'OPTIONS', 'TRACE'].map(isUnsafe)).toEqual([false, false, false, false]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE', 'M-SEARCH'].map(isUnsafe)).toEqual([true, true, true, true, true]);
  });

  it('only 2xx and 3xx answers invalidate', () => {
    expect([200, 204, 303, 199, 404, 500].map(isNonError)).toEqual([true, true, true, false, false, false]);
  });

  it('the target, and the same-origin Location and Content-Location, are made stale', () => {
    const origin = 'https://app.example';
    const response = new Response(null, { status: 201, headers: { Location: '/api/notes/7', 'Content-Location': 'https://other.example/x' } });
    expect(responseStaleTargets(new URL('/api/notes', origin), response, origin)).toEqual(['/api/notes', '/api/notes/7']);
  });
});
