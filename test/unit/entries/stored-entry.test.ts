import { describe, expect, it } from 'vitest';
import { forPage, isInvalidated, markInvalidated, pendingCopy, pendingIdOf, policyOf, serverHeadersOf, stampStored, storedAtOf } from '../../../sw/entries/stored-entry.js';
import { requestOfKey, urlOfKey, variantKey } from '../../../sw/entries/variants.js';

const policy = { requestAt: 1000, responseAt: 1200, initialAgeMs: 3000 };

describe('the stored entry', () => {
  it('keeps its stamps, and gives the page none of them but the current Age', async () => {
    const stamped = markInvalidated(stampStored(new Response('body', { headers: { ETag: '"a"', Date: 'Mon, 01 Jun 2026 12:00:00 GMT' } }), { storedAt: 1200, policy }), 1500);
    expect([storedAtOf(stamped), policyOf(stamped), isInvalidated(stamped)]).toEqual([1200, policy, true]);
    const page = forPage(stamped, 4999);
    expect(Object.fromEntries(page.headers)).toEqual({ age: '4', date: 'Mon, 01 Jun 2026 12:00:00 GMT', etag: '"a"', 'content-type': 'text/plain;charset=UTF-8' });
    expect(await page.text()).toBe('body');
  });

  it('restamping starts over: a stored entry that is stored again is no longer invalidated', () => {
    const restamped = stampStored(markInvalidated(stampStored(new Response('x'), { storedAt: 1 }), 2), { storedAt: 3 });
    expect([isInvalidated(restamped), storedAtOf(restamped), policyOf(restamped)]).toEqual([false, 3, undefined]);
  });

  it('a response stored with a policy but without Date gets the time it arrived (RFC 9110 §6.6.1)', () => {
    expect(stampStored(new Response('x'), { storedAt: 1, policy }).headers.has('Date')).toBe(true);
  });

  it('a pending copy is marked with its outbox entry and is never fresh, and the server headers leave the marks out', () => {
    const copy = pendingCopy({ body: new TextEncoder().encode('{}').buffer, contentType: 'application/json', entryId: 'e1', atMs: 5 });
    expect([pendingIdOf(copy), isInvalidated(copy), storedAtOf(copy)]).toEqual(['e1', true, 5]);
    expect(Object.fromEntries(serverHeadersOf(copy))).toEqual({ 'content-type': 'application/json' });
  });
});

describe('variant keys', () => {
  it('encode the varied values after the URL, and give both back', () => {
    const key = variantKey('https://app.example/a?x=1', ['accept', 'x-lang'], new Request('https://app.example/a?x=1', { headers: { Accept: 'text/csv' } }));
    expect(urlOfKey(key)).toBe('https://app.example/a?x=1');
    const request = requestOfKey(new Request(key));
    expect([request.url, request.headers.get('Accept'), request.headers.has('X-Lang')]).toEqual(['https://app.example/a?x=1', 'text/csv', false]);
    expect(urlOfKey('https://app.example/a?x=1')).toBe('https://app.example/a?x=1');
  });

  it('are the same for values that differ only in the whitespace around their commas (RFC 9111 §4.1)', () => {
    const keyOf = (value: string) => variantKey('https://app.example/a', ['x-list'], new Request('https://app.example/a', { headers: { 'X-List': value } }));
    expect(keyOf(' 1, 2 ')).toBe(keyOf('1,2'));
    expect(keyOf('1,2')).not.toBe(keyOf('1,3'));
  });
});
