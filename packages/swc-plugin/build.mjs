#!/usr/bin/env node
// Builds the SWC Wasm plugin: node packages/swc-plugin/build.mjs [--target wasm32-wasip1|wasm32-unknown-unknown] [--debug]
// [--example <name> --out <file.wasm>] (a cargo example of this crate instead, e.g. noop_plugin for bench/transform.mjs)
//
// rustup on these machines has only the host target and cannot download another,
// so the Wasm standard library is built from source (-Zbuild-std) with Debian's
// Rust (rustc-web + cargo-web, std source in rust-web-src) and linked with the
// rust-lld that rustup ships (or wasm-ld from Debian's lld). wasm32-wasip1 (what
// SWC plugins normally target) links against Debian's wasi-libc.
//
// Missing Debian packages are installed when running as root. The cargo target
// directory lives outside the checkout (~/.cache/mighty-patcher/swc-target, or
// $MIGHTY_PATCHER_SWC_TARGET_DIR) so that CI and later builds reuse it.
// Output: packages/swc-plugin/mighty_patcher_swc_plugin.wasm. Exits non-zero, loudly, on any failure.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const crateName = 'mighty_patcher_swc_plugin';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: process.env.MIGHTY_PATCHER_SWC_TARGET ?? 'wasm32-wasip1' },
    debug: { type: 'boolean', default: false },
    example: { type: 'string' },
    out: { type: 'string' },
  },
});
const target = values.target;
const example = values.example;
const output = values.out ? path.resolve(values.out) : path.join(here, `${example ?? crateName}.wasm`);
const profile = values.debug ? 'debug' : 'release';
const TARGETS = ['wasm32-wasip1', 'wasm32-unknown-unknown'];

function fail(message) {
  console.error(`\n[swc-plugin build] FAILED: ${message}\n`);
  process.exit(1);
}

function log(message) {
  console.log(`[swc-plugin build] ${message}`);
}

if (!TARGETS.includes(target)) fail(`unknown --target ${target} (known: ${TARGETS.join(', ')})`);

const RUSTC = process.env.MIGHTY_PATCHER_RUSTC ?? '/usr/bin/rustc';
const CARGO = process.env.MIGHTY_PATCHER_CARGO ?? '/usr/bin/cargo';
const WASI_LIBC = '/usr/lib/wasm32-wasi';

function dpkgInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** Installs Debian packages that are missing (only those, and only as root). */
function ensureDebianPackages(names) {
  const missing = names.filter((name) => !dpkgInstalled(name));
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) fail(`missing Debian packages ${missing.join(' ')}; install them: sudo apt-get install -y ${missing.join(' ')}`);
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let result = spawnSync('apt-get', ['install', '-y', '-q', ...missing], { stdio: 'inherit', env });
  if (result.status !== 0) {
    // The package lists may be absent or stale on a fresh machine.
    spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    result = spawnSync('apt-get', ['install', '-y', '-q', ...missing], { stdio: 'inherit', env });
  }
  if (result.status !== 0) fail(`apt-get install ${missing.join(' ')} exited with ${result.status}`);
}

/** rust-lld from any rustup toolchain, else Debian's wasm-ld. */
function findLinker() {
  if (process.env.MIGHTY_PATCHER_WASM_LINKER) return process.env.MIGHTY_PATCHER_WASM_LINKER;
  const rustupHome = process.env.RUSTUP_HOME ?? path.join(os.homedir(), '.rustup');
  const toolchains = path.join(rustupHome, 'toolchains');
  if (fs.existsSync(toolchains)) {
    const names = fs.readdirSync(toolchains).sort((a, b) => (a.startsWith('stable') ? -1 : b.startsWith('stable') ? 1 : 0));
    for (const name of names) {
      const lld = path.join(toolchains, name, 'lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld');
      if (fs.existsSync(lld)) return lld;
    }
  }
  for (const candidate of ['/usr/bin/wasm-ld', ...fs.readdirSync('/usr/bin').filter((f) => /^wasm-ld-\d+$/.test(f)).map((f) => `/usr/bin/${f}`)]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  ensureDebianPackages(['lld']);
  if (fs.existsSync('/usr/bin/wasm-ld')) return '/usr/bin/wasm-ld';
  fail('no Wasm linker: neither rustup\'s rust-lld nor Debian\'s wasm-ld was found');
}

const started = Date.now();
const packages = ['rustc-web', 'cargo-web', 'rust-web-src'];
if (target === 'wasm32-wasip1') packages.push('wasi-libc');
ensureDebianPackages(packages);
for (const tool of [RUSTC, CARGO]) if (!fs.existsSync(tool)) fail(`${tool} not found (Debian's rustc-web/cargo-web provide it)`);
const sysroot = execFileSync(RUSTC, ['--print', 'sysroot'], { encoding: 'utf8' }).trim();
if (!fs.existsSync(path.join(sysroot, 'lib/rustlib/src/rust/library/std'))) {
  fail(`${RUSTC} has no standard library source under ${sysroot}/lib/rustlib/src/rust (Debian package rust-web-src)`);
}
const linker = findLinker();
log(`${execFileSync(RUSTC, ['--version'], { encoding: 'utf8' }).trim()}; target ${target}; linker ${linker}`);

const targetDir = process.env.MIGHTY_PATCHER_SWC_TARGET_DIR ?? path.join(os.homedir(), '.cache/mighty-patcher/swc-target');
fs.mkdirSync(targetDir, { recursive: true });
const envTarget = target.toUpperCase().replace(/-/g, '_');
const rustflags = target === 'wasm32-wasip1' ? ['-C', 'link-self-contained=no', '-L', WASI_LIBC] : [];
const env = {
  ...process.env,
  // -Zbuild-std is unstable: Debian's stable rustc/cargo allow it with RUSTC_BOOTSTRAP.
  RUSTC_BOOTSTRAP: '1',
  RUSTC,
  CARGO_TARGET_DIR: targetDir,
  [`CARGO_TARGET_${envTarget}_LINKER`]: linker,
  [`CARGO_TARGET_${envTarget}_RUSTFLAGS`]: rustflags.join(' '),
  CARGO_BUILD_JOBS: process.env.CARGO_BUILD_JOBS ?? '2',
};
// rustup's cargo/rustc shims must not take over from Debian's.
delete env.RUSTUP_TOOLCHAIN;
delete env.RUSTFLAGS;
delete env.CARGO_ENCODED_RUSTFLAGS;

const args = ['build', ...(example ? ['--example', example] : ['--lib']), '-Zbuild-std=std,panic_abort', '--target', target];
if (profile === 'release') args.push('--release');
log(`${CARGO} ${args.join(' ')}  (CARGO_TARGET_DIR=${targetDir})`);
const build = spawnSync(CARGO, args, { cwd: here, env, stdio: 'inherit' });
if (build.error) fail(`could not run ${CARGO}: ${build.error.message}`);
if (build.status !== 0) fail(`cargo build exited with ${build.status} (signal ${build.signal ?? 'none'})`);

const built = example
  ? path.join(targetDir, target, profile, 'examples', `${example}.wasm`)
  : path.join(targetDir, target, profile, `${crateName}.wasm`);
if (!fs.existsSync(built)) fail(`cargo succeeded but ${built} does not exist`);
const bytes = fs.readFileSync(built);
if (bytes.subarray(0, 4).toString('binary') !== '\0asm') fail(`${built} is not a Wasm module`);
fs.copyFileSync(built, output);
log(`wrote ${path.relative(process.cwd(), output) || output} (${(bytes.length / 1024).toFixed(0)} KiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
