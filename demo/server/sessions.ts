import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WriteRequest } from './context';
import type { Store } from './db';
import { HttpError, isRecord, jsonReply, readCookie } from './http';
import type { Reply } from './http';

const COOKIE = 'sid';
const USER_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export interface Session {
  sid: string;
  user: string;
}

export function readSession(store: Store, req: IncomingMessage): Session | undefined {
  const sid = readCookie(req, COOKIE);
  if (sid === undefined) return undefined;
  const row = store.q.getSessionUser.get(sid);
  return row ? { sid, user: row.user } : undefined;
}

export interface InboxSeed {
  from: string;
  subject: string;
  text: string;
}

/** Messages carry the user name so tests can detect one user's data leaking to another. */
function defaultInbox(user: string): InboxSeed[] {
  return [
    { from: 'team@stowage.dev', subject: `Welcome, ${user}`, text: `Hi ${user}, your notes now work offline.` },
    { from: 'alerts@stowage.dev', subject: `Sync report for ${user}`, text: `All of ${user}'s writes were delivered.` },
    { from: 'friend@example.com', subject: `Lunch, ${user}?`, text: `Private note for ${user} only.` },
  ];
}

export function replaceInbox(store: Store, user: string, inbox: InboxSeed[]): void {
  store.q.clearInbox.run(user);
  for (const message of inbox) store.q.insertInbox.run(user, message.from, message.subject, message.text);
}

/** Creates the user with a random secret and seeded inbox if it does not exist yet. */
export function ensureUser(store: Store, user: string, nowMs: number): void {
  if (store.q.getUser.get(user)) return;
  const secret = `secret-${user}-${randomBytes(4).toString('hex')}`;
  store.q.insertUser.run(user, user, secret, new Date(nowMs).toISOString());
  replaceInbox(store, user, defaultInbox(user));
}

export function login(request: WriteRequest): Reply {
  const json = request.json;
  const user = isRecord(json) ? json['user'] : undefined;
  if (typeof user !== 'string' || !USER_PATTERN.test(user)) {
    throw new HttpError(400, { error: 'invalid-body', detail: 'user must be 1-64 characters of [A-Za-z0-9_.-]' });
  }
  const { store, now } = request.app;
  ensureUser(store, user, now());
  const sid = randomBytes(16).toString('hex');
  store.q.insertSession.run(sid, user, new Date(now()).toISOString());
  return jsonReply(200, { user }, { 'Set-Cookie': `${COOKIE}=${sid}; HttpOnly; Path=/; SameSite=Lax` });
}

export function logout(request: WriteRequest): Reply {
  const session = readSession(request.app.store, request.req);
  if (session) request.app.store.q.deleteSession.run(session.sid);
  return { status: 204, headers: { 'Set-Cookie': `${COOKIE}=; HttpOnly; Path=/; SameSite=Lax; Max-Age=0` } };
}
