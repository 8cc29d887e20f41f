/**
 * Issue 14's order after a commit, against a stand-in proxy that records each PURGE: the proxy is
 * purged by the write's tags before the feed publishes them, each purge naming the newest log id
 * it covers, and each read stamped with the newest id when it began (the refill guard).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './demo-server';
import type { TestServer } from './demo-server';

interface Purge {
  keys: string;
  seq: string;
  at: number;
}

describe('purge after commit', () => {
  const purges: Purge[] = [];
  const proxy = createServer((req, res) => {
    if (req.method === 'PURGE') purges.push({ keys: String(req.headers['xkey-purge']), seq: String(req.headers['stowage-purge-seq']), at: Date.now() });
    res.end();
  });
  let demo: TestServer;

  beforeAll(async () => {
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    demo = await startTestServer({ purgeUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/` });
  });
  afterAll(async () => {
    await demo.close();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it('purges the tags of a committed write before the feed carries them; the reset empties the proxy', async () => {
    purges.length = 0;
    await demo.post('/__control/reset', { notes: [{ title: 'one' }] });
    expect(purges).toEqual([{ keys: '*', seq: '0', at: expect.any(Number) }]);
    const feed = await demo.api('/api/invalidations');
    const reader = feed.body!.getReader();
    await reader.read(); // retry: line
    const put = await demo.api('/api/notes/1', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"title":"two"}' });
    expect(put.headers.get('cache-group-invalidation')).toBe('"note:1", "notes"');
    const event = new TextDecoder().decode((await reader.read()).value);
    const eventAt = Date.now();
    expect(event).toContain('event: invalidate');
    expect(purges.slice(1)).toEqual([{ keys: 'note:1 notes', seq: '1', at: expect.any(Number) }]);
    expect(purges[1]!.at).toBeLessThanOrEqual(eventAt);
    await reader.cancel();
  });

  it('stamps each read with the newest log id when it began; per-user rows purge nothing', async () => {
    await demo.post('/__control/reset', { notes: [{ title: 'one' }] });
    purges.length = 0;
    expect((await demo.api('/api/notes/1')).headers.get('stowage-read-seq')).toBe('0');
    await demo.api('/api/notes/1', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"title":"two"}' });
    expect((await demo.api('/api/notes/1')).headers.get('stowage-read-seq')).toBe('1');
    const alice = await demo.signIn('alice');
    await demo.api('/api/me', { method: 'PATCH', headers: { 'content-type': 'application/json', Cookie: alice }, body: '{"displayName":"A"}' });
    expect((await demo.api('/api/notes', {})).headers.get('stowage-read-seq')).toBe('2');
    expect(purges.map((purge) => [purge.keys, purge.seq])).toEqual([['note:1 notes', '1']]);
  });
});
