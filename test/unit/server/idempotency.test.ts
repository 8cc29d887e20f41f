import { request as httpRequest } from 'node:http';
import type { ClientRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestServer } from './demo-server';
import type { TestServer } from './demo-server';

let demo: TestServer;
let alice: string;
let bob: string;

beforeAll(async () => {
  demo = await startTestServer();
});

afterAll(async () => {
  await demo.close();
});

beforeEach(async () => {
  await demo.post('/__control/reset', { notes: [{ title: 'seed' }] });
  alice = await demo.signIn('alice');
  bob = await demo.signIn('bob');
});

async function rows(): Promise<{ titles: string[]; keys: number }> {
  const db = (await (await demo.api('/__control/db')).json()) as { notes: Array<{ title: string }>; idempotencyKeys: number };
  return { titles: db.notes.map((note) => note.title), keys: db.idempotencyKeys };
}

type Principal = 'alice' | 'bob' | 'none';

/** The session headers of a principal; the sessions are made in beforeEach. */
function as(principal: Principal): Record<string, string> {
  if (principal === 'none') return {};
  return { cookie: principal === 'alice' ? alice : bob };
}

/** A POST whose body is still being uploaded: the server holds its key until it is finished. */
function slowPost(key: string): { request: ClientRequest; answer: Promise<number> } {
  const request = httpRequest({
    host: '127.0.0.1',
    port: demo.server.port,
    method: 'POST',
    path: '/api/notes',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
  });
  const answer = new Promise<number>((resolve, reject) => {
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
  });
  request.write('{"title":');
  return { request, answer };
}

/** Waits until the server has received the headers of the slow request (it is in its request log). */
async function arrived(): Promise<void> {
  await vi.waitFor(async () => {
    const log = (await (await demo.api('/__control/requests?path=/api/notes&method=POST')).json()) as { requests: unknown[] };
    expect(log.requests).toHaveLength(1);
  });
}

describe('an Idempotency-Key is found by the key alone', () => {
  it.each<[Principal, Principal[]]>([
    ['alice', ['alice', 'bob', 'none']],
    ['none', ['alice', 'bob', 'none']],
  ])('a note made by %s and resent by %j is created once, and every resend is answered from the record', async (maker, retries) => {
    const made = await demo.post('/api/notes', { title: 'once' }, { 'Idempotency-Key': 'k-note', ...as(maker) });
    expect(made.status).toBe(201);
    const body = await made.text();
    for (const principal of retries) {
      const again = await demo.post('/api/notes', { title: 'once' }, { 'Idempotency-Key': 'k-note', ...as(principal) });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      // Shared notes are no secret: everyone may see the stored answer.
      expect(await again.text()).toBe(body);
    }
    expect(await rows()).toEqual({ titles: ['seed', 'once'], keys: 1 });
  });

  it('a private answer (a login\'s session cookie) goes in full to its principal only; others get its status', async () => {
    const login = (principal: Principal): Promise<Response> =>
      demo.post('/api/login', { user: 'alice' }, { 'Idempotency-Key': 'k-login', ...as(principal) });
    const made = await login('alice');
    const cookie = made.headers.get('set-cookie');
    expect(made.status).toBe(200);
    expect(cookie).toMatch(/^sid=/);
    const again = await login('alice');
    expect([again.status, again.headers.get('idempotent-replayed'), again.headers.get('set-cookie')]).toEqual([200, 'true', cookie]);
    for (const principal of ['bob', 'none'] as const) {
      const other = await login(principal);
      expect([other.status, other.headers.get('idempotent-replayed'), other.headers.get('set-cookie')]).toEqual([200, 'true', null]);
      expect(await other.text()).toBe('');
    }
  });

  it.each([
    ['body', 'POST', '/api/notes', { title: 'other' }],
    ['method', 'PUT', '/api/notes/1', { title: 'once' }],
    ['path', 'POST', '/api/notes?draft', { title: 'once' }],
  ])('a key reused with another %s is a 422 whoever sends it, and changes nothing', async (_, method, path, body) => {
    await demo.post('/api/notes', { title: 'once' }, { 'Idempotency-Key': 'k-reused', ...as('alice') });
    for (const principal of ['alice', 'bob', 'none'] as const) {
      const reused = await demo.api(path, {
        method,
        headers: { 'content-type': 'application/json', 'Idempotency-Key': 'k-reused', ...as(principal) },
        body: JSON.stringify(body),
      });
      expect(reused.status).toBe(422);
      expect(await reused.json()).toMatchObject({ error: 'idempotency-key-mismatch' });
    }
    expect(await rows()).toEqual({ titles: ['seed', 'once'], keys: 1 });
  });
});

describe('a key whose request is still being processed', () => {
  it('answers a retry meanwhile with 409, then the original takes effect once and later retries replay it', async () => {
    const original = slowPost('k-slow');
    await arrived();
    const meanwhile = await demo.post('/api/notes', { title: 'slow' }, { 'Idempotency-Key': 'k-slow', ...as('none') });
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.headers.get('retry-after')).toBe('1');
    expect(await meanwhile.json()).toMatchObject({ error: 'idempotency-key-in-use' });
    expect((await rows()).titles).toEqual(['seed']);

    original.request.end('"slow"}');
    expect(await original.answer).toBe(201);
    const later = await demo.post('/api/notes', { title: 'slow' }, { 'Idempotency-Key': 'k-slow' });
    expect([later.status, later.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(await rows()).toEqual({ titles: ['seed', 'slow'], keys: 1 });
  });

  it('frees the key when the original is cut off before its body arrived: the retry takes effect', async () => {
    const original = slowPost('k-cut');
    original.answer.catch(() => undefined);
    await arrived();
    original.request.destroy();
    await vi.waitFor(async () => {
      const retry = await demo.post('/api/notes', { title: 'cut' }, { 'Idempotency-Key': 'k-cut' });
      expect(retry.status).toBe(201);
    });
    expect(await rows()).toEqual({ titles: ['seed', 'cut'], keys: 1 });
  });
});
