/**
 * A real consumer (issue 13): a fresh app from Vite's own vanilla-ts template (create-vite, pinned)
 * installs the packed package (`npm pack`), adds the plugin, a worker of three routes and the page's
 * three lines, type-checks against the packed declarations and builds (`tsc && vite build`), and
 * works offline in Chromium from `vite preview`: the reload opens from the precache, and a lazily
 * imported chunk the page never requested loads from the warm tier. Then a second build replaces only
 * what changed, its worker takes over at once beside a tab of the first build, and that tab keeps
 * loading its own build's lazy chunk.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

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
  // Not the app's: the same `vite preview` of the app's own config, plus one line per request it
  // receives, so the spec sees what the worker fetched (and what it did not).
  'preview-log.config.ts': [
    "import { mergeConfig, type Plugin } from 'vite';",
    "import app from './vite.config';",
    '',
    'const log: Plugin = {',
    "  name: 'log-requests',",
    '  configurePreviewServer(server) {',
    '    server.middlewares.use((request, _response, next) => {',
    '      console.log(`request ${request.method} ${request.url}`);',
    '      next();',
    '    });',
    '  },',
    '};',
    'export default mergeConfig(app, { plugins: [log] });',
    '',
  ].join('\n'),
};

/** The three lines of page integration, and a lazy import the test calls. */
const PAGE_LINES = [
  "import { register } from 'stowage';",
  "const stowage = await register('/sw.js');",
  "Object.assign(window, { stowage, loadLazy: () => import('./lazy').then((module) => module.lazyText) });",
  '',
].join('\n');

const LAZY_CHUNK = /\/assets\/lazy-[^/]+\.js$/;

/** `vite preview` of the app's output, and the requests it has received since it started. */
class Preview {
  readonly requests: string[] = [];
  readonly #process: ChildProcess;
  readonly url: Promise<string>;

  constructor(app: string, port: number) {
    // Node on Vite's own bin, not `npx`: a signal reaches the server itself, so the port is free on exit.
    const args = ['preview', '--config', 'preview-log.config.ts', '--host', '127.0.0.1', '--port', String(port), '--strictPort', String(port !== 0)];
    this.#process = spawn(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), ...args], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    this.url = new Promise<string>((resolve, reject) => {
      this.#process.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
        this.requests.splice(0, Infinity, ...[...plain.matchAll(/^request GET (\S+)$/gm)].map((found) => found[1]!.split('?')[0]!));
        const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(plain);
        if (found) resolve(found[0]);
      });
      this.#process.once('exit', () => reject(new Error(`vite preview exited:\n${output}`)));
    });
  }

  async stop(): Promise<void> {
    if (this.#process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#process.once('exit', resolve));
    this.#process.kill();
    await exited;
  }
}

declare const window: Window & { loadLazy: () => Promise<string> };

/** Each build's precache, as the worker keeps it: cache name → (pathname → revision). */
function precacheBuilds(page: Page): Promise<Record<string, Record<string, string>>> {
  return page.evaluate(async () => {
    const builds: Record<string, Record<string, string>> = {};
    for (const name of (await caches.keys()).filter((key) => key.includes('-precache:'))) {
      const manifest = await caches.match('/__stowage/precache/manifest', { cacheName: name });
      const revisions = manifest ? ((await manifest.json()) as Record<string, string>) : {};
      builds[name] = Object.fromEntries(Object.entries(revisions).map(([url, revision]) => [new URL(url).pathname, revision]));
    }
    return builds;
  });
}

/** Whether every URL of a build's manifest is in its cache (the warm tier done). */
function buildComplete(page: Page, cacheName: string): Promise<boolean> {
  return page.evaluate(async (name) => {
    const cache = await caches.open(name);
    const manifest = await cache.match('/__stowage/precache/manifest');
    if (!manifest) return false;
    const present = new Set((await cache.keys()).map((key) => key.url));
    return Object.keys((await manifest.json()) as Record<string, string>).every((url) => present.has(url));
  }, cacheName);
}

test.describe.serial('a fresh Vite app with the packed package', () => {
  let dir: string;
  let app: string;
  let preview: Preview | undefined;
  let url: string;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    dir = mkdtempSync(join(tmpdir(), 'stowage-consumer-'));
    app = join(dir, 'app');
    run('npm', ['pack', '--pack-destination', dir, '--silent'], REPO);
    const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'))!;
    run('npm', ['exec', '--yes', CREATE_VITE, '--', 'app', '--no-interactive', '--no-immediate', '--template', 'vanilla-ts'], dir);
    run('npm', ['install', '--no-audit', '--no-fund'], app);
    const installed = run('npm', ['install', '--no-audit', '--no-fund', join(dir, tarball)], app);
    expect(installed).not.toMatch(/deprecated/i);
    const added = /added (\d+) packages?/.exec(installed)?.[1] ?? '0';
    test.info().annotations.push({ type: 'packages added by stowage', description: added });
    console.log(`stowage added ${added} packages to a fresh vanilla-ts app`);

    for (const [file, text] of Object.entries(FILES)) writeFileSync(join(app, file), text);
    writeFileSync(join(app, 'src/main.ts'), `${PAGE_LINES}${readFileSync(join(app, 'src/main.ts'), 'utf8')}`);
    const tsconfig = readFileSync(join(app, 'tsconfig.json'), 'utf8').replace('"types": ["vite/client"]', '"types": ["vite/client", "stowage/vite/client"]');
    writeFileSync(join(app, 'tsconfig.json'), tsconfig);
    // The template's own build script: `tsc && vite build`, so the packed declarations are checked.
    const built = run('npm', ['run', 'build'], app);
    expect(built).toMatch(/stowage: precache: \d+ critical/);
    preview = new Preview(app, 0);
    url = await preview.url;
  });

  test.afterAll(async () => {
    await preview?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('works offline from its precache', async ({ browser }) => {
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
      expect(await page.evaluate(() => window.loadLazy())).toBe('loaded lazily');
    });
    await context.close();
  });

  test('a new build: only changed files fetched, its worker takes over beside an old tab, which keeps its lazy chunk', async ({ browser }) => {
    const context = await browser.newContext();
    const oldTab = await context.newPage();
    const oldBuild = await test.step('a tab of the first build, its warm tier in', async () => {
      await oldTab.goto(url);
      await oldTab.waitForFunction(() => 'stowage' in window && navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
      let name = '';
      await expect.poll(async () => {
        [name = ''] = Object.keys(await precacheBuilds(oldTab));
        return name !== '' && (await buildComplete(oldTab, name));
      }, { timeout: 20_000 }).toBe(true);
      return { name, revisions: (await precacheBuilds(oldTab))[name]! };
    });
    const oldLazy = Object.keys(oldBuild.revisions).find((path) => LAZY_CHUNK.test(path))!;

    await test.step('the lazy module changes; `vite build` again; vite preview serves the new output on the same port', async () => {
      writeFileSync(join(app, 'src/lazy.ts'), "export const lazyText = 'loaded lazily, second build';\n");
      run(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), 'build'], app);
      await preview!.stop();
      preview = new Preview(app, Number(new URL(url).port));
      expect(await preview.url).toBe(url);
    });

    const newBuild = await test.step('the new worker activates and takes the old tab at once (no tab closed)', async () => {
      // The update check a navigation would make; the page waits for the controller to change, no sleep.
      const noneWaiting = await oldTab.evaluate(async () => {
        const registration = (await navigator.serviceWorker.getRegistration())!;
        const before = registration.active;
        const changed = new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
        // A deadline, not a wait: a worker left waiting for the old tab to close never fires controllerchange.
        const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the new worker did not take control within 20 s')), 20_000));
        await registration.update();
        await Promise.race([changed, deadline]);
        if (registration.active === before || navigator.serviceWorker.controller !== registration.active) throw new Error('not the new worker');
        return registration.waiting === null;
      });
      expect(noneWaiting).toBe(true);
      let name = '';
      await expect.poll(async () => {
        name = Object.keys(await precacheBuilds(oldTab)).find((key) => key !== oldBuild.name) ?? '';
        return name !== '' && (await buildComplete(oldTab, name));
      }, { timeout: 20_000 }).toBe(true);
      return { name, revisions: (await precacheBuilds(oldTab))[name]! };
    });

    await test.step('the new worker fetched exactly the files whose content changed', () => {
      const paths = Object.keys(newBuild.revisions);
      const changed = paths.filter((path) => oldBuild.revisions[path] !== newBuild.revisions[path]);
      const unchanged = paths.filter((path) => oldBuild.revisions[path] === newBuild.revisions[path]);
      expect(changed).toEqual(expect.arrayContaining(['/index.html', expect.stringMatching(LAZY_CHUNK)]));
      expect(unchanged.length).toBeGreaterThan(0);
      const fetched = preview!.requests.filter((path) => path !== '/sw.js');
      expect(new Set(fetched)).toEqual(new Set(changed));
      expect(preview!.requests).toContain('/sw.js');
    });

    await test.step("the old tab's own lazy chunk, gone from the server, loads from its build's cache", async () => {
      const requestsBefore = preview!.requests.length;
      expect(await oldTab.evaluate(() => window.loadLazy())).toBe('loaded lazily');
      expect(preview!.requests.slice(requestsBefore)).not.toContain(oldLazy);
      expect(Object.keys(await precacheBuilds(oldTab))).toContain(oldBuild.name);
      const newTab = await context.newPage();
      await newTab.goto(url);
      await newTab.waitForFunction(() => 'loadLazy' in window);
      expect(await newTab.evaluate(() => window.loadLazy())).toBe('loaded lazily, second build');
    });
    await context.close();
  });
});
