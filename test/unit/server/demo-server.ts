import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startDemoServer } from '../../../demo/server/app';
import type { DemoServer, DemoServerOptions } from '../../../demo/server/app';

/** A real demo server on a free port with its own SQLite database, for the server's unit tests. */
export interface TestServer {
  server: DemoServer;
  /** Holds the server's SQLite file, for tests that open it beside the server. */
  dataDir: string;
  api(path: string, init?: RequestInit): Promise<Response>;
  /** A JSON POST. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Signs `user` in; resolves to the `Cookie` header value of the new session. */
  signIn(user: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestServer(options: Pick<DemoServerOptions, 'invalidationLogSize' | 'feedHeartbeatMs' | 'purgeUrl'> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stowage-demo-'));
  const server = await startDemoServer({ ...options, port: 0, dataDir, distDir: join(dataDir, 'no-dist'), quiet: true });
  const api = (path: string, init: RequestInit = {}): Promise<Response> => fetch(server.url + path, init);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    api(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return {
    server,
    dataDir,
    api,
    post,
    async signIn(user) {
      const login = await post('/api/login', { user });
      return (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One server for a test file, reset to `notes` before each test; call at the top of the file.
 * Resolves the running server.
 */
export function serverPerFile(notes: Array<{ title: string }>): () => TestServer {
  let demo: TestServer | undefined;
  beforeAll(async () => {
    demo = await startTestServer();
  });
  afterAll(async () => {
    await demo?.close();
  });
  beforeEach(async () => {
    await demo?.post('/__control/reset', { notes });
  });
  return () => {
    if (!demo) throw new Error('the server starts in beforeAll');
    return demo;
  };
}
