// Shared pieces of the browser HMR tests: a temporary copy of an example app, its real dev server on
// 127.0.0.1, headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core), and the scenario
// every integration runs.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../../..');
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Long enough for a cold dev server on a busy 2-core machine; never a performance threshold. */
export const WAIT = 90_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Copies examples/<name> (without node_modules and build output) into a temporary directory and links
 * the example's installed node_modules into it, so the test edits the copy, never the committed files.
 * `parent` is where the temporary directory is made (default: the OS's temporary directory).
 */
export function copyExample(name: string, parent = os.tmpdir()): string {
  const source = path.join(ROOT, 'examples', name);
  if (!fs.existsSync(path.join(source, 'node_modules'))) {
    throw new Error(`${source}/node_modules is missing: run \`npx -y pnpm@10.34.8 install\` at the repository root`);
  }
  fs.mkdirSync(parent, { recursive: true });
  const target = fs.mkdtempSync(path.join(parent, `mighty-patcher-${name}-`));
  const skip = new Set(['node_modules', 'dist', 'dist-ssr', '.next', '.vite']);
  fs.cpSync(source, target, { recursive: true, filter: (file) => !skip.has(path.basename(file)) });
  fs.symlinkSync(path.join(source, 'node_modules'), path.join(target, 'node_modules'), 'dir');
  return target;
}

/** A temporary copy of an example, its dev server and a browser; `close()` ends all three. */
export interface Session {
  root: string;
  server: DevServer;
  browser: Browser;
  close(): Promise<void>;
}

/** How to start an example's dev server in `root` on `port`, and the URL that answers once it is up. */
export type DevCommand = (root: string, port: number) => { args: string[]; url: string };

/** Vite's own CLI; with `config` (a module's text), that module is the config file (written into the copy). */
export const vite =
  (config?: string): DevCommand =>
  (root, port) => {
    const args = [path.join(root, 'node_modules/vite/bin/vite.js')];
    if (config) {
      fs.writeFileSync(path.join(root, 'vite.hmr-test.config.ts'), config);
      args.push('--config', 'vite.hmr-test.config.ts');
    }
    args.push('--host', '127.0.0.1', '--port', String(port), '--strictPort');
    return { args, url: `http://127.0.0.1:${port}/` };
  };

/** An example's webpack-dev-server.js: webpack-dev-server started through its API on the example's webpack.config.js. */
export const webpackDevServer: DevCommand = (root, port) => ({ args: [path.join(root, 'webpack-dev-server.js'), String(port)], url: `http://127.0.0.1:${port}/` });

/** Copies examples/<name>, starts its dev server on a free 127.0.0.1 port with this Node (and `env`), and launches Chromium. */
export async function startExample(name: string, command: DevCommand, env: NodeJS.ProcessEnv = {}): Promise<Session> {
  const root = copyExample(name);
  const { args, url } = command(root, await freePort());
  const server = await startServer(process.execPath, args, root, url, env);
  const browser = await launchChromium();
  return {
    root,
    server,
    browser,
    async close() {
      await browser.close();
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface DevServer {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

function withoutForceColor(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.FORCE_COLOR;
  return copy;
}

/** Spawns a dev server and resolves once `url` answers HTTP. */
export async function startServer(command: string, args: string[], cwd: string, url: string, env: NodeJS.ProcessEnv = {}): Promise<DevServer> {
  let log = '';
  const child: ChildProcess = spawn(command, args, {
    cwd,
    // NO_COLOR, and no FORCE_COLOR (picocolors takes any value of it, even "0", as "on"): with CI=true,
    // as in CI, Vite colours its log, which splits the words the tests look for.
    env: { ...withoutForceColor(process.env), ...env, BROWSER: 'none', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  let exited = false;
  child.on('exit', () => (exited = true));
  const server: DevServer = {
    url,
    output: () => log.replace(/\x1b\[[0-9;]*m/g, ''), // without colour codes, whatever the server decided
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-child.pid!, 'SIGTERM'); // the group this test started, nothing else
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5000);
      await gone;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + WAIT;
  for (;;) {
    if (exited) throw new Error(`the dev server exited before answering:\n${log}`);
    try {
      const response = await fetch(url);
      if (response.ok) return server;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`the dev server did not answer ${url}:\n${log}`);
    }
    await sleep(250);
  }
}

/** Next's environment without Jest's (NODE_ENV=test would be SWC's env name) or the test script's NODE_OPTIONS. */
export const NEXT_ENV: NodeJS.ProcessEnv = {
  NODE_ENV: undefined,
  NODE_OPTIONS: undefined,
  TURBOPACK: undefined,
  MIGHTY_PATCHER_ENABLED: undefined,
  NEXT_TELEMETRY_DISABLED: '1',
};

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run \`node scripts/setup.mjs\` as root, or \`apt-get install -y chromium\``);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A page whose console messages and uncaught errors are kept, for assertions and for failure output. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; messages: string[] }> {
  const page = await browser.newPage();
  const messages: string[] = [];
  page.on('console', (message: ConsoleMessage) => messages.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) =>
    // A race in the CSS hot-reload code webpack and Next ship (a stylesheet link swapped while the page
    // reloads: webpack/mini-css-extract-plugin#1130, unfixed; seen once, next dev --webpack, a CSS module
    // edit that reloaded the page in both columns): the bundler's error, not the page's. Shown, not a crash.
    messages.push(`${/mini-css-extract-plugin\/hmr\/hotModuleReplacement/.test(error.stack ?? '') ? 'bundler CSS reload error' : 'pageerror'}: ${error.message}`),
  );
  // Only the dev server: nothing leaves 127.0.0.1.
  await page.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === '127.0.0.1' ? route.continue() : route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
  // Any later navigation is a reload, which the tests rule out (the window marker would be gone too).
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) messages.push(`navigated: ${frame.url()}`);
  });
  return { page, messages };
}

/** Polls `predicate` until it holds; the error names what was awaited and shows the page's console. */
export async function until(what: string, predicate: () => Promise<boolean> | boolean, messages: string[]): Promise<void> {
  const deadline = Date.now() + WAIT;
  for (;;) {
    let held: boolean;
    try {
      held = await predicate();
    } catch (error) {
      throw new Error(`while waiting for ${what}: ${(error as Error).message}; console:\n${messages.join('\n')}`);
    }
    if (held) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; console:\n${messages.join('\n')}`);
    await sleep(100);
  }
}

/** The registry key's current implementation source, read in the page. */
export async function implementationSource(page: Page, key: string): Promise<string> {
  return page.evaluate((key) => {
    const registry = (globalThis as Record<symbol, { slots: Map<string, { fn?: () => unknown }> } | undefined>)[
      Symbol.for('mighty-patcher.registry')
    ];
    const slot = registry?.slots.get(key);
    return slot?.fn ? Function.prototype.toString.call(slot.fn) : '';
  }, key);
}

export interface Integration {
  /** The edited file, relative to the example's root. */
  file: string;
  /** Registry key of the function whose text changes. */
  key: string;
  /** The file with the greeting word replaced. */
  version(word: string): string;
  /** A version that does not compile. */
  syntaxError: string;
  /** A version that compiles, changes the greeting and throws while it is evaluated. */
  throwing: string;
  /** Resolves when the bundler has reported the syntax error (overlay or console). */
  syntaxErrorShown(page: Page, messages: string[]): Promise<boolean>;
  /** Resolves when the bundler has reported that the throwing version failed. */
  evaluationFailed(page: Page, messages: string[]): Promise<boolean>;
}

async function greet(page: Page, viaEvent = false): Promise<string> {
  // With an error overlay on top of the page a pointer click would hit the overlay: dispatch the click instead.
  if (viaEvent) await page.locator('#greet').dispatchEvent('click');
  else await page.locator('#greet').click();
  return (await page.locator('#out').textContent()) ?? '';
}

/**
 * The scenario of every integration: the page registered its click handler once (main module); the
 * test types state into the page, edits the handler's module on disk, waits for the update and clicks.
 */
export async function runScenario(page: Page, messages: string[], root: string, integration: Integration): Promise<void> {
  const file = path.join(root, integration.file);
  const write = async (text: string) => {
    fs.writeFileSync(file, text);
  };
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'set before any edit'));
  const marker = () => page.evaluate(() => (window as unknown as { marker?: string }).marker);
  await page.locator('#name').fill('Ada');
  expect(await greet(page)).toBe('Hello, Ada!');

  // 1. An edit: the handler registered once runs the new code; no reload, the typed state is kept.
  await write(integration.version('Howdy'));
  await until('the update of the greeting', async () => (await implementationSource(page, integration.key)).includes('Howdy'), messages);
  expect(await greet(page)).toBe('Howdy, Ada!');
  expect(await marker()).toBe('set before any edit');
  expect(await page.locator('#name').inputValue()).toBe('Ada');

  // 2. A syntax error: the bundler reports it, the page keeps running the previous code.
  await write(integration.syntaxError);
  await until('the syntax error report', () => integration.syntaxErrorShown(page, messages), messages);
  expect(await greet(page, true)).toBe('Howdy, Ada!');
  expect(await marker()).toBe('set before any edit');

  // 3. Fixing it applies the fix.
  await write(integration.version('Hi'));
  await until('the update after the fix', async () => (await implementationSource(page, integration.key)).includes('Hi,'), messages);
  expect(await greet(page, true)).toBe('Hi, Ada!');

  // 4. A version that throws while it is evaluated changes nothing (the registry transaction is rolled back).
  await write(integration.throwing);
  await until('the failed evaluation report', () => integration.evaluationFailed(page, messages), messages);
  // The rollback runs in the microtask after the failed evaluation.
  await until('the rollback', async () => (await implementationSource(page, integration.key)).includes('Hi,'), messages);
  expect(await greet(page, true)).toBe('Hi, Ada!');

  // 5. And the next good version applies.
  await write(integration.version('Hey'));
  await until('the update after the failed version', async () => (await implementationSource(page, integration.key)).includes('Hey'), messages);
  expect(await greet(page, true)).toBe('Hey, Ada!');
  expect(await marker()).toBe('set before any edit');
  expect(await page.locator('#name').inputValue()).toBe('Ada');
}
