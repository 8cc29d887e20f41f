import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '../../demo/server/app.js';
import { buildWorkers } from './build-workers.js';

export interface FixtureSpec {
  path: string;
  headers?: Record<string, string>;
  body?: string;
  size?: number;
  contentType?: string;
}

/**
 * One variant's own origin: a demo server on a free port, serving one built worker folder, with its
 * own database. A separate port is a separate origin, so registrations and caches never mix.
 */
export class BenchOrigin {
  private constructor(
    readonly url: string,
    readonly close: () => Promise<void>,
  ) {}

  static async start(distDir: string): Promise<BenchOrigin> {
    const dataDir = await mkdtemp(join(tmpdir(), 'stowage-bench-'));
    const server = await startDemoServer({ port: 0, dataDir, distDir, quiet: true });
    return new BenchOrigin(server.url, async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    });
  }

  async fixture(spec: FixtureSpec): Promise<void> {
    await this.#control('PUT', '/__control/fixtures', spec);
  }

  /** Injects a fault (see demo/server/faults.ts), e.g. `{ path, mode: 'delay', latencyMs: 100 }`. */
  async fault(spec: { path: string; mode: 'delay' | 'status'; latencyMs?: number; status?: number; count?: number }): Promise<void> {
    await this.#control('POST', '/__control/faults', spec);
  }

  /** Status of each request for `path` that reached the server, in arrival order. */
  async statuses(path: string): Promise<Array<number | string | null>> {
    const { requests } = (await this.#control('GET', `/__control/requests?path=${encodeURIComponent(path)}`)) as {
      requests: Array<{ status: number | string | null }>;
    };
    return requests.map(({ status }) => status);
  }

  /** How many requests for `path` reached the server (a warm hit never does). */
  async requestCount(path: string): Promise<number> {
    const { requests } = (await this.#control('GET', `/__control/requests?path=${encodeURIComponent(path)}`)) as { requests: unknown[] };
    return requests.length;
  }

  async #control(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(new URL(path, this.url), {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
}

/**
 * Builds each variant's worker and starts one origin per variant, in order; `run` gets them, and every
 * origin is closed afterwards, whether `run` succeeded or not.
 */
export async function withVariantOrigins<V extends string, T>(
  variants: readonly V[],
  run: (started: Array<{ variant: V; origin: BenchOrigin }>) => Promise<T>,
): Promise<T> {
  const folders = await buildWorkers(variants);
  const started: Array<{ variant: V; origin: BenchOrigin }> = [];
  try {
    for (const variant of variants) started.push({ variant, origin: await BenchOrigin.start(folders[variant]!) });
    return await run(started);
  } finally {
    await Promise.all(started.map(({ origin }) => origin.close()));
  }
}
