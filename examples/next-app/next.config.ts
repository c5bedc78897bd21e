import path from 'node:path';
import type { NextConfig } from 'next';

// This app lives in a pnpm workspace: Turbopack's root is the workspace (where the lockfile is).
const workspaceRoot = path.resolve(__dirname, '../..');

// The plugin is off when SWC's env is "production" (see the plugin's README for what each Next.js
// bundler passes); MIGHTY_PATCHER_ENABLED=1 forces it on, =0 off, unset leaves the plugin's default.
const enabled = process.env.MIGHTY_PATCHER_ENABLED === undefined ? {} : { enabled: process.env.MIGHTY_PATCHER_ENABLED === '1' };

// Registry keys are file paths relative to `root`: lib/counter.ts#increment. Turbopack gives plugins
// file names relative to its root and no working directory, so `root` is given relative to that.
const root = process.env.TURBOPACK ? path.relative(workspaceRoot, __dirname) : __dirname;

const nextConfig: NextConfig = {
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
  experimental: {
    // The package name, not require.resolve(...): Turbopack resolves the entry as a module request
    // from this directory and rejects absolute paths; webpack accepts both.
    swcPlugins: [['@mighty-patcher/swc-plugin', { root, hmr: 'esm', ...enabled }]],
  },
};

export default nextConfig;
