import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WriteRequest } from './context';
import type { Queries } from './store/store';
import { HttpError, isRecord, jsonReply, readCookie } from './http';
import type { Reply } from './http';

const COOKIE = 'sid';
const USER_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export interface Session {
  sid: string;
  user: string;
}

export async function readSession(queries: Queries, req: IncomingMessage): Promise<Session | undefined> {
  const sid = readCookie(req, COOKIE);
  if (sid === undefined) return undefined;
  const user = await queries.getSessionUser(sid);
  return user === undefined ? undefined : { sid, user };
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

export async function replaceInbox(tx: Queries, user: string, inbox: InboxSeed[]): Promise<void> {
  await tx.clearInbox(user);
  for (const message of inbox) await tx.insertInbox(user, { sender: message.from, subject: message.subject, text: message.text });
}

/** Creates the user with a random secret and seeded inbox if it does not exist yet. */
export async function ensureUser(tx: Queries, user: string, nowMs: number): Promise<void> {
  if (await tx.getUser(user)) return;
  const secret = `secret-${user}-${randomBytes(4).toString('hex')}`;
  await tx.insertUser({ name: user, display_name: user, secret, updated_at: new Date(nowMs).toISOString() });
  await replaceInbox(tx, user, defaultInbox(user));
}

export async function login(request: WriteRequest): Promise<Reply> {
  const json = request.json;
  const user = isRecord(json) ? json['user'] : undefined;
  if (typeof user !== 'string' || !USER_PATTERN.test(user)) {
    throw new HttpError(400, { error: 'invalid-body', detail: 'user must be 1-64 characters of [A-Za-z0-9_.-]' });
  }
  const { tx } = request;
  const { now } = request.app;
  await ensureUser(tx, user, now());
  const sid = randomBytes(16).toString('hex');
  await tx.insertSession(sid, user, new Date(now()).toISOString());
  return jsonReply(200, { user }, { 'Set-Cookie': `${COOKIE}=${sid}; HttpOnly; Path=/; SameSite=Lax` });
}

export async function logout(request: WriteRequest): Promise<Reply> {
  const session = await readSession(request.tx, request.req);
  if (session) await request.tx.deleteSession(session.sid);
  return { status: 204, headers: { 'Set-Cookie': `${COOKIE}=; HttpOnly; Path=/; SameSite=Lax; Max-Age=0` } };
}
