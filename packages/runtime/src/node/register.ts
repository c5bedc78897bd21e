// Preload entry point: `node --import @mighty-patcher/runtime/register app.mjs` or
// `node -r @mighty-patcher/runtime/register app.js`. Watches the entry script's directory, or the
// directories in MIGHTY_PATCHER_WATCH (separated like PATH); MIGHTY_PATCHER_OUTPUT=json|none|text.
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { startPatcher, type PatcherOptions } from './index';

const watch = process.env.MIGHTY_PATCHER_WATCH?.split(path.delimiter).filter(Boolean);
const entry = process.argv[1];
const output = process.env.MIGHTY_PATCHER_OUTPUT as PatcherOptions['output'] | undefined;
// Preloads also run in worker threads, among them Node's module-hooks thread: the program is patched
// from its main thread only.
if (isMainThread) {
  startPatcher({
    watch: watch?.length ? watch : [entry ? path.dirname(path.resolve(entry)) : process.cwd()],
    output,
    entry: entry && path.resolve(entry),
  }).catch((error: unknown) => {
    process.stderr.write(`[mighty-patcher] could not start watching: ${String(error)}\n`);
  });
}
