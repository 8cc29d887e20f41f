/** Routing for /api/: method dispatch, 404/405, and the idempotent write wrapper. */
import type { IncomingMessage } from 'node:http';
import { purgeThenPublish } from './after-commit';
import type { ApiRequest, AppContext, WriteRequest } from './context';
import { FIXTURE_PREFIX } from './fixtures';
import { errorReply, jsonReply, parseJson, readBody } from './http';
import type { Reply } from './http';
import { runIdempotentWrite } from './idempotency';
import { createNote, deleteNote, getNote, listNotes, patchNote, replaceNote } from './notes';
import { inbox, me, updateMe } from './account';
import { stampedRead } from './refill-guard';
import { login, logout, readSession } from './sessions';

type ReadHandler = (request: ApiRequest) => Promise<Reply>;
type WriteHandler = (request: WriteRequest) => Promise<Reply>;

interface Route {
  pattern: RegExp;
  reads?: { GET: ReadHandler };
  writes?: Partial<Record<'POST' | 'PUT' | 'PATCH' | 'DELETE', WriteHandler>>;
}

const ROUTES: Route[] = [
  { pattern: /^\/api\/notes$/, reads: { GET: listNotes }, writes: { POST: createNote } },
  {
    pattern: /^\/api\/notes\/([^/]+)$/,
    reads: { GET: getNote },
    writes: { PUT: replaceNote, PATCH: patchNote, DELETE: deleteNote },
  },
  { pattern: /^\/api\/login$/, writes: { POST: login } },
  { pattern: /^\/api\/logout$/, writes: { POST: logout } },
  { pattern: /^\/api\/me$/, reads: { GET: me }, writes: { PATCH: updateMe } },
  { pattern: /^\/api\/inbox$/, reads: { GET: inbox } },
];

function allowed(route: Route): string {
  const methods = route.reads ? ['GET', 'HEAD'] : [];
  return [...methods, ...Object.keys(route.writes ?? {})].join(', ');
}

/** Handles one /api/ request (faults and logging have already been applied). */
export async function handleApi(app: AppContext, req: IncomingMessage, url: URL): Promise<Reply> {
  const pathname = url.pathname;
  const method = req.method ?? 'GET';
  if (pathname.startsWith(FIXTURE_PREFIX)) return app.fixtures.serve(req, pathname);

  for (const route of ROUTES) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    const request: ApiRequest = { app, req, pathname, path: pathname + url.search, params: match.slice(1) };
    const read = route.reads?.GET;
    if ((method === 'GET' || method === 'HEAD') && read) return stampedRead(app, () => read(request));
    const write = route.writes?.[method as keyof NonNullable<Route['writes']>];
    if (!write) return jsonReply(405, { error: 'method-not-allowed' }, { Allow: allowed(route) });
    const principal = (await readSession(app.store, req))?.user;
    try {
      return await runIdempotentWrite({
        store: app.store,
        inFlight: app.inFlightKeys,
        req,
        path: request.path,
        principal,
        readBody: () => readBody(req),
        // The effect, its log row and (in runIdempotentWrite) its idempotency record: one transaction.
        perform: async (raw, tx) => app.invalidations.appendFor(tx, await write({ ...request, raw, json: parseJson(raw), tx }), principal),
      });
    } finally {
      // After the commit (or after a rollback, which left no row): purge the proxy, then publish.
      await purgeThenPublish(app);
    }
  }
  return errorReply(404, 'not-found');
}
