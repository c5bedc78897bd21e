import { mightyPatcherHmr } from '@mighty-patcher/vite-plugin/hmr';
import babel from '@rolldown/plugin-babel';
import react from '@vitejs/plugin-react';
import reactSwc from '@vitejs/plugin-react-swc';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type PluginOption } from 'vite';

// The README's two React recipes in one config, so that the browser tests run the same app through
// both: RECIPE=swc (default) is @vitejs/plugin-react-swc with the SWC plugin in its `plugins`;
// RECIPE=babel is @vitejs/plugin-react 6 (Fast Refresh by Vite's Oxc transform) with the Babel plugin
// through @rolldown/plugin-babel. Both add mightyPatcherHmr, so that a module patched in place does not make
// Vite load new instances of its importers (the store) later. MIGHTY_PATCHER=0 leaves our plugins out: the
// tests' control column; MIGHTY_PATCHER=noop runs Babel with a plugin that does nothing (RECIPE=babel): what
// Babel costs by itself (bench/dev-load.mjs).
const recipe = process.env.RECIPE ?? 'swc';
const noop = process.env.MIGHTY_PATCHER === 'noop';
const withPatcher = process.env.MIGHTY_PATCHER !== '0' && !noop;
const root = fileURLToPath(new URL('.', import.meta.url));
// Resolved paths: plugin-react-swc resolves plugin names from its own directory, Babel from the working directory.
const resolve = createRequire(import.meta.url).resolve;

export default defineConfig(({ command }) => {
  const plugins: PluginOption[] =
    recipe === 'babel'
      ? [
          react(),
          noop && babel({ plugins: [() => ({ visitor: { Program() {} } })] }),
          withPatcher &&
            babel({
              plugins: [[resolve('@mighty-patcher/babel-plugin'), { root, enabled: command === 'serve', inScopePatches: false }]],
            }),
        ]
      : [reactSwc({ plugins: withPatcher ? [[resolve('@mighty-patcher/swc-plugin'), { root, hmr: 'esm' }]] : [] })];
  if (withPatcher) plugins.push(mightyPatcherHmr());
  return { plugins };
});
