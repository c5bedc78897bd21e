// Vite 5, which has no hotUpdate hook: mightyPatcherHmr's handleHotUpdate keeps the importers of a module
// patched in place, so a component edited later still reads the one store. Without it, Vite 5 marked the
// store module as updated with the slice, the edited component imported a new instance of it, and showed a
// second store (found on a real Vite 5 app: the component's numbers reset, then stopped following the game).
// examples/react-game with the README's SWC recipe, served by Vite 5.4 (`vite5` in this package).
import fs from 'node:fs';
import path from 'node:path';
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
