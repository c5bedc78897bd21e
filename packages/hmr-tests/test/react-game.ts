// examples/react-game, a React + TypeScript game written like real apps: sixteen everyday edits and how
// to read the page, shared by its tables (react-game.test.ts: the Vite recipes; react-game-webpack.test.ts:
// the webpack recipes), each run with and without the plugin in Chromium.
import { clickThen, growth, number, syntaxErrorIn, text, type Edit, type KnownGap, type ReactTable } from './edit-table';
import { sleep } from './harness';

const edits: Edit[] = [
  {
    name: 'JSX text of a `const X: FC = () =>` component',
    file: 'src/components/ScorePanel.tsx',
    change: (t) => t.replace('>Score</span>', '>Points</span>'),
    observe: async (page) => (await text(page, '#points-label')) === 'Points',
  },
  {
    name: 'a CSS module rule',
    file: 'src/components/ScorePanel.module.css',
    change: (t) => t.replace('rgb(0, 0, 128)', 'rgb(128, 0, 0)'),
    observe: async (page) => (await page.locator('#score').evaluate((e) => getComputedStyle(e).color)) === 'rgb(128, 0, 0)',
  },
  {
    name: 'a `useState` added to that component',
    file: 'src/components/ScorePanel.tsx',
    change: (t) =>
      t
        .replace("import type { FC } from 'react';", "import type { FC } from 'react';\nimport { useState } from 'react';")
        .replace('  const level =', "  const [badge] = useState('new');\n  const level =")
        .replace('<b id="ticks">{ticks}</b>', '<b id="ticks">{ticks}</b> <i id="badge">{badge}</i>'),
    observe: async (page) => (await text(page, '#badge')) === 'new',
  },
  {
    name: 'JSX of a default-exported `function` component',
    file: 'src/components/Header.tsx',
    change: (t) => t.replace('Block stacker</h1>', 'Block stacker!</h1>'),
    observe: async (page) => (await text(page, '#title')) === 'Block stacker!',
  },
  {
    name: 'JSX of a `memo(() =>)` component',
    file: 'src/components/Board.tsx',
    change: (t) => t.replace('Stacked <b', 'Landed <b'),
    observe: async (page) => (await text(page, '#board'))!.includes('Landed'),
  },
  {
    name: 'JSX of a `forwardRef` component with state',
    file: 'src/components/Controls.tsx',
    change: (t) => t.replace('        Bonus\n', '        Bonus!\n'),
    observe: async (page) => (await text(page, '#bonus'))?.trim() === 'Bonus!',
  },
  {
    name: 'the interval of a `useInterval` hook (its effect)',
    file: 'src/hooks/useInterval.ts',
    change: (t) => t.replace('setInterval(callback, delay)', 'setInterval(callback, delay / 4)'),
    // 200 ms a tick before (5 a second), 50 ms after: more than 12 in a second is the new interval.
    observe: async (page) => (await growth(page, '#ticks', 1000)) > 12,
    wait: 12000,
  },
  {
    name: 'a zustand slice action (`addPoints`), game paused',
    file: 'src/store/scoreSlice.ts',
    needs: 'paused',
    change: (t) => t.replace('addPoints: (amount) => set((state) => ({ points: state.points + amount,', 'addPoints: (amount) => set((state) => ({ points: state.points + amount * 2,'),
    observe: async (page) => {
      const before = await number(page, '#points');
      return clickThen(page, '#bonus', async () => (await number(page, '#points')) - before === 20);
    },
  },
  {
    name: 'a service function the store calls (`levelFor`)',
    file: 'src/services/scoring.ts',
    needs: 'paused',
    change: (t) => t.replace('Math.floor(points / 1000)', 'Math.floor(points / 10)'),
    // Paused, the score stays far below 1000: the old rule says level 1, the new one more.
    observe: (page) => clickThen(page, '#bonus', async () => (await number(page, '#level')) > 1),
  },
  {
    name: 'a utility a component calls while it renders (`stackSummary`), game paused',
    file: 'src/services/format.ts',
    needs: 'paused',
    change: (t) => t.replace(' stacked`', ' landed`'),
    // Paused, nothing renders the board again by itself: the new text shows only if the update re-rendered it.
    observe: async (page) => (await text(page, '#summary'))!.includes('landed'),
  },
  {
    name: 'a getter of a class whose instance the store holds',
    file: 'src/models/Piece.ts',
    needs: 'paused',
    change: (t) => t.replace('return `${this.shape.name}${this.turns % 4}`;', 'return `${this.shape.name}-${this.turns}`;'),
    observe: (page) => clickThen(page, '#rotate', async () => (await text(page, '#piece'))!.includes('-')),
  },
  {
    name: 'a method of a class in a barrel-file import cycle',
    file: 'src/models/Piece.ts',
    needs: 'paused',
    change: (t) => t.replace('this.turns += 1;', 'this.turns += 10;'),
    observe: async (page) => {
      const turns = async () => Number((await text(page, '#piece'))!.split('-')[1]);
      const before = await turns();
      return clickThen(page, '#rotate', async () => (await turns()) - before === 10);
    },
  },
  {
    name: 'an event-bus handler registered once at start-up',
    file: 'src/services/notifications.ts',
    needs: 'running',
    change: (t) => t.replace('`cleared ${lines}', '`removed ${lines}'),
    observe: async (page) => (await text(page, '#log'))!.startsWith('removed'),
  },
  {
    name: 'a zustand slice action the interval calls (`tick`)',
    file: 'src/store/boardSlice.ts',
    needs: 'running',
    change: (t) => t.replace('get().clearLines(1);', 'get().clearLines(2);'),
    observe: async (page) => (await text(page, '#log'))!.includes(' 2 lines'),
  },
  {
    name: 'a syntax error in a component, then the fix (with a new label)',
    file: 'src/components/ScorePanel.tsx',
    change: (t) => t.replace('>Points</span>', '>Pts</span>'),
    observe: async (page) => (await text(page, '#points-label')) === 'Pts',
  },
  {
    name: 'JSX of the root `App` component with typed text',
    file: 'src/App.tsx',
    change: (t) => t.replace('        Note <input', '        Memo <input'),
    observe: async (page) => (await text(page, 'main label'))!.startsWith('Memo'),
  },
];

const probe: ReactTable['probe'] = {
  // The typed note (App's useState) and the presses counted by Controls (its useState).
  component: async (page) => JSON.stringify([await page.locator('#note').inputValue({ timeout: 1000 }), await number(page, '#presses')]),
  // The edits' own clicks count presses too: a remount starts them from 0 again.
  componentKept: (before, after) => {
    const [note, presses] = JSON.parse(before) as [string, number];
    const [noteAfter, pressesAfter] = JSON.parse(after) as [string, number];
    return note === noteAfter && pressesAfter >= presses;
  },
  // Ticks only grow while the store lives; a new store starts again from 0 (and unpaused).
  store: (page) => number(page, '#ticks'),
  storeKept: (before, after) => after >= before,
  rendered: async (page) => (await page.locator('#score').count()) > 0,
  async prepare(page, edit) {
    // A page loaded again first, as a person does once the game has stalled (after a store was made again,
    // the interval drives the previous one): then a store made again by the edit shows as a reset.
    if (edit.needs === 'a fresh page') {
      await page.reload({ waitUntil: 'load' });
      for (let i = 0; i < 100 && ((await page.locator('#ticks').count()) === 0 || (await number(page, '#ticks')) <= 3); i++) await sleep(100);
    }
    // Events dispatched, not pointer clicks: Vite's error overlay may cover the page.
    if ((await page.locator('#note').inputValue({ timeout: 1000 })) === '') await page.locator('#note').fill('typed', { force: true });
    if ((await text(page, '#presses')) === '0') await page.locator('#bonus').dispatchEvent('click');
    const paused = (await text(page, '#pause'))?.trim() === 'Resume';
    if ((edit.needs === 'paused' && !paused) || (edit.needs === 'running' && paused)) await page.locator('#pause').dispatchEvent('click');
    // Let the game run a little, so that a reset store is told apart from a kept one. (After a store was
    // made again, the interval may still drive the previous store, as in the real app: the game stalls.)
    for (let i = 0; i < 20 && !(edit.needs === 'paused') && (await number(page, '#ticks')) <= 3; i++) await sleep(100);
  },
};

/** Edits where ours is worse than the control today: none (a webpack known gap closed on 2026-12-04, docs/hmr.md). */
const knownGaps: Record<string, KnownGap> = {};

/** The table of examples/react-game, for describeReactTable with the recipes to run. */
export const reactGame: Omit<ReactTable, 'recipes'> = {
  example: 'react-game',
  edits,
  probe,
  ready: async (page) => (await page.locator('#ticks').count()) > 0 && (await number(page, '#ticks')) > 0,
  // A syntax error first (Vite's overlay; the page keeps running), then the fix is edit 15.
  syntaxError: syntaxErrorIn('src/components/ScorePanel.tsx', 2500),
  knownGaps,
};
