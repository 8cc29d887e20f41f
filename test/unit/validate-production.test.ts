import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The config checks as a production bundle ships them: the check and the path stay, the prose goes. */
async function productionBundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: "import { validateConfig } from './sw/config/validate.js'; globalThis.validate = validateConfig;",
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'iife',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

describe('config validation in a production build', () => {
  it('still throws with the path of the bad field, without the development explanation', async () => {
    const code = await productionBundle();
    expect(code).not.toContain('must be one of');
    const sandbox: { validate?: (config: unknown) => unknown } = {};
    runInNewContext(code, { globalThis: sandbox, URL });
    let thrown: unknown;
    try {
      sandbox.validate!({ routes: [{ match: '/api/*', strategy: 'cache-frist' }] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'StowageError', code: 'invalid-config', details: { path: 'routes[0].strategy' } });
    expect((thrown as Error).message).toBe('Invalid Stowage config at routes[0].strategy');
  });
});
