// The `exclude` option: path patterns matched against the module id (the file path relative to `root`,
// POSIX separators). The same rule as packages/swc-plugin/src/exclude.rs; keep them identical.
//
// - A pattern and the module id are split at `/` (empty segments and a leading `./` are dropped).
// - `**` as a whole segment matches any number of segments, none included; within a segment `*`
//   matches any run of characters and `?` exactly one. Every other character matches itself
//   (case-sensitive). `*` and `**` also match names starting with a dot (`.pnpm`) and `..`.
// - A pattern matches the module id, or any directory that contains the file: `generated` and
//   `generated/**` both exclude `generated/api.js`.

/** The default: nothing under a `node_modules` directory is instrumented. */
export const DEFAULT_EXCLUDE: readonly string[] = ['**/node_modules/**'];

function segments(path: string): string[] {
  return path.split('/').filter((segment, index) => segment !== '' && !(index === 0 && segment === '.'));
}

/** `*` and `?` within one segment (characters are code points). */
function segmentMatches(pattern: string[], text: string[]): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let starText = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      starText = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

function matchesFrom(pattern: string[], i: number, path: string[], j: number): boolean {
  if (i === pattern.length) return true; // the whole path, or a directory containing it
  if (pattern[i] === '**') {
    for (let k = j; k <= path.length; k++) if (matchesFrom(pattern, i + 1, path, k)) return true;
    return false;
  }
  if (j === path.length || !segmentMatches(Array.from(pattern[i]!), Array.from(path[j]!))) return false;
  return matchesFrom(pattern, i + 1, path, j + 1);
}

/** Whether `moduleId` matches one of `patterns`. */
export function isExcluded(moduleId: string, patterns: readonly string[]): boolean {
  const path = segments(moduleId);
  return patterns.some((pattern) => matchesFrom(segments(pattern), 0, path, 0));
}

/** Why a pattern is invalid, or undefined. */
export function invalidPattern(pattern: string): string | undefined {
  return segments(pattern).length === 0 ? 'a pattern must name at least one path segment' : undefined;
}
