/**
 * Issue 14's order after a commit, against a stand-in proxy that records each PURGE: the proxy is
 * purged by the write's tags before the feed publishes them, and a read in flight at the commit
 * gets a second purge once it has ended.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './demo-server';
import type { TestServer } from './demo-server';

interface Purge {
  keys: string;
  at: number;
}

describe('purge after commit', () => {
  const purges: Purge[] = [];
  const proxy = createServer((req, res) => {
    if (req.method === 'PURGE') purges.push({ keys: String(req.headers['xkey-purge']), at: Date.now() });
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
    expect(purges).toEqual([{ keys: '*', at: expect.any(Number) }]);
    const feed = await demo.api('/api/invalidations');
    const reader = feed.body!.getReader();
    await reader.read(); // retry: line
    const put = await demo.api('/api/notes/1', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"title":"two"}' });
    expect(put.headers.get('cache-group-invalidation')).toBe('"note:1", "notes"');
    const event = new TextDecoder().decode((await reader.read()).value);
    const eventAt = Date.now();
    expect(event).toContain('event: invalidate');
    expect(purges.slice(1)).toEqual([{ keys: 'note:1 notes', at: expect.any(Number) }]);
    expect(purges[1]!.at).toBeLessThanOrEqual(eventAt);
    await reader.cancel();
  });

  it('purges again after a read that was in flight at the commit has ended', async () => {
    await demo.post('/__control/reset', { notes: [{ title: 'one' }] });
    purges.length = 0;
    await demo.post('/__control/faults', { path: '/api/notes/1', method: 'GET', mode: 'delay-response', latencyMs: 300, count: 1 });
    const slowRead = demo.api('/api/notes/1');
    await expect.poll(async () => ((await (await demo.api('/__control/proxy')).json()) as { readsInFlight: number }).readsInFlight).toBe(1);
    await demo.api('/api/notes/1', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"title":"two"}' });
    expect(purges.map((purge) => purge.keys)).toEqual(['note:1 notes']);
    const readEnded = await slowRead.then(() => Date.now());
    await expect.poll(() => purges.length).toBe(2);
    expect(purges[1]!.keys).toBe('note:1 notes');
    expect(purges[1]!.at).toBeGreaterThanOrEqual(readEnded);
    const counts = ((await (await demo.api('/__control/proxy')).json()) as { purges: { repeats: number } }).purges;
    expect(counts.repeats).toBe(1);
  });
});
