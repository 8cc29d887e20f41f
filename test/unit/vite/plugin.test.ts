/**
 * The plugin in a real `vite build` (Vite's JS API, no config file) of a small app made in a temp
 * folder: the manifest's tiers come from the module graph, the worker is one classic script with the
 * app's define, mode and env, and an over-size file is a warning, never an error.
 */
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runInNewContext } from 'node:vm';
import { dirname, join } from 'node:path';
import { build, createLogger, type Logger } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stowage, type PrecacheManifest, type StowageViteOptions } from '../../../vite/index.js';

const APP: Record<string, string> = {
  'index.html': '<!doctype html><html><head><title>app</title></head><body><script type="module" src="/src/main.ts"></script></body></html>',
  'src/main.ts': "import './style.css';\nimport { one } from './one';\nconsole.log(one, __FLAG__);\ndocument.body.onclick = () => import('./lazy').then((m) => console.log(m.lazy));\n",
  'src/one.ts': 'export const one = 1;\n',
  'src/lazy.ts': "import './lazy.css';\nimport picture from './picture.svg';\nexport const lazy = picture;\n",
  'src/style.css': 'body { color: red }\n',
  'src/lazy.css': '.lazy { color: blue }\n',
  // Over Vite's 4 KB inlining limit, so it is a file of its own that the lazy chunk imports.
  'src/picture.svg': `<svg xmlns="http://www.w3.org/2000/svg">${'<g/>'.repeat(1500)}</svg>`,
  'public/robots.txt': 'User-agent: *\n',
  'public/large.bin': 'x'.repeat(50_000),
  // The worker prints what it was given, so the test reads the replaced values in the built script.
  'src/sw.ts': "import manifest from 'virtual:stowage/manifest';\nconst part = () => import('./sw-part');\nreport({ part, manifest, flag: __FLAG__, nodeEnv: process.env.NODE_ENV, mode: import.meta.env.MODE, greeting: import.meta.env.VITE_GREETING });\n",
  // Lazily imported by the worker: inlined, since a classic worker cannot load chunks.
  'src/sw-part.ts': 'export const part = 1;\n',
  '.env': 'VITE_GREETING=hello-from-env\n',
};

interface Reported {
  manifest: PrecacheManifest;
  flag: string;
  nodeEnv: string;
  mode: string;
  greeting: string;
}

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'stowage-vite-'));
  for (const [file, text] of Object.entries(APP)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
});

afterAll(() => { if (!process.env.KEEP) rmSync(root, { recursive: true, force: true }); });

/** Runs `vite build` with the plugin; returns the output folder's files, the worker's text and the warnings. */
async function buildApp(options: Partial<StowageViteOptions>, outDir: string) {
  const warnings: string[] = [];
  const base = createLogger('silent');
  const logger: Logger = { ...base, warn: (message) => warnings.push(message), warnOnce: (message) => warnings.push(message) };
  // Vitest sets NODE_ENV=test, and a set NODE_ENV wins in Vite: `vite build` runs with none.
  const nodeEnv = process.env.NODE_ENV;
  delete process.env.NODE_ENV;
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    customLogger: logger,
    define: { __FLAG__: JSON.stringify('app-define') },
    build: { outDir, emptyOutDir: true },
    plugins: [stowage({ sw: 'src/sw.ts', ...options })],
  }).finally(() => {
    process.env.NODE_ENV = nodeEnv;
  });
  const files = readdirSync(join(root, outDir), { recursive: true, encoding: 'utf8' });
  const worker = readFileSync(join(root, outDir, options.fileName ?? 'sw.js'), 'utf8');
  // Run as a classic script (vm: no module loader), it reports what the build put in.
  let reported: Reported | undefined;
  runInNewContext(worker, { report: (value: Reported) => (reported = value) });
  return { files, worker, warnings, manifest: reported!.manifest, reported: reported! };
}

describe('stowage/vite', () => {
  let result: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    result = await buildApp({ maxFileBytes: 10_000 }, 'dist');
  }, 60_000);

  it('builds the worker as one classic script at the output root, with the app define, mode, env and NODE_ENV replaced', () => {
    const { worker, files, reported } = result;
    expect(worker).not.toMatch(/^\s*(import|export)\b|\bimport\s*\(/m);
    expect(files.filter((file) => /sw-part/.test(file))).toEqual([]);
    expect(worker).not.toContain('process.env');
    expect(reported).toMatchObject({ flag: 'app-define', nodeEnv: 'production', mode: 'production', greeting: 'hello-from-env' });
    expect(files.filter((file) => file.endsWith('.js') && !file.startsWith('assets'))).toEqual(['sw.js']);
  });

  it('puts the entry HTML, its static imports and CSS in critical, the lazy chunk, its CSS and assets and public/ in warm', () => {
    const { manifest, files } = result;
    const urls = (tier: keyof PrecacheManifest): string[] => manifest[tier].map(({ url }) => url);
    const asset = (pattern: RegExp): string => `/${files.find((file) => pattern.test(file))!.replace(/\\/g, '/')}`;
    expect(urls('critical')).toEqual(['/index.html', asset(/^assets.index-.+\.js$/), asset(/^assets.index-.+\.css$/)]);
    expect(urls('warm')).toEqual([asset(/^assets.lazy-.+\.js$/), asset(/^assets.lazy-.+\.css$/), asset(/^assets.picture-.+\.svg$/), '/robots.txt']);
    for (const { revision } of [...manifest.critical, ...manifest.warm]) expect(revision).toMatch(/^[0-9a-f]{16}$/);
  });

  it('leaves an over-size file to run-time caching with a warning, and the build succeeds', () => {
    expect(result.files).toContain('large.bin');
    expect(JSON.stringify(result.manifest)).not.toContain('large.bin');
    expect(result.warnings.join('\n')).toMatch(/large\.bin \(50\.00 kB\) is over the precache size budget/);
  });

  it('gives a file its content hash as revision: the same bytes, the same revision across builds', async () => {
    const again = await buildApp({ fileName: 'service-worker.js', maxFileBytes: 10_000 }, 'dist-2');
    expect(again.files).toContain('service-worker.js');
    expect(again.files).not.toContain('sw.js');
    expect(again.manifest).toEqual(result.manifest);
  }, 60_000);
});
