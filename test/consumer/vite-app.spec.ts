/**
 * A real consumer (issue 13): a fresh app from Vite's own vanilla-ts template (create-vite, pinned)
 * installs the packed package (`npm pack`), adds the plugin, a worker of three routes and the page's
 * three lines, type-checks against the packed declarations and builds (`tsc && vite build`), and
 * works offline in Chromium from `vite preview`: the reload opens from the precache, and a lazily
 * imported chunk the page never requested loads from the warm tier.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const CREATE_VITE = 'create-vite@9.3.0';
const REPO = process.cwd();

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${output}`);
  return output;
}

const FILES: Record<string, string> = {
  'vite.config.ts': "import { defineConfig } from 'vite';\nimport { stowage } from 'stowage/vite';\n\nexport default defineConfig({ plugins: [stowage({ sw: 'src/sw.ts' })] });\n",
  'src/sw.ts': [
    "import manifest from 'virtual:stowage/manifest';",
    "import { installStowage } from 'stowage/sw';",
    '',
    'installStowage({',
    '  precache: manifest,',
    '  routes: [',
    "    { match: ({ request }) => request.mode === 'navigate', strategy: 'network-first', networkTimeoutMs: 3000 },",
    "    { match: '/assets/*', strategy: 'cache-first', maxEntries: 60 },",
    "    { match: '/api/*', strategy: 'stale-while-revalidate' },",
    '  ],',
    '});',
    '',
  ].join('\n'),
  'src/lazy.ts': "export const lazyText = 'loaded lazily';\n",
};

/** The three lines of page integration, and a lazy import the test calls. */
const PAGE_LINES = [
  "import { register } from 'stowage';",
  "const stowage = await register('/sw.js');",
  "Object.assign(window, { stowage, loadLazy: () => import('./lazy').then((module) => module.lazyText) });",
  '',
].join('\n');

test('a fresh Vite app installs the packed package and works offline from its precache', async ({ browser }) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'stowage-consumer-'));
  const app = join(dir, 'app');
  let preview: ChildProcess | undefined;
  try {
    await test.step('pack, scaffold, install', () => {
      run('npm', ['pack', '--pack-destination', dir, '--silent'], REPO);
      const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'))!;
      run('npm', ['exec', '--yes', CREATE_VITE, '--', 'app', '--no-interactive', '--no-immediate', '--template', 'vanilla-ts'], dir);
      run('npm', ['install', '--no-audit', '--no-fund'], app);
      const installed = run('npm', ['install', '--no-audit', '--no-fund', join(dir, tarball)], app);
      expect(installed).not.toMatch(/deprecated/i);
      const added = /added (\d+) packages?/.exec(installed)?.[1] ?? '0';
      test.info().annotations.push({ type: 'packages added by stowage', description: added });
      console.log(`stowage added ${added} packages to a fresh vanilla-ts app`);
    });

    await test.step('integrate, type-check and build', () => {
      for (const [file, text] of Object.entries(FILES)) writeFileSync(join(app, file), text);
      writeFileSync(join(app, 'src/main.ts'), `${PAGE_LINES}${readFileSync(join(app, 'src/main.ts'), 'utf8')}`);
      const tsconfig = readFileSync(join(app, 'tsconfig.json'), 'utf8').replace('"types": ["vite/client"]', '"types": ["vite/client", "stowage/vite/client"]');
      writeFileSync(join(app, 'tsconfig.json'), tsconfig);
      // The template's own build script: `tsc && vite build`, so the packed declarations are checked.
      const built = run('npm', ['run', 'build'], app);
      expect(built).toMatch(/stowage: precache: \d+ critical/);
    });

    const url = await test.step('serve with vite preview', async () => {
      preview = spawn('npx', ['vite', 'preview', '--port', '0', '--strictPort', 'false', '--host', '127.0.0.1'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
      return new Promise<string>((resolve, reject) => {
        let output = '';
        preview!.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
          if (found) resolve(found[0]);
        });
        preview!.once('exit', () => reject(new Error(`vite preview exited:\n${output}`)));
      });
    });

    const context = await browser.newContext();
    const page = await context.newPage();
    await test.step('first visit online: controlled, critical precache stored, warm tier fetched', async () => {
      await page.goto(url);
      await page.waitForFunction(() => 'stowage' in window && navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
      await expect(page.locator('h1')).toHaveText('Get started');
      // The lazy chunk was never requested by the page: it can only be in a cache by the warm tier.
      await expect
        .poll(() => page.evaluate(async () => {
          for (const name of await caches.keys()) {
            const keys = await (await caches.open(name)).keys();
            if (keys.some((request) => /\/assets\/lazy-[^/]+\.js$/.test(request.url))) return true;
          }
          return false;
        }), { timeout: 20_000 })
        .toBe(true);
    });

    await test.step('offline: the reload opens from the precache and the lazy chunk loads', async () => {
      await context.setOffline(true);
      await page.reload();
      await expect(page.locator('h1')).toHaveText('Get started');
      expect(await page.evaluate(() => (window as unknown as { loadLazy: () => Promise<string> }).loadLazy())).toBe('loaded lazily');
    });
    await context.close();
  } finally {
    preview?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
