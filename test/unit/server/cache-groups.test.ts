import { describe, expect, it } from 'vitest';
import { parseStringList } from '../../../demo/server/sf-string-list';
import { serverPerFile } from './demo-server';

const server = serverPerFile([{ title: 'first' }, { title: 'second' }]);

const groups = (response: Response, name = 'cache-groups'): string[] | undefined =>
  parseStringList(response.headers.get(name) ?? '');

const json = (method: string, body?: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

describe('reads name their groups in Cache-Groups (RFC 9875 §2)', () => {
  it.each([
    ['a single note', '/api/notes/2', '"note:2"'],
    ['the list', '/api/notes', '"notes"'],
  ])('%s (%s) is %s, on the 200 and on the 304 that refreshes it', async (_, path, field) => {
    const read = await server().api(path);
    expect(read.headers.get('cache-groups')).toBe(field);
    const revalidated = await server().api(path, { headers: { 'If-None-Match': read.headers.get('etag') ?? '' } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('cache-groups')).toBe(field);
  });

  it('per-user reads carry their owner\'s groups (issue 14), on 304s too', async () => {
    const cookie = await server().signIn('alice');
    for (const [path, field] of [['/api/me', '"me:alice"'], ['/api/inbox', '"inbox:alice"']] as const) {
      const read = await server().api(path, { headers: { cookie } });
      expect(read.headers.get('cache-groups')).toBe(field);
      const revalidated = await server().api(path, { headers: { cookie, 'If-None-Match': read.headers.get('etag') ?? '' } });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get('cache-groups')).toBe(field);
    }
  });
});

describe('writes name what they invalidated in Cache-Group-Invalidation (RFC 9875 §3)', () => {
  it.each([
    ['PUT', '/api/notes/2', { title: 'replaced' }],
    ['PATCH', '/api/notes/2', { body: 'patched' }],
    ['DELETE', '/api/notes/2', undefined],
  ])('%s of note 2 answers "note:2", "notes"', async (method, path, body) => {
    const write = await server().api(path, json(method, body));
    expect(write.ok).toBe(true);
    expect(groups(write, 'cache-group-invalidation')).toEqual(['note:2', 'notes']);
  });

  it('a POST that creates note 3 answers "note:3", "notes"', async () => {
    const created = await server().post('/api/notes', { title: 'third' });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { id: number }).id).toBe(3);
    expect(created.headers.get('cache-group-invalidation')).toBe('"note:3", "notes"');
  });

  it('a replayed write answers with the same header, from its record', async () => {
    const first = await server().api('/api/notes/1', json('PATCH', { body: 'once' }, { 'Idempotency-Key': 'k-patch' }));
    const again = await server().api('/api/notes/1', json('PATCH', { body: 'once' }, { 'Idempotency-Key': 'k-patch' }));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('cache-group-invalidation')).toBe(first.headers.get('cache-group-invalidation'));
    expect(groups(again, 'cache-group-invalidation')).toEqual(['note:1', 'notes']);
  });

  it.each([
    ['a failed precondition (412)', '/api/notes/1', { 'If-Match': '"stale"' }],
    ['a missing note (404)', '/api/notes/99', {}],
  ])('a write that changed nothing, %s, invalidates nothing', async (_, path, headers) => {
    const write = await server().api(path, json('PUT', { title: 'x' }, headers));
    expect(write.ok).toBe(false);
    expect(write.headers.get('cache-group-invalidation')).toBeNull();
  });

  it('a per-user write (a login) invalidates no shared group', async () => {
    const login = await server().post('/api/login', { user: 'alice' });
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-group-invalidation')).toBeNull();
  });
});
