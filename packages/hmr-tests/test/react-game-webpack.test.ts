// examples/react-game through the README's webpack recipes (webpack 5 + webpack-dev-server +
// @pmmmwh/react-refresh-webpack-plugin; babel-loader with react-refresh/babel and the Babel plugin, and
// swc-loader with SWC's Fast Refresh and the SWC plugin), each with and without the plugin: the same
// sixteen edits as the Vite recipes' table (react-game.test.ts), then one the glue refuses. Then what
// webpack's `module.hot.invalidate()` leaves behind: a module that accepts its own updates again.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describeReactTable, type Edit } from './edit-table';
import { openPage, startExample, until, webpackDevServer } from './harness';
import { reactGame } from './react-game';

const points = async (page: Page) => Number(await page.locator('#points').first().textContent({ timeout: 1000 }));

/**
 * A slice creator's own body (its initial state): the actions the store holds cannot take it, so the glue
 * refuses, says so, and calls webpack's `module.hot.invalidate()`, which webpack applies after the current
 * update: the update goes on to the store module, made again (reset), as without the plugin.
 */
const refused: Edit = {
  name: "a slice's initial state (outside its actions: the store is made again)",
  file: 'src/store/scoreSlice.ts',
  // Without the plugin, earlier edits made the store again and the game stalled: its ticks no longer tell.
  needs: 'a fresh page',
  change: (t) => t.replace('  points: 0,', '  points: 1000003,'),
  // Nothing else gives a million points: only a store made again from the new slice has them.
  observe: async (page) => (await points(page)) >= 1000003,
};

describeReactTable({ ...reactGame, edits: [...reactGame.edits, refused], recipes: ['webpack-babel', 'webpack-swc'] });

describe.each(['webpack-babel', 'webpack-swc'])('examples/react-game, RECIPE=%s: after module.hot.invalidate()', (recipe) => {
  test('the slice module accepts its own updates again: the next action edit is patched in the new store', async () => {
    const session = await startExample('react-game', webpackDevServer, { RECIPE: recipe });
    try {
      const { page, messages } = await openPage(session.browser, session.server.url);
      await until('the game to run', async () => (await page.locator('#ticks').count()) > 0, messages);
      const file = path.join(session.root, 'src/store/scoreSlice.ts');
      const edit = (from: string, to: string) => fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(from, to));
      // Refused (the initial state changed): the store is made again from the new slice, 7 points.
      edit('  points: 0,', '  points: 7,');
      await until('the store made again', async () => (await points(page)) % 10 === 7, messages);
      expect(messages.filter((m) => m.includes('keep their old code'))).toEqual([expect.stringContaining('src/store/scoreSlice.ts: functions that createScoreSlice made before')]);
      // The new store paused (no line clears adding points), points in it, then an edit of its action
      // only: patched in place, the points kept (a store made again would start from 7).
      if ((await page.locator('#pause').textContent())?.trim() === 'Pause') await page.locator('#pause').dispatchEvent('click');
      for (let i = 0; i < 3; i++) await page.locator('#bonus').dispatchEvent('click');
      await until('three bonuses', async () => (await points(page)) >= 37, messages);
      const before = await points(page);
      const seen = messages.length;
      edit('points: state.points + amount,', 'points: state.points + amount * 3,');
      await until('the action patched', async () => messages.slice(seen).some((m) => m.includes('[mighty-patcher] patched src/store/scoreSlice.ts')), messages);
      await page.locator('#bonus').dispatchEvent('click');
      await until('the new action to run', async () => (await points(page)) !== before, messages);
      expect({ added: (await points(page)) - before, reloaded: messages.some((m) => m.startsWith('navigated:')) }).toEqual({ added: 30, reloaded: false });
    } finally {
      await session.close();
    }
  });
});
