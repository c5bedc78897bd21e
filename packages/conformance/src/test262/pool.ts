import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from './paths';
import type { RunResult, Task, WorkerConfig, WorkerMessage } from './types';

/** Tasks sent ahead to each worker, so it never waits for the parent between two tests. */
const PIPELINE = 4;

export interface PoolOptions {
  workers: number;
  config: WorkerConfig;
  /** A worker silent for this long is killed; its current task fails. */
  stallMs: number;
  /**
   * Tasks a worker runs before it is replaced. Tests run in one V8 isolate, and
   * some switch off isolate-wide fast paths for good (an element defined on
   * Object.prototype, in any realm, invalidates V8's NoElements protector and
   * slows every array operation, the compiler's included, by 2x or more); a
   * fresh process bounds how long such a slowdown lasts.
   */
  recycleAfter: number;
}

interface Worker {
  child: ChildProcess;
  /** Sent and not answered yet, in the order the worker runs them. */
  inFlight: Task[];
  sent: number;
  watchdog?: NodeJS.Timeout;
}

/**
 * Runs tasks on a pool of child processes. `onResult` may return further tasks
 * (the identity runs, decided from earlier results). A worker that crashes or
 * stalls fails the task it was running and is replaced.
 */
export function runPool(
  tasks: Task[],
  options: PoolOptions,
  onResult: (task: Task, result: RunResult) => Task[],
): Promise<void> {
  // Always the compiled worker: under Jest this module runs from src/, but a child process runs plain Node.
  const workerPath = path.join(packageRoot, 'dist/test262/worker.js');
  const queue = [...tasks];
  let next = 0;
  const workers = new Set<Worker>();

  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (error: Error) => {
      failed = true;
      for (const worker of workers) worker.child.kill();
      reject(error);
    };

    const finish = (worker: Worker, task: Task, result: RunResult) => {
      worker.inFlight.splice(worker.inFlight.indexOf(task), 1);
      queue.push(...onResult(task, result));
    };

    // Reset on progress only: a worker's silence is measured from its last answer.
    const arm = (worker: Worker) => {
      clearTimeout(worker.watchdog);
      if (worker.inFlight.length > 0) worker.watchdog = setTimeout(() => worker.child.kill('SIGKILL'), options.stallMs);
    };

    const feed = (worker: Worker) => {
      const idle = worker.inFlight.length === 0;
      while (worker.inFlight.length < PIPELINE && next < queue.length && worker.sent < options.recycleAfter) {
        const task = queue[next++]!;
        worker.inFlight.push(task);
        worker.sent++;
        worker.child.send(task);
      }
      if (idle) arm(worker);
      // Nothing left for it, or it has run its share: retire it.
      if (worker.inFlight.length === 0) {
        workers.delete(worker);
        worker.child.disconnect();
        replace();
      }
    };

    const replace = () => {
      if (next < queue.length) feed(spawn());
      else if (workers.size === 0) resolve();
    };

    const spawn = () => {
      const child = fork(workerPath, [JSON.stringify(options.config)], {
        execArgv: ['--experimental-vm-modules', '--expose-gc', '--disable-warning=ExperimentalWarning'],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      const worker: Worker = { child, inFlight: [], sent: 0 };
      workers.add(worker);
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'fatal') return fail(new Error(message.message));
        const task = worker.inFlight.find((candidate) => candidate.id === message.id)!;
        finish(worker, task, message.result);
        arm(worker);
        // A finished task can queue identity runs; idle workers may take them.
        for (const other of workers) feed(other);
      });
      // A send to a worker that just died fails here; its 'exit' handler accounts for the task.
      child.on('error', () => {});
      child.on('exit', (code, signal) => {
        clearTimeout(worker.watchdog);
        if (failed || !workers.has(worker)) return;
        workers.delete(worker);
        const [current, ...rest] = worker.inFlight;
        if (current) {
          const reason =
            signal === 'SIGKILL' ? `stalled for ${options.stallMs} ms (worker killed)` : `worker exited (${signal ?? code})`;
          worker.inFlight = [current];
          finish(worker, current, { passed: false, message: reason });
        }
        // Not run yet: back in the queue, for the replacement.
        queue.splice(next, 0, ...rest);
        replace();
      });
      return worker;
    };

    if (tasks.length === 0) return resolve();
    for (let i = 0; i < Math.min(Math.max(1, options.workers), tasks.length); i++) feed(spawn());
  });
}
