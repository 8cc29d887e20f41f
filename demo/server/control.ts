/**
 * Test-control API under /__control/. Never logged, never subject to faults:
 * tests must be able to observe and reset the server whatever state it is in.
 */
import type { IncomingMessage } from 'node:http';
import { purgeThenPublish } from './after-commit';
import type { AppContext } from './context';
import { errorReply, HttpError, isRecord, jsonReply, parseJson, readBody } from './http';
import type { Reply } from './http';
import { parseFaultSpec } from './faults';
import { parseFixtureSpec } from './fixtures';
import { INVALIDATION_MODES } from './invalidation-log';
import type { InvalidationMode } from './invalidation-log';
import { parseNoteFields, seedNotes, toNote } from './notes';
import { ensureUser, replaceInbox } from './sessions';
import { isSerializableString } from './sf-string-list';
import type { InboxSeed } from './sessions';
import { invalidatedBy } from './tags';

export const CONTROL_PREFIX = '/__control/';
const USER_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

function bad(detail: string): HttpError {
  return new HttpError(400, { error: 'invalid-body', detail });
}

async function reset(app: AppContext, json: unknown): Promise<Reply> {
  const seeds = json === undefined ? [] : isRecord(json) ? (json['notes'] ?? []) : undefined;
  if (!Array.isArray(seeds)) throw bad('notes must be an array');
  const fields = seeds.map((seed: unknown) => parseNoteFields(seed, false));
  app.faults.clear();
  app.log.clear();
  app.fixtures.clear();
  const notes = await app.store.transaction(async (tx) => {
    await tx.wipe();
    return seedNotes(tx, app.now(), fields);
  });
  app.invalidations.restoreDefaultKeep();
  // The log's ids start over: open feeds end, and a client that reconnects with an old id gets `reset`.
  await app.feed.endAll();
  // A proxy in front (issue 14) still holds the old database's notes under the ids that start over.
  await app.purger?.purgeAll(await app.invalidations.newestId());
  return jsonReply(200, { ok: true, notes });
}

function parseInbox(value: unknown): InboxSeed[] {
  if (!Array.isArray(value)) throw bad('inbox must be an array');
  return value.map((item: unknown) => {
    if (!isRecord(item)) throw bad('inbox items must be objects');
    const { from, subject, text } = item;
    if (typeof from !== 'string' || typeof subject !== 'string' || typeof text !== 'string') {
      throw bad('inbox items need string from, subject, text');
    }
    return { from, subject, text };
  });
}

/**
 * Changes a user's secret or inbox as a write of theirs would: in one transaction with the feed row
 * that names the reads it changed, for that user's streams only, then published.
 */
async function putUser(app: AppContext, user: string, json: unknown): Promise<Reply> {
  if (!USER_PATTERN.test(user)) throw bad('invalid user name');
  const body = json ?? {};
  if (!isRecord(body)) throw bad('expected a JSON object');
  const { secret } = body;
  if (secret !== undefined && typeof secret !== 'string') throw bad('secret must be a string');
  const inbox = body['inbox'] === undefined ? undefined : parseInbox(body['inbox']);
  const { store } = app;
  await store.transaction(async (tx) => {
    const now = new Date(app.now()).toISOString();
    await ensureUser(tx, user, app.now());
    if (secret !== undefined) await tx.setUserSecret(user, secret, now);
    if (inbox !== undefined) await replaceInbox(tx, user, inbox);
    await tx.touchUser(user, now);
    // touchUser changed both reads' Last-Modified, so both are named whatever the body changed.
    const tags = [...invalidatedBy({ resource: 'me', user }), ...invalidatedBy({ resource: 'inbox', user })];
    await app.invalidations.append(tx, tags, undefined, user);
  });
  await purgeThenPublish(app);
  const row = await store.getUser(user);
  return jsonReply(200, { user, secret: row?.secret, inbox: (await store.listInbox(user)).length });
}

async function describeInvalidations(app: AppContext): Promise<Reply> {
  const { invalidations, feed } = app;
  return jsonReply(200, {
    keep: invalidations.keep,
    newestId: await invalidations.newestId(),
    rows: await invalidations.after(0),
    openStreams: feed.openStreams,
  });
}

/** `{ keep }`: lowers (or raises) the log's bound and trims to it now, so a test can roll the log over. */
async function setInvalidationLogSize(app: AppContext, json: unknown): Promise<Reply> {
  const keep = isRecord(json) ? json['keep'] : undefined;
  if (typeof keep !== 'number' || !Number.isInteger(keep) || keep < 1) throw bad('keep must be a positive integer');
  await app.invalidations.setKeep(keep);
  return describeInvalidations(app);
}

/** `{ tags, mode? }`: logs and publishes an invalidation with no write behind it, as an operator's purge would. */
async function publishInvalidation(app: AppContext, json: unknown): Promise<Reply> {
  const body = isRecord(json) ? json : {};
  const { tags, mode } = body;
  if (!Array.isArray(tags) || tags.length === 0 || !tags.every((tag) => typeof tag === 'string' && tag !== '' && isSerializableString(tag))) {
    throw bad('tags must be a non-empty array of printable ASCII strings');
  }
  if (mode !== undefined && !INVALIDATION_MODES.includes(mode as InvalidationMode)) {
    throw bad(`mode must be one of ${INVALIDATION_MODES.join(', ')}`);
  }
  const id = await app.store.transaction((tx) => app.invalidations.append(tx, tags as string[], mode as InvalidationMode | undefined));
  await app.feed.publishCommitted();
  return jsonReply(200, { id });
}

async function inspectDb(app: AppContext): Promise<Reply> {
  const { store } = app;
  return jsonReply(200, {
    notes: (await store.listNotes()).map(toNote),
    idempotencyKeys: await store.countIdempotency(),
    users: await store.listUserNames(),
  });
}

export async function handleControl(app: AppContext, req: IncomingMessage, url: URL): Promise<Reply> {
  const route = `${req.method ?? 'GET'} ${url.pathname.slice(CONTROL_PREFIX.length - 1)}`;
  const readJson = async (): Promise<unknown> => parseJson(await readBody(req));
  const params = url.searchParams;

  switch (route) {
    case 'POST /reset':
      return reset(app, await readJson());
    case 'GET /requests': {
      const filter = {
        path: params.get('path') ?? undefined,
        prefix: params.get('prefix') ?? undefined,
        method: params.get('method') ?? undefined,
      };
      return jsonReply(200, { requests: app.log.list(filter) });
    }
    case 'DELETE /requests':
      app.log.clear();
      return jsonReply(200, { ok: true });
    case 'GET /faults':
      return jsonReply(200, { faults: app.faults.list() });
    case 'POST /faults':
      return jsonReply(200, { id: app.faults.add(parseFaultSpec(await readJson())).id });
    case 'DELETE /faults':
      app.faults.clear();
      return jsonReply(200, { ok: true });
    case 'POST /faults/release':
      // Sends the answers `hold-response` faults are holding back.
      return jsonReply(200, { released: app.faults.releaseHeld() });
    case 'PUT /fixtures':
      return jsonReply(200, { version: app.fixtures.put(parseFixtureSpec(await readJson())) });
    case 'DELETE /fixtures':
      app.fixtures.clear();
      return jsonReply(200, { ok: true });
    case 'GET /db':
      return inspectDb(app);
    case 'GET /invalidations':
      return describeInvalidations(app);
    case 'PUT /invalidations':
      return setInvalidationLogSize(app, await readJson());
    case 'POST /invalidations':
      return publishInvalidation(app, await readJson());
    case 'DELETE /invalidations/streams':
      return jsonReply(200, { ended: await app.feed.endAll() });
    case 'GET /health':
      return jsonReply(200, { ok: true, pid: process.pid });
    case 'GET /proxy':
      // Issue 14: how the purges of the proxy in front went, and the answers faults hold back.
      return jsonReply(200, { purges: app.purger?.counts ?? null, heldResponses: app.faults.heldCount });
  }
  const user = /^PUT \/users\/([^/]+)$/.exec(route)?.[1];
  if (user !== undefined) return putUser(app, decodeURIComponent(user), await readJson());
  return errorReply(404, 'not-found');
}
