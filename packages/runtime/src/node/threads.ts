// The program's worker threads and cluster workers run the runtime too. Each thread has its own modules and
// registry, so each applies a change itself, but one watcher (in the program's first process) reads the files:
// its changes go to every thread of that process over a BroadcastChannel, and to every cluster worker (a
// process of its own) over a local socket, whose threads get them over their own channel. A restart asked for
// anywhere goes back the same way to whoever can restart the program.
//
// How a thread or a cluster worker starts the runtime: `new Worker(...)` and `cluster.fork()` get a
// `--require` of thread.js added to their Node options (a worker's own `execArgv` included), and the
// settings in MIGHTY_PATCHER_THREAD.
import cluster from 'node:cluster';
import fs from 'node:fs';
import Module from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import worker_threads, { BroadcastChannel } from 'node:worker_threads';
import type { Change } from './watcher';

export const THREAD_ENV = 'MIGHTY_PATCHER_THREAD';

/** What a thread or a cluster worker needs to start the runtime as its program's first process did. */
export interface ThreadSettings {
  roots: string[];
  cwd: string;
  instrument: boolean;
  output: 'text' | 'json' | 'none';
  quiet: boolean;
  /** Whether someone can restart the program (the CLI's supervisor). */
  restartable: boolean;
  restart: 'auto' | 'always' | 'never';
  /** The local socket of the process whose watcher reads the files (set for cluster workers). */
  socket?: string;
}

type Message = { type: 'change'; change: Change } | { type: 'restart'; reason: string };

/** Times in a change are this thread's `performance.now()`: sent as epoch times, which every thread shares. */
const toEpoch = (change: Change): Change => ({ ...change, changed: change.changed.map((file) => ({ ...file, at: file.at + performance.timeOrigin })) });
const fromEpoch = (change: Change): Change => ({ ...change, changed: change.changed.map((file) => ({ ...file, at: file.at - performance.timeOrigin })) });

const threadEntry = path.join(__dirname, 'thread.js');
const CHANNEL = 'mighty-patcher';

/** Adds the runtime's preload to Node options given to a new thread or process. */
const withEntry = (execArgv: readonly string[]): string[] =>
  execArgv.includes(threadEntry) ? [...execArgv] : [...execArgv, '--require', threadEntry];

/** Lines from a socket, one JSON message each. */
function onMessages(socket: net.Socket, handle: (message: Message) => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      handle(JSON.parse(line) as Message);
    }
  });
  socket.on('error', () => {});
}

let propagated = false;
/** This process or thread started a worker thread or a cluster worker, or gets its changes from another. */
let shared = false;

/**
 * Whether this thread is the program's only one: then a file it never loaded is loaded by no one (each thread
 * reports what it applies, and only that).
 */
export const aloneInProgram = (): boolean => !shared;

/** In every thread of the program: the worker threads it starts run the runtime (thread.js). */
export function propagateToThreads(): void {
  if (propagated) return;
  propagated = true;
  const Original = worker_threads.Worker;
  class Worker extends Original {
    constructor(filename: string | URL, options: worker_threads.WorkerOptions = {}) {
      shared = true;
      const env = options.env;
      super(filename, {
        ...options,
        execArgv: withEntry(options.execArgv ?? process.execArgv),
        // A worker given its own environment still gets the settings (the default is a copy of process.env).
        ...(env && typeof env === 'object' ? { env: { ...env, [THREAD_ENV]: process.env[THREAD_ENV] } } : {}),
      });
    }
  }
  worker_threads.Worker = Worker;
  (Module as unknown as { syncBuiltinESMExports(): void }).syncBuiltinESMExports();
}

/**
 * Where the cluster workers reach the first process. A program ended by a signal runs no exit handler (a
 * restart ends it with SIGTERM): Linux's abstract sockets and Windows' pipes leave no file behind; elsewhere a
 * socket file in the temporary directory, removed on exit.
 */
function socketAddress(name: string): string {
  if (process.platform === 'linux') return `\0${name}`;
  if (process.platform === 'win32') return `\\\\?\\pipe\\${name}`;
  return path.join(os.tmpdir(), `${name}.sock`);
}

/**
 * In the main thread of a program process: makes the threads and cluster workers it starts run the runtime,
 * and returns what sends them each change. `restart` is called when one of them asks for a restart.
 */
export function shareChanges(settings: ThreadSettings, restart: (reason: string) => void): (change: Change) => void {
  process.env[THREAD_ENV] = JSON.stringify(settings);
  propagateToThreads();
  const channel = new BroadcastChannel(CHANNEL);
  channel.unref();
  channel.onmessage = (event) => {
    const message = (event as unknown as { data: Message }).data;
    if (message.type === 'restart') restart(message.reason);
  };

  const clients = new Set<net.Socket>();
  let server: net.Server | undefined;
  const fork = cluster.fork;
  cluster.fork = function (this: typeof cluster, env?: Record<string, unknown>) {
    shared = true;
    if (!server) {
      const socket = socketAddress(`mighty-patcher-${process.pid}-${Date.now().toString(36)}`);
      server = net.createServer((client) => {
        clients.add(client);
        client.unref();
        client.on('close', () => clients.delete(client));
        onMessages(client, (message) => message.type === 'restart' && restart(message.reason));
      });
      server.listen(socket);
      server.unref();
      if (socket.endsWith('.sock')) process.once('exit', () => fs.rmSync(socket, { force: true }));
      process.env[THREAD_ENV] = JSON.stringify({ ...settings, socket });
    }
    this.setupPrimary({ execArgv: withEntry(this.settings.execArgv ?? process.execArgv) });
    return fork.call(this, { ...env, [THREAD_ENV]: process.env[THREAD_ENV] });
  } as typeof cluster.fork;

  return (change) => {
    const message: Message = { type: 'change', change: toEpoch(change) };
    channel.postMessage(message);
    const line = `${JSON.stringify(message)}\n`;
    for (const client of clients) client.write(line);
  };
}

/**
 * In a worker thread, or in the main thread of a cluster worker: receives each change the program's watcher
 * reads, and returns what asks for a restart.
 */
export function receiveChanges(settings: ThreadSettings, onChange: (change: Change) => void): (reason: string) => void {
  shared = true;
  if (!worker_threads.isMainThread) {
    const channel = new BroadcastChannel(CHANNEL);
    channel.unref();
    channel.onmessage = (event) => {
      const message = (event as unknown as { data: Message }).data;
      if (message.type === 'change') onChange(fromEpoch(message.change));
    };
    return (reason) => channel.postMessage({ type: 'restart', reason } satisfies Message);
  }
  const socket = net.connect(settings.socket!);
  socket.unref();
  onMessages(socket, (message) => message.type === 'change' && onChange(fromEpoch(message.change)));
  return (reason) => socket.write(`${JSON.stringify({ type: 'restart', reason } satisfies Message)}\n`);
}
