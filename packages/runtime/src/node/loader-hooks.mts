// The ES module hooks on Node's module-hooks thread (`module.register`, Node 20): hooks.ts, talking to the
// main thread (esm.ts) through a port.
import type { MessagePort } from 'node:worker_threads';
import { setEntry } from './files.js';
import { Hooks, Requests, type AckMessage, type HookSettings, type LoadResult, type ResolveResult } from './hooks.js';

/** What the main thread posts: the instance an import of a file reaches from now on, answered with `ack`. */
export interface VersionMessage {
  type: 'version';
  url: string;
  instance: number;
  /** What the new instance runs. */
  code?: string;
  id: number;
}

let hooks: Hooks | undefined;
let requests: Requests | undefined;
/** The main thread's answer to the one `sourceMaps` request, once asked. */
let mainThreadMaps: Promise<void> | undefined;

export function initialize(data: HookSettings & { port: MessagePort }): void {
  const { port, ...settings } = data;
  // This thread has its own module globals: tell it the entry, as the main thread was told.
  if (settings.entry) setEntry(settings.entry);
  hooks = new Hooks(settings, (message) => port.postMessage(message));
  requests = new Requests(port);
  port.on('message', (message: VersionMessage | AckMessage) => {
    if (message.type === 'ack') return requests!.acknowledged(message);
    hooks!.setInstance(message.url, message.instance, message.code);
    port.postMessage({ type: 'ack', id: message.id } satisfies AckMessage);
  });
  port.unref();
}

type NextResolve = (specifier: string, context: { parentURL?: string }) => Promise<ResolveResult>;
type NextLoad = (url: string, context: unknown) => Promise<LoadResult>;

export async function resolve(specifier: string, context: { parentURL?: string }, nextResolve: NextResolve): Promise<ResolveResult> {
  if (!hooks) return nextResolve(specifier, context);
  const alias = hooks.alias(specifier, context.parentURL);
  if (alias) return alias;
  let result: ResolveResult;
  try {
    result = await nextResolve(specifier, context);
  } catch (error) {
    const found = hooks.fallback(specifier, context.parentURL);
    if (!found) throw error;
    return found;
  }
  return hooks.resolved(result, context.parentURL);
}

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<LoadResult> {
  if (!hooks) return nextLoad(url, context);
  const result = hooks.loadInstance(url) ?? hooks.loadSource(url) ?? hooks.loaded(url, await nextLoad(url, context));
  // Compiling a module turned this thread's source maps on (compile.ts), but V8 compiles the code returned here
  // on the main thread, where Node reads the module's map only if maps are on there already: ask first. The main
  // thread is not blocked meanwhile (an import waits for its load asynchronously; `require` does not come here).
  if (process.sourceMapsEnabled) await (mainThreadMaps ??= requests!.ask({ type: 'sourceMaps' }));
  return result;
}
