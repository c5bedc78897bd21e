// The Vite side of the glue (docs/hmr.md): an update that the glue accepts in place leaves the modules importing
// it alone. Vite's own update of a self-accepting module (updateModules → moduleGraph.invalidateModule) marks
// every importer, transitively, as updated too (`lastHMRTimestamp`, soft invalidation), so the next module that
// imports one of them again (an edited component) gets `?t=…` and a new instance of it: a store module over
// slices patched in place would be made again, a second store. Here the glue patched the previous instance's
// functions, which its importers hold: they are up to date, and must stay the instances the page runs.
// No Babel here: the React recipes (plugin-react-swc, @rolldown/plugin-babel) add only this plugin.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger, Plugin, ResolvedConfig, Update } from 'vite' with { 'resolution-mode': 'import' };

/** The oldest `@swc/core` that can run @mighty-patcher/swc-plugin (built on swc_core 80, its package's peer range). */
const OLDEST_SWC_CORE = [1, 16];

/**
 * Why plugin-react-swc cannot run the SWC plugin in this project, if it cannot: an older `@swc/core` (a lockfile
 * pins it) fails every module with SWC's own "failed to invoke plugin", which names no version.
 */
export function swcCoreMismatch(config: Pick<ResolvedConfig, 'root' | 'plugins'>): string | undefined {
  if (!config.plugins.some((plugin) => plugin.name === 'vite:react-swc')) return undefined;
  let manifest: string;
  try {
    const reactSwc = createRequire(path.join(config.root, 'package.json')).resolve('@vitejs/plugin-react-swc/package.json');
    manifest = createRequire(reactSwc).resolve('@swc/core/package.json');
  } catch {
    return undefined; // not installed the usual way: SWC's own error is all there is
  }
  const version = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > OLDEST_SWC_CORE[0]! || (major === OLDEST_SWC_CORE[0] && minor >= OLDEST_SWC_CORE[1]!)) return undefined;
  return `@vitejs/plugin-react-swc runs @swc/core ${version} (${path.relative(config.root, path.dirname(manifest))}), older than the ${OLDEST_SWC_CORE.join('.')} that @mighty-patcher/swc-plugin needs: SWC will fail every module with "failed to invoke plugin". Install a newer one: npm install -D @swc/core@^${OLDEST_SWC_CORE.join('.')}`;
}

/**
 * The glue's prologue in a module that accepts its own updates (docs/protocol.md §6): `_mp_hot(<hot API>, true, …)`,
 * or a top-level module's `_mp_hot(<hot API>, !!import.meta.hot, …)` (it accepts under Vite only).
 */
const SELF_ACCEPTING_GLUE = /\b_mp_hot\(import\.meta\.hot\b[^;]*?,\s*(?:true|!!import\.meta\.hot)\s*[,)]/;

/** Vite's own test for an update's `isWithinCircularImport` (a module reachable from itself through its importers). */
function withinCircularImport<M extends GraphNode<M>>(mod: M): boolean {
  const seen = new Set<M>();
  const visit = (node: M): boolean => {
    if (seen.has(node)) return false;
    seen.add(node);
    for (const importer of node.importers) {
      if (importer === node) continue;
      if (importer === mod || visit(importer)) return true;
    }
    return false;
  };
  return visit(mod);
}

/** What both Vite module graphs' nodes have that an update in place needs. */
interface GraphNode<M> {
  id: string | null;
  url: string;
  type: string;
  isSelfAccepting?: boolean;
  importers: Set<M>;
  acceptedHmrDeps: Set<M>;
}

/**
 * The modules that would have taken `mod`'s update had it not accepted its own (Vite's propagateUpdate):
 * the self-accepting ones up its importers, through those that are not, and through the modules the glue
 * patches in place (their references are up to date, not what renders them). Those are React Fast Refresh's
 * boundaries, components: evaluated again, they re-render with their state kept, so a component that calls
 * the patched function while it renders shows its new result now, not at its next render.
 */
function renderBoundaries<M extends GraphNode<M>>(mod: M, glued: (node: M) => boolean): M[] {
  const boundaries = new Set<M>();
  const seen = new Set<M>([mod]);
  const visit = (node: M): void => {
    for (const importer of node.importers) {
      if (seen.has(importer) || importer.type !== 'js') continue;
      seen.add(importer);
      if (importer.isSelfAccepting && !glued(importer)) boundaries.add(importer);
      else if (!importer.acceptedHmrDeps.has(node)) visit(importer);
    }
  };
  visit(mod);
  return [...boundaries];
}

/**
 * The updates that re-run `modules` in the page, each accepting itself, after invalidating each as Vite's
 * updateModules does, without passing the invalidation on to its importers: invalidateModule skips an
 * importer that accepts the module itself, so each importer says so for the length of the call only.
 * Then the components that render with them (`renderBoundaries`), evaluated again as they are (their
 * imports unchanged: the instances the page runs), and invalidated as Vite invalidates a module it updates, so
 * that a module importing one later (an edited parent) gets the instance the page renders (its module-level
 * values, a context), not the one before; that invalidation stops at the modules patched in place (`seen`), which
 * an import cycle could reach. Vite's client applies one message's updates in order.
 */
function updatesInPlace<M extends GraphNode<M>>(modules: M[], timestamp: number, invalidate: (mod: M, seen: Set<M>) => void, glued: (node: M) => boolean): Update[] {
  const update = (mod: M): Update => ({
    type: 'js-update',
    timestamp,
    path: mod.url,
    acceptedPath: mod.url,
    explicitImportRequired: false,
    // If this version throws or fails to load inside an import cycle, Vite's client reloads the page.
    isWithinCircularImport: withinCircularImport(mod),
  });
  const updates = modules.map((mod) => {
    const added = [...mod.importers].filter((importer) => !importer.acceptedHmrDeps.has(mod));
    for (const importer of added) importer.acceptedHmrDeps.add(mod);
    try {
      invalidate(mod, new Set());
    } finally {
      for (const importer of added) importer.acceptedHmrDeps.delete(mod);
    }
    return update(mod);
  });
  const boundaries = new Set(modules.flatMap((mod) => renderBoundaries(mod, glued)));
  for (const mod of modules) boundaries.delete(mod);
  for (const mod of boundaries) invalidate(mod, new Set(modules));
  return [...updates, ...[...boundaries].map(update)];
}

/** Where one Vite's update goes: the module graph's invalidation, its log, the page's channel. */
interface Target<M> {
  invalidate(mod: M, seen: Set<M>): void;
  logger: Pick<Logger, 'info'>;
  send(updates: Update[]): void;
}

export function mightyPatcherHmr(): Plugin {
  // Ids of the client modules whose last transform accepts its own updates through the glue.
  const glued = new Set<string>();
  const isGlued = (mod: { id: string | null }): boolean => mod.id !== null && glued.has(mod.id);

  /**
   * Sends the update of a saved file's modules that the glue patches in place (with the components that render
   * with them); returns the rest, which Vite updates as usual (another query of the file, a module that is not
   * ours), or undefined when none is ours.
   */
  async function applyInPlace<M extends GraphNode<M>>(modules: M[], timestamp: number, read: () => string | Promise<string>, target: Target<M>): Promise<M[] | undefined> {
    const patched = modules.filter((mod) => mod.type === 'js' && mod.isSelfAccepting === true && isGlued(mod));
    if (patched.length === 0) return undefined;
    // Vite's `read` waits up to 100 ms for a file it reads empty to change: an editor that saves by truncating
    // and then writing (not by renaming) is done by then. The page asks for the new version as soon as it gets
    // the update, and a version served empty has no glue: the old code would keep running, silently.
    await read();
    const updates = updatesInPlace(patched, timestamp, target.invalidate, isGlued);
    const paths = (list: Update[]) => list.map((update) => update.path).join(', ');
    const rendered = updates.length > patched.length ? `; rendered again: ${paths(updates.slice(patched.length))}` : '';
    target.logger.info(`hmr update ${paths(updates.slice(0, patched.length))} (in place: importers kept${rendered})`, { clear: true, timestamp: true });
    target.send(updates);
    return modules.filter((mod) => !patched.includes(mod));
  }

  return {
    name: 'mighty-patcher:hmr',
    apply: 'serve',
    configResolved(config) {
      const mismatch = swcCoreMismatch(config);
      if (mismatch) config.logger.warn(`[mighty-patcher] ${mismatch}`);
    },
    // Last, after every plugin that instruments (the Babel or SWC plugin, through whichever host) and before
    // Vite's import analysis: the code as the page will run it.
    transform: {
      order: 'post',
      handler(code, id, options) {
        // Vite 5 has no environments: its server-side transforms say `ssr`.
        const consumer = this.environment?.config.consumer ?? (options?.ssr ? 'server' : 'client');
        if (consumer !== 'client') return null;
        if (SELF_ACCEPTING_GLUE.test(code)) glued.add(id);
        else glued.delete(id);
        return null;
      },
    },
    // Vite 6 and later.
    hotUpdate: {
      order: 'post',
      handler({ type, modules, timestamp, read }) {
        if (type !== 'update' || this.environment.config.consumer !== 'client') return;
        const { moduleGraph, hot, logger } = this.environment;
        return applyInPlace(modules, timestamp, read, {
          invalidate: (mod, seen) => moduleGraph.invalidateModule(mod, seen, timestamp, true),
          logger,
          send: (updates) => hot.send({ type: 'update', updates }),
        });
      },
    },
    // Vite 5, which has no hotUpdate hook (Vite 6 and later call this one too, for the client: hotUpdate did it).
    handleHotUpdate: {
      order: 'post',
      handler({ modules, timestamp, server, read }) {
        if ((server as { environments?: unknown }).environments !== undefined) return;
        return applyInPlace(modules, timestamp, read, {
          invalidate: (mod, seen) => server.moduleGraph.invalidateModule(mod, seen, timestamp, true),
          logger: server.config.logger,
          send: (updates) => server.ws.send({ type: 'update', updates }),
        });
      },
    },
  };
}

export default mightyPatcherHmr;
