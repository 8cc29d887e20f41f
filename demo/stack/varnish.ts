/**
 * Varnish for the stack: one varnishd in the foreground (`-F`) as a child process, on a loopback
 * port, with demo/stack/stowage.vcl and a generated backends.vcl naming the app servers. There is
 * no service manager: the stack starts it and stops it by pid.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from './child';
import type { Child } from './child';
import { StackError } from './stack-error';

const STACK_DIR = fileURLToPath(new URL('.', import.meta.url));
export const VCL_FILE = join(STACK_DIR, 'stowage.vcl');

const INSTALL_HINT = 'install Debian\'s Varnish and its modules: apt-get install varnish varnish-modules (Varnish 7.1 with xkey on bookworm)';

/** varnishd lives in /usr/sbin, which a user's PATH may lack. */
export function findVarnishd(): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  return dirs.filter((dir) => dir !== '').map((dir) => join(dir, 'varnishd')).find((file) => existsSync(file));
}

/**
 * The backends and the round-robin director. Each backend is probed on the control API's health
 * check (not under /api/, so probes never show in the request log the tests read): a killed app
 * server leaves the rotation within about a second.
 */
export function backendsVcl(originPorts: readonly number[]): string {
  const backends = originPorts
    .map((port, i) => `backend origin${i + 1} {\n  .host = "127.0.0.1";\n  .port = "${port}";\n  .probe = health;\n}\n`)
    .join('');
  const adds = originPorts.map((_, i) => `  origins.add_backend(origin${i + 1});\n`).join('');
  return `# Written by demo/stack/start.ts for this run.
probe health {
  .url = "/__control/health";
  .interval = 250ms;
  .timeout = 1s;
  .window = 3;
  .threshold = 2;
  .initial = 2;
}
${backends}
sub vcl_init {
  new origins = directors.round_robin();
${adds}}
`;
}

/** The varnishd binary, or a StackError that says what to install. */
export function requireVarnishd(): string {
  const varnishd = findVarnishd();
  if (varnishd === undefined) throw new StackError('varnish-missing', `varnishd was not found: ${INSTALL_HINT}`);
  return varnishd;
}

export interface Varnish {
  url: string;
  port: number;
  /** varnishd's -n directory: `varnishstat -n <it>` reads its counters. */
  instanceDir: string;
  child: Child;
  stop(): Promise<void>;
}

export async function startVarnish(port: number, originPorts: readonly number[]): Promise<Varnish> {
  const varnishd = requireVarnishd();
  const workDir = await mkdtemp(join(tmpdir(), 'stowage-varnish-'));
  // varnishd compiles VCL as its own unprivileged user (its jail): it must be able to read the include.
  await chmod(workDir, 0o755);
  await writeFile(join(workDir, 'backends.vcl'), backendsVcl(originPorts));
  const child = startChild(
    varnishd,
    [
      '-F',
      '-n', join(workDir, 'instance'),
      '-a', `127.0.0.1:${port}`,
      // Before -f: the VCL is compiled with the vcl_path in force when -f is read.
      '-p', `vcl_path=${workDir}:${STACK_DIR}`,
      '-f', VCL_FILE,
      '-s', 'malloc,64m',
      // No management port: the stack stops varnishd by pid; nothing else talks to it.
      '-T', 'none',
    ],
    {},
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await child.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(url, child, 20_000);
  } catch (err) {
    await stop();
    const hint = /xkey/i.test(child.output()) ? `\n(${INSTALL_HINT})` : '';
    throw new StackError('varnish-failed', `varnishd did not start: ${(err as Error).message}\n${child.output()}${hint}`);
  }
  return { url, port, instanceDir: join(workDir, 'instance'), child, stop };
}

/** The VCL answers /__control/ itself (404) once it is loaded, without asking a backend. */
async function waitUntilServing(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error('varnishd exited');
    const ok = await fetch(`${url}/__control/`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status === 404, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no answer on ${url} within ${timeoutMs} ms`);
}
