// The main thread's side of the ES module hooks (hooks.ts): registers them, in this thread where Node has
// `module.registerHooks` (>= 22.15: synchronous, nothing to start) or on Node's module-hooks thread
// (loader-hooks.mts, with a channel), takes in what they report about loaded modules (modules.ts), and tells
// them which instance of a module an import reaches after the module was evaluated again.
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Hooks, Requests, type AckMessage, type HookMessage, type HookSettings, type LoadResult, type ResolveResult, type SourceMapsMessage } from './hooks';
import { hookReport } from './modules';
import { loadingModule } from './reads';
import { compiledAs } from './project';
import { useSourceMaps } from './source-map';

type RegisterHooks = (hooks: {
  resolve(specifier: string, context: { parentURL?: string }, next: (specifier: string, context: unknown) => ResolveResult): ResolveResult;
  load(url: string, context: unknown, next: (url: string, context: unknown) => LoadResult): LoadResult;
}) => unknown;

/** Where `setInstance` goes: the hooks in this thread, or requests to the hooks thread. */
let inThread: Hooks | undefined;
let requests: Requests | undefined;

/** Registers the module hooks for the ES modules under the watched roots. */
export function registerHooks(settings: HookSettings): void {
  if (inThread || requests) return;
  const registerInThread = (Module as unknown as { registerHooks?: RegisterHooks }).registerHooks;
  if (registerInThread) {
    const hooks = (inThread = new Hooks(settings, hookReport));
    registerInThread({
      resolve: (specifier, context, nextResolve) => {
        const alias = hooks.alias(specifier, context.parentURL);
        if (alias) return alias;
        let result: ResolveResult;
        try {
          result = nextResolve(specifier, context);
        } catch (error) {
          const found = hooks.fallback(specifier, context.parentURL);
          if (!found) throw error;
          return found;
        }
        return hooks.resolved(result, context.parentURL);
      },
      load: (url, context, nextLoad) => hooks.loadInstance(url) ?? hooks.loadSource(url) ?? hooks.loaded(url, loadingModule(url, () => nextLoad(url, context))),
    });
    return;
  }
  const channel = new MessageChannel();
  const port = channel.port1;
  requests = new Requests(port);
  port.on('message', (message: HookMessage | SourceMapsMessage | AckMessage) => {
    if (message.type === 'ack') {
      requests!.acknowledged(message);
    } else if (message.type === 'sourceMaps') {
      // The hooks thread compiled an ES module, whose code this thread compiles next: its map is read then.
      useSourceMaps();
      port.postMessage({ type: 'ack', id: message.id } satisfies AckMessage);
    } else {
      hookReport(message);
    }
  });
  port.unref();
  Module.register(pathToFileURL(path.join(__dirname, 'loader-hooks.mjs')).href, {
    data: { ...settings, port: channel.port2 },
    transferList: [channel.port2],
  });
}

const DYNAMIC_IMPORT = /\bimport(?:\s*\(|\.meta\b)/y;
const WHITESPACE = /\s/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const AFTER_STATEMENT_KEYWORD = /[\s{*"']/;

/** Whether only whitespace stands between the start of a line and `at`. */
function startsLine(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    if (LINE_BREAK.test(text[i]!)) return true;
    if (!WHITESPACE.test(text[i]!)) return false;
  }
  return true;
}

/**
 * Whether text may import an ES module, or be one that Node finds by its syntax (a `.js` file in a package with
 * no `"type"`): `import(`, `import.meta`, a line that starts with `import` or `export`; what
 * `/\bimport\s*\(|\bimport\.meta\b|^\s*(?:import|export)[\s{*"']/m` finds. Asked of every CommonJS module as it
 * loads: each `import` and `export` is found by `indexOf` and looked at where it is. That regular expression, run
 * over the whole text, tried its three branches at every character: 100 M instructions of a 1,000-module app's
 * start-up (2026-12-06), a seventh of what the runtime added to it.
 */
export function mayImportESModule(text: string): boolean {
  for (const keyword of ['import', 'export']) {
    for (let at = text.indexOf(keyword); at !== -1; at = text.indexOf(keyword, at + 1)) {
      if (keyword === 'import') {
        DYNAMIC_IMPORT.lastIndex = at;
        if (DYNAMIC_IMPORT.test(text)) return true;
      }
      const next = text[at + keyword.length];
      if (next !== undefined && AFTER_STATEMENT_KEYWORD.test(next) && startsLine(text, at)) return true;
    }
  }
  return false;
}

/**
 * For a CommonJS program: registers the hooks only before the first module that is an ES module (`require(esm)`),
 * or whose text may import one, is compiled. A program that never does runs without them, as under `node`: on
 * Node >= 22.15 they see every `require` (a sixth of a 1,000-module app's start-up, bench/README.md); before,
 * they start Node's hooks thread.
 */
export function registerHooksOnDemand(settings: HookSettings): void {
  const prototype = Module.prototype as unknown as { _compile(content: string, filename: string, ...rest: unknown[]): unknown };
  const compile = prototype._compile;
  prototype._compile = function (this: unknown, content: string, filename: string, ...rest: unknown[]) {
    if (!inThread && !requests && (compiledAs(rest) === 'module' || mayImportESModule(content))) registerHooks(settings);
    return compile.call(this, content, filename, ...rest);
  };
}

/**
 * From now on an import of `file` reaches the instance imported with this version query (0: the first instance);
 * `code`: what a new instance runs (not the file's text on disk).
 */
export function setInstance(file: string, instance: number, code?: string): Promise<void> {
  const url = pathToFileURL(file).href;
  if (inThread) {
    inThread.setInstance(url, instance, code);
    return Promise.resolve();
  }
  return requests?.ask({ type: 'version', url, instance, code }) ?? Promise.resolve();
}

/** The URL of an instance of an ES module. */
export function instanceURL(file: string, instance: number): string {
  const url = pathToFileURL(file).href;
  return instance === 0 ? url : `${url}?mighty-patcher=${instance}`;
}
