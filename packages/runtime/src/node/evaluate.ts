// Step 3 of a change: runs the new code, each module in a registry transaction left open for step 4.
// - Body patches: the new version's implementations are evaluated in the running module's scope
//   (its evaluator, docs/protocol.md §3.5), so the module does not run again and keeps its state.
// - Re-evaluation: the module's dispose handlers run, then its new version (CommonJS: a fresh Module in
//   require.cache; ES module: a new instance imported with a version query).
// A version that fails is rolled back here and reported as an error event.
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beginPatch, cellsOf, getRegistry, type AnyFunction, type PatchTransaction } from '../registry';
import type { Prepared } from './analyse';
import { describeThrown } from './errors';
import type { ErrorEvent } from './events';
import { disposeModule, restoreModule } from './modules';
import { patchCode } from './patch-code';
import { mapDataURL, readSourceMap, sourceMappingURLOf } from './source-map';

export type BodyPatch = Extract<Prepared, { kind: 'body' }>;
export type Reevaluation = Extract<Prepared, { kind: 're-evaluate' }>;

let reevaluations = 0;

/**
 * A closure site's implementation after a patch: it compiles the closure's newer code through the evaluator of
 * each activation that made one (docs/protocol.md §3.6), once per activation, and calls it.
 */
function closureRunner(code: string): AnyFunction {
  const compiled = new WeakMap<AnyFunction, AnyFunction>();
  return function run(evaluate: AnyFunction, self: unknown, args: ArrayLike<unknown>) {
    let fn = compiled.get(evaluate);
    if (!fn) compiled.set(evaluate, (fn = evaluate(code) as AnyFunction));
    return fn.apply(self, args as unknown[]);
  };
}

/**
 * Evaluates the body patches of one change, each in its module's scope and its own open transaction.
 * If one fails, every transaction is rolled back and the failure is returned.
 */
export function evaluateBodies(patches: BodyPatch[], cwd: string): { transactions: PatchTransaction[] } | { error: ErrorEvent } {
  const registry = getRegistry();
  const transactions: PatchTransaction[] = [];
  for (const { module, version, running, added, changed } of patches) {
    // A map file is named as the built file names it (relative to it, as the code's sourceURL is the
    // built file): Node reads it when it compiles the patch. An inline map is passed on inline.
    const mapURL = sourceMappingURLOf(running);
    const inline = mapURL?.startsWith('data:') ? readSourceMap(module.file, running) : undefined;
    const map = inline ? mapDataURL(inline) : mapURL;
    // Node looks source maps up by URL, the module's own first: the patch gets a URL of its own.
    // Two, used in turn, so that Node keeps two maps per module rather than one per patch.
    const sourceURL = `${pathToFileURL(module.file).href}?mighty-patcher-patch=${(module.patches = (module.patches ?? 0) + 1) % 2}`;
    const slotOf = (name: string) => registry.slots.get(`${module.moduleId}#${name}`);
    const { code, elements, closures } = patchCode(
      version,
      changed,
      added,
      new Set(module.base!.cells.values()),
      (name) => slotOf(name)?.version ?? 0,
      sourceURL,
      map,
    );
    const transaction = beginPatch(module.moduleId);
    transactions.push(transaction);
    try {
      const values = module.evaluate(code) as unknown[];
      elements.forEach(({ fn, version: expected }, index) => {
        let impl = values[index] as AnyFunction;
        if (fn.role === 'method' || (fn.role === 'field' && fn.arrow)) {
          const slot = slotOf(fn.name);
          impl = impl(slot && cellsOf(slot)[0]?.home);
        }
        const given = transaction.patch(fn.name, impl, { updated: true });
        if (given !== expected) throw new Error(`internal: ${fn.name} got version ${given}, its code says ${expected}`);
      });
      for (const { element, code: closureCode } of closures) {
        transaction.patch(element.fn.name, closureRunner(closureCode), { updated: true });
      }
    } catch (error) {
      for (const open of transactions) open.rollback();
      return { error: { type: 'error', file: module.file, moduleId: module.moduleId, ...describeThrown(error, module.file, running, cwd) } };
    }
  }
  return { transactions };
}

/** Evaluates a module's new version in an open transaction; on failure rolls it back and returns the error. */
export async function evaluateModule(
  { module, version, running }: Reevaluation,
  cwd: string,
): Promise<{ transaction: PatchTransaction; warnings: string[] } | { error: ErrorEvent }> {
  const { file } = module;
  const transaction = beginPatch(version.moduleId);
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
    return { error: { type: 'error', file, moduleId: version.moduleId, ...describeThrown(error, file, running, cwd) } };
  }
  return { transaction, warnings };
}

/** Evaluates `text` as a fresh instance of the CommonJS module `file`, in require.cache in place of the old one. */
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
