import { describe, expect, it } from 'vitest';
import { withoutUnstoredFields } from '../../../sw/http/unstored-fields.js';

describe('withoutUnstoredFields (RFC 9111 §3.1)', () => {
  it('drops connection- and proxy-specific fields and the fields Connection lists', () => {
    const headers = new Headers({
      Connection: 'a, b',
      a: '1',
      b: '2',
      c: '3',
      'Keep-Alive': 'timeout=5',
      'Transfer-Encoding': 'chunked',
      'Proxy-Authenticate': 'Basic',
      'Content-Type': 'text/plain',
    });
    expect(Object.fromEntries(withoutUnstoredFields(headers))).toEqual({ c: '3', 'content-type': 'text/plain' });
  });

  it('drops the fields a qualified no-cache lists, and leaves a malformed name alone', () => {
    const headers = new Headers({ 'Cache-Control': 'no-cache="a, b c", max-age=3600', a: '1', c: '3' });
    expect(Object.fromEntries(withoutUnstoredFields(headers))).toEqual({ 'cache-control': 'no-cache="a, b c", max-age=3600', c: '3' });
  });
});
