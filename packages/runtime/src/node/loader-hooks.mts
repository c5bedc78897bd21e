// The ES module hooks on Node's module-hooks thread (`module.register`, Node 20): hooks.ts, talking to the
// main thread (esm.ts) through a port.
import type { MessagePort } from 'node:worker_threads';
import { Hooks, type HookSettings, type LoadResult, type ResolveResult } from './hooks.js';

/** What the main thread posts: the instance an import of a file reaches from now on, answered with `ack`. */
export interface VersionMessage {
  type: 'version';
  url: string;
  instance: number;
  id: number;
}

let hooks: Hooks | undefined;

export function initialize(data: HookSettings & { port: MessagePort }): void {
  const { port, ...settings } = data;
  hooks = new Hooks(settings, (message) => port.postMessage(message));
  port.on('message', (message: VersionMessage) => {
    if (message.type !== 'version') return;
    hooks!.setInstance(message.url, message.instance);
    port.postMessage({ type: 'ack', id: message.id });
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
  return hooks.loadSource(url) ?? hooks.loaded(url, await nextLoad(url, context));
}
