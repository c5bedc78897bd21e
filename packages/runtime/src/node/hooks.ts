// What the ES module hooks do, wherever they run: in this thread through `module.registerHooks` (Node >=
// 22.15, synchronous, no thread to start), or on Node's module-hooks thread through `module.register`
// (Node 20, loader-hooks.mts). They compile TypeScript and JSX sources (instrument.ts), and find them
// where an import names them the TypeScript way (resolve.ts). For the ES modules under the watched roots
// they report each module loaded and each import (to modules.ts), resolve an import of a module that was
// evaluated again to its newest instance, and instrument a module that no plugin has.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import { loadSyntaxError, VersionSyntaxError } from './errors';
import { isProgramFile, isScript, isSource } from './files';
import { codeFor, type LoadSettings } from './instrument';
import { formatOf } from './project';
import { pathsAlias, sourceFallback } from './resolve';

/** The load settings, and the program's entry (a file with no extension is the program's too: files.ts `setEntry`). */
export type HookSettings = LoadSettings & { entry?: string };

/**
 * What the hooks report about the ES modules they load. `text`: what a first load read, which the program runs
 * (the file on disk may hold a later save by the time this thread is told).
 */
export type HookMessage = { type: 'load'; url: string; text?: string } | { type: 'import'; parent: string; url: string };
/** What the hooks thread (loader-hooks.mts) posts once it has compiled a module: turn source maps on, answered with `ack`. */
export type SourceMapsMessage = { type: 'sourceMaps'; id: number };
export type AckMessage = { type: 'ack'; id: number };

/**
 * Requests over the channel between the main thread and the hooks thread (Node 20), which the other end
 * answers with an `ack` of the same id. The port keeps its thread alive only while a request waits.
 */
export class Requests {
  private next = 0;
  private readonly waiting = new Map<number, () => void>();

  constructor(private readonly port: MessagePort) {}

  /** Posts `message` with a new id; resolves when the other end has acknowledged it. */
  ask(message: { type: string; [field: string]: unknown }): Promise<void> {
    const id = ++this.next;
    const acknowledged = new Promise<void>((resolve) => this.waiting.set(id, resolve));
    if (this.waiting.size === 1) this.port.ref();
    this.port.postMessage({ ...message, id });
    return acknowledged;
  }

  /** Takes in an `ack` from the other end. */
  acknowledged(message: AckMessage): void {
    this.waiting.get(message.id)?.();
    this.waiting.delete(message.id);
    if (this.waiting.size === 0) this.port.unref();
  }
}

const QUERY = 'mighty-patcher';

export type ResolveResult = { url: string; format?: string | null; shortCircuit?: boolean };
export type LoadResult = { format?: string | null; source?: string | ArrayBuffer | ArrayBufferView | null; shortCircuit?: boolean };

/** The ES module hooks' own state: their settings, the newest instance of each module, where they report. */
export class Hooks {
  /** The instance (version query) an import of each module reaches, for modules evaluated again. */
  readonly instances = new Map<string, number>();

  constructor(
    readonly settings: HookSettings,
    private readonly report: (message: HookMessage) => void,
  ) {}

  /** Whether each module URL (without its query) is the program's: asked for every import and load, `require`s too on Node >= 22.15. */
  private readonly ownership = new Map<string, boolean>();

  private ours(url: string): boolean {
    if (!url.startsWith('file:')) return false;
    const query = url.indexOf('?');
    const key = query === -1 ? url : url.slice(0, query);
    let ours = this.ownership.get(key);
    if (ours === undefined) this.ownership.set(key, (ours = isProgramFile(fileURLToPath(key), this.settings.roots)));
    return ours;
  }

  /** Before the default resolution: where a tsconfig `paths` alias leads, if it names a file. */
  alias(specifier: string, parentURL: string | undefined): ResolveResult | undefined {
    const url = pathsAlias(specifier, parentURL);
    return url === undefined ? undefined : this.resolved({ url, shortCircuit: true }, parentURL);
  }

  /** When the default resolution failed: the source the specifier names the TypeScript way, if any. */
  fallback(specifier: string, parentURL: string | undefined): ResolveResult | undefined {
    const url = sourceFallback(specifier, parentURL);
    return url === undefined ? undefined : this.resolved({ url, shortCircuit: true }, parentURL);
  }

  /** After the default resolution: reports the import, and redirects it to the module's newest instance. */
  resolved(result: ResolveResult, parentURL: string | undefined): ResolveResult {
    if (!this.ours(result.url)) {
      // A JSON module of the program's, or a script of its own outside the watched roots: reported, so that its save
      // restarts the program (reads.ts, modules.ts).
      const reported = result.url.startsWith('file:') && (result.url.endsWith('.json') || (!result.url.includes('/node_modules/') && isScript(fileURLToPath(result.url.replace(/[?#].*$/s, '')))));
      if (reported && parentURL?.startsWith('file:')) this.report({ type: 'import', parent: parentURL, url: result.url });
      return result;
    }
    let url = result.url;
    let asked = false;
    if (url.includes('?')) {
      const parsed = new URL(url);
      asked = parsed.searchParams.has(QUERY);
      parsed.searchParams.delete(QUERY);
      url = parsed.href;
    }
    if (parentURL?.startsWith('file:')) this.report({ type: 'import', parent: parentURL, url });
    const instance = this.instances.get(url);
    // An import of a module evaluated again reaches its newest instance; a query a re-evaluation asked for is kept.
    if (instance === undefined || asked) return result;
    return { ...result, url: `${url}${url.includes('?') ? '&' : '?'}${QUERY}=${instance}` };
  }

  /**
   * Instead of the default load, for a TypeScript or JSX source: an ES module is compiled here; a CommonJS
   * one is left to `require`'s loader (instrument.ts), which Node uses for a `commonjs` module with no source.
   */
  loadSource(url: string): LoadResult | undefined {
    // Asked of every module loaded: most are not sources, which the URL's path says without converting it.
    if (!url.startsWith('file:') || !isSource(url.replace(/[?#].*$/s, ''))) return undefined;
    const file = fileURLToPath(url);
    if (formatOf(file) === 'commonjs') return { format: 'commonjs', shortCircuit: true };
    const text = fs.readFileSync(file, 'utf8');
    if (isProgramFile(file, this.settings.roots)) this.report({ type: 'load', url, text });
    try {
      return { format: 'module', source: codeFor(file, text, 'module', this.settings), shortCircuit: true };
    } catch (error) {
      throw error instanceof VersionSyntaxError ? loadSyntaxError(file, text, error) : error;
    }
  }

  /** After the default load: reports the module, and instruments it if no plugin has. */
  loaded(url: string, result: LoadResult): LoadResult {
    if (result.format !== 'module' || result.source == null || !this.ours(url)) return result;
    const text = typeof result.source === 'string' ? result.source : Buffer.from(result.source as ArrayBuffer).toString('utf8');
    this.report({ type: 'load', url, text });
    try {
      const code = codeFor(fileURLToPath(url), text, 'module', this.settings);
      return code === undefined ? result : { ...result, source: code };
    } catch (error) {
      // A module that does not parse is Node's to report, with file:line and a code frame, as `node` does.
      if (error instanceof VersionSyntaxError) return result;
      throw error;
    }
  }

  /**
   * From now on an import of `url` reaches `instance`; `code`: what that instance runs, the version the runtime
   * prepared (the text on disk may be another: a save refused since, or one not read yet).
   */
  setInstance(url: string, instance: number, code?: string): void {
    if (instance === 0) this.instances.delete(url);
    else this.instances.set(url, instance);
    if (code !== undefined) this.instanceCode.set(`${url}?${QUERY}=${instance}`, code);
  }

  private readonly instanceCode = new Map<string, string>();

  /** Instead of any other load, for an instance evaluated again: the code prepared for it. */
  loadInstance(url: string): LoadResult | undefined {
    const code = this.instanceCode.get(url);
    if (code === undefined) return undefined;
    this.instanceCode.delete(url);
    this.report({ type: 'load', url });
    return { format: 'module', source: code, shortCircuit: true };
  }
}
