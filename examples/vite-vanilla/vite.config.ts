import { defineConfig } from 'vite';
import { mightyPatcher } from '@mighty-patcher/vite-plugin';

// Registry keys are paths relative to Vite's root: src/greet.ts#greeting.
export default defineConfig({
  plugins: [mightyPatcher()],
});
