// Vite 5, which has no hotUpdate hook: mightyPatcherHmr's handleHotUpdate keeps the importers of a module
// patched in place, so a component edited later still reads the one store. Without it, Vite 5 marked the
// store module as updated with the slice, the edited component imported a new instance of it, and showed a
// second store (found on a real Vite 5 app: the component's numbers reset, then stopped following the game).
// examples/react-game with the README's SWC recipe, served by Vite 5.4 (`vite5` in this package).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { number, text } from './edit-table';
import { copyExample, freePort, launchChromium, openPage, startServer, until, type DevServer } from './harness';

const VITE5 = path.join(__dirname, '../node_modules/vite5/bin/vite.js');

describe('Vite 5 (handleHotUpdate), react-game, SWC recipe', () => {
  let root: string;
  let server: DevServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    root = copyExample('react-game');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    server = await startServer(process.execPath, [VITE5, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], root, url, { RECIPE: 'swc', MIGHTY_PATCHER: '1' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('a slice action patched in place, then a component edited: one store, state kept', async () => {
    const { page, messages } = await openPage(browser!, server!.url);
    const edit = (file: string, from: string, to: string) => {
      const full = path.join(root, file);
      const before = fs.readFileSync(full, 'utf8');
      expect(before).toContain(from);
      fs.writeFileSync(full, before.replace(from, to));
    };
    await until('the game', async () => (await page.locator('#ticks').count()) > 0 && (await number(page, '#ticks')) > 0, messages);
    const bonus = () => page.locator('#bonus').dispatchEvent('click');
    await page.locator('#pause').dispatchEvent('click');
    await bonus();
    await until('the first bonus', async () => (await number(page, '#points')) === 10, messages);

    edit('src/store/scoreSlice.ts', 'points: state.points + amount,', 'points: state.points + amount * 2,');
    await until('the slice patched in place', () => messages.some((m) => m.includes('[mighty-patcher] patched src/store/scoreSlice.ts')), messages);
    await bonus();
    await until('the new action (+20)', async () => (await number(page, '#points')) === 30, messages);

    // ScorePanel shows the points: edited now, it is imported again, with the store module it imports.
    edit('src/components/ScorePanel.tsx', '>Score</span>', '>Points</span>');
    await until('the component refreshed', async () => (await text(page, '#points-label')) === 'Points', messages);
    expect(await number(page, '#points')).toBe(30);
    // Controls (not edited) dispatches to the store the page has had since it loaded; the edited component follows it.
    await bonus();
    await until('the edited component following the store', async () => (await number(page, '#points')) === 50, messages);
    expect(messages.filter((m) => m.startsWith('pageerror') || m.startsWith('navigated'))).toEqual([]);
    expect(server!.output()).toContain('(in place: importers kept');
  });
});

// Found on a real React Router 7 app on Vite 5 (its loaders run on the server): a helper only a loader imports,
// edited, left the page on the old data until a reload. Vite 5 keeps one module graph for the browser and the
// server, and the server transform's glue (`import.meta.hot.accept()`) marked the helper self-accepting there:
// the update stopped at it, and React Router never ran the route's loader again. Plain Vite passed it on.
test('Vite 5, a module only the server loads: instrumented without the glue, so it does not accept its updates', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-vite5-ssr-'));
  fs.writeFileSync(path.join(root, 'greet.server.js'), "export function greet() { return 'hello v1'; }\n");
  fs.writeFileSync(path.join(root, 'client.js'), "export function shown() { return 'shown'; }\n");
  const script = `
import { createServer } from ${JSON.stringify(pathToFileURL(path.join(path.dirname(VITE5), '../dist/node/index.js')).href)};
import { mightyPatcher } from ${JSON.stringify(pathToFileURL(path.join(__dirname, '../../vite-plugin/dist/index.js')).href)};
const server = await createServer({ root: ${JSON.stringify(root)}, configFile: false, logLevel: 'silent', plugins: [mightyPatcher()], server: { middlewareMode: true, ws: false } });
const { greet } = await server.ssrLoadModule('/greet.server.js');
const client = await server.transformRequest('/client.js');
const seen = async (url) => server.moduleGraph.getModuleByUrl(url);
console.log(JSON.stringify({
  greeted: greet(),
  server: { selfAccepting: (await seen('/greet.server.js')).isSelfAccepting, code: (await seen('/greet.server.js')).ssrTransformResult.code },
  client: { selfAccepting: (await seen('/client.js')).isSelfAccepting, code: client.code },
}));
await server.close();
// Vite 5's dependency optimizer may still hold a handle: the answer is out.
process.exit(0);
`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  fs.rmSync(root, { recursive: true, force: true });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const result = JSON.parse(run.stdout);
  expect(result.greeted).toBe('hello v1');
  // Instrumented all the same, without the glue: its updates go on to its importers, as under plain Vite.
  expect(result.server.code).toMatch(/_mp_cell/);
  expect(result.server.code).not.toMatch(/\.hot\b/); // Vite's SSR transform makes import.meta `__vite_ssr_import_meta__`
  expect(result.server.selfAccepting).toBe(false);
  // The browser's modules keep the glue, and are patched in place.
  expect(result.client.code).toMatch(/import\.meta\.hot/);
  expect(result.client.selfAccepting).toBe(true);
});
