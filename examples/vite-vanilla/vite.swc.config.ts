import { mightyPatcherHmr } from '@mighty-patcher/vite-plugin/hmr';
import react from '@vitejs/plugin-react-swc';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The SWC route: @vitejs/plugin-react-swc runs SWC, with the SWC plugin, over every module (no React needed
// here). A resolved path: plugin-react-swc resolves a bare name from its own directory. `hmr: 'esm'`: Vite's
// HMR API is `import.meta.hot` (the SWC plugin's default glue is `module.hot`). Keys: src/greet.ts#greeting.
export default defineConfig({
  plugins: [
    react({
      plugins: [[createRequire(import.meta.url).resolve('@mighty-patcher/swc-plugin'), { root: fileURLToPath(new URL('.', import.meta.url)), hmr: 'esm' }]],
    }),
    // A module patched in place leaves its importers alone (the Babel route's mightyPatcher() includes it).
    mightyPatcherHmr(),
  ],
});
