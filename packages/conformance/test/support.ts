import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { babel8Supported } from '../src/adapters/babel';

export const ROOT = path.resolve(__dirname, '../../..');

/**
 * Every plugin adapter this Node can run. Babel 8 is ESM-only and needs Node ^22.18 or >= 24.11;
 * the test script runs the suite on Node 24 too, so each adapter runs in every `npm test`.
 */
export const adapters: string[] = babel8Supported() ? ['babel7', 'babel8', 'swc'] : ['babel7', 'swc'];

/**
 * Runs a conformance CLI in a real Node process (the corpus needs real ESM loading,
 * which Jest's module system does not give) and returns its JSON report.
 */
export function runCli<T>(cli: string, args: string[]): { report: T; output: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mighty-patcher-report-')), 'report.json');
  let output: string;
  try {
    output = execFileSync(process.execPath, [path.join(ROOT, 'packages/conformance/dist', cli), ...args, '--json', file], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (error) {
    // A failing run exits non-zero but still writes its report: the assertions below say what failed.
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return { report, output };
}
