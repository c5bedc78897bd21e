// Runs the patch conformance corpus (test-fixtures/) through one plugin adapter.
// Each case's subject module is compiled by the adapter, loaded for real (Node ESM or
// CommonJS), its references captured by an untransformed scenario, patched through the
// registry the way a runtime does, and the captured references checked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import * as runtime from '@mighty-patcher/runtime';
import type { PatchReport } from '@mighty-patcher/runtime';
import { loadAdapter, type Adapter } from '../adapters';

export interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

/** What a scenario receives. */
export interface ScenarioContext {
  /** Compiles `<version>.<ext>` as the subject's new version and applies it; rejects (after a rollback) if it fails. */
  patch(version?: string): Promise<PatchReport>;
  moduleId: string;
  /** `require` relative to the case's directory of compiled files. */
  require: NodeJS.Require;
  runtime: typeof runtime;
}

interface CaseOptions {
  format?: 'esm' | 'cjs';
  description?: string;
}

const SUBJECT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.tsx', '.jsx'];

function subjectFile(directory: string, version: string): string {
  const found = SUBJECT_EXTENSIONS.map((extension) => path.join(directory, version + extension)).find((file) =>
    fs.existsSync(file),
  );
  if (!found) throw new Error(`${directory}: no ${version}.{${SUBJECT_EXTENSIONS.join(',')}}`);
  return found;
}

async function runCase(adapter: Adapter, fixtures: string, name: string, work: string): Promise<void> {
  const directory = path.join(fixtures, name);
  const options: CaseOptions = fs.existsSync(path.join(directory, 'case.json'))
    ? JSON.parse(fs.readFileSync(path.join(directory, 'case.json'), 'utf8'))
    : {};
  const before = subjectFile(directory, 'before');
  const extension = path.extname(before);
  const format = options.format ?? (extension === '.cjs' ? 'cjs' : 'esm');
  // Every version is compiled under the same file name, so it gets the same registry keys.
  const filename = path.join(directory, `subject${extension}`);
  const moduleId = path.relative(fixtures, filename).split(path.sep).join('/');
  const out = path.join(work, name);
  fs.mkdirSync(out, { recursive: true });
  const outputExtension = format === 'cjs' ? '.cjs' : '.mjs';
  const requireHere = createRequire(path.join(out, 'index.js'));

  const compile = (file: string, target: string): string => {
    const source = fs.readFileSync(file, 'utf8');
    const code = adapter.transform(source, filename, {
      sourceType: extension === '.cjs' ? 'script' : 'module',
      root: fixtures,
      output: format === 'cjs' && extension !== '.cjs' ? 'commonjs' : 'esm',
    });
    const written = path.join(out, target);
    fs.writeFileSync(written, code);
    return written;
  };
  const evaluate = async (file: string): Promise<void> => {
    if (format === 'cjs') requireHere(file);
    else await import(pathToFileURL(file).href);
  };

  compile(before, `subject${outputExtension}`);
  for (const file of fs.readdirSync(directory)) {
    if (!/^(before|after\d*)\./.test(file) && file !== 'case.json') fs.copyFileSync(path.join(directory, file), path.join(out, file));
  }

  let patches = 0;
  const context: ScenarioContext = {
    moduleId,
    require: requireHere,
    runtime,
    async patch(version = 'after') {
      const transaction = runtime.beginPatch(moduleId);
      try {
        await evaluate(compile(subjectFile(directory, version), `subject.${version}.${++patches}${outputExtension}`));
      } catch (error) {
        transaction.rollback();
        throw error;
      }
      return transaction.commit();
    },
  };
  const scenario = await import(pathToFileURL(path.join(out, 'scenario.mjs')).href);
  await scenario.default(context);
}

export async function runCorpus(options: {
  adapter: string;
  fixtures: string;
  filter?: string;
  onResult?: (result: CaseResult) => void;
}): Promise<CaseResult[]> {
  const adapter = loadAdapter(options.adapter);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `mighty-patcher-corpus-${adapter.name}-`));
  const names = fs
    .readdirSync(options.fixtures, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && (!options.filter || entry.name.includes(options.filter)))
    .map((entry) => entry.name)
    .sort();
  const results: CaseResult[] = [];
  try {
    for (const name of names) {
      const started = performance.now();
      let result: CaseResult;
      try {
        await runCase(adapter, options.fixtures, name, work);
        result = { name, ok: true, ms: performance.now() - started };
      } catch (error) {
        result = { name, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error), ms: performance.now() - started };
      }
      results.push(result);
      options.onResult?.(result);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return results;
}
