// Preload of the program's worker threads and cluster workers (threads.ts adds it to their Node options):
// starts the runtime there with the settings of the program's first process.
import { isMainThread, parentPort } from 'node:worker_threads';
import { startThread } from './index';
import { THREAD_ENV, type ThreadSettings } from './threads';

const settings = process.env[THREAD_ENV];
// Node 20's module-hooks thread inherits a worker's preloads: it has no parentPort, and no program code.
if (settings && (isMainThread || parentPort)) {
  startThread(JSON.parse(settings) as ThreadSettings).catch((error: unknown) => {
    process.stderr.write(`[mighty-patcher] could not start in this worker: ${String(error)}\n`);
  });
}
