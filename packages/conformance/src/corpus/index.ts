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
import * as node from '@mighty-patcher/runtime/node';
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
  /**
   * How `t.patch()` applies a version: `re-evaluate` (default) evaluates it as a new instance of the module
   * in a registry transaction, as bundler HMR does; `in-place` patches the running instance's functions in
   * its own scope, as the Node runtime does with a body-only edit (module state and closures kept), and
   * rejects when the version is not a body-only edit.
   */
  patch?: 're-evaluate' | 'in-place';
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
  if (options.patch === 'in-place') node.trackModules();
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
      if (options.patch === 'in-place') return patchInPlace(path.join(out, `subject${outputExtension}`), compile(subjectFile(directory, version), `subject.${version}.${++patches}${outputExtension}`), out);
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

/** Applies the compiled `next` version to the running `file` in place, as the Node runtime applies a save. */
async function patchInPlace(file: string, next: string, cwd: string): Promise<PatchReport> {
  const [event] = await node.applyVersions([{ file, text: fs.readFileSync(next, 'utf8') }], { cwd });
  if (!event) throw new Error(`${path.basename(next)}: nothing to apply`);
  if (event.type === 'error') throw new Error(`${event.message}${event.location ? ` at ${event.location}` : ''}`);
  if (event.type !== 'patch' || event.rule !== 'body') {
    throw new Error(`not patched in place: ${event.type === 'patch' ? `re-evaluated (${event.reason})` : event.type}`);
  }
  if (event.warnings.length > 0) (event.report as PatchReport & { warnings?: string[] }).warnings = event.warnings;
  return event.report;
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
