// The main thread's side of the ES module hooks (loader-hooks.mts): registers them with a channel, takes
// in what they post about loaded modules (modules.ts), and tells them which instance of a module an
// import reaches after the module was evaluated again.
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { listenToHooks, type HookMessage } from './modules';

let port: MessagePort | undefined;
let next = 0;
const acks = new Map<number, () => void>();

/** Registers the module hooks for the ES modules under `roots`; `instrument`: instrument those no plugin has. */
export function registerHooks(roots: string[], root: string, instrument: boolean): void {
  if (port) return;
  const channel = new MessageChannel();
  port = channel.port1;
  port.on('message', (message: HookMessage | { type: 'ack'; id: number }) => {
    if (message.type === 'ack') {
      acks.get(message.id)?.();
      acks.delete(message.id);
    }
  });
  listenToHooks(port);
  Module.register(pathToFileURL(path.join(__dirname, 'loader-hooks.mjs')).href, {
    data: { roots, root, instrument, port: channel.port2 },
    transferList: [channel.port2],
  });
}

/** From now on an import of `file` reaches the instance imported with this version query (0: the first instance). */
export function setInstance(file: string, instance: number): Promise<void> {
  if (!port) return Promise.resolve();
  const id = ++next;
  const acknowledged = new Promise<void>((resolve) => acks.set(id, resolve));
  port.ref();
  port.postMessage({ type: 'version', url: pathToFileURL(file).href, instance, id });
  return acknowledged.finally(() => port!.unref());
}

/** The URL of an instance of an ES module. */
export function instanceURL(file: string, instance: number): string {
  const url = pathToFileURL(file).href;
  return instance === 0 ? url : `${url}?mighty-patcher=${instance}`;
}
