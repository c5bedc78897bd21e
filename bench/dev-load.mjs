// Issue 14's dev cost: the first page load of examples/react-game in development, per React recipe, with and
// without our plugin. A fresh `vite` dev server for each load (its dependency cache kept, its transform cache
// empty: what `npm run dev` then opening the page costs), Chromium through playwright-core, from `page.goto`
// to the app's first rendered #ticks; the configurations alternate, median of the rounds after an uncounted one.
// Usage: node bench/dev-load.mjs [rounds = 3]; ONLY="swc plain,swc ours" runs those configurations; PROF=<dir> writes a
// CPU profile of each dev server.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'packages/hmr-tests/package.json'));
const { chromium } = require('playwright-core');
const dir = path.join(root, 'examples/react-game');
const only = process.env.ONLY;
const recipes = [
  { label: 'swc plain', env: { RECIPE: 'swc', MIGHTY_PATCHER: '0' } },
  { label: 'swc ours', env: { RECIPE: 'swc' } },
  { label: 'babel plain', env: { RECIPE: 'babel', MIGHTY_PATCHER: '0' } },
  { label: 'babel noop', env: { RECIPE: 'babel', MIGHTY_PATCHER: 'noop' } },
  { label: 'babel ours', env: { RECIPE: 'babel' } },
];
const configs = only ? recipes.filter((c) => only.split(',').includes(c.label)) : recipes;
const port = () => new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
const rounds = Number(process.argv[2] ?? 3);
const times = Object.fromEntries(configs.map((c) => [c.label, []]));
for (let k = 0; k <= rounds; k++) {
  for (const c of configs) {
    const p = await port();
    const t0 = performance.now();
    const child = spawn(process.execPath, [...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.PROF] : []), path.join(dir, 'node_modules/vite/bin/vite.js'), '--port', String(p), '--strictPort', '--host', '127.0.0.1'], { cwd: dir, env: { ...process.env, ...c.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    await new Promise((resolve) => child.stdout.on('data', (d) => String(d).includes('Local') && resolve()));
    const ready = performance.now();
    const context = await browser.newContext();
    const page = await context.newPage();
    const t1 = performance.now();
    await page.goto(`http://127.0.0.1:${p}/`);
    await page.waitForSelector('#ticks', { timeout: 120000 });
    const loaded = performance.now() - t1;
    await context.close();
    process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => child.on('exit', r));
    if (k > 0) times[c.label].push({ load: loaded, server: ready - t0 });
    console.log(k, c.label, 'server', Math.round(ready - t0), 'first load', Math.round(loaded));
  }
}
await browser.close();
const med = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [l, xs] of Object.entries(times)) console.log(l, 'median first load', Math.round(med(xs.map((x) => x.load))), 'server', Math.round(med(xs.map((x) => x.server))));
