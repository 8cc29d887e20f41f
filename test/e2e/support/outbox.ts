import { expect, type TestInfo } from '@playwright/test';
import type { FlushReport, PendingEntry } from '../../../src/shared/outbox.js';
import type { Control, LoggedRequest } from './control.js';
import type { InPage } from './in-page.js';

/** The demo worker's test write routes (demo/app/sw.ts), picked by the X-Test-Outbox header. */
export type TestRoute = 'write-behind' | 'write-through' | 'write-around' | 'by-url' | 'slow' | 'expiring' | 'by-queue' | 'outage';

export interface Mutation {
  method?: string;
  path?: string;
  body?: unknown;
  route?: TestRoute;
  headers?: Record<string, string>;
}

/** Sends mutations from the page, in order, each awaited; resolves to each response's status and body. */
export function mutate(page: InPage, mutations: Mutation[]): Promise<Array<{ status: number; body: string; headers: Record<string, string> }>> {
  return page.evaluate(async (list) => {
    const results = [];
    for (const { method = 'POST', path = '/api/notes', body, route = 'write-behind', headers = {} } of list) {
      const response = await fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-Test-Outbox': route, ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(15_000),
      });
      results.push({ status: response.status, body: await response.text(), headers: Object.fromEntries(response.headers) });
    }
    return results;
  }, mutations);
}

/** `count` note creations titled `${prefix}-0`, `${prefix}-1`… through the write-behind test route. */
export function notes(prefix: string, count: number, route: TestRoute = 'write-behind'): Mutation[] {
  return Array.from({ length: count }, (_, i) => ({ body: { title: `${prefix}-${i}`, body: '' }, route }));
}

export function pending(page: InPage): Promise<PendingEntry[]> {
  return page.evaluate(() => window.stowage.pending());
}

export function flush(page: InPage): Promise<FlushReport> {
  return page.evaluate(() => window.stowage.flush());
}

/** Waits until the outbox is empty, flushing now and then so no test waits on a backoff timer alone. */
export async function waitForEmptyOutbox(page: InPage, timeoutMs = 20_000): Promise<void> {
  await expect.poll(async () => (await pending(page)).length, { timeout: timeoutMs, intervals: [100, 250, 500] }).toBe(0);
}

/** Records the worker's events of the given names in the page, for events(). */
export async function recordEvents(page: InPage, names: string[]): Promise<void> {
  await page.evaluate((list) => {
    const seen: Array<{ name: string; detail: unknown }> = [];
    Object.assign(window, { __outboxEvents: seen });
    for (const name of list) window.stowage.on(name as 'queued', (detail) => seen.push({ name, detail }));
  }, names);
}

export function events(page: InPage): Promise<Array<{ name: string; detail: Record<string, unknown> }>> {
  return page.evaluate(() => (window as unknown as { __outboxEvents: Array<{ name: string; detail: Record<string, unknown> }> }).__outboxEvents);
}

export interface Figures {
  queued: number;
  delivered: number;
  lost: number;
  duplicated: number;
}

/**
 * Compares the titles that got a 202 with the rows in the server's SQLite database: each must be
 * there exactly once. Prints and attaches the figures, the issue's report format.
 */
export async function deliveryFigures(control: Control, acceptedTitles: string[], testInfo: TestInfo, label: string): Promise<Figures> {
  const rows = (await control.db()).notes.map((note) => note.title);
  const counts = new Map<string, number>();
  for (const title of rows) counts.set(title, (counts.get(title) ?? 0) + 1);
  const figures: Figures = {
    queued: acceptedTitles.length,
    delivered: acceptedTitles.filter((title) => counts.has(title)).length,
    lost: acceptedTitles.filter((title) => !counts.has(title)).length,
    duplicated: [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
  };
  const line = `${label}: queued ${figures.queued}, delivered ${figures.delivered}, lost ${figures.lost}, duplicated ${figures.duplicated}`;
  console.log(line);
  testInfo.annotations.push({ type: 'figures', description: line });
  return figures;
}

/**
 * Waits until the server holds at least `rows` notes. A stall fails with what would explain it: the
 * outbox's entries as the worker reports them (or why it cannot), and the server's last answers.
 */
export async function waitForNoteRows(control: Control, page: InPage, rows: number, timeoutMs = 20_000): Promise<void> {
  try {
    await expect.poll(async () => (await control.db()).notes.length, { timeout: timeoutMs }).toBeGreaterThanOrEqual(rows);
  } catch (error) {
    const entries = await pending(page).then(
      (list) => list.map(({ status, attempts, lastError }) => `${status}/${attempts}${lastError ? ` ${lastError.code} ${lastError.message}` : ''}`),
      (reason: unknown) => [`pending() failed: ${String(reason)}`],
    );
    const answers = (await noteWrites(control)).slice(-5).map((request) => request.status);
    throw new Error(`${(error as Error).message}\noutbox (${entries.length}): ${entries.slice(0, 5).join('; ')}\nlast answers: ${answers.join(' ')}`, { cause: error });
  }
}

/** The server's log of note writes (POST/PUT/PATCH/DELETE under /api/notes). */
export async function noteWrites(control: Control): Promise<LoggedRequest[]> {
  return (await control.requests({ prefix: '/api/notes' })).filter((request) => request.method !== 'GET');
}
