// Applies changed built files to the running process (docs/runtime.md):
// - "body": only function bodies and parameters changed. The new implementations are evaluated in
//   the old module's scope (its evaluator), so the module does not run again and keeps its state.
// - "re-evaluate": anything else changed (top-level statements, added, removed or renamed
//   functions, a changed kind). The module's dispose handlers run, then its new version is
//   evaluated; its functions' slots take the new implementations, so every reference held
//   elsewhere runs the new code.
// Either way every implementation of a change is committed together, or none is.
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beginPatch, getRegistry, kindOf, type AnyFunction, type PatchReport, type PatchTransaction, type Slot } from '../registry';
import { addedFunctions, analyse, ModuleSyntaxError, positionOf, shapeDifference, type ModuleVersion, type TopStatement } from './analyse';
import { instrument, InstrumentError, isInstrumented } from './instrument';
import { disposeModule, forgetModule, loadedModule, restoreModule, type LoadedModule } from './modules';
import { patchCode } from './patch-code';
import { describePosition, loadSourceMap, mapDataURL, readSourceMap, sourceMappingURLOf } from './source-map';

export type PatchRule = 'body' | 're-evaluate';

export interface PatchEvent {
  type: 'patch';
  file: string;
  moduleId: string;
  rule: PatchRule;
  /** Why the module was evaluated again: where its first change outside a function body is. */
  reason?: string;
  report: PatchReport;
  /** What did not take effect, and why. */
  warnings: string[];
}

export interface ErrorEvent {
  type: 'error';
  file: string;
  moduleId?: string;
  /** `source:line:column` of the error, mapped through the source map. */
  location?: string;
  message: string;
}

export interface DeletedEvent {
  type: 'deleted';
  file: string;
  moduleId: string;
}

export type ApplyEvent = PatchEvent | ErrorEvent | DeletedEvent;

/** A built file read for a patch, or why it cannot be. */
export type Prepared =
  | { kind: 'body'; module: LoadedModule; version: ModuleVersion; text: string; running: string; added: TopStatement[] }
  | { kind: 're-evaluate'; module: LoadedModule; version: ModuleVersion; text: string; running: string; reason: string }
  | { kind: 'error'; event: ErrorEvent }
  | { kind: 'none' };

let reevaluations = 0;

export class Patcher {
  /** `instrument`: instrument built files that no plugin has (module ids relative to `cwd`). */
  constructor(
    private readonly cwd: string,
    private readonly instrumentBuilt: boolean,
  ) {}

  /** The code that runs for a built file's text: the text itself, or the text instrumented at load. */
  private runningCode(file: string, text: string, sourceType: 'module' | 'script'): string {
    if (isInstrumented(text) || !this.instrumentBuilt) return text;
    return instrument(file, text, sourceType, this.cwd);
  }

  /** True if `file` was loaded by the running program as an instrumented module. */
  tracks(file: string): boolean {
    return loadedModule(file) !== undefined;
  }

  /** Reads `file` and says how it would be applied; a syntax error is an error event. */
  prepare(file: string, text: string): Prepared {
    const module = loadedModule(file);
    if (!module || text === module.text) return { kind: 'none' };
    const sourceType = module.format === 'module' ? 'module' : 'script';
    let version: ModuleVersion | undefined;
    let running: string;
    try {
      running = this.runningCode(file, text, sourceType);
      version = analyse(running, sourceType);
    } catch (error) {
      if (!(error instanceof ModuleSyntaxError || error instanceof InstrumentError)) throw error;
      const location = describePosition(file, loadSourceMap(file, text), error.line, error.column, this.cwd);
      return { kind: 'error', event: { type: 'error', file, moduleId: module.moduleId, location, message: `SyntaxError: ${error.message}` } };
    }
    if (!version) {
      const message = 'the new version is not instrumented (was it built without the Mighty Patcher plugin?)';
      return { kind: 'error', event: { type: 'error', file, moduleId: module.moduleId, message } };
    }
    // Parsed once per version that runs, not on every patch.
    const base = (module.base ??= analyse(this.runningCode(file, module.text, sourceType), sourceType)!);
    const at = base.moduleId === version.moduleId ? shapeDifference(base, version) : 0;
    if (at === -1) return { kind: 'body', module, version, text, running, added: [] };
    const added = base.moduleId === version.moduleId ? addedFunctions(base, version) : undefined;
    if (added) return { kind: 'body', module, version, text, running, added };
    const { line, column } = positionOf(running, at);
    const reason = `changed outside function bodies at ${describePosition(file, loadSourceMap(file, running), line, column, this.cwd)}`;
    return { kind: 're-evaluate', module, version, text, running, reason };
  }

  /**
   * Applies the prepared files of one change. Body patches of all files are committed together; modules that
   * must be evaluated again follow, each on its own (its top-level code has effects of its own).
   */
  async apply(changes: Prepared[]): Promise<ApplyEvent[]> {
    const events: ApplyEvent[] = [];
    const bodies: Extract<Prepared, { kind: 'body' }>[] = [];
    const others: Extract<Prepared, { kind: 're-evaluate' }>[] = [];
    for (const prepared of changes) {
      if (prepared.kind === 'error') events.push(prepared.event);
      else if (prepared.kind === 'body') bodies.push(prepared);
      else if (prepared.kind === 're-evaluate') others.push(prepared);
    }
    if (bodies.length > 0) events.push(...this.patchBodies(bodies));
    for (const prepared of others) events.push(await this.reevaluate(prepared));
    return events;
  }

  /** A deleted built file: nothing is undone, its functions keep their last implementation. */
  deleted(file: string): DeletedEvent | undefined {
    const module = loadedModule(file);
    if (!module) return undefined;
    forgetModule(file);
    return { type: 'deleted', file, moduleId: module.moduleId };
  }

  private patchBodies(patches: Extract<Prepared, { kind: 'body' }>[]): ApplyEvent[] {
    const registry = getRegistry();
    const open: PatchTransaction[] = [];
    let failed: ErrorEvent | undefined;
    for (const { module, version, running, added } of patches) {
      // A map file is named as the built file names it (relative to it, as the code's sourceURL is the
      // built file): Node reads it when it compiles the patch. An inline map is passed on inline.
      const mapURL = sourceMappingURLOf(running);
      const inline = mapURL?.startsWith('data:') ? readSourceMap(module.file, running) : undefined;
      const map = inline ? mapDataURL(inline) : mapURL;
      // Node looks source maps up by URL, the module's own first: the patch gets a URL of its own.
      // Two, used in turn, so that Node keeps two maps per module rather than one per patch.
      const sourceURL = `${pathToFileURL(module.file).href}?mighty-patcher-patch=${(module.patches = (module.patches ?? 0) + 1) % 2}`;
      const { code, elements } = patchCode(version, added, module.base!.slotVariables, sourceURL, map);
      const transaction = beginPatch(module.moduleId);
      open.push(transaction);
      try {
        const values = module.evaluate(code) as unknown[];
        elements.forEach((defined, index) => {
          const slot = registry.slots.get(`${module.moduleId}#${defined.name}`) as (Slot & { home?: object }) | undefined;
          if (!slot) throw new Error(`no slot for ${defined.name}`);
          const value = values[index] as AnyFunction;
          if (defined.kind === 'function') {
            registry.define(module.moduleId, defined.name, value, slot.proxies[0]!);
          } else {
            const home = slot.home!;
            const self = defined.onPrototype ? { prototype: home } : home;
            const [key, implementations] = value.call(self) as [PropertyKey, object];
            const impl = Object.getOwnPropertyDescriptor(implementations, key)![defined.part] as AnyFunction;
            (registry.define as (...args: unknown[]) => Slot)(module.moduleId, defined.name, impl, slot.proxies[0], home);
          }
        });
      } catch (error) {
        failed = { type: 'error', file: module.file, moduleId: module.moduleId, ...this.describeError(error, module.file, running) };
        break;
      }
    }
    if (failed) {
      for (const transaction of open) transaction.rollback();
      return [failed];
    }
    return patches.map(({ module, text }, index) => {
      const report = open[index]!.commit();
      module.text = text;
      const captured = report.updated.filter((name) => module.base!.calledAtLoad.has(name));
      const warnings = warningsFor(report);
      if (captured.length > 0) {
        warnings.push(
          `${captured.join(', ')} ran while the module loaded: what it returned then (a handler, a closure, a computed value) keeps the old code until the module is evaluated again`,
        );
      }
      return { type: 'patch', file: module.file, moduleId: module.moduleId, rule: 'body', report, warnings };
    });
  }

  private async reevaluate({ module, version, running, reason }: Extract<Prepared, { kind: 're-evaluate' }>): Promise<ApplyEvent> {
    const { file } = module;
    const moduleId = version.moduleId;
    const transaction = beginPatch(moduleId);
    const warnings: string[] = [];
    try {
      disposeModule(file);
      if (module.format === 'commonjs') {
        evaluateCommonJS(file, running);
      } else {
        await import(`${pathToFileURL(file).href}?mighty-patcher=${++reevaluations}`);
        warnings.push('the previous instance of this ES module stays in memory: Node cannot unload ES modules');
      }
    } catch (error) {
      transaction.rollback();
      restoreModule(module);
      return { type: 'error', file, moduleId, ...this.describeError(error, file, running) };
    }
    const report = transaction.commit();
    return { type: 'patch', file, moduleId, rule: 're-evaluate', reason, report, warnings: [...warningsFor(report), ...warnings] };
  }

  /** The message and the first stack frame in `file` (mapped to the source) of an error a new version threw. */
  private describeError(error: unknown, file: string, text: string): { message: string; location?: string } {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${String(error)}`;
    const stack = error instanceof Error ? (error.stack ?? '') : '';
    // With source maps enabled the stack already names the source; otherwise map the built position.
    for (const match of stack.matchAll(/\(?((?:file:\/\/)?\/[^():\n]+):(\d+):(\d+)\)?$/gm)) {
      const [, where, line, column] = match;
      const frameFile = where!.startsWith('file:') ? new URL(where!).pathname : where!;
      if (frameFile === file) {
        return { message, location: describePosition(file, loadSourceMap(file, text), Number(line), Number(column) - 1, this.cwd) };
      }
      if (!frameFile.includes('/node_modules/') && !frameFile.startsWith('node:')) {
        return { message, location: `${path.relative(this.cwd, frameFile)}:${line}:${column}` };
      }
    }
    return { message };
  }
}

function evaluateCommonJS(file: string, text: string): void {
  const cache = (Module as unknown as { _cache: Record<string, Module> })._cache;
  const previous = cache[file];
  const fresh = new Module(file, previous?.parent ?? undefined) as Module & {
    _compile(code: string, filename: string): void;
  };
  fresh.filename = file;
  fresh.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  cache[file] = fresh;
  // `new Module(file, parent)` added the new instance to parent.children: one instance stays listed there.
  const children = (fresh as { parent?: { children?: Module[] } }).parent?.children;
  const unlist = (instance: Module | undefined): void => {
    const at = instance && children ? children.indexOf(instance) : -1;
    if (at !== -1) children!.splice(at, 1);
  };
  try {
    fresh._compile(text, file);
    fresh.loaded = true;
    unlist(previous);
  } catch (error) {
    unlist(fresh);
    if (previous) cache[file] = previous;
    else delete cache[file];
    throw error;
  }
}

function warningsFor(report: PatchReport): string[] {
  const warnings: string[] = [];
  for (const { name, from, to } of report.kindChanged) {
    warnings.push(`${name} changed from ${from} to ${to}: references taken before keep a ${from} proxy; restart to change its kind`);
  }
  if (report.removed.length > 0) {
    warnings.push(`removed: ${report.removed.join(', ')}: references taken before keep running the last implementation`);
  }
  const slots = getRegistry().slots;
  const suspended = report.updated.filter((name) => {
    const impl = slots.get(`${report.moduleId}#${name}`)?.impl;
    return impl !== undefined && kindOf(impl) !== 'function' && kindOf(impl) !== 'class';
  });
  if (suspended.length > 0) {
    warnings.push(`calls of ${suspended.join(', ')} already running (awaiting or suspended) finish on the old code`);
  }
  return warnings;
}

/** Reads a built file, or undefined while it does not exist. */
export function readBuilt(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
