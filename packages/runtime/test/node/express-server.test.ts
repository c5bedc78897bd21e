// examples/express-server end to end: a copy of the example is built with the Babel CLI and its
// babel.config.json, run under `mighty-patcher run --json`, asked over real HTTP on 127.0.0.1, edited
// in its TypeScript sources and rebuilt, and asked again. The committed example is never edited.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Event } from './app';

const repo = path.resolve(__dirname, '../../../..');
const example = path.join(repo, 'examples/express-server');
const cli = path.join(repo, 'packages/runtime/dist/node/cli.js');
const babel = path.join(example, 'node_modules/@babel/cli/bin/babel.js');

interface Reply {
  status: number;
  body: Record<string, unknown>;
  cookie?: string;
}

/** One GET on a connection of its own (no keep-alive pool that could outlive a closed server). */
function get(port: number, route: string, cookie?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: '127.0.0.1', port, path: route, agent: false, headers: cookie ? { cookie } : {} },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          const setCookie = response.headers['set-cookie']?.[0]?.split(';')[0];
          try {
            resolve({ status: response.statusCode!, body: JSON.parse(text), cookie: setCookie });
          } catch {
            reject(new Error(`GET ${route} answered ${response.statusCode} with a body that is not JSON:\n${text}`));
          }
        });
      },
    );
    request.on('error', reject);
  });
}

class ExpressServer {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-express-'));
  child: ChildProcess | undefined;
  readonly events: Event[] = [];
  stdout = '';
  stderr = '';

  constructor() {
    fs.cpSync(example, this.dir, {
      recursive: true,
      filter: (file) => !/[\\/](node_modules|dist)$/.test(file),
    });
    // The example's installed dependencies (pnpm symlinks into the workspace store).
    fs.symlinkSync(path.join(example, 'node_modules'), path.join(this.dir, 'node_modules'), 'dir');
    this.build();
  }

  /** `npm run build`: the Babel CLI with the example's babel.config.json (TypeScript preset + the plugin). */
  build(): { status: number | null; output: string } {
    const result = spawnSync(process.execPath, [babel, 'src', '--out-dir', 'dist', '--extensions', '.ts', '--source-maps'], {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  edit(file: string, edit: (source: string) => string): void {
    const full = path.join(this.dir, 'src', file);
    const before = fs.readFileSync(full, 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`the edit of ${file} changed nothing`);
    fs.writeFileSync(full, after);
  }

  /** Edits, rebuilds, and waits for the runtime's event about `moduleId`. */
  async change(file: string, edit: (source: string) => string): Promise<Event> {
    const from = this.events.length;
    this.edit(file, edit);
    const build = this.build();
    if (build.status !== 0) throw new Error(`the build failed:\n${build.output}`);
    return this.waitFor((event) => event.moduleId === `src/${file}`, from);
  }

  /** `mighty-patcher run --json dist/server.js` on a free port; resolves once it listens and watches. */
  async start(): Promise<number> {
    this.child = spawn(process.execPath, [cli, 'run', '--json', 'dist/server.js'], {
      cwd: this.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '', PORT: '0' },
    });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr!.setEncoding('utf8');
    let partial = '';
    this.child.stderr!.on('data', (chunk: string) => {
      this.stderr += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) if (line.startsWith('{"mightyPatcher"')) this.events.push(JSON.parse(line));
    });
    await this.waitFor((event) => event.mightyPatcher === 'ready');
    await this.until(() => this.listens().length === 1);
    return this.listens()[0]!.port;
  }

  /** Every "listening on" line the server printed. */
  /** The pid the program reported in its first listen line. */
  programPid(): number {
    const first = this.listens()[0];
    if (!first) throw new Error(`the program has not listened yet:\n${this.stdout}`);
    return first.pid;
  }

  listens(): { port: number; pid: number; count: number }[] {
    return [...this.stdout.matchAll(/^listening on http:\/\/127\.0\.0\.1:(\d+) \(pid (\d+), listen #(\d+)\)$/gm)].map(
      ([, port, pid, count]) => ({ port: Number(port), pid: Number(pid), count: Number(count) }),
    );
  }

  /** Waits until `done()` holds: at most a minute, then fails with everything the server printed. */
  async until(done: () => boolean): Promise<void> {
    const giveUp = Date.now() + 60_000;
    while (!done()) {
      if (this.child?.exitCode !== null) throw new Error(`the server exited (${this.child?.exitCode}):\n${this.stdout}\n${this.stderr}`);
      if (Date.now() > giveUp) throw new Error(`gave up waiting; the server printed:\n${this.stdout}\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async waitFor(match: (event: Event) => boolean, from = 0): Promise<Event> {
    let found: Event | undefined;
    await this.until(() => (found = this.events.slice(from).find(match)) !== undefined);
    return found!;
  }

  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child!.once('exit', resolve));
      this.child.kill();
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

let server: ExpressServer;
afterEach(() => server?.stop());

test('editing a route handler and the 4-argument error handler patches the running Express server: same process, state kept, no second listen', async () => {
  server = new ExpressServer();
  const port = await server.start();
  // The program's pid (the CLI supervises it from a parent process): the same one must answer after every patch.
  const pid = server.programPid();

  const first = await get(port, '/');
  expect(first).toMatchObject({ status: 200, body: { message: 'Hello from Express', visits: 1, yourVisits: 1, pid } });
  const cookie = first.cookie!;
  expect(cookie).toMatch(/^session=/);
  expect((await get(port, '/', cookie)).body).toMatchObject({ visits: 2, yourVisits: 2 });
  expect(await get(port, '/fail')).toEqual({ status: 500, body: { error: 'the database is down' }, cookie: undefined });

  const event = await server.change('handlers.ts', (source) =>
    source
      .replace("message: 'Hello from Express'", "message: 'Hello from the edited handler'")
      .replace(
        'res.status(500).json({ error: err.message });',
        "res.status(503).json({ error: err.message, handledBy: 'the edited onError', retryAfter: 5 });",
      ),
  );
  expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', file: 'dist/handlers.js', warnings: [] });
  expect(event.report!.updated.sort()).toEqual(['hello', 'onError']);

  // The handler Express stored at start-up runs the new body; the sessions and the counter are the same.
  expect(await get(port, '/', cookie)).toMatchObject({
    status: 200,
    body: { message: 'Hello from the edited handler', visits: 3, yourVisits: 3, pid },
  });
  // Express still calls onError as an error handler (only functions of length 4 are), and runs its new body.
  expect(await get(port, '/fail')).toEqual({
    status: 503,
    body: { error: 'the database is down', handledBy: 'the edited onError', retryAfter: 5 },
    cookie: undefined,
  });
  expect(await get(port, '/status')).toMatchObject({ status: 200, body: { pid, sessions: 1, visits: 3 } });

  expect(server.listens()).toEqual([{ port, pid, count: 1 }]);
  expect(server.events.filter((e) => e.mightyPatcher === 'error')).toEqual([]);
  // Only the edited module changed: the other rebuilt files are byte for byte the same and are not patched.
  expect(server.events.filter((e) => e.mightyPatcher === 'patch').map((e) => e.moduleId)).toEqual(['src/handlers.ts']);
});

test('a top-level edit of server.ts runs it again: dispose closes the old server, the new one listens on the same port, state kept', async () => {
  server = new ExpressServer();
  const port = await server.start();
  // The program's pid (the CLI supervises it from a parent process): the same one must answer after every patch.
  const pid = server.programPid();
  const { cookie } = await get(port, '/');

  const event = await server.change('server.ts', (source) => `${source}console.log('server.ts, second version');\n`);
  expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate', file: 'dist/server.js' });
  expect(event.reason).toMatch(/^changed outside function bodies at src\/server\.ts:\d+:\d+$/);
  await server.until(() => server.listens().length === 2);

  // No EADDRINUSE: the dispose handler closed the first server before the second listened on its port.
  expect(server.listens()).toEqual([
    { port, pid, count: 1 },
    { port, pid, count: 2 },
  ]);
  expect(server.stdout).toMatch(/^server\.ts, second version$/m);
  expect(`${server.stdout}${server.stderr}`).not.toMatch(/EADDRINUSE/);
  expect((await get(port, '/', cookie)).body).toMatchObject({ message: 'Hello from Express', visits: 2, yourVisits: 2, pid });
  expect(server.events.filter((e) => e.mightyPatcher === 'error')).toEqual([]);
});

test('a top-level edit of store.ts runs it again; hot(import.meta).data carries the sessions over', async () => {
  server = new ExpressServer();
  const port = await server.start();
  const { cookie } = await get(port, '/');
  await get(port, '/', cookie);

  const event = await server.change('store.ts', (source) => `${source}\nexport const STORE_VERSION = 2;\n`);
  expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate', file: 'dist/store.js' });
  // handlers.ts still holds the first version's openSession and recordVisit: proxies now running the
  // second version, whose state is the one the first version handed over.
  expect((await get(port, '/', cookie)).body).toMatchObject({ visits: 3, yourVisits: 3 });
  expect((await get(port, '/status')).body).toMatchObject({ sessions: 1, visits: 3 });
  expect(server.listens()).toHaveLength(1);
});

test('a syntax error in the source is refused by the build, with file:line; the server keeps answering', async () => {
  server = new ExpressServer();
  const port = await server.start();
  server.edit('handlers.ts', (source) => source.replace("message: 'Hello from Express',", "message: 'Hello from Express',,"));
  const build = server.build();
  expect(build.status).not.toBe(0);
  expect(build.output).toMatch(/src\/handlers\.ts: Unexpected token \(\d+:\d+\)/);
  expect((await get(port, '/')).body).toMatchObject({ message: 'Hello from Express', visits: 1 });
  expect(server.events.filter((e) => e.mightyPatcher !== 'ready')).toEqual([]);
});

test('a version whose top level throws is refused by the runtime with file:line; the server keeps the old code; restoring the file applies', async () => {
  server = new ExpressServer();
  const port = await server.start();
  const original = fs.readFileSync(path.join(server.dir, 'src/handlers.ts'), 'utf8');
  const broken = await server.change('handlers.ts', (source) =>
    source
      .replace("const SESSION_COOKIE = 'session';", "const SESSION_COOKIE = process.env.SESSION_COOKIE_NAME!.trim();")
      .replace("message: 'Hello from Express'", "message: 'Hello from a version that never loaded'"),
  );
  const line = original.split('\n').findIndex((text) => text.startsWith('const SESSION_COOKIE')) + 1;
  expect(broken).toMatchObject({ mightyPatcher: 'error', file: 'dist/handlers.js' });
  expect(broken.message).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'trim'\)/);
  expect(broken.location).toMatch(new RegExp(`^src/handlers\\.ts:${line}:\\d+$`));
  expect((await get(port, '/')).body).toMatchObject({ message: 'Hello from Express', visits: 1 });

  const restored = await server.change('handlers.ts', () => original.replace("message: 'Hello from Express'", "message: 'Hello again'"));
  // Under load the build's other files (written again, the same) came as a second change, and the refused version
  // went again with it: its error, said twice, was taken for this save's.
  expect({ event: restored.mightyPatcher, message: restored.message, location: restored.location }).toEqual({ event: 'patch', message: undefined, location: undefined });
  expect((await get(port, '/')).body).toMatchObject({ message: 'Hello again', visits: 2 });
  expect(server.listens()).toHaveLength(1);
});
