import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Negative, Scenario, TestMetadata } from './types';

const FRONT_MATTER = /\/\*---([\s\S]*?)---\*\//;

/**
 * Test files under `<root>/test` as relative POSIX paths, sorted. `_FIXTURE`
 * files are imported by tests, not tests themselves.
 */
export function findTests(root: string, filter?: string): string[] {
  return fs
    .readdirSync(path.join(root, 'test'), { recursive: true, encoding: 'utf8' })
    .map((file) => `test/${file.split(path.sep).join('/')}`)
    .filter((file) => file.endsWith('.js') && !file.includes('_FIXTURE') && (!filter || file.includes(filter)))
    .sort();
}

export function parseMetadata(source: string, file: string): TestMetadata {
  const match = FRONT_MATTER.exec(source);
  if (!match) throw new Error(`${file}: no /*--- ---*/ front matter`);
  // One test is written with lone CR line ends (its subject is line
  // terminators); the yaml package reads only LF and CRLF.
  const yaml = match[1]!.replace(/\r\n?/g, '\n');
  const data = (YAML.parse(yaml) ?? {}) as { includes?: string[]; flags?: string[]; negative?: Negative };
  return {
    includes: data.includes ?? [],
    flags: data.flags ?? [],
    ...(data.negative && { negative: { phase: data.negative.phase, type: data.negative.type } }),
  };
}

export function scenariosOf(metadata: TestMetadata): Scenario[] {
  const flags = new Set(metadata.flags);
  // Node's main thread can block (Atomics.wait works there), so [[CanBlock]] is true.
  if (flags.has('CanBlockIsFalse')) return [];
  if (flags.has('module')) return ['module'];
  if (flags.has('raw') || flags.has('noStrict')) return ['sloppy'];
  if (flags.has('onlyStrict')) return ['strict'];
  return ['sloppy', 'strict'];
}

/** Harness files evaluated before the test, in the order INTERPRETING.md gives. */
export function harnessOf(metadata: TestMetadata): string[] {
  if (metadata.flags.includes('raw')) return [];
  const files = ['assert.js', 'sta.js'];
  if (metadata.flags.includes('async')) files.push('doneprintHandle.js');
  return [...new Set([...files, ...metadata.includes])];
}
