// A real program under the real CLI (or a preload flag), built with the real Babel plugin, for the
// runtime's end-to-end tests: sources in <dir>/src, built output in <dir>/dist, and an IPC channel
// through which the test asks the program to run its `probe` export.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from '@babel/core';
import { transformSync as swcTransform } from '@swc/core';
import * as esbuild from 'esbuild';
import ts from 'typescript';

const repo = path.resolve(__dirname, '../../../..');
export const cli = path.join(repo, 'packages/runtime/dist/node/cli.js');
export const register = path.join(repo, 'packages/runtime/dist/node/register.js');
/**
 * Options for a program whose test saves several files at once (`build` with more than one): 300 ms of quiet,
 * so that they are one change on a loaded machine too. A test process stalled between two writes can outlast the
 * default 50 ms, and a CI run saw one such save applied as two changes.
 */
export const SEVERAL_FILES = ['--delay', '300'];
const plugin = path.join(repo, 'packages/babel-plugin/dist/index.js');
const swcPlugin = path.join(repo, 'packages/swc-plugin/mighty_patcher_swc_plugin.wasm');

export type Format = 'module' | 'commonjs';

/**
 * How dist/ is built from src/: with one of our plugins, or with a build tool that runs none
 * (tsc, esbuild), whose output the runtime instruments as it loads.
 */
export type Builder = 'babel-plugin' | 'swc-plugin' | 'tsc' | 'esbuild';

/** One JSON event line of `--json` output. */
export interface Event {
  mightyPatcher: 'ready' | 'patch' | 'error' | 'deleted' | 'restart';
  /** The time from the first write of the change to the end of applying it (the same for every event of a change). */
  ms?: number;
  /** On a `ready` event: the watched directories, relative to the program's working directory. */
  roots?: string[];
  /** On a `ready` event after a restart: why, and how long it took. */
  restarted?: { reason: string; ms: number };
  source?: string;
  file?: string;
  moduleId?: string;
  rule?: 'body' | 're-evaluate';
  reason?: string;
  location?: string;
  message?: string;
  /** On an `error` event: the other files of the save, held back with it. */
  heldWith?: string[];
  /** On a `deleted` event: the files that still import it. */
  importedBy?: string[];
  warnings?: string[];
  /** The worker thread or cluster worker the event comes from (none: the program's first process). */
  worker?: string;
  report?: { updated: string[]; added: string[]; removed: string[]; unchanged: string[]; kindChanged: { name: string }[] };
}

const MAIN = {
  // The program answers each IPC message with what its probe returns (or the error it throws).
  module: `import { probe } from './probe.js';
process.on('message', async (message) => {
  try { process.send({ ok: await probe(message) }); } catch (error) { process.send({ error: String(error.stack) }); }
});
process.send({ started: true });
`,
  commonjs: `const { probe } = require('./probe.js');
process.on('message', async (message) => {
  try { process.send({ ok: await probe(message) }); } catch (error) { process.send({ error: String(error.stack) }); }
});
process.send({ started: true });
`,
};

/**
 * A program the runtime runs, seen from the test: its JSON events and stderr, and the IPC channel through
 * which the test asks it to run its probe (the program answers `{ ok }` or `{ error }`, after `{ started: true }`).
 */
export class Program {
  child: ChildProcess | undefined;
  readonly events: Event[] = [];
  stderr = '';
  private replies: ((reply: { ok?: unknown; error?: string }) => void)[] = [];

  constructor(readonly dir: string) {}

  /** Spawns `node <args>` in the program's directory, collecting its events, until `ready` (a JSON event, or `readyOutput` in text). */
  async launch(args: string[], readyOutput?: RegExp, env: Record<string, string> = {}): Promise<void> {
    this.child = spawn(process.execPath, args, {
      cwd: this.dir,
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      env: { ...process.env, NODE_OPTIONS: '', ...env },
    });
    this.child.stderr!.setEncoding('utf8');
    let partial = '';
    this.child.stderr!.on('data', (chunk: string) => {
      this.stderr += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) if (line.startsWith('{"mightyPatcher"')) this.events.push(JSON.parse(line));
    });
    this.child.on('message', (message: { started?: boolean }) => {
      if (!message.started) this.replies.shift()?.(message);
    });
    if (readyOutput) await this.waitForOutput(readyOutput);
    else await this.waitFor((event) => event.mightyPatcher === 'ready');
  }

  /** Waits until what the program printed on stderr matches (at most a minute). */
  async waitForOutput(pattern: RegExp): Promise<RegExpMatchArray> {
    const giveUp = Date.now() + 60_000;
    for (;;) {
      const found = this.stderr.match(pattern);
      if (found) return found;
      if (this.child?.exitCode !== null) throw new Error(`the program exited (${this.child?.exitCode}):\n${this.stderr}`);
      if (Date.now() > giveUp) throw new Error(`no such output; the program printed:\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Runs the program's probe with `input` and returns its result (or throws its error). */
  probe(input?: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.replies.push((reply) => (reply.error ? reject(new Error(reply.error)) : resolve(reply.ok)));
      this.child!.send(input ?? null);
    });
  }

  /** The first event from `from` on that matches; waits for it (at most a minute, then fails showing what the program printed). */
  async waitFor(match: (event: Event) => boolean, from = 0): Promise<Event> {
    const giveUp = Date.now() + 60_000;
    for (;;) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
      if (this.child?.exitCode !== null) throw new Error(`the program exited (${this.child?.exitCode}):\n${this.stderr}`);
      if (Date.now() > giveUp) throw new Error(`no such event; the program printed:\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
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

/** A program built from src/ into dist/ (by a plugin or a build tool), whose probe is in dist/probe.js. */
export class App extends Program {
  constructor(
    readonly format: Format,
    sources: Record<string, string>,
    readonly builder: Builder = 'babel-plugin',
    /** Where the project lives (default: a new temporary directory). */
    dir?: string,
  ) {
    if (dir) fs.mkdirSync(dir, { recursive: true });
    super(dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mp-runtime-')));
    fs.writeFileSync(path.join(this.dir, 'package.json'), JSON.stringify({ type: format }));
    fs.mkdirSync(path.join(this.dir, 'dist'));
    this.writeBuilt('main.js', MAIN[format]);
    this.build(sources);
  }

  /** Compiles sources with the Babel plugin into dist/, with source maps, as a `babel --watch` would. */
  build(sources: Record<string, string>): void {
    // Every file compiled before the first is written: the files of one build land within the watcher's 50 ms
    // of quiet, which a compile between two writes could exceed under load (two changes, not one).
    const built = Object.entries(sources).map(([name, source]) => {
      const srcFile = path.join(this.dir, 'src', name);
      fs.mkdirSync(path.dirname(srcFile), { recursive: true });
      fs.writeFileSync(srcFile, source);
      return [name, this.compile(name, source)] as const;
    });
    for (const [name, code] of built) this.writeBuilt(name, code);
  }

  compile(name: string, source: string): string {
    const filename = path.join(this.dir, 'src', name);
    const sourceMap = (map: { sources: string[] }) => {
      fs.writeFileSync(path.join(this.dir, 'dist', `${name}.map`), JSON.stringify({ ...map, sources: [`../src/${name}`], sourceRoot: undefined }));
      return `\n//# sourceMappingURL=${name}.map\n`;
    };
    if (this.builder === 'tsc') {
      const { outputText, sourceMapText } = ts.transpileModule(source, {
        fileName: filename,
        compilerOptions: {
          module: this.format === 'module' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          sourceMap: true,
        },
      });
      return outputText.replace(/\/\/# sourceMappingURL=.*$/m, '') + sourceMap(JSON.parse(sourceMapText!));
    }
    if (this.builder === 'esbuild') {
      const { code, map } = esbuild.transformSync(source, {
        loader: 'js',
        format: this.format === 'module' ? 'esm' : 'cjs',
        sourcemap: 'external',
        sourcefile: filename,
      });
      return code + sourceMap(JSON.parse(map));
    }
    if (this.builder === 'swc-plugin') {
      const { code, map } = swcTransform(source, {
        filename,
        cwd: this.dir,
        configFile: false,
        swcrc: false,
        sourceMaps: true,
        isModule: this.format === 'module',
        jsc: {
          parser: { syntax: 'ecmascript' },
          target: 'es2022',
          experimental: { plugins: [[swcPlugin, { root: this.dir, hmr: false }]] },
        },
      });
      return code + sourceMap(JSON.parse(map!));
    }
    const result = transformSync(source, {
      filename,
      cwd: this.dir,
      root: this.dir,
      configFile: false,
      babelrc: false,
      sourceType: this.format === 'module' ? 'module' : 'script',
      sourceMaps: true,
      plugins: [plugin],
    })!;
    return result.code + sourceMap(result.map!);
  }

  builtPath(name: string): string {
    return path.join(this.dir, 'dist', name);
  }

  writeBuilt(name: string, code: string): void {
    fs.writeFileSync(this.builtPath(name), code);
  }

  /** Starts the program: under `mighty-patcher run`, or plain node with a preload flag. */
  /** `output: 'text'`: the lines people read instead of JSON events (then `events` stays empty). */
  async start(how: 'cli' | '--import' | '-r' = 'cli', output: 'json' | 'text' = 'json', options: string[] = [], env: Record<string, string> = {}): Promise<void> {
    const main = this.builtPath('main.js');
    const args = how === 'cli' ? [cli, 'run', ...(output === 'json' ? ['--json'] : []), ...options, main] : [how, register, main];
    await this.launch(args, output === 'json' ? undefined : /watching dist for changes\n/, { MIGHTY_PATCHER_OUTPUT: output, ...env });
  }

  /** Rebuilds `sources` and waits for the next patch or error event. */
  async change(sources: Record<string, string>): Promise<Event> {
    const from = this.events.length;
    this.build(sources);
    return this.waitFor((event) => event.mightyPatcher !== 'ready', from);
  }
}
