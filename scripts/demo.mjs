#!/usr/bin/env node
// The README's first command: install and build if needed, then run the demo.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureWorkspace, repoRoot } from './setup.mjs';

ensureWorkspace({ quiet: true });
const result = spawnSync(process.execPath, [path.join(repoRoot, 'examples/in-process/demo.mjs')], { stdio: 'inherit' });
process.exit(result.status ?? 1);
