// The glue's import in modules this plugin instruments (docs/protocol.md §6). A Wasm plugin cannot resolve
// a path, so it names this file, which an app that configures the plugin can always resolve, and which can
// resolve @mighty-patcher/hmr, its own dependency, under a strict node_modules layout (pnpm).
export * from '@mighty-patcher/hmr';
