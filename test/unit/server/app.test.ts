import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer } from './demo-server';
import type { TestServer } from './demo-server';

let demo: TestServer;
const api = (path: string, init: RequestInit = {}): Promise<Response> => demo.api(path, init);
const post = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> => demo.post(path, body, headers);

beforeAll(async () => {
  demo = await startTestServer();
});

afterAll(async () => {
  await demo.close();
});

beforeEach(async () => {
  await post('/__control/reset', { notes: [{ title: 'first' }] });
});

describe('demo server', () => {
  it('replays a POST with the same Idempotency-Key without a second insert', async () => {
    const first = await post('/api/notes', { title: 'once' }, { 'Idempotency-Key': 'k1' });
    const again = await post('/api/notes', { title: 'once' }, { 'Idempotency-Key': 'k1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    const db = (await (await api('/__control/db')).json()) as { notes: unknown[]; idempotencyKeys: number };
    expect(db.notes).toHaveLength(2);
    expect(db.idempotencyKeys).toBe(1);
  });

  it('rejects a reused key with a different body', async () => {
    await post('/api/notes', { title: 'a' }, { 'Idempotency-Key': 'k2' });
    const reused = await post('/api/notes', { title: 'b' }, { 'Idempotency-Key': 'k2' });
    expect(reused.status).toBe(422);
  });

  it('answers 304 to a matching If-None-Match and 412 to a stale If-Match', async () => {
    const read = await api('/api/notes/1');
    const etag = read.headers.get('etag') ?? '';
    expect((await api('/api/notes/1', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    await api('/api/notes/1', { method: 'PATCH', body: JSON.stringify({ body: 'changed' }) });
    const stale = await api('/api/notes/1', { method: 'PUT', headers: { 'If-Match': etag }, body: JSON.stringify({ title: 'x' }) });
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { current: { body: string } }).current.body).toBe('changed');
  });

  it('injects a status fault once and logs it', async () => {
    await post('/__control/faults', { mode: 'status', status: 503, headers: { 'Retry-After': '1' }, count: 1 });
    const faulted = await api('/api/notes');
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('1');
    expect((await api('/api/notes')).status).toBe(200);
    const log = (await (await api('/__control/requests?path=/api/notes')).json()) as { requests: Array<{ status: unknown }> };
    expect(log.requests.map((r) => r.status)).toEqual([503, 200]);
  });

  it('refuses connections when asked', async () => {
    await post('/__control/faults', { mode: 'refuse', count: 1 });
    await expect(api('/api/notes')).rejects.toThrow();
  });

  it('requires a session for private data', async () => {
    expect((await api('/api/me')).status).toBe(401);
    const cookie = await demo.signIn('alice');
    const me = (await (await api('/api/me', { headers: { cookie } })).json()) as { user: string; secret: string };
    expect(me.user).toBe('alice');
    expect(me.secret).toMatch(/^secret-alice-[0-9a-f]{8}$/);
  });
});
