import { expect, test } from './support/fixtures.js';
import type { DemoPage } from './support/demo-page.js';
import { FeedControl, openDevice, recordInvalidated } from './support/invalidation-feed.js';

// Issue 14: a user's own reads (/api/me, /api/inbox) are `private, max-age=60`, so each device uses
// its copy without asking; what keeps them current is the user's own feed rows (`me:<user>`), which
// the server sends only to streams that user's session opened. The page reopens its stream on
// setUser(), so a device that signs in after its feed opened gets them.
const json = { 'Content-Type': 'application/json' };

async function signIn(device: DemoPage, user: string): Promise<void> {
  expect((await device.fetch('/api/login', { method: 'POST', headers: json, body: JSON.stringify({ user }) })).status).toBe(200);
  await device.page.evaluate((user) => window.stowage.setUser(user), user);
}

const displayNameOf = (body: string): string => (JSON.parse(body) as { displayName: string }).displayName;

test("a profile change on one device reaches the user's other device at once, and nobody else's", async ({ browser, server, control, app }) => {
  const feed = new FeedControl(server.url);
  await control.reset([{ title: 'shared' }]);
  const phone = await openDevice(browser, server.url);
  const bobs = await openDevice(browser, server.url);
  try {
    // Every feed opened before its page signed in: anonymous streams, until setUser() reopens them.
    await expect.poll(async () => (await feed.state()).openStreams).toBe(3);
    await signIn(app, 'alice');
    await signIn(phone, 'alice');
    await signIn(bobs, 'bob');
    expect(displayNameOf((await phone.fetch('/api/me')).body)).toBe('alice');
    await control.clearRequests();
    // Fresh for a minute: the phone does not ask again.
    expect(displayNameOf((await phone.fetch('/api/me')).body)).toBe('alice');
    expect(await control.requests({ path: '/api/me' })).toHaveLength(0);

    const phoneEvents = await recordInvalidated(phone);
    const bobEvents = await recordInvalidated(bobs);
    const renamed = await app.fetch('/api/me', { method: 'PATCH', headers: json, body: JSON.stringify({ displayName: 'Alice A.' }) });
    expect(renamed.status).toBe(200);
    await expect.poll(async () => (await phoneEvents()).filter((event) => event.source === 'feed').map((event) => event.tags)).toEqual([['me:alice']]);
    expect(displayNameOf((await phone.fetch('/api/me')).body)).toBe('Alice A.');

    // Bob's stream never carried alice's row: the next shared row is the first thing his device applies.
    await feed.publish(['note:1']);
    await expect.poll(async () => (await bobEvents()).filter((event) => event.source === 'feed').map((event) => event.tags)).toEqual([['note:1']]);
  } finally {
    await phone.context.close();
    await bobs.context.close();
  }
});
