#!/usr/bin/env node
// Runs every test on this machine's Node and on Node 24 (Babel 8 needs >= 24.11 on that line).
// Needs only Node and npm: it installs the workspace and the Node 24 binary itself.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { ensureChromium, ensureNode24, ensureSwcPlugin, ensureWorkspace, repoRoot } from './setup.mjs';

ensureWorkspace();
ensureSwcPlugin();
ensureChromium();
const node24 = ensureNode24();

let passed = 0;
let failed = 0;
let ok = true;

// The SWC plugin's Rust fixture tests, on the host toolchain (the target directory is cached outside the checkout).
console.log('\n=== cargo test (packages/swc-plugin) ===');
const cargoTarget = path.join(os.homedir(), '.cache/mighty-patcher/swc-host-target');
// The fixture test's macro writes the cases' absolute paths into its binary when it compiles, and cargo
// rebuilds it only for a source newer than the binary: a checkout older than the cache ran the cases of the
// checkout that built it last (all failing once that one was gone), and a new case was not run. Its source is
// touched, which rebuilds that test alone (seconds).
const now = new Date();
fs.utimesSync(path.join(repoRoot, 'packages/swc-plugin/tests/fixture.rs'), now, now);
const cargo = spawnSync('cargo', ['test', '-j2'], {
  cwd: path.join(repoRoot, 'packages/swc-plugin'),
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, CARGO_TARGET_DIR: cargoTarget },
});
process.stdout.write(cargo.stdout ?? '');
if (cargo.status !== 0) ok = false;
for (const [, p, f] of (cargo.stdout ?? '').matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
  passed += Number(p);
  failed += Number(f);
}

const runs = [{ label: `Node ${process.versions.node}`, node: process.execPath }];
const version24 = execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim();
if (version24 !== `v${process.versions.node}`) runs.push({ label: `Node ${version24.slice(1)}`, node: node24 });

// Suites whose result does not depend on the engine's version run once, on Node 24 (what users run): test262
// compares each test's result transformed and untransformed on the same Node, the SWC host builds test the
// plugin's output in Next.js and Vite, the edit tables of react-game and redux-board (Vite and webpack) and
// of next-app (next dev) drive Chromium against a dev server (its Node changes nothing they measure; 1.5 to
// 3 minutes a run each), and refresh-order compares transforms' output; vite5 drives react-game under Vite 5. Everything else (the
// runtime's loader hooks differ between Node 20 and 24) runs on both. This keeps a clean CI run within its time budget on 2 cores.
const ONCE_ON_NODE_24 = [
  'packages/conformance/test/test262\\.test\\.ts',
  'packages/swc-plugin/test/hosts\\.test\\.ts',
  'packages/hmr-tests/test/react-game\\.test\\.ts',
  'packages/hmr-tests/test/react-game-webpack\\.test\\.ts',
  'packages/hmr-tests/test/refresh-order\\.test\\.ts',
  'packages/hmr-tests/test/redux-board\\.test\\.ts',
  'packages/hmr-tests/test/next-app-table\\.test\\.ts',
  'packages/hmr-tests/test/vite5\\.test\\.ts',
];

for (const [index, { label, node }] of runs.entries()) {
  console.log(`\n=== Jest on ${label} ===`);
  const skipped = node !== node24 && runs.length > 1 ? ['--testPathIgnorePatterns', ...ONCE_ON_NODE_24] : [];
  if (skipped.length > 0) console.log(`(test262, the SWC host builds and the edit tables run on the Node 24 pass only)`);
  const report = path.join(repoRoot, '.cache', `jest-${index}.json`);
  fs.rmSync(report, { force: true });
  const status = await jest(
    node,
    // The command line's own arguments (test paths) first: the ignore list takes every argument after it.
    [path.join(repoRoot, 'node_modules/jest/bin/jest.js'), '--json', `--outputFile=${report}`, ...process.argv.slice(2), ...skipped],
    report,
  );
  if (status !== 0) ok = false;
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    passed += json.numPassedTests;
    failed += json.numFailedTests + json.numRuntimeErrorTestSuites;
    console.log(`${label}: ${json.numPassedTests} passed, ${json.numFailedTests} failed`);
  } else {
    ok = false;
    failed++;
  }
}
console.log(`\ntotal: ${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);

/**
 * Runs Jest in a process group of its own and resolves with its exit code. Jest waits for whatever a test
 * left running (a server, a CLI whose test timed out) before it exits: a CI run once never ended that way.
 * A minute after Jest wrote its report, the group is ended and the run counts as failed.
 */
function jest(node, args, report) {
  return new Promise((resolve) => {
    const child = spawn(node, args, {
      cwd: repoRoot,
      stdio: 'inherit',
      detached: true,
      // Jest loads Babel 8 (ESM only) through require(esm), which its module system links with vm modules.
      env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim() },
    });
    const endGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    };
    // A Ctrl-C or a CI's SIGTERM reaches this script; Jest's group is not the terminal's.
    let interrupted = false;
    const forward = (signal) => {
      interrupted = true;
      endGroup(signal);
    };
    process.on('SIGINT', forward).on('SIGTERM', forward);
    let reportedAt;
    let hung = false;
    const watchdog = setInterval(() => {
      if (reportedAt === undefined && fs.existsSync(report)) reportedAt = Date.now();
      if (!hung && reportedAt !== undefined && Date.now() - reportedAt > 60_000) {
        hung = true;
        console.log('\nJest did not exit a minute after it wrote its report (a test left something running): its process group is ended, and the run counts as failed.');
        endGroup('SIGKILL');
      }
    }, 1000);
    child.on('exit', (code, signal) => {
      clearInterval(watchdog);
      process.off('SIGINT', forward).off('SIGTERM', forward);
      // Whatever a test started in Jest's group and left behind goes with it.
      endGroup('SIGKILL');
      if (interrupted) process.exit(130);
      resolve(hung || signal ? 1 : code);
    });
  });
}
