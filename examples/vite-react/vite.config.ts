import { mightyPatcherHmr } from '@mighty-patcher/vite-plugin/hmr';
import react from '@vitejs/plugin-react-swc';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The plugin is off when SWC's env is "production" (what `vite build` sets, see the plugin's README);
// MIGHTY_PATCHER_ENABLED=1 forces it on, =0 off, unset leaves the plugin's default.
const enabled = process.env.MIGHTY_PATCHER_ENABLED === undefined ? {} : { enabled: process.env.MIGHTY_PATCHER_ENABLED === '1' };

export default defineConfig({
  plugins: [
    react({
      // A resolved path: plugin-react-swc resolves a bare name from its own directory, where pnpm
      // does not put this app's dependencies. Registry keys are paths relative to `root`: src/counter.ts#increment.
      plugins: [[createRequire(import.meta.url).resolve('@mighty-patcher/swc-plugin'), { root: fileURLToPath(new URL('.', import.meta.url)), hmr: 'esm', ...enabled }]],
    }),
    // A module patched in place leaves its importers alone: Vite would otherwise load new instances of them
    // (a second store) for the next module that imports one (docs/hmr.md).
    mightyPatcherHmr(),
  ],
});
