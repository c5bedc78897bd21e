// The on-disk cache of compiled modules (compile.ts): what SWC made of a file, keyed by a hash of its text
// and of everything that shapes the output (its path, the compiler, the plugin, the options from its
// tsconfig.json). Shared by every process and thread of a program and by later runs: a restart, and a
// second start, compile only the files that changed. Entries are written whole (a rename), so a process
// never reads another's half-written entry. Also home of SWC's compiled Wasm plugin.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Overrides the cache directory (default: $XDG_CACHE_HOME/mighty-patcher, else ~/.cache/mighty-patcher). */
export const CACHE_ENV = 'MIGHTY_PATCHER_CACHE_DIR';
/** Bumped when what the runtime writes around SWC's output changes. */
const FORMAT = 1;

let dir: string | undefined;

export function cacheDir(): string {
  if (dir === undefined) {
    const home = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
    dir = process.env[CACHE_ENV] || path.join(home, 'mighty-patcher');
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
    } catch {
      dir = path.join(os.tmpdir(), `mighty-patcher-${os.userInfo().uid}`);
    }
  }
  return dir;
}

const made = new Set<string>();

/** Loaded with the first entry looked up: a program built by a plugin compiles nothing (node:crypto costs ~3 ms to load). */
let hash: typeof import('node:crypto').hash | undefined;

function entryPath(key: string, text: string): string {
  hash ??= (require('node:crypto') as typeof import('node:crypto')).hash;
  // One-shot hash: a start looks up every module, and a Hash object per lookup showed in profiles.
  const digest = hash('sha1', `${FORMAT}\0${key}\0${text}`);
  return path.join(cacheDir(), 'modules', digest.slice(0, 2), digest.slice(2));
}

/** The cached output for `key` and `text`, if any. */
export function readCached(key: string, text: string): string | undefined {
  try {
    return fs.readFileSync(entryPath(key, text), 'utf8');
  } catch {
    return undefined;
  }
}

/** Stores the output for `key` and `text`; a cache that cannot be written is only slower. */
export function writeCached(key: string, text: string, output: string): void {
  const file = entryPath(key, text);
  try {
    const parent = path.dirname(file);
    if (!made.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(temporary, output);
    fs.renameSync(temporary, file);
  } catch {
    // read-only or full disk: compiled again next time
  }
}
