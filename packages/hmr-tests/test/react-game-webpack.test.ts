// examples/react-game through the README's webpack recipes (webpack 5 + webpack-dev-server +
// @pmmmwh/react-refresh-webpack-plugin; babel-loader with react-refresh/babel and the Babel plugin, and
// swc-loader with SWC's Fast Refresh and the SWC plugin), each with and without the plugin: the same
// fifteen edits as the Vite recipes' table (react-game.test.ts), then one the glue refuses.
import type { Page } from 'playwright-core';
import { describeReactTable, type Edit } from './edit-table';
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
