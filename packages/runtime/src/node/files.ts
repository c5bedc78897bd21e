// Which files hold the program's JavaScript, and reading them while they may be being rewritten.
import fs from 'node:fs';
import path from 'node:path';

/**
 * Files the runtime watches and instruments: JavaScript (CommonJS or ES modules), and the TypeScript and
 * JSX sources it compiles as they load (not declaration files).
 */
const SCRIPT = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;

export const isScript = (file: string): boolean => SCRIPT.test(file) && !DECLARATION.test(file);

/** Sources the runtime compiles as they load: TypeScript and JSX, which Node cannot run as they are. */
export const isSource = (file: string): boolean => /\.(?:[cm]?tsx?|jsx)$/.test(file) && !DECLARATION.test(file);

/** A file's text, or undefined while it does not exist. */
export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The watched root `file` is under, if any. */
export function rootOf(file: string, roots: readonly string[]): string | undefined {
  return roots.find((root) => file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

/** Whether `file` is one of the program's files: a script under one of the watched `roots`, outside node_modules. */
export function isProgramFile(file: string, roots: readonly string[]): boolean {
  const root = rootOf(file, roots);
  return root !== undefined && isScript(file) && !path.relative(root, file).split(path.sep).includes('node_modules');
}

/** This package's built files: frames in them are ours, not the program's, and so are their imports. */
export const OWN_FILES = path.resolve(__dirname, '..');
