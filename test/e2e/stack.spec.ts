/**
 * The whole caching stack (issue 14): real Chromium through real Varnish (demo/stack/stowage.vcl)
 * to the real demo server. One write, one purge, one refill: every other device and layer gets the
 * new text from the refilled proxy, and the origin answers once, not once per device.
 */
import { bridgeFeedToWorker } from './support/feed-bridge.js';
import { expect, sendPurge, test, varnishStatus } from './support/stack.js';

const NOTE = '/api/notes/1';

test('a write on device A reaches device B within 1 s, and the origin serves the new text once, not once per device', async ({ origins, openDevice }) => {
  const origin = origins[0]!;
  await origin.reset([{ title: 'shared', body: 'before' }]);
  const a = await openDevice();
  const b = await openDevice();

  // B fills the proxy and its worker; A's first read is then a proxy hit.
  const first = await b.fetch(NOTE);
  expect(varnishStatus(first.headers)).toMatch(/^Varnish; fwd=miss; fwd-status=200; stored/);
  const second = await a.fetch(NOTE);
  expect(varnishStatus(second.headers)).toMatch(/^Varnish; hit/);
  expect(first.headers['xkey']).toBeUndefined();
  expect(first.headers['surrogate-control']).toBeUndefined();
  expect(first.headers['cache-groups']).toBe('"note:1"');
  expect(await origin.requests({ path: NOTE, method: 'GET' })).toHaveLength(1);

  await bridgeFeedToWorker(b);
  await origin.clearRequests();
  const written = await a.fetch(NOTE, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: 'shared', body: 'after' }),
  });
  expect(written.status).toBeLessThan(300);
  await expect.poll(async () => (await origin.requests({ path: NOTE, method: 'PUT' })).length).toBe(1);
  const commit = (await origin.requests({ path: NOTE, method: 'PUT' }))[0]!;

  // B's next read shows the new text within 1 s of the commit: reads from B until it does.
  let seenAt = 0;
  await expect
    .poll(async () => {
      const read = await b.fetch(NOTE);
      seenAt = Date.now();
      return (JSON.parse(read.body) as { body: string }).body;
    }, { intervals: [25], timeout: 3000 })
    .toBe('after');
  expect(seenAt - commit.time).toBeLessThan(1000);

  // A reads its own write; a third device's first read is a proxy hit on the copy B's revalidation
  // refilled: the one origin fetch served every device.
  const aRead = await a.fetch(NOTE);
  expect((JSON.parse(aRead.body) as { body: string }).body).toBe('after');
  const c = await openDevice();
  const cRead = await c.fetch(NOTE);
  expect((JSON.parse(cRead.body) as { body: string }).body).toBe('after');
  expect(varnishStatus(cRead.headers)).toMatch(/^Varnish; hit/);
  test.info().annotations.push({ type: 'commit-to-device-B', description: `${seenAt - commit.time} ms` });
  const gets = await origin.requests({ path: NOTE, method: 'GET' });
  expect(gets.map((entry) => entry.status)).toEqual([200]);
});

test('the proxy keeps public reads for every user and passes per-user ones', async ({ origins, request }) => {
  await origins[0]!.reset([{ title: 'one' }]);
  await request.get(NOTE);
  const withCookie = await request.get(NOTE, { headers: { Cookie: 'sid=someone' } });
  expect(varnishStatus(withCookie.headers())).toMatch(/^Varnish; hit/);
  const me = await request.get('/api/me', { headers: { Cookie: 'sid=someone' } });
  expect(varnishStatus(me.headers())).toBe('Varnish; fwd=bypass');
  const list = await request.get('/api/notes');
  // The list says no-cache to browsers; the proxy keeps it (purged on commit) all the same.
  expect(list.headers()['cache-control']).toBe('no-cache');
  expect(varnishStatus((await request.get('/api/notes')).headers())).toMatch(/^Varnish; hit/);
  expect((await request.get('/__control/db')).status()).toBe(404);
});

test('a PURGE from a non-loopback sender is refused and purges nothing; loopback purges by tag', async ({ origins, stack, request }) => {
  await origins[0]!.reset([{ title: 'one' }, { title: 'two' }]);
  await request.get(NOTE);
  await request.get('/api/notes/2');

  // A loopback hop forwarding a remote client's PURGE (X-Forwarded-For), as a TLS terminator would.
  expect(await sendPurge(stack.url, { 'xkey-purge': 'note:1', 'X-Forwarded-For': '203.0.113.7' })).toBe(403);
  expect(varnishStatus((await request.get(NOTE)).headers())).toMatch(/^Varnish; hit/);

  expect(await sendPurge(stack.url, { 'xkey-purge': 'note:1' })).toBe(200);
  expect(varnishStatus((await request.get(NOTE)).headers())).toMatch(/^Varnish; fwd=miss/);
  // One tag, one note: note 2 is still there.
  expect(varnishStatus((await request.get('/api/notes/2')).headers())).toMatch(/^Varnish; hit/);
});

test('a read the origin began before a commit does not refill the proxy after its purge', async ({ origins, request }) => {
  const origin = origins[0]!;
  await origin.reset([{ title: 'shared', body: 'before' }]);
  // The origin reads the note at once and holds its answer until released: across the commit below.
  await origin.fault({ path: NOTE, method: 'GET', mode: 'hold-response', count: 1 });
  const slowRead = request.get(NOTE);
  await expect.poll(async () => (await origin.proxy()).heldResponses).toBe(1);
  const write = await request.put(NOTE, { data: { title: 'shared', body: 'after' } });
  expect(write.status()).toBe(200);
  expect(await origin.releaseHeld()).toEqual({ released: 1 });

  // The old answer reaches the proxy after the write's purge: its reader gets it, the proxy keeps none of it.
  const old = await slowRead;
  expect((await old.json()) as unknown).toMatchObject({ body: 'before' });
  expect(varnishStatus(old.headers())).toBe('Varnish; fwd=miss; fwd-status=200; detail=refill-refused');
  expect(old.headers()['stowage-read-seq']).toBeUndefined();
  const after = await request.get(NOTE);
  expect((await after.json()) as unknown).toMatchObject({ body: 'after' });
  expect(varnishStatus(after.headers())).toBe('Varnish; fwd=miss; fwd-status=200; stored');
  // A read begun after the commit is stored as usual.
  expect(varnishStatus((await request.get(NOTE)).headers())).toMatch(/^Varnish; hit/);
});
