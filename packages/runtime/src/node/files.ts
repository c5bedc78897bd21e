// Which files hold the program's JavaScript, and reading them while they may be being rewritten.
import fs from 'node:fs';

/** Files the runtime watches and instruments: JavaScript, CommonJS or ES modules. */
export const SCRIPT = /\.[cm]?js$/;

/** A file's text, or undefined while it does not exist. */
export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
