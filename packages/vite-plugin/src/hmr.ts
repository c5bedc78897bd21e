// The Vite side of the glue (docs/hmr.md): an update that the glue accepts in place leaves the modules importing
// it alone. Vite's own update of a self-accepting module (updateModules → moduleGraph.invalidateModule) marks
// every importer, transitively, as updated too (`lastHMRTimestamp`, soft invalidation), so the next module that
// imports one of them again (an edited component) gets `?t=…` and a new instance of it: a store module over
// slices patched in place would be made again, a second store. Here the glue patched the previous instance's
// functions, which its importers hold: they are up to date, and must stay the instances the page runs.
// No Babel here: the React recipes (plugin-react-swc, @rolldown/plugin-babel) add only this plugin.
import type { EnvironmentModuleNode, Plugin, Update } from 'vite' with { 'resolution-mode': 'import' };

/**
 * The glue's prologue in a module that accepts its own updates (docs/protocol.md §6): `_mp_hot(<hot API>, true, …)`,
 * or a top-level module's `_mp_hot(<hot API>, !!import.meta.hot, …)` (it accepts under Vite only).
 */
const SELF_ACCEPTING_GLUE = /\b_mp_hot\(import\.meta\.hot\b[^;]*?,\s*(?:true|!!import\.meta\.hot)\s*[,)]/;

/** Vite's own test for an update's `isWithinCircularImport` (a module reachable from itself through its importers). */
function withinCircularImport(mod: EnvironmentModuleNode): boolean {
  const seen = new Set<EnvironmentModuleNode>();
  const visit = (node: EnvironmentModuleNode): boolean => {
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

export function mightyPatcherHmr(): Plugin {
  // Ids of the client modules whose last transform accepts its own updates through the glue.
  const glued = new Set<string>();

  return {
    name: 'mighty-patcher:hmr',
    apply: 'serve',
    // Last, after every plugin that instruments (the Babel or SWC plugin, through whichever host) and before
    // Vite's import analysis: the code as the page will run it.
    transform: {
      order: 'post',
      handler(code, id) {
        if (this.environment?.config.consumer !== 'client') return null;
        if (SELF_ACCEPTING_GLUE.test(code)) glued.add(id);
        else glued.delete(id);
        return null;
      },
    },
    hotUpdate: {
      order: 'post',
      handler({ type, modules, timestamp }) {
        if (type !== 'update' || this.environment.config.consumer !== 'client') return;
        const inPlace = modules.filter((mod) => mod.type === 'js' && mod.isSelfAccepting && mod.id !== null && glued.has(mod.id));
        if (inPlace.length === 0) return;
        const { moduleGraph, hot, logger } = this.environment;
        const updates: Update[] = [];
        for (const mod of inPlace) {
          // What Vite's updateModules does for a self-accepting module, without passing the invalidation on to the
          // importers: invalidateModule skips an importer that accepts the module itself, so each importer says so
          // for the length of this call only.
          const added = [...mod.importers].filter((importer) => !importer.acceptedHmrDeps.has(mod));
          for (const importer of added) importer.acceptedHmrDeps.add(mod);
          try {
            moduleGraph.invalidateModule(mod, new Set(), timestamp, true);
          } finally {
            for (const importer of added) importer.acceptedHmrDeps.delete(mod);
          }
          // If this version throws or fails to load inside an import cycle, Vite's client reloads the page.
          updates.push({ type: 'js-update', timestamp, path: mod.url, acceptedPath: mod.url, explicitImportRequired: false, isWithinCircularImport: withinCircularImport(mod) });
        }
        logger.info(`hmr update ${inPlace.map((mod) => mod.url).join(', ')} (in place: importers kept)`, { clear: true, timestamp: true });
        hot.send({ type: 'update', updates });
        // Vite updates whatever else the file is (another query of it, a module that is not ours) as usual.
        return modules.filter((mod) => !inPlace.includes(mod));
      },
    },
  };
}

export default mightyPatcherHmr;
