// Preload entry point: `node --import @mighty-patcher/runtime/register app.mjs` or
// `node -r @mighty-patcher/runtime/register app.js` (or `src/index.ts`: sources compile as they load).
// Watches the entry script's directory, or the directories in MIGHTY_PATCHER_WATCH (separated like PATH);
// MIGHTY_PATCHER_OUTPUT=json|none|text. With another TypeScript loader (tsx, ts-node, ...) loaded before it,
// the runtime compiles sources itself, and says so; with one loaded after it, it refuses to start.
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { isSource } from './files';
import { startPatcher, type PatcherOptions } from './index';
import { nodeStripsTypes, typeScriptLoaders } from './loaders';

const watch = process.env.MIGHTY_PATCHER_WATCH?.split(path.delimiter).filter(Boolean);
const entry = process.argv[1];
const output = process.env.MIGHTY_PATCHER_OUTPUT as PatcherOptions['output'] | undefined;
const say = (line: string): void => {
  if (output !== 'none') process.stderr.write(`[mighty-patcher] ${line}\n`);
};
// Preloads also run in worker threads, among them Node's module-hooks thread: worker threads start the
// runtime through thread.js, which the main thread's runtime adds to their options.
if (isMainThread) {
  const { before, after } = typeScriptLoaders(__filename);
  if (after.length > 0) {
    say(
      `not started: ${after.join(', ')} is loaded after @mighty-patcher/runtime/register and would compile TypeScript itself, ` +
        'without instrumentation, so edits could not be applied. Load the runtime last, or alone: it compiles TypeScript ' +
        'itself (`npx mighty-patcher run src/index.ts`).',
    );
  } else {
    const bypassed = [...before, ...(entry && isSource(entry) && nodeStripsTypes() ? ["Node's type stripping"] : [])];
    if (bypassed.length > 0) {
      say(`TypeScript and JSX sources are compiled, and instrumented, by the runtime: ${bypassed.join(' and ')} ${bypassed.length > 1 ? 'are' : 'is'} bypassed for them`);
    }
    startPatcher({
      watch: watch?.length ? watch : [entry ? path.dirname(path.resolve(entry)) : process.cwd()],
      output,
      entry: entry && path.resolve(entry),
    }).catch((error: unknown) => {
      process.stderr.write(`[mighty-patcher] could not start watching: ${String(error)}\n`);
    });
  }
}
