/** A typed client for the demo server's test-control API (`/__control/`), used from Node. */
export interface LoggedRequest {
  /** Body bytes the origin sent. */
  bytes?: number;
  seq: number;
  time: number;
  method: string;
  path: string;
  /** null while the server is still producing the answer. */
  status: number | 'refused' | 'dropped' | 'hung' | 'aborted' | null;
  headers: Record<string, string>;
}

export interface Fault {
  path?: string;
  method?: string;
  /** `drop-response`: the write takes effect, then the connection closes before the answer (what Idempotency-Key is for). */
  mode: 'refuse' | 'drop' | 'hang' | 'status' | 'delay' | 'drop-response' | 'delay-response' | 'hold-response';
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  latencyMs?: number;
  count?: number;
}

export interface Fixture {
  path: string;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  size?: number;
  contentType?: string;
  varyBodies?: Record<string, Record<string, string>>;
  /** How the fixture answers unsafe methods (default 405). */
  unsafe?: { status: number; headers?: Record<string, string> };
}

export interface Note {
  id: number;
  title: string;
  body: string;
  updatedAt: string;
}

export class Control {
  constructor(readonly baseUrl: string) {}

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${await response.text()}`);
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  reset(notes: Array<{ title: string; body?: string }> = []): Promise<{ notes: Note[] }> {
    return this.#call('POST', '/__control/reset', { notes });
  }

  /** Requests the server received under /api/, optionally only those for one path (and method). */
  async requests(filter: { path?: string; method?: string; prefix?: string } = {}): Promise<LoggedRequest[]> {
    const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== undefined) as [string, string][]);
    return (await this.#call<{ requests: LoggedRequest[] }>('GET', `/__control/requests?${query}`)).requests;
  }

  clearRequests(): Promise<void> {
    return this.#call('DELETE', '/__control/requests');
  }

  fault(fault: Fault): Promise<{ id: number }> {
    return this.#call('POST', '/__control/faults', fault);
  }

  clearFaults(): Promise<void> {
    return this.#call('DELETE', '/__control/faults');
  }

  fixture(fixture: Fixture): Promise<{ version: number }> {
    return this.#call('PUT', '/__control/fixtures', fixture);
  }

  setUser(user: string, data: { secret?: string; inbox?: Array<{ from: string; subject: string; text: string }> }): Promise<void> {
    return this.#call('PUT', `/__control/users/${encodeURIComponent(user)}`, data);
  }

  /** The purges of the proxy in front (issue 14's stack; null without one) and the answers `hold-response` faults hold. */
  proxy(): Promise<{ purges: { sent: number; failed: number } | null; heldResponses: number }> {
    return this.#call('GET', '/__control/proxy');
  }

  /** Lets the answers held by `hold-response` faults go out. */
  releaseHeld(): Promise<{ released: number }> {
    return this.#call('POST', '/__control/faults/release');
  }

  db(): Promise<{ notes: Note[]; idempotencyKeys: number; users: string[] }> {
    return this.#call('GET', '/__control/db');
  }
}
