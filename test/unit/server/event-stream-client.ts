/**
 * A small `text/event-stream` reader over Node's fetch, parsing as EventSource does (HTML "Server-sent
 * events" §9.2.6), so the server's tests see the feed the way a browser would.
 */
export interface ReceivedEvent {
  event: string;
  /** undefined when the block had no `id:` line. */
  id: string | undefined;
  data: string;
  /** Date.now() when the block was complete. */
  receivedAt: number;
}

export class EventStreamClient {
  readonly events: ReceivedEvent[] = [];
  readonly comments: string[] = [];
  retryMs: number | undefined;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  #waiters: Array<() => void> = [];
  readonly #abort: AbortController;

  private constructor(
    readonly response: Response,
    abort: AbortController,
  ) {
    this.#abort = abort;
    this.ended = this.#read().finally(() => this.#wake());
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
    const abort = new AbortController();
    const response = await fetch(url, { headers, signal: abort.signal });
    return new EventStreamClient(response, abort);
  }

  /** Waits for the `count`-th event (1-based), failing after `timeoutMs`. */
  async nth(count: number, timeoutMs = 2000): Promise<ReceivedEvent> {
    await this.#until(() => this.events.length >= count, timeoutMs, `event ${count}`);
    const event = this.events[count - 1];
    if (!event) throw new Error('unreachable');
    return event;
  }

  /** Waits for the first comment line. */
  async firstComment(timeoutMs = 2000): Promise<string> {
    await this.#until(() => this.comments.length > 0, timeoutMs, 'a comment');
    return this.comments[0] ?? '';
  }

  async #until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`waited ${timeoutMs} ms for ${what}; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.#abort.abort();
  }

  #wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }

  async #read(): Promise<void> {
    const body = this.response.body;
    if (!body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    let block: { event: string; id: string | undefined; data: string[] } = { event: '', id: undefined, data: [] };
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let newline: number;
        while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            // An empty data buffer is not dispatched (§9.2.6), exactly like EventSource.
            if (block.data.length > 0) {
              this.events.push({ event: block.event || 'message', id: block.id, data: block.data.join('\n'), receivedAt: Date.now() });
              this.#wake();
            }
            block = { event: '', id: undefined, data: [] };
            continue;
          }
          if (line.startsWith(':')) {
            this.comments.push(line.slice(1).trim());
            this.#wake();
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') block.event = value;
          else if (field === 'data') block.data.push(value);
          else if (field === 'id') block.id = value;
          else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
        }
      }
    } catch (err) {
      if (!this.#abort.signal.aborted) throw err;
    }
  }
}
