// Module ids (docs/protocol.md §1): the file name relative to `root`, with POSIX separators.
import path from 'node:path';

/** The module id of `filename`: relative to `root` (itself relative to `cwd`). */
export function moduleId(cwd: string, root: string, filename: string): string {
  return path.relative(path.resolve(cwd, root), filename).split(path.sep).join('/');
}
