import type { IncomingMessage } from 'node:http';

/** Request headers worth recording; anything else is noise for the tests that read the log. */
const LOGGED_HEADERS = [
  'if-none-match',
  'if-modified-since',
  'if-match',
  'idempotency-key',
  'cache-control',
  'authorization',
  'content-type',
  'accept',
  'cookie',
  'x-stowage-replay',
  'range',
  'last-event-id',
] as const;

export type LoggedStatus = number | 'refused' | 'dropped' | 'hung' | 'aborted' | null;

export interface LogEntry {
  seq: number;
  /** Arrival time, ms since the epoch. */
  time: number;
  method: string;
  /** Path including the query string. */
  path: string;
  /** null while the response is still being produced. */
  status: LoggedStatus;
  /** Body bytes sent (its Content-Length), once answered: what the origin put on the wire. */
  bytes?: number;
  headers: Partial<Record<(typeof LOGGED_HEADERS)[number], string>>;
}

export interface LogFilter {
  path?: string | undefined;
  prefix?: string | undefined;
  method?: string | undefined;
}

export class RequestLog {
  #entries: LogEntry[] = [];
  #seq = 0;

  constructor(private readonly now: () => number) {}

  /** Records an arriving request; the caller fills in `status` when it is known. */
  start(req: IncomingMessage, path: string): LogEntry {
    const headers: LogEntry['headers'] = {};
    for (const name of LOGGED_HEADERS) {
      const value = req.headers[name];
      if (value === undefined) continue;
      // Cookies identify sessions; tests only need to know one was sent.
      headers[name] = name === 'cookie' ? 'present' : Array.isArray(value) ? value.join(', ') : value;
    }
    const entry: LogEntry = { seq: ++this.#seq, time: this.now(), method: req.method ?? 'GET', path, status: null, headers };
    this.#entries.push(entry);
    return entry;
  }

  list(filter: LogFilter = {}): LogEntry[] {
    const method = filter.method?.toUpperCase();
    return this.#entries.filter((entry) => {
      const pathname = entry.path.split('?')[0] ?? entry.path;
      if (filter.path !== undefined && pathname !== filter.path) return false;
      if (filter.prefix !== undefined && !pathname.startsWith(filter.prefix)) return false;
      return method === undefined || entry.method === method;
    });
  }

  clear(): void {
    this.#entries = [];
  }
}
