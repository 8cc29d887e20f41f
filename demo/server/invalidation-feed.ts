/**
 * `GET /api/invalidations`: the log of committed invalidations as a server-sent event stream, so
 * other tabs and other devices learn what changed (issue 11). Each log row is an `invalidate`
 * event whose `id` is the row id; a client reconnecting with `Last-Event-ID` gets every row it
 * missed, in order, then live events, or a `reset` when those rows are gone. A client that names no
 * id gets a `cursor` event first, whose `id` is the newest row: it has an id to resume from at once.
 *
 * A stream belongs to the user whose session opened it (none: anonymous). Rows about one user's own
 * data (`me:alice`) go to that user's streams only; shared rows go to every stream. A stream still
 * moves its cursor past rows it was not sent, so ids stay comparable whoever reads them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { commentBlock, EVENT_STREAM_TYPE, eventBlock, retryBlock } from './event-stream';
import { errorReply, sendReply } from './http';
import type { Invalidation, InvalidationLog, LastEventId } from './invalidation-log';
import { Mutex } from './mutex';

export const FEED_PATH = '/api/invalidations';

/** EventSource's default wait is browser-defined (often 3 s); a fast reconnect keeps the gap short. */
const RETRY_MS = 1000;
export const DEFAULT_HEARTBEAT_MS = 15_000;
/** A client that stops reading is cut off rather than buffered without bound; it resumes from its last id. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

interface Stream {
  res: ServerResponse;
  /** The id of the last row this client has been sent (or told to start from). */
  cursor: number;
  /** The session user that opened the stream, undefined for none. */
  user: string | undefined;
  heartbeat: NodeJS.Timeout;
}

/**
 * The id to resume after. EventSource sends `Last-Event-ID` only on a reconnect, so a page that
 * kept the last id it applied passes it as `?lastEventId=` on its first connect; the header wins,
 * being the newer of the two on a reconnect.
 */
export function requestedLastEventId(req: IncomingMessage, url: URL): LastEventId {
  const header = req.headers['last-event-id'];
  const raw = (typeof header === 'string' && header.trim() !== '' ? header : url.searchParams.get('lastEventId') ?? '').trim();
  if (raw === '') return undefined;
  return /^(0|[1-9][0-9]{0,14})$/.test(raw) ? Number(raw) : 'unknown';
}

/** Whether a row may go to a stream: shared rows to all, a user's rows to that user's streams. */
function concerns(row: Invalidation, user: string | undefined): boolean {
  return row.user === undefined || row.user === user;
}

function invalidateEvent(row: Invalidation): string {
  const data = row.mode === undefined ? { tags: row.tags } : { tags: row.tags, mode: row.mode };
  return eventBlock({ event: 'invalidate', id: row.id, data });
}

export class InvalidationFeed {
  readonly #streams = new Set<Stream>();
  /** The newest row handed to the open streams. */
  #published: number;
  /**
   * The log is read asynchronously: a stream's replay and its subscription, and each publication,
   * take turns, so a commit can neither fall between a replay and the live events nor be sent twice.
   */
  readonly #turns = new Mutex();

  /** `publishedThrough`: the log's newest id now; rows after it are published by publishCommitted. */
  constructor(
    private readonly log: InvalidationLog,
    publishedThrough: number,
    private readonly heartbeatMs: number = DEFAULT_HEARTBEAT_MS,
  ) {
    this.#published = publishedThrough;
  }

  get openStreams(): number {
    return this.#streams.size;
  }

  /**
   * Answers one feed request for `user` (the request's session user); the response stays open until
   * the client leaves or the feed ends it.
   */
  async open(req: IncomingMessage, res: ServerResponse, url: URL, user: string | undefined): Promise<void> {
    if (req.method !== 'GET') {
      const reply = errorReply(405, 'method-not-allowed');
      reply.headers['Allow'] = 'GET';
      sendReply(req, res, reply);
      return;
    }
    // Read and subscribe in one turn: the cursor skips what the replay covered.
    await this.#turns.run(() => this.#subscribe(req, res, url, user));
  }

  async #subscribe(req: IncomingMessage, res: ServerResponse, url: URL, user: string | undefined): Promise<void> {
    const resume = await this.log.resume(requestedLastEventId(req, url));
    res.writeHead(200, {
      'Content-Type': EVENT_STREAM_TYPE,
      // Every reader must get its own live stream: no cache may store or share one.
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // nginx and similar proxies buffer responses by default, which would hold events back.
      'X-Accel-Buffering': 'no',
    });
    let text = retryBlock(RETRY_MS);
    let cursor: number;
    switch (resume.kind) {
      case 'live':
        // A new client learns where the feed stands now: were it cut off before the next event,
        // it could not say where to resume, and a write committed meanwhile would never reach it.
        cursor = await this.log.newestId();
        text += eventBlock({ event: 'cursor', id: cursor, data: {} });
        break;
      case 'replay':
        cursor = resume.rows.at(-1)?.id ?? (await this.log.newestId());
        text += resume.rows.filter((row) => concerns(row, user)).map(invalidateEvent).join('');
        break;
      case 'reset':
        cursor = resume.newestId;
        text += eventBlock({ event: 'reset', id: resume.newestId, data: {} });
        break;
    }
    const stream: Stream = {
      res,
      cursor,
      user,
      heartbeat: setInterval(() => this.#send(stream, commentBlock('keep-alive')), this.heartbeatMs).unref(),
    };
    this.#streams.add(stream);
    res.on('close', () => this.#drop(stream));
    this.#send(stream, text);
  }

  /** The newest row handed to the streams. */
  get publishedThrough(): number {
    return this.#published;
  }

  /** The committed rows not yet handed to the streams (the proxy is purged of their tags first). */
  unpublished(): Promise<Invalidation[]> {
    return this.log.after(this.#published);
  }

  /**
   * Sends the rows committed since the last call to every open stream; call after each write's
   * transaction. With `throughId`, only rows up to it: later ones have not been purged yet.
   */
  publishCommitted(throughId = Number.MAX_SAFE_INTEGER): Promise<void> {
    return this.#turns.run(() => this.#publish(throughId));
  }

  async #publish(throughId: number): Promise<void> {
    const rows = (await this.log.after(this.#published)).filter((row) => row.id <= throughId);
    const last = rows.at(-1);
    if (last === undefined) return;
    this.#published = last.id;
    for (const stream of this.#streams) {
      const text = rows.filter((row) => row.id > stream.cursor && concerns(row, stream.user)).map(invalidateEvent).join('');
      stream.cursor = Math.max(stream.cursor, last.id);
      if (text !== '') this.#send(stream, text);
    }
  }

  /**
   * Ends every open stream, as a server restart would; clients reconnect with their last id. Also
   * called after the database is reset, whose ids start over: the streams must not carry on.
   */
  endAll(): Promise<number> {
    return this.#turns.run(async () => {
      const ended = this.#streams.size;
      for (const stream of [...this.#streams]) {
        this.#drop(stream);
        stream.res.end();
      }
      this.#published = await this.log.newestId();
      return ended;
    });
  }

  #send(stream: Stream, text: string): void {
    if (stream.res.writableLength > MAX_BUFFERED_BYTES) {
      stream.res.destroy();
      return;
    }
    stream.res.write(text);
  }

  #drop(stream: Stream): void {
    clearInterval(stream.heartbeat);
    this.#streams.delete(stream);
  }
}
