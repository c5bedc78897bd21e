import path from 'node:path';

/** The same depth from src/test262 (under Jest) and from dist/test262 (compiled). */
export const packageRoot = path.resolve(__dirname, '../..');
export const repoRoot = path.resolve(packageRoot, '../..');

/** test262 is data shared by the project, kept beside the repository rather than copied into it. */
export const defaultTest262Root = path.resolve(repoRoot, '../shared/test262');
