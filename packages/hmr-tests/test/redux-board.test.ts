// examples/redux-board, a Vite + React + TypeScript task board written like real Redux Toolkit apps, through
// both React recipes of the README, each with and without the plugin: everyday edits of slices, thunks,
// selectors, middleware, services, a class and components, and what each did in Chromium.
import type { Page } from 'playwright-core';
import { clickThen, describeReactTable, number, syntaxErrorIn, text, type Edit, type KnownGap, type Probe } from './edit-table';
import { sleep } from './harness';

const titles = (page: Page) => page.locator('#tasks .title').allTextContents();

let added = 0;
/** Adds a task through the form, as a person types it; returns its (unique) title. */
async function addTask(page: Page, title: string): Promise<string> {
  const unique = `${title} ${++added}`;
  // Filled and clicked by events, not pointer actions: Vite's error overlay may cover the page.
  await page.locator('#new-task').fill(unique, { force: true });
  await page.locator('#add').dispatchEvent('click');
  await sleep(50);
  return unique;
}

const edits: Edit[] = [
  {
    name: 'JSX text of a `const X = () =>` component',
    file: 'src/features/tasks/TaskList.tsx',
    change: (t) => t.replace('>Tasks</h2>', '>To do</h2>'),
    observe: async (page) => (await text(page, '#tasks-title')) === 'To do',
  },
  {
    name: 'JSX of a `memo(() =>)` component',
    file: 'src/features/tasks/TaskItem.tsx',
    change: (t) => t.replace('<span className="title">{task.title}', '<span className="title">• {task.title}'),
    observe: async (page) => (await text(page, '#tasks .title')).startsWith('• '),
  },
  {
    name: 'a `useState` added to a `function` component',
    file: 'src/features/tasks/AddTaskForm.tsx',
    change: (t) =>
      t
        .replace("  const [added, setAdded] = useState(0);", "  const [added, setAdded] = useState(0);\n  const [hint] = useState('Enter adds');")
        .replace('added <span id="added">', '<i id="hint">{hint}</i> added <span id="added">'),
    observe: async (page) => (await text(page, '#hint')) === 'Enter adds',
  },
  {
    name: 'JSX of the default-exported `function App`',
    file: 'src/App.tsx',
    change: (t) => t.replace('Task board</h1>', 'Task board!</h1>'),
    observe: async (page) => (await text(page, '#title')) === 'Task board!',
  },
  {
    name: 'a reducer written as an object method (`taskAdded`)',
    // A slice module exports values: a top-level module under Vite, its store kept (docs/hmr.md).
    inPlace: true,
    file: 'src/features/tasks/tasksSlice.ts',
    change: (t) => t.replace('state.items.push(action.payload);', 'state.items.unshift(action.payload);'),
    // New tasks go first instead of last.
    observe: async (page) => {
      const title = await addTask(page, 'first');
      return (await titles(page))[0]!.endsWith(title);
    },
  },
  {
    name: 'the `prepare` callback of that reducer',
    inPlace: true,
    file: 'src/features/tasks/tasksSlice.ts',
    change: (t) => t.replace('title: title.trim(),', 'title: title.trim().toUpperCase(),'),
    observe: async (page) => {
      const title = await addTask(page, 'shout');
      return (await titles(page)).some((shown) => shown.endsWith(title.toUpperCase()));
    },
  },
  {
    name: 'an arrow reducer the clock’s `setInterval` dispatches (`ticked`)',
    inPlace: true,
    file: 'src/features/timer/timerSlice.ts',
    change: (t) => t.replace('state.ticks += 1;', 'state.ticks += 100;'),
    // Ten ticks a second: the old reducer adds 1 a tick, the new one 100.
    observe: async (page) => {
      const before = await number(page, '#ticks');
      await sleep(400);
      return (await number(page, '#ticks')) - before >= 100;
    },
  },
  {
    name: 'the body of a `createAsyncThunk`',
    inPlace: true,
    file: 'src/features/tasks/tasksSlice.ts',
    change: (t) => t.replace('  return tasks;\n', '  return tasks.map((task) => ({ ...task, title: `${task.title} (sample)` }));\n'),
    observe: (page) => clickThen(page, '#load', async () => (await titles(page)).some((shown) => shown.endsWith('(sample)')), 300),
  },
  {
    name: 'a service function the thunk awaits',
    file: 'src/services/tasksApi.ts',
    change: (t) => t.replace('    title,\n', '    title: title.toLowerCase(),\n'),
    observe: (page) => clickThen(page, '#load', async () => (await titles(page)).some((shown) => shown.includes('water the plants')), 300),
  },
  {
    name: 'the result function of a `createSelector`',
    file: 'src/features/tasks/selectors.ts',
    change: (t) => t.replace('`${done} of ${tasks.length} done`', '`${done}/${tasks.length} done`'),
    observe: async (page) => (await text(page, '#summary')).includes('/'),
  },
  {
    // Its selector memoized a result of the old code before the edit: the page must show the new one.
    name: 'the result function of a `createSelector` first used after the page loaded (a panel opened later)',
    needs: 'stats',
    file: 'src/features/tasks/selectors.ts',
    change: (t) => t.replace('return `longest: ${longest}`;', 'return `longest (${longest.length}): ${longest}`;'),
    observe: async (page) => /^longest \(\d+\):/.test(await text(page, '#longest')),
  },
  {
    name: 'a utility function a component calls',
    file: 'src/utils/time.ts',
    change: (t) => t.replace('.toFixed(1)} s`', '.toFixed(1)} sec`'),
    observe: async (page) => (await text(page, '#elapsed')).endsWith(' sec'),
  },
  {
    name: 'the body of a custom middleware',
    file: 'src/app/activityMiddleware.ts',
    change: (t) => t.replace('activity.record(action.type);', 'activity.record(`did ${action.type}`);'),
    observe: (page) => clickThen(page, '#show-all', async () => (await text(page, '#activity li')).includes('did filters/shown')),
  },
  {
    name: 'a method of a class whose instance a module holds',
    file: 'src/services/ActivityLog.ts',
    change: (t) => t.replace('return `${this.count}. ${text}`;', 'return `#${this.count} ${text}`;'),
    observe: (page) => clickThen(page, '#show-all', async () => (await text(page, '#activity li')).startsWith('#')),
  },
  {
    name: 'a syntax error in a component, then the fix (with a new label)',
    file: 'src/features/tasks/TaskList.tsx',
    change: (t) => t.replace('>To do</h2>', '>Todo</h2>'),
    observe: async (page) => (await text(page, '#tasks-title')) === 'Todo',
  },
  {
    name: 'a slice’s initial state, then its reset action',
    file: 'src/features/filters/filtersSlice.ts',
    change: (t) => t.replace("  show: 'all',\n", "  show: 'active',\n"),
    observe: (page) => clickThen(page, '#reset-filters', async () => (await text(page, '#show')) === 'active'),
  },
];

const probe: Probe = {
  // The typed note (App's useState) and the tasks AddTaskForm counted (its useState).
  component: async (page) => JSON.stringify([await page.locator('#note').inputValue({ timeout: 1000 }), await number(page, '#added')]),
  // The edits add tasks too: a remount starts the count from 0 again.
  componentKept: (before, after) => {
    const [note, count] = JSON.parse(before) as [string, number];
    const [noteAfter, countAfter] = JSON.parse(after) as [string, number];
    return note === noteAfter && countAfter >= count;
  },
  // The clock's ticks only grow while the store lives; a new store starts again from 0.
  store: (page) => number(page, '#ticks'),
  storeKept: (before, after) => after >= before,
  rendered: async (page) => (await page.locator('#tasks').count()) > 0,
  async prepare(page, edit) {
    if ((await page.locator('#note').inputValue({ timeout: 1000 })) === '') await page.locator('#note').fill('typed', { force: true });
    if ((await text(page, '#added')) === '0') await addTask(page, 'task');
    if (edit.needs === 'stats' && (await page.locator('#longest').count()) === 0) await page.locator('#toggle-stats').dispatchEvent('click');
    // Let the clock run a little, so that a reset store is told apart from a kept one.
    for (let i = 0; i < 20 && (await number(page, '#ticks')) <= 3; i++) await sleep(100);
  },
};

/** Edits where ours is worse than the control today, each with why (none known). */
const knownGaps: Record<string, KnownGap> = {};

describeReactTable({
  recipes: ['swc', 'babel'],
  example: 'redux-board',
  edits,
  probe,
  ready: async (page) => (await page.locator('#ticks').count()) > 0 && (await number(page, '#ticks')) > 0,
  syntaxError: syntaxErrorIn('src/features/tasks/TaskList.tsx', 2500),
  knownGaps,
});
