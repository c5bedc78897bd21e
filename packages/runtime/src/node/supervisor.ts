// The CLI's parent process: it runs the program in a child process (the same Node, flags and arguments)
// and, when the runtime in that child asks for a restart (a change reached the entry module), ends the child
// as `node --watch` does (SIGTERM: the program's own handlers run and release its ports; SIGKILL after 5 s)
// and starts a new one. Everything else is the program's: its stdio, its exit code or signal, its IPC
// channel (relayed both ways), and signals sent to this process. A program that dies (an uncaught error, a
// non-zero exit, a signal this process did not pass on) does not end this process: like `node --watch`,
// nodemon and `tsx watch`, it waits for the next change under the watched directories and starts the program
// again, unless told to exit with the program (`--exit-on-crash`, nodemon's `--exitcrash`). A program that
// ends with code 0 ends this process, as a script run by `node` ends.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { isScript } from './files';
import { ignoredUnder, watchedPaths } from './watcher';

/** The child writes one JSON object per line on this file descriptor to talk to the supervisor. */
export const CONTROL_FD = 3;
export const CONTROL_ENV = 'MIGHTY_PATCHER_CONTROL_FD';
/** Tells a restarted child why, and since when, for its first report line. */
export const RESTART_ENV = 'MIGHTY_PATCHER_RESTARTED';

/**
 * `restart`: end the program and start it again. `watch`: a file besides the program's scripts (a config, JSON it
 * loaded, data it read as it started) whose change starts the program again once it has died. `started`: the
 * program has started (its first server listens, or it has gone quiet). `read`: the program applied a change that
 * read these files at `at` (ms since the epoch): a save after that is one the program has not applied.
 */
export type ControlMessage =
  | { type: 'restart'; reason: string; since?: number }
  | { type: 'watch'; file: string }
  | { type: 'started' }
  | { type: 'read'; files: string[]; at: number };

const KILL_AFTER_MS = 5000;

/**
 * Runs `node <script> <args>` in a child, restarting it when it asks to, until it exits on its own. `watch`: the
 * directories the program's runtime watches, watched here only while a program that died is down.
 */
export function supervise(script: string, args: string[], watch: string[], { exitOnCrash }: { exitOnCrash: boolean }): void {
  let child: ChildProcess;
  let restart: { reason: string; at: number; since?: number } | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  let restarted = false;
  /** No program runs: it died, and this process waits for a change. */
  let down = false;
  /** This process was told to end: the program's exit, whatever it is, ends it too. */
  let ending = false;
  /** Files besides scripts whose change starts a program that died (a log or a database it writes is none of them). */
  const startFor = new Set<string>();
  /** When the program was last started (ms since the epoch), and whether it said it had started up since. */
  let spawnedAt = 0;
  let startedUp = false;
  /** The program running was started again for a save the one before had not applied, not by a change seen. */
  let startedForSave = false;
  /** The files the running program read for the changes it applied, and when: a later save is one it did not apply. */
  const read = new Map<string, number>();

  const start = (forSave = false): void => {
    const env: NodeJS.ProcessEnv = { ...process.env, [CONTROL_ENV]: String(CONTROL_FD) };
    if (restart) env[RESTART_ENV] = JSON.stringify(restart);
    else delete env[RESTART_ENV];
    child = spawn(process.execPath, [...process.execArgv, script, ...args], {
      stdio: ['inherit', 'inherit', 'inherit', 'pipe', ...(process.send ? (['ipc'] as const) : [])],
      env,
    });
    spawnedAt = Date.now();
    startedUp = false;
    startedForSave = forSave;
    read.clear();
    restarted ||= restart !== undefined;
    down = false;
    restart = undefined;
    let pending = '';
    (child.stdio[CONTROL_FD] as Readable).on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        const message = JSON.parse(line) as ControlMessage;
        if (message.type === 'watch') startFor.add(message.file);
        else if (message.type === 'started') startedUp = true;
        else if (message.type === 'read') for (const file of message.files) read.set(file, message.at);
        else if (!restart) requestRestart(message.reason, message.since);
      }
    });
    child.on('message', (message) => process.send?.(message as never));
    child.on('exit', (code, signal) => {
      clearTimeout(killTimer);
      // Told to end while a restart was under way (a SIGTERM in that window): no new program.
      if (restart && !ending) {
        start();
        return;
      }
      if (!exitOnCrash && !ending && (signal !== null || code !== 0)) {
        void waitForChange(signal ?? `code ${code}`);
        return;
      }
      // The program ended on its own: so does this process, the same way.
      process.removeAllListeners('SIGINT');
      process.removeAllListeners('SIGTERM');
      process.removeAllListeners('SIGHUP');
      if (signal) process.kill(process.pid, signal);
      else process.exit(code ?? 0);
    });
  };

  const requestRestart = (reason: string, since?: number): void => {
    restart = { reason, at: Date.now(), since };
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    killTimer.unref();
  };

  /** After the program died: the next change under `watch` starts it again. */
  const waitForChange = async (how: string): Promise<void> => {
    down = true;
    const { watch: watchFiles } = await import('chokidar');
    // Told of by the program, a file is watched even where nothing else is (an --env-file `.env`), as the
    // program's own watcher does (watcher.ts).
    // Resolved as the files the program tells of are (`--watch src` is relative to the working directory).
    const roots = watch.map((dir) => path.resolve(dir));
    const ignored = ignoredUnder(roots);
    const watcher = watchFiles(watchedPaths(roots, startFor, ignored), { ignoreInitial: true, ignored: (file: string) => !startFor.has(path.resolve(file)) && ignored(file) });
    // A program that writes its log beside its code, and dies at start-up, would otherwise be started again
    // by each of its own deaths.
    const startsIt = (file: string): boolean => isScript(file) || startFor.has(file);
    const startAgain = (reason: string, forSave = false): void => {
      void watcher.close();
      restart = { reason, at: Date.now() };
      start(forSave);
    };
    watcher.on('all', (_event, changed) => {
      const file = path.resolve(changed);
      if (!down || !startsIt(file)) return;
      startAgain(`${path.relative(process.cwd(), file)} changed after the program exited`);
    });
    // Said once the watcher is ready: a change saved after this line starts the program.
    watcher.once('ready', () => {
      if (!down) return;
      // A save the program did not apply before it died, made before this watcher was ready (seen: a module read
      // half-written as the program loaded it, its save complete; a fix saved just after a patch that made the
      // program die): started again at once, as node --watch, which watches all along, does. Not again where the
      // program so started died as it started too: one that writes its own code as it starts is not started in a loop.
      // A program that applied a change had started, whether or not it said so (a tick loop never goes quiet).
      const ran = startedUp || read.size > 0;
      // Once it ran, its scripts only: a data file it read as it started, it may write itself (lowdb's db.json).
      const unapplied = (file: string) => (ran ? isScript(file) : startsIt(file));
      const saved = !startedForSave || ran ? savedSince(watcher.getWatched(), unapplied, (file) => Math.max(spawnedAt, read.get(file) ?? 0)) : undefined;
      if (saved) {
        const when = ran ? 'after the program last read it' : 'while the program started';
        return startAgain(`${path.relative(process.cwd(), saved)} was saved ${when}, which exited (${how})`, true);
      }
      const which = restarted ? 'the restarted program' : 'the program';
      process.stderr.write(`[mighty-patcher] ${which} exited (${how}); waiting for a change to start it again\n`);
    });
  };

  process.on('message', (message) => child.connected && child.send(message as never));
  // A signal sent to this process is passed on to the program, as `node --watch` does: a SIGINT sent to this
  // process alone (`kill -INT`, a process manager) must end the program too. A terminal's Ctrl-C reaches
  // the whole process group, so the program gets that one twice, as under `node --watch`.
  // While no program runs, a signal ends this process as it would end node.
  const endWhileDown = (signal: NodeJS.Signals): void => {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      ending = true;
      if (down) endWhileDown(signal);
      else child.kill(signal);
    });
  }
  start();
}

/** The first of the watched files that `startsIt` whose time of change is after `since(file)` (ms since the epoch). */
function savedSince(watched: Record<string, string[]>, startsIt: (file: string) => boolean, since: (file: string) => number): string | undefined {
  for (const [dir, names] of Object.entries(watched)) {
    for (const name of names) {
      const file = path.resolve(dir, name);
      if (!startsIt(file)) continue;
      const stats = fs.statSync(file, { throwIfNoEntry: false });
      if (stats?.isFile() && stats.mtimeMs > since(file)) return file;
    }
  }
  return undefined;
}
