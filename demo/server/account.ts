/**
 * The signed-in user's own data: `GET /api/me`, `GET /api/inbox` and `PATCH /api/me`.
 *
 * The reads are `private, max-age=60`: no shared cache may keep them (the proxy passes them), and
 * the user's own Stowage partition may use its copy for a minute without asking. That is safe
 * because every change of them is announced: each write that changes one answers
 * `Cache-Group-Invalidation` with the read's group (`me:<user>`, `inbox:<user>`) and logs a feed
 * row scoped to that user, so the user's other devices drop their copy at once (issue 14).
 */
import type { ApiRequest, WriteRequest } from './context';
import type { Queries, UserRow } from './store/store';
import { errorReply, HttpError, isRecord, jsonReply, readReply } from './http';
import type { Reply } from './http';
import { readSession } from './sessions';
import { cacheGroupsHeader, invalidationHeader, tagsOfInbox, tagsOfMe } from './tags';

/** How long a user's own partition may use its copy without asking; each change invalidates it sooner. */
export const PRIVATE_MAX_AGE_S = 60;

/** Private data varies by cookie: shared caches must not store it, private ones must key on it. */
const PRIVATE_READ = { cacheControl: `private, max-age=${PRIVATE_MAX_AGE_S}`, vary: 'Cookie' } as const;
const DISPLAY_NAME_MAX = 100;

/** `queries`: the store for a read, the write's transaction for a write. */
async function authenticated(request: ApiRequest, queries: Queries): Promise<UserRow | Reply> {
  const session = await readSession(queries, request.req);
  const user = session ? await queries.getUser(session.user) : undefined;
  if (user) return user;
  // A 401 must not be cached either, or a later login would still see it.
  const reply = errorReply(401, 'unauthenticated');
  return { ...reply, headers: { ...reply.headers, 'Cache-Control': 'private, no-cache', Vary: 'Cookie' } };
}

function profile(user: UserRow): { user: string; displayName: string; secret: string } {
  return { user: user.name, displayName: user.display_name, secret: user.secret };
}

export async function me(request: ApiRequest): Promise<Reply> {
  const user = await authenticated(request, request.app.store);
  if ('status' in user) return user;
  return readReply(request.req, profile(user), {
    ...PRIVATE_READ,
    lastModifiedMs: Date.parse(user.updated_at),
    headers: cacheGroupsHeader(tagsOfMe(user.name)),
  });
}

export async function inbox(request: ApiRequest): Promise<Reply> {
  const user = await authenticated(request, request.app.store);
  if ('status' in user) return user;
  const messages = (await request.app.store.listInbox(user.name)).map((row) => ({ id: row.id, from: row.sender, subject: row.subject, text: row.text }));
  return readReply(request.req, messages, {
    ...PRIVATE_READ,
    lastModifiedMs: Date.parse(user.updated_at),
    headers: cacheGroupsHeader(tagsOfInbox(user.name)),
  });
}

/** `{ displayName }`: renames the signed-in user; the answer is the new profile, for that user only. */
export async function updateMe(request: WriteRequest): Promise<Reply> {
  const json = request.json;
  const displayName = isRecord(json) ? json['displayName'] : undefined;
  if (typeof displayName !== 'string' || displayName.length > DISPLAY_NAME_MAX) {
    throw new HttpError(400, { error: 'invalid-body', detail: `displayName must be a string of at most ${DISPLAY_NAME_MAX} characters` });
  }
  const { tx } = request;
  const user = await authenticated(request, tx);
  if ('status' in user) return user;
  await tx.setDisplayName(user.name, displayName, new Date(request.app.now()).toISOString());
  const updated = (await tx.getUser(user.name)) ?? user;
  // `private`: the stored idempotency record replays the body (it holds the secret) to this user only.
  return jsonReply(200, profile(updated), { 'Cache-Control': 'private, no-store', ...invalidationHeader({ resource: 'me', user: user.name }) });
}
