import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../../../demo/stack/free-port.js';
import { Builder, Capabilities, type WebDriver } from 'selenium-webdriver';
import { CallbackTab, TabDriver, EVALUATE_DEADLINE_MS, type EngineTab, type Evaluate, type LaunchOptions, withDeadline } from './driver.js';

/** Debian's `webkit2gtk-driver` and the MiniBrowser of `libwebkit2gtk-4.1-0`. */
export const webkitDriverPath = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const miniBrowserPath = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * WebKitGTK's MiniBrowser through WebKitWebDriver and selenium-webdriver. WebKitGTK has no headless
 * mode, so without a DISPLAY the driver starts its own Xvfb (`-displayfd` picks a free display) and
 * stops it by pid on close(); WebKitWebDriver gets a free port. Its automation session is ephemeral,
 * so restart() comes back with an empty profile (keepsProfile: false).
 *
 * WebDriver has one current window per session: every command of a tab first switches to that tab's
 * window, and the commands of all tabs run one after another (#inTab), so two tabs never interleave.
 */
export class WebKitDriver extends TabDriver {
  readonly engine = 'webkit';
  readonly keepsProfile = false;
  #children: ChildProcess[] = [];
  #serverUrl = '';
  #session: WebDriver | undefined;
  /** The first tab's window handle; the current window is whichever tab ran the last command. */
  #firstHandle = '';
  #currentHandle = '';
  #queue: Promise<unknown> = Promise.resolve();

  static async launch(_options: LaunchOptions): Promise<WebKitDriver> {
    const driver = new WebKitDriver();
    try {
      const display = process.env.DISPLAY ?? (await driver.#startXvfb());
      await driver.#startWebDriver(display);
      await driver.#newSession();
    } catch (error) {
      await driver.close();
      throw error;
    }
    return driver;
  }

  async #startXvfb(): Promise<string> {
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    this.#children.push(xvfb);
    const [chunk] = (await withDeadline(once(xvfb.stdio[3]!, 'data'), 'Xvfb display', 10_000)) as [Buffer];
    return `:${chunk.toString().trim()}`;
  }

  async #startWebDriver(display: string): Promise<void> {
    const port = await freePort();
    this.#children.push(spawn(webkitDriverPath, [`--port=${port}`], { stdio: 'ignore', env: { ...process.env, DISPLAY: display } }));
    this.#serverUrl = `http://127.0.0.1:${port}`;
    const until = Date.now() + 10_000;
    while (!(await fetch(`${this.#serverUrl}/status`).then((response) => response.ok, () => false))) {
      if (Date.now() > until) throw new Error('WebKitWebDriver did not start within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async #newSession(): Promise<void> {
    const capabilities = new Capabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
    });
    this.#session = await new Builder().usingServer(this.#serverUrl).withCapabilities(capabilities).build();
    await this.#session.manage().setTimeouts({ script: EVALUATE_DEADLINE_MS });
    this.#firstHandle = this.#currentHandle = await this.#session.getWindowHandle();
  }

  #current(): WebDriver {
    if (!this.#session) throw new Error('webkit: the browser is closed');
    return this.#session;
  }

  /** Runs `work` with the session switched to `handle`, after every command queued before it. */
  #inTab<T>(handle: () => string, work: (session: WebDriver) => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      const session = this.#current();
      if (this.#currentHandle !== handle()) {
        await session.switchTo().window(handle());
        this.#currentHandle = handle();
      }
      return work(session);
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  goto(url: string): Promise<void> {
    return this.#inTab(() => this.#firstHandle, (session) => session.get(url));
  }

  async newTab(): Promise<EngineTab> {
    const handle = await this.#inTab(
      () => this.#currentHandle,
      async (session) => {
        await session.switchTo().newWindow('tab');
        this.#currentHandle = await session.getWindowHandle();
        return this.#currentHandle;
      },
    );
    return new CallbackTab(this.#evaluateIn(() => handle), {
      goto: (url) => this.#inTab(() => handle, (session) => session.get(url)),
      close: () => this.#inTab(() => handle, async (session) => {
        await session.close();
        // No window is current after closing one: the next command must switch first.
        this.#currentHandle = '';
      }),
    });
  }

  /**
   * WebDriver's executeAsyncScript takes a script body: it calls the function with the argument and
   * hands back its value, or the error's message (WebDriver would turn a rejection into a timeout).
   */
  readonly evaluate = this.#evaluateIn(() => this.#firstHandle);

  #evaluateIn(handle: () => string): Evaluate {
    return (async (fn: string | ((arg: unknown) => unknown), arg?: unknown) => {
      const call = typeof fn === 'string' ? `(() => (${fn}))` : `(${fn.toString()})`;
      const script = `const done = arguments[arguments.length - 1];
        Promise.resolve().then(() => ${call}(arguments[0])).then(
          (value) => done({ value }),
          (error) => done({ error: String(error && error.stack ? error.message + '\\n' + error.stack : error) }));`;
      const outcome = (await withDeadline(this.#inTab(handle, (session) => session.executeAsyncScript(script, arg)), 'webkit evaluate')) as { value?: unknown; error?: string };
      if (outcome.error !== undefined) throw new Error(`webkit evaluate: ${outcome.error}`);
      return outcome.value;
    }) as Evaluate;
  }

  async restart(): Promise<void> {
    await this.#session?.quit();
    this.#session = undefined;
    await this.#newSession();
  }

  async close(): Promise<void> {
    await this.#session?.quit().catch(() => undefined);
    this.#session = undefined;
    for (const child of this.#children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = once(child, 'exit');
      child.kill();
      // A child that ignores SIGTERM must not hang the run.
      await withDeadline(exited, `stopping ${child.spawnfile}`, 5_000).catch(() => child.kill('SIGKILL'));
    }
    this.#children = [];
  }
}
