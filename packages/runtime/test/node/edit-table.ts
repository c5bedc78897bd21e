// The edit-table harness: runs an example app the way its authors develop it (its watch build in one
// process, `mighty-patcher run <entry>` in another), makes a scripted series of everyday edits to a
// copy of its sources, and classifies what each edit did FROM HTTP, not from the runtime's report:
//
//   in place  the new behaviour is served, by the same process (pid from the health route), and the
//             state created over HTTP at start is still there
//   restart   the new behaviour is served, but by another process or without that state
//   refused   the old behaviour is still served, and the build or the runtime printed a message that
//             names an edited file with its line (file:line, Babel's "file: ... (line:col)", tsc's
//             "file(line,col)")
//   stale     none of these: the old (or some other) behaviour is still served, nothing said why
//   broken    5xx answers, connection refused, or the process exited
//
// Each edit is saved, the app is polled until its probe shows the new behaviour or a timeout, then the
// edit is reverted (restoring the files) and the revert is checked the same way. When a revert does not
// land, or the app is down, the harness starts a fresh app so that the next edit starts clean. Every
// process it starts is in a process group of its own and is killed at the end, also on failure.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const repo = path.resolve(__dirname, '../../../..');
export const cli = path.join(repo, 'packages/runtime/dist/node/cli.js');

export type Outcome = 'in place' | 'restart' | 'refused' | 'stale' | 'broken';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A probe saw the app fail: a 5xx answer, or no answer at all. */
export class AppFailure extends Error {}

export interface Client {
  get(route: string, headers?: Record<string, string>): Promise<Reply>;
  post(route: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Everything the running app (and the runtime in it) printed since it started. */
  appOutput(): string;
}

/** A file of the app (relative to its directory, e.g. `src/server.ts`) and what to do to its text. */
export interface FileChange {
  file: string;
  change: (text: string) => string;
}

export interface Edit {
  title: string;
  /** Saved together (an editor's "save all" after a rename); `then` is saved in a later save. */
  files: FileChange[];
  then?: FileChange[];
  /** What the app shows now, as a string. It must not change the app's state. */
  probe: (client: Client) => Promise<string>;
  /** True when the probe shows the edit's behaviour. */
  want: (observed: string) => boolean;
  expected: Outcome;
  /** Why this expectation (and what is unsure about it). */
  why?: string;
  /** Leave this edit applied: the next edit builds on it, and both are reverted after the next one. */
  keep?: boolean;
  /** Harness self-checks only: after the save, restart the app by hand (as nodemon would), kill it, or pause the build. */
  simulate?: 'restart by hand' | 'kill' | 'pause build';
}

export interface AppSpec {
  name: string;
  /** The example's directory; it is copied (without node_modules and dist), its node_modules linked. */
  example: string;
  /**
   * The watch build: arguments for `node`, run in the copy; what it prints once the first build is
   * written (`ready`), and at the end of each rebuild, errors included (`rebuilt`).
   */
  build: { args: string[]; ready: RegExp; rebuilt: RegExp; label: string };
  /** Built entry, as given to `mighty-patcher run`. */
  entry: string;
  /** The built file of a source file (default: src/x.ts -> dist/x.js). */
  builtFile?: (file: string) => string;
  env?: Record<string, string>;
  /** The pid the app reports on its health route. */
  pid: (client: Client) => Promise<number>;
  /** Creates the state that a restart loses (e.g. items POSTed into an in-memory store). */
  seed: (client: Client) => Promise<void>;
  /** Whether that state is still there: true, false, or undefined when it cannot be read. */
  stateKept: (client: Client) => Promise<boolean | undefined>;
}

export interface Options {
  /** How long an edit (and a revert) may take to show (default 8 s). */
  timeoutMs?: number;
  /** Pause between the saves of an edit with `then` (default 2 s). */
  betweenSavesMs?: number;
  /** Print a line per edit as it completes (default true). */
  progress?: boolean;
}

export interface Row {
  index: number;
  title: string;
  expected: Outcome;
  outcome: Outcome;
  /** Save -> first answer with the edit; for `refused`, save -> the message. */
  ms?: number;
  revert?: { outcome: Outcome; ms?: number };
  /** Where the refusal message pointed. */
  location?: string;
  /** What the probe last saw, when the edit did not show. */
  lastSeen?: string;
  /** The runtime's own lines since the save. */
  runtime: string[];
  notes: string[];
}

/** Replaces `find` (which must occur) with `by`: every occurrence when `all`. */
export function replace(find: string | RegExp, by: string, all = false): (text: string) => string {
  return (text) => {
    const found = typeof find === 'string' ? text.includes(find) : find.test(text);
    if (!found) throw new Error(`the edit expects to find ${String(find)} in the file`);
    if (typeof find === 'string') return all ? text.split(find).join(by) : text.replace(find, by);
    return text.replace(find, by);
  };
}

export const append =
  (code: string): ((text: string) => string) =>
  (text) =>
    `${text.trimEnd()}\n${code}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long an announced restart may take before the edit is judged (a slow start on a loaded machine). */
const RESTART_WAIT_MS = 90_000;

function request(port: number, method: string, route: string, body: unknown, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: route,
        agent: false,
        timeout: 4000,
        headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          const reply = { status: response.statusCode!, headers: response.headers, text, body: parsed };
          if (reply.status >= 500) reject(new AppFailure(`${method} ${route} answered ${reply.status}: ${text.slice(0, 300)}`));
          else if (reply.status === 429) reject(new AppFailure(`${method} ${route} answered 429 (rate limited): the harness asked too often`));
          else resolve(reply);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 4 s')));
    req.on('error', (error) => reject(new AppFailure(`${method} ${route}: ${error.message}`)));
    req.end(payload);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A location naming `file` with a line, in any of the formats builds and the runtime print. */
function locationOf(output: string, file: string): string | undefined {
  const name = escapeRegExp(file);
  const pattern = new RegExp(`${name}(?::\\d+(?::\\d+)?|\\(\\d+,\\d+\\)|: [^\\n]*?\\(\\d+:\\d+\\))`);
  return output.match(pattern)?.[0];
}

/** Processes started by any harness in this Jest worker: killed if the worker exits without cleaning up. */
const started = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of started) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // its own process group (spawned detached)
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child) return;
  started.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

interface Chunk {
  at: number;
  text: string;
}

class Output {
  readonly chunks: Chunk[] = [];
  add(text: string): void {
    this.chunks.push({ at: performance.now(), text });
  }
  all(): string {
    return this.chunks.map((chunk) => chunk.text).join('');
  }
  since(at: number): string {
    return this.chunks
      .filter((chunk) => chunk.at >= at)
      .map((chunk) => chunk.text)
      .join('');
  }
}

type Observation = { value: string } | { failure: string };

export class EditTable {
  readonly dir: string;
  port = 0;
  private build: ChildProcess | undefined;
  private app: ChildProcess | undefined;
  /** Build output, and the output of every app started (all of it, across restarts). */
  readonly buildOutput = new Output();
  readonly appLog = new Output();
  /** The current app's output only. */
  private appOutputNow = new Output();
  private pid = 0;
  readonly client: Client;
  private readonly timeoutMs: number;
  private readonly betweenSavesMs: number;
  private readonly progress: boolean;

  constructor(
    readonly spec: AppSpec,
    options: Options = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 8000;
    this.betweenSavesMs = options.betweenSavesMs ?? 2000;
    this.progress = options.progress ?? true;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `mp-${spec.name}-`));
    fs.cpSync(spec.example, this.dir, {
      recursive: true,
      filter: (file) => !/[\\/](node_modules|dist)$/.test(file),
    });
    fs.symlinkSync(path.join(spec.example, 'node_modules'), path.join(this.dir, 'node_modules'), 'dir');
    this.client = {
      get: (route, headers = {}) => request(this.port, 'GET', route, undefined, headers),
      post: (route, body, headers = {}) => request(this.port, 'POST', route, body, headers),
      appOutput: () => this.appOutputNow.all(),
    };
  }

  private spawn(args: string[], output: Output[], env: Record<string, string> = {}): ChildProcess {
    const child = spawn(process.execPath, args, {
      cwd: this.dir,
      detached: true, // a process group of its own, killed as a whole
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1', FORCE_COLOR: '0', ...this.spec.env, ...env },
    });
    started.add(child);
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (text: string) => output.forEach((out) => out.add(text)));
    }
    return child;
  }

  /** Starts the watch build, waits for its first build, then starts the app and seeds its state. */
  async start(): Promise<void> {
    this.port = await freePort();
    this.build = this.spawn(this.spec.build.args, [this.buildOutput]);
    const giveUp = Date.now() + 120_000;
    while (!this.spec.build.ready.test(this.buildOutput.all())) {
      if (this.build.exitCode !== null) throw new Error(`the build exited (${this.build.exitCode}):\n${this.buildOutput.all()}`);
      if (Date.now() > giveUp) throw new Error(`the build did not finish:\n${this.buildOutput.all()}`);
      await sleep(50);
    }
    await this.startApp();
  }

  private async startApp(): Promise<void> {
    this.appOutputNow = new Output();
    this.app = this.spawn([cli, 'run', this.spec.entry], [this.appLog, this.appOutputNow], { PORT: String(this.port) });
    const giveUp = Date.now() + 60_000;
    for (;;) {
      try {
        this.pid = await this.spec.pid(this.client);
        break;
      } catch (error) {
        if (this.app.exitCode !== null) throw new Error(`the app exited (${this.app.exitCode}):\n${this.appOutputNow.all()}`);
        if (Date.now() > giveUp) throw new Error(`the app did not answer: ${(error as Error).message}\n${this.appOutputNow.all()}`);
        await sleep(100);
      }
    }
    await this.spec.seed(this.client);
  }

  /** Stops the app and starts a new one on the same port, from what the build wrote last. */
  async restartApp(): Promise<void> {
    await stopProcess(this.app);
    await this.startApp();
  }

  async stop(): Promise<void> {
    await stopProcess(this.app);
    await stopProcess(this.build);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private appAlive(): boolean {
    return this.app !== undefined && this.app.exitCode === null && this.app.signalCode === null;
  }

  private async observe(probe: Edit['probe']): Promise<Observation> {
    try {
      return { value: await probe(this.client) };
    } catch (error) {
      if (error instanceof AppFailure) return { failure: error.message };
      throw error; // a mistake in the probe itself
    }
  }

  private read(file: string): string {
    return fs.readFileSync(path.join(this.dir, file), 'utf8');
  }

  private write(changes: FileChange[], originals: Map<string, string>): void {
    for (const { file, change } of changes) {
      const before = this.read(file);
      if (!originals.has(file)) originals.set(file, before);
      const after = change(before);
      if (after === before) throw new Error(`the edit of ${file} changed nothing`);
      fs.writeFileSync(path.join(this.dir, file), after);
    }
  }

  /**
   * Polls `targets` until each probe's `want` holds, or the timeout. The outcome is classified from
   * what the app answers: see the top of this file.
   */
  private async settle(
    pidBefore: number,
    savedAt: number,
    files: string[],
    targets: { probe: Edit['probe']; want: (observed: string) => boolean; baseline: string }[],
  ): Promise<{ outcome: Outcome; ms?: number; location?: string; lastSeen?: string; notes: string[] }> {
    const notes: string[] = [];
    const deadline = savedAt + this.timeoutMs;
    let last: Observation[] = [];
    let refusedAt: number | undefined;
    let location: string | undefined;
    // Refusals: whatever the build printed (builds print locations only for errors), and the runtime's
    // "not applied" lines (its "re-evaluated" reports name a location too, but are no refusal).
    const reported = () => {
      const said =
        this.buildOutput.since(savedAt) +
        this.runtimeLines(savedAt)
          .filter((line) => line.startsWith('not applied'))
          .join('\n');
      return files.map((file) => locationOf(said, file)).find((found) => found !== undefined);
    };
    let reseeded = false;
    let restartedAt: number | undefined;
    for (let polls = 0; ; polls++) {
      // A restart loses the state the checks read: once the new process answers, create it again, as a
      // developer would after a restart, so that the check can see the new behaviour.
      if (!reseeded && polls % 3 === 2 && this.appAlive()) {
        const pid = await this.spec.pid(this.client).catch(() => undefined);
        if (pid !== undefined && pid !== pidBefore) {
          reseeded = true;
          notes.push(`a new process (pid ${pid}) answers: the harness created the state again`);
          await this.spec.seed(this.client).catch((error: Error) => notes.push(`seeding the new process failed: ${error.message}`));
        }
      }
      last = [];
      for (const target of targets) last.push(await this.observe(target.probe));
      const now = performance.now();
      if (last.every((seen, i) => 'value' in seen && targets[i]!.want(seen.value))) {
        const ms = Math.round(now - savedAt);
        // The build may print its diagnostics after writing the files (tsc does).
        await this.buildSettled(savedAt);
        const error = reported();
        if (error) notes.push(`an error was reported at ${error}, yet the edit showed`);
        let pid: number | undefined;
        try {
          pid = await this.spec.pid(this.client);
        } catch (error) {
          notes.push(`health route failed after the edit showed: ${(error as Error).message}`);
        }
        const kept = await this.spec.stateKept(this.client).catch(() => undefined);
        if (kept === undefined) notes.push('the state could not be read back');
        const samePid = pid === pidBefore;
        if (pid !== undefined) this.pid = pid;
        if (!samePid) notes.push(`pid changed to ${pid}`);
        else if (kept === false) notes.push('same pid, but the state created at start is gone');
        return { outcome: samePid && kept !== false ? 'in place' : 'restart', ms, notes };
      }
      if (!this.appAlive()) {
        notes.push(`the app exited (${this.app?.exitCode ?? this.app?.signalCode}); it printed last: ${this.lastWords()}`);
        break;
      }
      location ??= reported();
      const unchanged = last.every((seen, i) => 'value' in seen && seen.value === targets[i]!.baseline);
      if (location && unchanged) {
        refusedAt ??= now;
        // The message is out and the old code still serves: give a late application a moment, then stop.
        if (now - refusedAt > 1500) break;
      }
      // A restart the runtime announced is waited for, however long the program takes to start again on a
      // loaded machine: the outcome is what happens, not how fast.
      const lines = this.runtimeLines(savedAt);
      if (restartedAt === undefined && lines.some((line) => line.startsWith('restarted in'))) restartedAt = now;
      const restarting = lines.some((line) => line.startsWith('restarting:'));
      const until = restartedAt !== undefined ? Math.max(deadline, restartedAt + this.timeoutMs) : restarting ? savedAt + RESTART_WAIT_MS : deadline;
      if (now > until) break;
      await sleep(polls < 20 ? 50 : 150);
    }
    const lastSeen = last.map((seen) => ('value' in seen ? seen.value : `FAILED: ${seen.failure}`)).join(' | ');
    if (!this.appAlive() || last.some((seen) => 'failure' in seen)) return { outcome: 'broken', lastSeen, notes };
    const unchanged = last.every((seen, i) => 'value' in seen && seen.value === targets[i]!.baseline);
    if (unchanged && location) return { outcome: 'refused', ms: refusedAt === undefined ? undefined : Math.round(refusedAt - savedAt), location, lastSeen, notes };
    if (!unchanged) notes.push('serves something that is neither the old nor the new behaviour');
    const kept = await this.spec.stateKept(this.client).catch(() => undefined);
    if (kept === false) notes.push('the state created at start is gone');
    return { outcome: 'stale', lastSeen, notes };
  }

  /** The runtime's lines (`[mighty-patcher] …`) printed since `at`, without the prefix. */
  private runtimeLines(at: number): string[] {
    return this.appOutputNow
      .since(at)
      .split('\n')
      .filter((line) => line.startsWith('[mighty-patcher]'))
      .map((line) => line.replace(/^\[mighty-patcher\]\s?/, ''));
  }

  /** The app is up and its state is there; else a fresh app (or fresh state) and a note saying so. */
  private async ensureReady(notes: string[]): Promise<void> {
    let pid: number | undefined;
    try {
      if (this.appAlive()) pid = await this.spec.pid(this.client);
    } catch {
      pid = undefined;
    }
    if (pid === undefined) {
      notes.push('the harness started a fresh app first');
      await this.restartApp();
      return;
    }
    this.pid = pid;
    const kept = await this.spec.stateKept(this.client).catch(() => undefined);
    if (kept !== true) {
      notes.push('the harness created the state again first');
      await this.spec.seed(this.client);
    }
  }

  /**
   * Waits until the build has written the built file of each of `files` since `since` (wall clock),
   * then lets the runtime's watcher read them (it coalesces events and checks again after 60 ms).
   */
  private async awaitBuilt(files: string[], since: number): Promise<boolean> {
    const built = this.spec.builtFile ?? ((file: string) => file.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js'));
    const giveUp = Date.now() + 10_000;
    const written = () =>
      files.every((file) => {
        try {
          return fs.statSync(path.join(this.dir, built(file))).mtimeMs >= since - 5;
        } catch {
          return false;
        }
      });
    while (!written()) {
      if (Date.now() > giveUp) return false;
      await sleep(50);
    }
    await sleep(400);
    return true;
  }

  /** Why the app exited: the last error line it printed, else its last lines. */
  private lastWords(): string {
    const lines = this.appOutputNow
      .all()
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('[mighty-patcher]'))
      .slice(-40);
    const error = lines.findLast((line) => /\b[A-Z]\w*Error\b|\bE[A-Z]{4,}\b/.test(line));
    return (error ?? lines.slice(-3).join(' / ')).trim().slice(0, 400);
  }

  /**
   * Waits (at most 8 s) until the build says it finished rebuilding since `since`: its diagnostics
   * belong to this edit, not to the next one (tsc prints them after the files are written).
   */
  private async buildSettled(since: number): Promise<void> {
    const giveUp = performance.now() + 8000;
    while (!this.spec.build.rebuilt.test(this.buildOutput.since(since)) && performance.now() < giveUp) await sleep(25);
    await sleep(50);
  }

  /** The rows of the edits made so far (also when `run` failed half-way). */
  readonly rows: Row[] = [];

  /** Runs the edits in order and returns one row per edit. */
  async run(edits: Edit[]): Promise<Row[]> {
    const rows = this.rows;
    let originals = new Map<string, string>();
    let group: { row: Row; edit: Edit; baseline: string }[] = [];
    for (const [i, edit] of edits.entries()) {
      const notes: string[] = [];
      if (group.length === 0) await this.ensureReady(notes);
      let baseline = await this.observe(edit.probe);
      if (!('value' in baseline)) {
        notes.push(`before the edit the probe failed (${baseline.failure}); the harness started a fresh app`);
        await this.restartApp();
        baseline = await this.observe(edit.probe);
        if (!('value' in baseline)) throw new Error(`${edit.title}: the probe fails on a fresh app: ${baseline.failure}`);
      }
      // An edit that follows a kept one may find its behaviour already served (the kept edit was applied
      // after all); on its own, a probe that shows the edit before it is made is a mistake in the table.
      const already = edit.want(baseline.value);
      if (already && group.length === 0) throw new Error(`${edit.title}: the probe already shows the edit before it is made (${baseline.value})`);
      if (already) notes.push('the edit before it had already brought this behaviour');

      const files = [...edit.files, ...(edit.then ?? [])].map((change) => change.file);
      const pidBefore = this.pid;
      if (edit.simulate === 'pause build') this.build!.kill('SIGSTOP');
      let savedAt = performance.now();
      this.write(edit.files, originals);
      if (edit.then) {
        await sleep(this.betweenSavesMs);
        savedAt = performance.now();
        this.write(edit.then, originals);
      }
      if (edit.simulate === 'restart by hand') {
        await sleep(1500); // nodemon restarts once the build has written
        await this.restartApp();
      } else if (edit.simulate === 'kill') {
        await sleep(300);
        await stopProcess(this.app);
      }
      // When the behaviour was already there, wait for this save to be built and read, then look.
      if (already && !(await this.awaitBuilt(files, Date.now() - (performance.now() - savedAt)))) notes.push('the build did not write the edited files');
      const result = await this.settle(pidBefore, savedAt, files, [{ probe: edit.probe, want: edit.want, baseline: baseline.value }]);
      if (edit.simulate === 'pause build') this.build!.kill('SIGCONT');
      const row: Row = {
        index: i + 1,
        title: edit.title,
        expected: edit.expected,
        outcome: result.outcome,
        ms: already ? undefined : result.ms,
        location: result.location,
        lastSeen: result.outcome === 'in place' || result.outcome === 'restart' ? undefined : result.lastSeen,
        runtime: this.runtimeLines(savedAt),
        notes: [...notes, ...result.notes],
      };
      rows.push(row);
      group.push({ row, edit, baseline: baseline.value });

      if (!edit.keep) {
        await this.revert(group, originals);
        group = [];
        originals = new Map();
      }
      if (this.progress) {
        const revert = row.revert ? `, revert ${row.revert.outcome}` : '';
        process.stdout.write(`[${this.spec.name}] ${row.index}. ${row.title}: ${row.outcome}${row.ms === undefined ? '' : ` (${row.ms} ms)`}${revert}\n`);
      }
    }
    if (group.length > 0) await this.revert(group, originals);
    return rows;
  }

  /** Restores the files of a group of edits and checks that every probe shows its old behaviour again. */
  private async revert(group: { row: Row; edit: Edit; baseline: string }[], originals: Map<string, string>): Promise<void> {
    const savedAt = performance.now();
    const savedWall = Date.now();
    for (const [file, text] of [...originals].reverse()) fs.writeFileSync(path.join(this.dir, file), text);
    const last = group[group.length - 1]!.row;
    // Back to what the first edit of the group found, and none of the group's edits still showing.
    const [first, ...rest] = group;
    const result = await this.settle(this.pid, savedAt, [...originals.keys()], [
      { probe: first!.edit.probe, want: (observed: string) => observed === first!.baseline, baseline: '\u0000never' },
      ...rest.map(({ edit }) => ({ probe: edit.probe, want: (observed: string) => !edit.want(observed), baseline: '\u0000never' })),
    ]);
    last.revert = { outcome: result.outcome, ms: result.ms };
    // A revert of an edit that never showed "lands" at once: wait until the build has written the
    // restored files and the runtime has read them, so that none of it happens during the next edit.
    if (!(await this.awaitBuilt([...originals.keys()], savedWall))) last.notes.push('the build did not write every reverted file within 10 s');
    last.runtime.push(...this.runtimeLines(savedAt).map((line) => `(revert) ${line}`));
    if (result.outcome !== 'in place' && result.outcome !== 'restart') {
      last.notes.push(`the revert did not show (${result.outcome}${result.lastSeen ? `: ${result.lastSeen}` : ''}); the harness started a fresh app`);
      await sleep(500); // the build writes the restored files
      await this.restartApp();
    }
  }
}

/** The table as CI prints it: one line per edit, then what the runtime said for each. */
export function formatTable(title: string, rows: Row[]): string {
  const cells = rows.map((row) => [
    String(row.index),
    row.title,
    row.expected,
    row.outcome === row.expected ? row.outcome : `${row.outcome} ✗`,
    row.ms === undefined ? '-' : String(row.ms),
    row.revert ? `${row.revert.outcome}${row.revert.ms === undefined ? '' : ` ${row.revert.ms} ms`}` : '(with next)',
  ]);
  const header = ['#', 'edit', 'expected', 'outcome', 'ms', 'revert'];
  const widths = header.map((name, column) => Math.max(name.length, ...cells.map((cell) => cell[column]!.length)));
  const line = (values: string[]) => `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(' | ')} |`;
  const out = [
    '',
    title,
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...cells.map(line),
    '',
    `${rows.filter((row) => row.outcome === row.expected).length} of ${rows.length} as expected; ` +
      (['in place', 'restart', 'refused', 'stale', 'broken'] as Outcome[])
        .map((outcome) => `${rows.filter((row) => row.outcome === outcome).length} ${outcome}`)
        .join(', '),
    '',
  ];
  for (const row of rows) {
    const details = [
      ...(row.location ? [`refused at ${row.location}`] : []),
      ...(row.lastSeen ? [`last seen: ${row.lastSeen.slice(0, 300)}`] : []),
      ...row.notes,
      ...row.runtime.map((said) => `runtime: ${said}`),
    ];
    if (details.length > 0) out.push(`${row.index}. ${row.title}`, ...details.map((detail) => `     ${detail}`));
  }
  return `${out.join('\n')}\n`;
}
