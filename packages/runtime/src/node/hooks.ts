// What the ES module hooks do, wherever they run: in this thread through `module.registerHooks` (Node >=
// 22.15, synchronous, no thread to start), or on Node's module-hooks thread through `module.register`
// (Node 20, loader-hooks.mts). For the ES modules under the watched roots they report each module loaded
// and each import (to modules.ts), resolve an import of a module that was evaluated again to its newest
// instance, and instrument a module that no plugin has (instrument.ts).
import { fileURLToPath } from 'node:url';
import { VersionSyntaxError } from './errors';
import { isProgramFile } from './files';
import { instrument, isInstrumented } from './instrument';

export interface HookSettings {
  roots: string[];
  root: string;
  instrument: boolean;
}

/** What the hooks report about the ES modules they load. */
export type HookMessage = { type: 'load'; url: string } | { type: 'import'; parent: string; url: string };

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

  private ours(url: string): boolean {
    return url.startsWith('file:') && isProgramFile(fileURLToPath(url), this.settings.roots);
  }

  /** After the default resolution: reports the import, and redirects it to the module's newest instance. */
  resolved(result: ResolveResult, parentURL: string | undefined): ResolveResult {
    if (!this.ours(result.url)) return result;
    const parsed = new URL(result.url);
    const asked = parsed.searchParams.has(QUERY);
    parsed.searchParams.delete(QUERY);
    const url = parsed.href;
    if (parentURL?.startsWith('file:')) this.report({ type: 'import', parent: parentURL, url });
    const instance = this.instances.get(url);
    // An import of a module evaluated again reaches its newest instance; a query a re-evaluation asked for is kept.
    if (instance === undefined || asked) return result;
    return { ...result, url: `${url}${url.includes('?') ? '&' : '?'}${QUERY}=${instance}` };
  }

  /** After the default load: reports the module, and instruments it if no plugin has. */
  loaded(url: string, result: LoadResult): LoadResult {
    if (result.format !== 'module' || result.source == null || !this.ours(url)) return result;
    this.report({ type: 'load', url });
    if (!this.settings.instrument) return result;
    const text = typeof result.source === 'string' ? result.source : Buffer.from(result.source as ArrayBuffer).toString('utf8');
    if (isInstrumented(text)) return result;
    try {
      return { ...result, source: instrument(fileURLToPath(url), text, 'module', this.settings.root) };
    } catch (error) {
      // A module that does not parse is Node's to report, with file:line and a code frame, as `node` does.
      if (error instanceof VersionSyntaxError) return result;
      throw error;
    }
  }

  setInstance(url: string, instance: number): void {
    if (instance === 0) this.instances.delete(url);
    else this.instances.set(url, instance);
  }
}
