import { build } from 'esbuild';
import { mutate, notes, pending } from '../e2e/support/outbox.js';
import { PERSIST_DEADLINE_MS } from '../../src/client/persist.js';
import { expect, test } from './support/fixtures.js';

const DAY_MS = 86_400_000;

/** src/client/persist.ts bundled for the page, so the engine's real navigator.storage answers it. */
async function persistModule(): Promise<string> {
  const bundled = await build({ entryPoints: ['src/client/persist.ts'], bundle: true, format: 'iife', globalName: 'stowagePersist', write: false });
  // An eval'd `var` stays in the eval's scope where the code is strict: publish it explicitly.
  return `${bundled.outputFiles[0]!.text}\nglobalThis.stowagePersist = stowagePersist;`;
}

test('asking for persistent storage resolves in every engine: false without navigator.storage, unknown when no answer comes', async ({ engine, app }, testInfo) => {
  const code = await persistModule();
  const { outcome, elapsedMs, hasStorage } = await app.page.evaluate(async (code) => {
    (0, eval)(code); // defines the global stowagePersist
    const { askToPersist } = (globalThis as unknown as { stowagePersist: typeof import('../../src/client/persist.js') }).stowagePersist;
    const started = performance.now();
    const outcome = await askToPersist();
    return { outcome, elapsedMs: performance.now() - started, hasStorage: 'storage' in navigator };
  }, code);
  testInfo.annotations.push({ type: 'persist()', description: `${engine}: ${String(outcome)} after ${Math.round(elapsedMs)} ms (navigator.storage ${hasStorage ? 'present' : 'absent'})` });
  expect(elapsedMs).toBeLessThan(PERSIST_DEADLINE_MS + 1_000);
  if (!hasStorage) expect(outcome).toBe(false);
  expect([true, false, 'unknown']).toContain(outcome);
  // As Debian ships them: WebKitGTK 2.50 has no navigator.storage; Firefox ESR 153 prompts, and
  // nobody answers a headless prompt.
  if (process.env.STOWAGE_ENGINE_DRIVER !== 'playwright') {
    if (engine === 'webkit') expect(hasStorage).toBe(false);
    if (engine === 'firefox') expect(outcome).toBe('unknown');
  }
});

test("pending() marks a write queued more than six days ago as at risk on WebKit only (its seven-day storage deletion)", async ({ engine, app, control }) => {
  await control.fault({ path: '/api/notes', method: 'POST', mode: 'refuse' });
  expect((await mutate(app.page, notes('old', 1, 'slow')))[0]!.status).toBe(202);
  await app.advanceClock(6 * DAY_MS - 60_000);
  expect((await pending(app.page))[0]).not.toHaveProperty('atRisk');
  await app.advanceClock(120_000); // six days and a minute, by the worker's clock
  const [entry] = await pending(app.page);
  if (engine === 'webkit') expect(entry).toMatchObject({ atRisk: true, status: expect.any(String) });
  else expect(entry).not.toHaveProperty('atRisk');
});
