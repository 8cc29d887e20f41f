/**
 * PostgreSQL for the stack (issue 14): when `DATABASE_URL` names a loopback host and nothing answers
 * there, the stack runs Debian's `postgres` in the foreground as a child process, its cluster in
 * `<DATA_DIR>/postgres` (made by initdb on first use), and stops it by pid, as it does Varnish.
 * The database the URL names is created if missing. A remote host is left alone: its operator runs it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { postgresUser, withUser } from '../server/store/postgres';
import { startChild, waitForOutput } from './child';
import type { Child } from './child';
import { StackError } from './stack-error';

const INSTALL_HINT = "install Debian's PostgreSQL: apt-get install postgresql";
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
/** postgres refuses to run as root; Debian's package makes this system user for it. */
const SYSTEM_USER = 'postgres';

/** Debian keeps the server binaries out of PATH, one directory per major version. */
function findPostgresBinDir(): string | undefined {
  const hasServer = (dir: string): boolean => existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb'));
  const fromPgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const bindir = fromPgConfig.status === 0 ? fromPgConfig.stdout.trim() : '';
  if (bindir !== '' && hasServer(bindir)) return bindir;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
  return versions.map((version) => join(root, version, 'bin')).find(hasServer);
}

/** The server's bin directory, or a StackError that says what to install. */
function requirePostgresBinDir(): string {
  const dir = findPostgresBinDir();
  if (dir === undefined) throw new StackError('postgres-missing', `PostgreSQL's server (postgres, initdb) was not found: ${INSTALL_HINT}`);
  return dir;
}

export interface Postgres {
  /** The server the stack started; undefined when one was already answering (or the host is remote). */
  child: Child | undefined;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** The cluster's directory, made by initdb when it has none. */
  clusterDir: string;
  port: number;
  /** Where it listens: a loopback address or `localhost`. */
  host: string;
  /** The superuser initdb makes; loopback connections are trusted. */
  user: string;
}

/** As root, a command runs as the postgres system user instead; the ids are those of that user. */
function asPostgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => Number(spawnSync('id', [flag, SYSTEM_USER], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid <= 0) throw new StackError('postgres-failed', `postgres refuses to run as root, and there is no "${SYSTEM_USER}" user to run it as (${INSTALL_HINT})`);
  return { uid, gid };
}

function command(binDir: string, program: string, args: string[], owner: { uid: number; gid: number } | undefined): [string, string[]] {
  const file = join(binDir, program);
  if (owner === undefined) return [file, args];
  // setpriv execs the program (no process in between), so the pid the stack stops is postgres's own.
  return ['setpriv', [`--reuid=${owner.uid}`, `--regid=${owner.gid}`, '--init-groups', '--', file, ...args]];
}

/** Runs initdb into `clusterDir` unless it holds a cluster, then the server; resolves once it accepts connections. */
export async function startPostgres(options: PostgresOptions): Promise<Postgres> {
  const binDir = requirePostgresBinDir();
  const owner = asPostgresUser();
  const { clusterDir } = options;
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (owner !== undefined) {
    await chown(clusterDir, owner.uid, owner.gid);
    // The system user must be able to reach its cluster: the parent (often a 0700 temp dir) gets o+x, nothing more.
    const parent = join(clusterDir, '..');
    await chmod(parent, (await stat(parent)).mode | 0o001);
  }
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    const [file, args] = command(binDir, 'initdb', ['-D', clusterDir, '-U', options.user, '--auth=trust', '--encoding=UTF8', '--locale=C'], owner);
    const init = spawnSync(file, args, { encoding: 'utf8' });
    if (init.status !== 0) throw new StackError('postgres-failed', `initdb failed (${init.status ?? init.signal}):\n${init.stdout}${init.stderr}`);
  }
  const [file, args] = command(
    binDir,
    'postgres',
    // The socket goes in the cluster's directory: Debian's /var/run/postgresql may not exist, nor be ours.
    ['-D', clusterDir, '-p', String(options.port), '-k', clusterDir, '-c', `listen_addresses=${options.host}`],
    owner,
  );
  const child = startChild(file, args, {});
  // SIGINT is postgres's fast shutdown; SIGTERM would wait for every client to disconnect.
  const stop = (): Promise<void> => child.stop(10_000, 'SIGINT');
  try {
    await waitForOutput(child, /ready to accept connections/, 60_000);
  } catch (err) {
    await stop();
    throw new StackError('postgres-failed', `postgres did not start (${(err as Error).message}):\n${child.output()}`);
  }
  return { child, stop };
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** Creates the database `databaseUrl` names, connecting to the server's `postgres` database to do it. */
export async function createDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(withUser(databaseUrl));
  const name = decodeURIComponent(url.pathname.slice(1)) || postgresUser(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/**
 * Makes `databaseUrl` answer: starts PostgreSQL into `<dataDir>/postgres` when its host is loopback
 * and nothing listens there, then creates its database if missing.
 */
export async function ensurePostgres(databaseUrl: string, dataDir: string): Promise<Postgres> {
  const url = new URL(databaseUrl);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || 5432);
  const none: Postgres = { child: undefined, stop: async () => undefined };
  if (!LOOPBACK.has(host)) return none;
  const server = (await answers(host, port)) ? none : await startPostgres({ clusterDir: join(dataDir, 'postgres'), port, host, user: postgresUser(databaseUrl) });
  try {
    await createDatabase(databaseUrl);
  } catch (err) {
    await server.stop();
    throw new StackError('postgres-failed', `could not create the database of ${databaseUrl}: ${(err as Error).message}`);
  }
  return server;
}
