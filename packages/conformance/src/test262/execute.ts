import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { harnessOf } from './metadata';
import { Realm } from './realm';
import type { Mode, Negative, RunResult, Task, Test262Transform, WorkerConfig } from './types';

const ASYNC_COMPLETE = 'Test262:AsyncTestComplete';
const ASYNC_FAILURE = 'Test262:AsyncTestFailure:';

interface Failure {
  phase: Negative['phase'];
  type: string;
  message: string;
}

/** How a run ended: `undefined` when it completed without an error. */
type Outcome = Failure | undefined;

function describe(phase: Negative['phase'], error: unknown): Failure {
  let type: string = typeof error;
  let message: string;
  // Test code can throw anything, including proxies and objects whose getters throw.
  try {
    if ((typeof error === 'object' && error !== null) || typeof error === 'function') {
      const constructor = (error as { constructor?: unknown }).constructor;
      if (typeof constructor === 'function' && constructor.name) type = constructor.name;
      message = String((error as { message?: unknown }).message ?? error);
    } else {
      message = String(error);
    }
  } catch {
    message = '(unprintable)';
  }
  return { phase, type, message: oneLine(message) };
}

/** Messages go into one-line summaries; some quote whole function sources. */
function oneLine(message: string): string {
  return message.replace(/\s+/g, ' ').trim().slice(0, 300);
}

function judge(outcome: Outcome, negative: Negative | undefined): RunResult {
  const got = outcome && `${outcome.phase} ${outcome.type}: ${outcome.message}`;
  if (!negative) return outcome ? { passed: false, message: got } : { passed: true };
  if (outcome?.phase === negative.phase && outcome.type === negative.type) return { passed: true };
  return { passed: false, message: `expected ${negative.phase} ${negative.type}, got ${got ?? 'completion'}` };
}

/** Resolves to `undefined` if `promise` has not settled after `ms`; a rejection passes through. */
async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
  let expire!: () => void;
  const timeout = new Promise<undefined>((resolve) => (expire = () => resolve(undefined)));
  const timer = setTimeout(expire, ms);
  try {
    return await Promise.race([promise.then((value) => ({ value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs tests one at a time, each run in a realm of its own (tests mutate
 * globals). Harness scripts are compiled once and run raw in every realm;
 * only the test's source and its module fixtures go through the adapter.
 */
export class Executor {
  private readonly harness = new Map<string, vm.Script>();
  /** Fixtures are shared by many module tests; their code per mode does not change. */
  private readonly fixtures = new Map<string, string>();

  constructor(
    private readonly config: WorkerConfig,
    private readonly transform: Test262Transform,
  ) {}

  async run(task: Task): Promise<RunResult> {
    const { metadata, scenario } = task;
    let asyncMessage: string | undefined;
    let onAsyncMessage: (() => void) | undefined;
    const realm = new Realm((message) => {
      if (asyncMessage === undefined && (message === ASYNC_COMPLETE || message.startsWith(ASYNC_FAILURE))) {
        asyncMessage = message;
        onAsyncMessage?.();
      }
    });
    for (const file of harnessOf(metadata)) {
      try {
        this.harnessScript(file).runInContext(realm.context);
      } catch (error) {
        return { passed: false, message: `harness/${file} threw: ${describe('runtime', error).message}` };
      }
    }

    let source = fs.readFileSync(path.join(this.config.root, task.file), 'utf8');
    if (scenario === 'strict') source = `"use strict";\n${source}`;
    let outcome =
      scenario === 'module' ? await this.runModule(realm, task, source) : this.runScript(realm, task, source);

    if (!outcome && metadata.flags.includes('async')) {
      if (asyncMessage === undefined) {
        await settleWithin(new Promise<void>((resolve) => (onAsyncMessage = resolve)), this.config.asyncTimeoutMs);
      }
      if (asyncMessage === undefined) {
        const message = `no ${ASYNC_COMPLETE} within ${this.config.asyncTimeoutMs} ms`;
        outcome = { phase: 'runtime', type: 'Timeout', message };
      } else if (asyncMessage !== ASYNC_COMPLETE) {
        // $DONE prints the error converted to a string, "Type: message".
        const error = asyncMessage.slice(ASYNC_FAILURE.length);
        const colon = error.indexOf(':');
        outcome =
          colon < 0
            ? { phase: 'runtime', type: error, message: '' }
            : { phase: 'runtime', type: error.slice(0, colon), message: oneLine(error.slice(colon + 1)) };
      }
    }
    return judge(outcome, metadata.negative);
  }

  private harnessScript(file: string): vm.Script {
    let script = this.harness.get(file);
    if (!script) {
      const filename = path.join(this.config.root, 'harness', file);
      script = new vm.Script(fs.readFileSync(filename, 'utf8'), { filename });
      this.harness.set(file, script);
    }
    return script;
  }

  private compile(mode: Mode, source: string, file: string, sourceType: 'script' | 'module'): string {
    return mode === 'raw' ? source : this.transform(source, file, { sourceType, enabled: mode === 'transformed' });
  }

  private runScript(realm: Realm, task: Task, source: string): Outcome {
    const filename = path.join(this.config.root, task.file);
    let script: vm.Script;
    try {
      const code = this.compile(task.mode, source, task.file, 'script');
      // Node keeps a script given importModuleDynamically, and with it the whole
      // realm, for the life of the process; only the few scripts that can import get one.
      script = new vm.Script(code, {
        filename,
        ...(code.includes('import') && { importModuleDynamically: this.modules(realm, task.mode).importer(filename) }),
      });
    } catch (error) {
      return describe('parse', error);
    }
    try {
      script.runInContext(realm.context, { timeout: this.config.syncTimeoutMs });
    } catch (error) {
      return describe('runtime', error);
    }
    return undefined;
  }

  private async runModule(realm: Realm, task: Task, source: string): Promise<Outcome> {
    const graph = this.modules(realm, task.mode);
    const filename = path.join(this.config.root, task.file);
    let module: vm.SourceTextModule;
    try {
      module = graph.create(filename, this.compile(task.mode, source, task.file, 'module'));
    } catch (error) {
      return describe('parse', error);
    }
    try {
      await module.link(graph.linker);
    } catch (error) {
      return describe('resolution', error);
    }
    try {
      // A top-level await that never settles must not hold the worker.
      const { syncTimeoutMs, asyncTimeoutMs } = this.config;
      if (!(await settleWithin(module.evaluate({ timeout: syncTimeoutMs }), asyncTimeoutMs))) {
        return { phase: 'runtime', type: 'Timeout', message: `module evaluation did not settle within ${asyncTimeoutMs} ms` };
      }
    } catch (error) {
      return describe('runtime', error);
    }
    return undefined;
  }

  /** The module map of one run: every specifier test262 uses is `./file` beside the importer. */
  private modules(realm: Realm, mode: Mode) {
    const map = new Map<string, vm.SourceTextModule>();
    const graph = {
      create: (filename: string, code: string): vm.SourceTextModule => {
        const module = new vm.SourceTextModule(code, {
          context: realm.context,
          identifier: filename,
          importModuleDynamically: graph.importer(filename),
        });
        map.set(filename, module);
        return module;
      },
      // A module outside the suite is one the plugin's output imports (its HMR glue, docs/protocol.md §6): run as is.
      load: (filename: string): vm.SourceTextModule =>
        map.get(filename) ??
        graph.create(filename, filename.startsWith(this.config.root + path.sep) ? this.fixture(mode, filename) : fs.readFileSync(filename, 'utf8')),
      linker: (specifier: string, referrer: vm.Module): vm.Module =>
        graph.load(path.resolve(path.dirname(referrer.identifier), specifier)),
      importer: (filename: string) => async (specifier: string): Promise<vm.Module> => {
        let module: vm.Module;
        try {
          module = graph.load(path.resolve(path.dirname(filename), specifier));
        } catch (error) {
          throw realm.adopt(error);
        }
        // Node hands back the namespace of what we return, so it must be linked and evaluated first.
        if (module.status === 'unlinked') await module.link(graph.linker);
        if (module.status === 'linked') await module.evaluate();
        return module;
      },
    };
    return graph;
  }

  private fixture(mode: Mode, filename: string): string {
    const key = `${mode}:${filename}`;
    let code = this.fixtures.get(key);
    if (code === undefined) {
      const file = path.relative(this.config.root, filename).split(path.sep).join('/');
      code = this.compile(mode, fs.readFileSync(filename, 'utf8'), file, 'module');
      this.fixtures.set(key, code);
    }
    return code;
  }
}
