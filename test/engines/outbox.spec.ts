import { deliveryFigures, mutate, noteWrites, notes, pending } from '../e2e/support/outbox.js';
import { EngineApp } from './support/engine-app.js';
import { expect, test } from './support/fixtures.js';

// The outbox in every engine. Neither Firefox nor WebKit has Background Sync, so delivery rests on
// the worker's own timer while it lives and on the page's timer (src/client/replay-alarm.ts) after.
const titles = (mutations: ReturnType<typeof notes>): string[] => mutations.map((m) => (m.body as { title: string }).title);

test('30 write-behind notes made while the server refuses are each delivered once when it is back', async ({ app, control }, testInfo) => {
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'refuse' });
  const mutations = notes('down', 30);
  const responses = await mutate(app.page, mutations);
  expect(responses.map((response) => response.status)).toEqual(Array(30).fill(202));
  await expect.poll(async () => (await noteWrites(control)).some((write) => write.status === 'refused')).toBe(true);
  expect((await control.db()).notes).toHaveLength(0);

  await control.clearFaults();
  await expect.poll(async () => (await control.db()).notes.length, { timeout: 20_000 }).toBe(30);
  await expect.poll(async () => (await pending(app.page)).length).toBe(0);
  expect(await deliveryFigures(control, titles(mutations), testInfo, `${testInfo.project.name}, server refusing`)).toEqual({
    queued: 30,
    delivered: 30,
    lost: 0,
    duplicated: 0,
  });
  expect((await control.db()).notes.map((note) => note.title)).toEqual(titles(mutations));
});

test('a write whose answer was lost is resent with the same Idempotency-Key and applied once', async ({ app, control }) => {
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'drop-response', count: 1 });
  expect((await mutate(app.page, notes('lost-answer', 1)))[0]!.status).toBe(202);
  await expect.poll(async () => (await pending(app.page)).length, { timeout: 10_000 }).toBe(0);
  const posts = await noteWrites(control);
  expect(posts.length).toBeGreaterThanOrEqual(2);
  expect(new Set(posts.map((post) => post.headers['idempotency-key'])).size).toBe(1);
  expect((await control.db()).notes.map((note) => note.title)).toEqual(['lost-answer-0']);
});

test('a 503 is retried after its backoff and a 400 is not: the write fails and waits for the app', async ({ app, control }) => {
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'status', status: 503, count: 2 });
  expect((await mutate(app.page, notes('retried', 1)))[0]!.status).toBe(202);
  await expect.poll(async () => (await control.db()).notes.length, { timeout: 10_000 }).toBe(1);
  expect((await noteWrites(control)).map((write) => write.status)).toEqual([503, 503, 201]);

  await control.fault({ path: '/api/notes', method: 'POST', mode: 'status', status: 400, count: 1 });
  expect((await mutate(app.page, notes('refused', 1)))[0]!.status).toBe(202);
  await expect.poll(async () => (await pending(app.page)).map((entry) => entry.status)).toEqual(['failed']);
  expect((await noteWrites(control)).map((write) => write.status)).toEqual([503, 503, 201, 400]);
});

test('the page left idle through an outage: its timer delivers the queued notes within 10 s of the server coming back', async ({ engine, driver, server, control, launch }, testInfo) => {
  // Firefox gets a browser whose idle workers stop after 1 s (Firefox's own rule is 30 s), so the
  // worker's timers are certainly gone and only the page's timer can wake it. The other engines run
  // the same scenario with the worker they keep (Chromium's CDP stops are in test/e2e/outbox-idle-outage.spec.ts).
  const app = new EngineApp(engine === 'firefox' ? await launch({ serviceWorkerIdleMs: 1000 }) : driver, server.url);
  await app.open();
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'refuse' });
  const mutations = notes('idle', 5, 'outage');
  expect((await mutate(app.page, mutations)).map((response) => response.status)).toEqual(Array(5).fill(202));
  const refused = async () => (await noteWrites(control)).filter((write) => write.status === 'refused').length;
  // Attempts go on during the outage (1–2 s backoff on this route), the page untouched from here on.
  await expect.poll(refused, { timeout: 10_000 }).toBeGreaterThan(1);
  const before = await refused();
  await expect.poll(refused, { timeout: 10_000 }).toBeGreaterThan(before);

  await control.clearFaults();
  const backAt = Date.now();
  await expect.poll(async () => (await control.db()).notes.length, { timeout: 10_000, intervals: [100] }).toBe(5);
  const seconds = ((Date.now() - backAt) / 1000).toFixed(1);
  expect(await deliveryFigures(control, titles(mutations), testInfo, `${engine} idle outage, delivered ${seconds} s after the server came back`)).toEqual({
    queued: 5,
    delivered: 5,
    lost: 0,
    duplicated: 0,
  });
});

// Needs a browser that relaunches on the same profile: the WebKit project leaves it out
// (playwright.config.ts), since WebKitGTK automation sessions are ephemeral.
test('notes queued before a browser restart are delivered once after it, on the same profile @same-profile', async ({ driver, server, control }, testInfo) => {
  const app = new EngineApp(driver, server.url);
  await app.open();
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'refuse' });
  const mutations = notes('restart', 5, 'slow');
  expect((await mutate(app.page, mutations)).map((response) => response.status)).toEqual(Array(5).fill(202));
  await driver.restart();
  await control.clearFaults();
  await app.open();
  await expect.poll(async () => (await control.db()).notes.length, { timeout: 15_000 }).toBe(5);
  expect(await deliveryFigures(control, titles(mutations), testInfo, `${driver.engine} restart`)).toEqual({ queued: 5, delivered: 5, lost: 0, duplicated: 0 });
});
