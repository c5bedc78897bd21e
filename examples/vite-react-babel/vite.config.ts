import { mightyPatcherHmr } from '@mighty-patcher/vite-plugin/hmr';
import babel from '@rolldown/plugin-babel';
import react from '@vitejs/plugin-react';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// @vitejs/plugin-react 6 no longer takes Babel options (`react({ babel })` is gone): it leaves JSX and
// React Fast Refresh to Vite's own Oxc transform, and Babel plugins go through @rolldown/plugin-babel
// next to it. That plugin runs first (enforce: "pre") on the TypeScript/JSX source; Oxc then strips
// the types and adds Fast Refresh's registrations to what the Babel plugin emitted.
//
// The plugin is on in the dev server and off in `vite build` (production bundles stay as Vite builds
// them); MIGHTY_PATCHER_ENABLED=1 forces it on, =0 off.
const forced = process.env.MIGHTY_PATCHER_ENABLED;

export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    babel({
      plugins: [
        [
          // A resolved path: Babel resolves a bare name from its working directory.
          createRequire(import.meta.url).resolve('@mighty-patcher/babel-plugin'),
          {
            // Registry keys are paths relative to this directory: src/greet.ts#greeting.
            root: fileURLToPath(new URL('.', import.meta.url)),
            enabled: forced === undefined ? command === 'serve' : forced === '1',
            // Vite's HMR re-runs an edited module: the plugin's in-scope evaluator is not needed.
            inScopePatches: false,
          },
        ],
      ],
    }),
    // A module patched in place leaves its importers alone: Vite would otherwise load new instances of them
    // (a second store) for the next module that imports one (docs/hmr.md).
    mightyPatcherHmr(),
  ],
}));
