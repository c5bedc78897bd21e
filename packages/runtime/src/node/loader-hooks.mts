// Module customization hooks (module.register), on Node's module-hooks thread, for the ES modules under
// the watched roots: they post each module loaded and each import to the main thread (modules.ts), they
// resolve an import of a module that was evaluated again to its newest instance (the version the main
// thread posts), and they instrument modules that no plugin has (instrument.ts).
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import { VersionSyntaxError } from './errors.js';
import { isProgramFile } from './files.js';
import { instrument, isInstrumented } from './instrument.js';

interface Data {
  roots: string[];
  root: string;
  instrument: boolean;
  port: MessagePort;
}

/** What the main thread posts: the instance an import of a file resolves to from now on, answered with `ack`. */
export interface VersionMessage {
  type: 'version';
  url: string;
  instance: number;
  id: number;
}

let settings: Data | undefined;
const instances = new Map<string, number>();

export function initialize(data: Data): void {
  settings = data;
  data.port.on('message', (message: VersionMessage) => {
    if (message.type !== 'version') return;
    if (message.instance === 0) instances.delete(message.url);
    else instances.set(message.url, message.instance);
    data.port.postMessage({ type: 'ack', id: message.id });
  });
  data.port.unref();
}

const QUERY = 'mighty-patcher';

function withoutQuery(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete(QUERY);
  return parsed.href;
}

type ResolveResult = { url: string; format?: string | null; shortCircuit?: boolean };
type NextResolve = (specifier: string, context: { parentURL?: string }) => Promise<ResolveResult>;

export async function resolve(specifier: string, context: { parentURL?: string }, nextResolve: NextResolve): Promise<ResolveResult> {
  const result = await nextResolve(specifier, context);
  if (!settings || !result.url.startsWith('file:') || !isProgramFile(fileURLToPath(result.url), settings.roots)) return result;
  const url = withoutQuery(result.url);
  if (context.parentURL?.startsWith('file:')) settings.port.postMessage({ type: 'import', parent: context.parentURL, url });
  const instance = instances.get(url);
  // An import of a module evaluated again reaches its newest instance (modules that import it again are
  // being evaluated again themselves); the query a re-evaluation asked for is kept.
  if (instance === undefined || new URL(result.url).searchParams.has(QUERY)) return result;
  return { ...result, url: `${url}${url.includes('?') ? '&' : '?'}${QUERY}=${instance}` };
}

type LoadResult = { format?: string | null; source?: string | ArrayBuffer | ArrayBufferView | null };
type NextLoad = (url: string, context: unknown) => Promise<LoadResult>;

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<LoadResult> {
  const result = await nextLoad(url, context);
  if (!settings || result.format !== 'module' || !url.startsWith('file:') || result.source == null) return result;
  const file = fileURLToPath(url);
  if (!isProgramFile(file, settings.roots)) return result;
  settings.port.postMessage({ type: 'load', url });
  if (!settings.instrument) return result;
  const text = typeof result.source === 'string' ? result.source : Buffer.from(result.source as ArrayBuffer).toString('utf8');
  if (isInstrumented(text)) return result;
  try {
    return { ...result, source: instrument(file, text, 'module', settings.root) };
  } catch (error) {
    // A module that does not parse is Node's to report, with file:line and a code frame, as `node` does.
    if (error instanceof VersionSyntaxError) return result;
    throw error;
  }
}
