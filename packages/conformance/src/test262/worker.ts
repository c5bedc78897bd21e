/**
 * A child process of the pool: runs tasks in order and answers each with its
 * result. Started by pool.ts with --experimental-vm-modules (vm.SourceTextModule)
 * and --expose-gc ($262.gc).
 */
import path from 'node:path';
import { loadAdapter } from '../adapters';
import { Executor } from './execute';
import type { Task, WorkerConfig, WorkerMessage } from './types';

const send = (message: WorkerMessage, then?: () => void) => process.send!(message, undefined, undefined, then);
const config = JSON.parse(process.argv[2]!) as WorkerConfig;

let executor: Executor;
try {
  const adapter = loadAdapter(config.adapter);
  // Module ids come out relative to the test262 directory; no source maps, which nothing here reads.
  executor = new Executor(config, (source, file, { sourceType, enabled }) =>
    adapter.transform(source, path.join(config.root, file), { sourceType, root: config.root, enabled, sourceMaps: false }),
  );
} catch (error) {
  send({ type: 'fatal', message: `cannot load adapter ${config.adapter}: ${(error as Error).stack ?? error}` }, () =>
    process.exit(1),
  );
}

// Tests reject promises they never handle (and test262 does not count that as a
// failure); Node's default would end the process.
process.on('unhandledRejection', () => {});
process.on('disconnect', () => process.exit(0));

let queue = Promise.resolve();
process.on('message', (task: Task) => {
  queue = queue.then(async () => {
    const result = await executor.run(task).catch((error: unknown) => ({
      passed: false,
      message: `runner error: ${(error as Error).stack ?? error}`,
    }));
    send({ type: 'result', id: task.id, result });
  });
});
