/** One app server of the stack: the demo server (demo/server/main.ts) as its own process on a loopback port. */
import { fileURLToPath } from 'node:url';
import { startChild, waitForOutput } from './child';
import type { Child } from './child';
import { StackError } from './stack-error';

const MAIN = fileURLToPath(new URL('../server/main.ts', import.meta.url));

export interface OriginOptions {
  dataDir: string;
  distDir: string;
  /** The PostgreSQL store's URL; SQLite in `dataDir` without it. */
  databaseUrl?: string | undefined;
  /** Where the server sends its PURGE after each commit. */
  purgeUrl: string;
  /** Poll the shared log for other servers' commits (several app servers only). */
  followLogMs?: number | undefined;
}

export interface Origin {
  url: string;
  port: number;
  child: Child;
}

export async function startOrigin(options: OriginOptions): Promise<Origin> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    DIST_DIR: options.distDir,
    PURGE_URL: options.purgeUrl,
  };
  if (options.followLogMs !== undefined) env['FEED_FOLLOW_MS'] = String(options.followLogMs);
  else delete env['FEED_FOLLOW_MS'];
  if (options.databaseUrl !== undefined) env['DATABASE_URL'] = options.databaseUrl;
  else delete env['DATABASE_URL'];
  const child = startChild(process.execPath, ['--import', 'tsx', MAIN], { env });
  try {
    const match = await waitForOutput(child, /Stowage demo: http:\/\/[^:]+:(\d+)/, 30_000);
    const port = Number(match[1]);
    return { url: `http://127.0.0.1:${port}`, port, child };
  } catch (err) {
    await child.stop();
    throw new StackError('origin-failed', `The demo server did not start (${(err as Error).message}):\n${child.output()}`);
  }
}
