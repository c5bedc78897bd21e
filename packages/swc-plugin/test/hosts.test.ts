// The built SWC plugin inside real hosts: a Next.js 16 app (Turbopack and webpack, `next build` +
// `next start`, and `next dev`) and a Vite app through @vitejs/plugin-react-swc (dev server, client
// build, SSR build). Each test runs the host's own CLI on this Node (`npm test` runs Jest on Node 20
// and 24: next 16.4.6 needs >= 20.9.0, vite 8.3.8 ^20.19.0 || >= 22.12.0, so both run everywhere) and
// checks what the output does when it runs: the registry the plugin's code creates, its keys, and
// that the app's own references forward to a newer implementation once their cells hold one.
// Needs the built plugin (node packages/swc-plugin/build.mjs) and the workspace installed (examples/*).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { swcPluginWasm } from '@mighty-patcher/conformance/dist/adapters/swc';

const ROOT = path.resolve(__dirname, '../../..');
const NEXT_APP = path.join(ROOT, 'examples/next-app');
const VITE_APP = path.join(ROOT, 'examples/vite-react');
const NEXT_BIN = path.join(NEXT_APP, 'node_modules/next/dist/bin/next');
const VITE_BIN = path.join(VITE_APP, 'node_modules/vite/bin/vite.js');

if (!fs.existsSync(swcPluginWasm)) {
  throw new Error(`${swcPluginWasm} is missing: build the SWC plugin first with \`node packages/swc-plugin/build.mjs\``);
}
for (const bin of [NEXT_BIN, VITE_BIN]) {
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: install the workspace (npx pnpm@10.34.8 install)`);
}

jest.setTimeout(15 * 60 * 1000);

/** The environment of a host's CLI: none of Jest's (NODE_ENV=test would be SWC's env name) or the test script's NODE_OPTIONS. */
function hostEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // NO_COLOR: with CI=true (as in CI) Vite and Next colour their output, which splits the words tests look for.
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NO_COLOR: '1', ...extra };
  delete env.FORCE_COLOR;
  delete env.NODE_ENV;
  delete env.NODE_OPTIONS;
  delete env.MIGHTY_PATCHER_ENABLED;
  delete env.TURBOPACK;
  Object.assign(env, extra);
  return env;
}

interface RunResult {
  code: number | null;
  output: string;
}

/** Runs `node args...` to completion; fails with the whole output when it exits non-zero. */
function runNode(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ code, output });
      else reject(new Error(`node ${args.join(' ')} (in ${cwd}) exited with ${code}:\n${output}`));
    });
  });
}

/** Evaluates an ES module script in a fresh Node (cwd: `cwd`) and returns the JSON it prints last. */
async function evaluate<T>(script: string, cwd: string): Promise<T> {
  const { output } = await runNode(['--input-type=module', '-e', script], cwd, hostEnv());
  const last = output.trim().split('\n').pop()!;
  return JSON.parse(last) as T;
}

/** Text without ANSI colour codes. */
const stripColours = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, '');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Server {
  origin: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts a server CLI on 127.0.0.1 and resolves once it prints `ready` (it fails if the process exits first). */
async function startServer(args: string[], cwd: string, env: NodeJS.ProcessEnv, ready: RegExp, port: number): Promise<Server> {
  // Its own process group, so that stop() ends the server and the workers it started, and nothing else.
  const child: ChildProcess = spawn(process.execPath, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (ready.test(stripColours(output))) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before it was ready:\n${output}`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const signal = (name: NodeJS.Signals) => {
          try {
            process.kill(-child.pid!, name);
          } catch {
            // already gone
          }
        };
        signal('SIGTERM');
        // A server whose graceful close hangs must not hold the suite: the whole group goes after 5 s.
        const timer = setTimeout(() => signal('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

async function get(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

/** Every file under `dir` whose name ends with `extension`. */
function filesUnder(dir: string, extension: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => name.endsWith(extension))
    .map((name) => path.join(dir, name));
}

/** The module ids the plugin's cell helper registers in these files (`.cell("<id>", name, holder)`, any quotes, minified or not). */
function definedModuleIds(files: string[]): Set<string> {
  const ids = new Set<string>();
  for (const file of files) {
    for (const [, id] of fs.readFileSync(file, 'utf8').matchAll(/\.cell\(["'`]([^"'`]+)["'`]\s*,/g)) ids.add(id!);
  }
  return ids;
}

/** What examples/next-app/app/api/registry/route.ts answers. */
interface RegistryReport {
  registry: boolean;
  protocol?: number;
  keys: string[];
  incrementIsDefined: boolean;
  before?: number;
  patched?: number | null;
  after?: number;
}

/**
 * `next build`, from no cache: the webpack and Turbopack caches in .next/cache outlive a build, and
 * each build here must show what its own options do. (.next/dev, `next dev`'s directory, is left alone.)
 */
async function nextBuild(flag: string[], env: NodeJS.ProcessEnv): Promise<void> {
  fs.rmSync(path.join(NEXT_APP, '.next/cache'), { recursive: true, force: true });
  await runNode([NEXT_BIN, 'build', ...flag], NEXT_APP, env);
}

const NEXT_APP_KEYS = ['app/api/registry/route.ts#GET', 'lib/counter.ts#increment', 'lib/counter.ts#label'];
/** The app's own modules: with the default `exclude`, Next's modules (under node_modules) are never instrumented. */
const isNextAppModule = (id: string) => /^(app|components|hooks|lib)\//.test(id) && !id.includes('node_modules');

/** The checks on a Next server whose app was compiled with the plugin on. */
async function expectNextInstrumented(origin: string): Promise<void> {
  const api = await get(`${origin}/api/registry`);
  expect(api.status).toBe(200);
  const report = JSON.parse(api.text) as RegistryReport;
  expect(report.registry).toBe(true);
  expect(report.protocol).toBe(2);
  expect(report.keys).toEqual(expect.arrayContaining(NEXT_APP_KEYS));
  expect(report.keys.filter((key) => !isNextAppModule(key))).toEqual([]);
  // The route's imported `increment` is the function defined for its key, and it forwards to what its cell holds.
  expect(report.incrementIsDefined).toBe(true);
  expect([report.before, report.patched, report.after]).toEqual([2, 101, 2]);
  // The page (server-rendered through the instrumented `label`) renders.
  const page = await get(`${origin}/`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Clicked 0 times');
}

describe('Next.js 16.4.6: experimental.swcPlugins (examples/next-app)', () => {
  // Turbopack is `next build`'s default in Next 16; `--webpack` is the other bundler.
  const bundlers = [
    { name: 'Turbopack', flag: [] as string[] },
    { name: 'webpack', flag: ['--webpack'] },
  ];

  for (const { name, flag } of bundlers) {
    test(`next build (${name}) with enabled: true: next start serves instrumented functions, only the app's modules are instrumented`, async () => {
      await nextBuild(flag, hostEnv({ MIGHTY_PATCHER_ENABLED: '1' }));
      const ids = definedModuleIds(filesUnder(path.join(NEXT_APP, '.next/static/chunks'), '.js'));
      expect(ids).toContain('lib/counter.ts');
      expect(ids).toContain('app/counter-button.tsx');
      // Next compiles some of its own modules (next/dist/client/…, its server templates) with the same
      // SWC pass; the default `exclude` leaves everything under node_modules alone.
      const serverIds = definedModuleIds(filesUnder(path.join(NEXT_APP, '.next/server'), '.js'));
      expect(serverIds).toContain('lib/counter.ts');
      expect([...ids, ...serverIds].filter((id) => !isNextAppModule(id))).toEqual([]);

      const port = await freePort();
      const server = await startServer([NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(port)], NEXT_APP, hostEnv(), /Ready in/, port);
      try {
        await expectNextInstrumented(server.origin);
      } finally {
        await server.stop();
      }
    });

    test(`next build (${name}) with the default options: SWC's env is production, nothing is instrumented`, async () => {
      await nextBuild(flag, hostEnv());
      const ids = definedModuleIds([
        ...filesUnder(path.join(NEXT_APP, '.next/static/chunks'), '.js'),
        ...filesUnder(path.join(NEXT_APP, '.next/server'), '.js'),
      ]);
      expect([...ids]).toEqual([]);

      const port = await freePort();
      const server = await startServer([NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(port)], NEXT_APP, hostEnv(), /Ready in/, port);
      try {
        const report = JSON.parse((await get(`${server.origin}/api/registry`)).text) as RegistryReport;
        expect(report).toEqual({ registry: false, keys: [], incrementIsDefined: false });
        const page = await get(`${server.origin}/`);
        expect(page.text).toContain('Clicked 0 times');
      } finally {
        await server.stop();
      }
    });
  }

  test('next dev (Turbopack) with the default options: the plugin is on, the route sees instrumented functions', async () => {
    const port = await freePort();
    const server = await startServer([NEXT_BIN, 'dev', '-H', '127.0.0.1', '-p', String(port)], NEXT_APP, hostEnv(), /Ready in/, port);
    try {
      await expectNextInstrumented(server.origin);
    } finally {
      await server.stop();
    }
  });
});

describe('Vite 8.3.8 + @vitejs/plugin-react-swc 4.3.3: plugins (examples/vite-react)', () => {
  test('dev server (default options): modules served on 127.0.0.1 are instrumented; the dev pipeline\'s counter module behaves in Node', async () => {
    const port = await freePort();
    const server = await startServer(
      [VITE_BIN, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
      VITE_APP,
      hostEnv(),
      /Local:/,
      port,
    );
    try {
      const counter = await get(`${server.origin}/src/counter.ts`);
      expect(counter.status).toBe(200);
      expect(counter.text).toContain('Symbol.for("mighty-patcher.registry")');
      expect(counter.text).toContain('.cell("src/counter.ts", name, holder)');

      // The component module: instrumented and still wrapped by React Fast Refresh.
      const app = await get(`${server.origin}/src/App.tsx`);
      expect(app.status).toBe(200);
      expect(app.text).toContain('.cell("src/App.tsx", name, holder)');
      expect(app.text).toContain('/@react-refresh');

      // How the served code behaves: the same dev pipeline (plugin-react-swc, this plugin, default options)
      // evaluates the counter module in Node through Vite's SSR loader; give the key's cells a newer
      // implementation (as the runtime's patch does), call the export.
      // (The browser copy imports /@vite/client, which only a browser can run.)
      const result = await evaluate<{ keys: string[]; isDefined: boolean; before: number; patched: number; label: string }>(
        `import { createServer } from 'vite';
         const server = await createServer({ server: { middlewareMode: true, hmr: false }, appType: 'custom', logLevel: 'silent' });
         try {
           const module = await server.ssrLoadModule('/src/counter.ts');
           const registry = globalThis[Symbol.for('mighty-patcher.registry')];
           const slot = registry.slots.get('src/counter.ts#increment');
           const before = module.increment(1);
           for (const cell of slot.cells) { cell.v = 1; cell.impl = (count) => count + 100; }
           console.log(JSON.stringify({ keys: [...registry.slots.keys()].sort(), isDefined: slot.fn === module.increment && slot.cells[0].fn === module.increment,
             before, patched: module.increment(1), label: module.label(1) }));
         } finally {
           await server.close();
         }`,
        VITE_APP,
      );
      expect(result).toEqual({
        keys: ['src/counter.ts#increment', 'src/counter.ts#label'],
        isDefined: true,
        before: 2,
        patched: 101,
        label: 'Clicked 1 time',
      });
    } finally {
      await server.stop();
    }
  });

  test('vite build with enabled: true: the client bundle is instrumented; an SSR build renders through functions that forward to a newer implementation', async () => {
    const env = hostEnv({ MIGHTY_PATCHER_ENABLED: '1' });
    await runNode([VITE_BIN, 'build'], VITE_APP, env);
    const ids = definedModuleIds(filesUnder(path.join(VITE_APP, 'dist/assets'), '.js'));
    expect([...ids].sort()).toEqual(['src/App.tsx', 'src/counter.ts']);

    await runNode([VITE_BIN, 'build', '--ssr', 'src/App.tsx', '--outDir', 'dist-ssr'], VITE_APP, env);
    const result = await evaluate<{ keys: string[]; before: string; after: string; isDefined: boolean }>(
      `import { createElement } from 'react';
       import { renderToString } from 'react-dom/server';
       const { App } = await import('./dist-ssr/App.js');
       const registry = globalThis[Symbol.for('mighty-patcher.registry')];
       const before = renderToString(createElement(App));
       const slot = registry.slots.get('src/counter.ts#label');
       for (const cell of slot.cells) { cell.v = 1; cell.impl = (count) => 'Patched ' + count; }
       const after = renderToString(createElement(App));
       console.log(JSON.stringify({ keys: [...registry.slots.keys()].sort(), before, after,
         isDefined: registry.slots.get('src/App.tsx#App').cells[0].fn === App }));`,
      VITE_APP,
    );
    expect(result.keys).toEqual(['src/App.tsx#App', 'src/counter.ts#increment', 'src/counter.ts#label']);
    expect(result.isDefined).toBe(true);
    expect(result.before).toContain('Clicked 0 times');
    expect(result.after).toContain('Patched 0');
    expect(result.after).not.toContain('Clicked');
  });

  test("vite build with the default options: SWC's env is production, nothing is instrumented", async () => {
    await runNode([VITE_BIN, 'build'], VITE_APP, hostEnv());
    const files = filesUnder(path.join(VITE_APP, 'dist/assets'), '.js');
    expect(files.length).toBeGreaterThan(0);
    expect([...definedModuleIds(files)]).toEqual([]);
    expect(files.map((file) => fs.readFileSync(file, 'utf8')).join('\n')).not.toContain('mighty-patcher.registry');
    expect(files.map((file) => fs.readFileSync(file, 'utf8')).join('\n')).toContain('Clicked ');
  });
});
