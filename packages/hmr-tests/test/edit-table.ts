// Scripted everyday edits of an example app, run twice: with the plugin and without it (the control,
// what the same dev server does on its own). Each edit is written on top of the previous ones, as a
// person edits; what the page then shows is classified, and the two columns are compared: ours must be
// "in place", or at least as good as the control's, for every edit. The table is printed for CI's log.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { copyExample, type DevCommand, type DevServer, freePort, launchChromium, openPage, ROOT, sleep, startServer, until, vite, webpackDevServer } from './harness';

/** What one edit did, best first. */
export type Outcome = 'in place' | 'remount' | 'reset' | 'reload' | 'stale' | 'crash';

const RANK: Record<Outcome, number> = { 'in place': 5, remount: 4, reset: 3, reload: 2, stale: 1, crash: 0 };

/** What the page holds that an edit should keep: read before and after each edit. */
export interface Probe {
  /** Component state (typed text, counters in useState): lost when a component remounts. */
  component(page: Page): Promise<string>;
  /** Whether the component state read after an edit kept the one read before it (counters may have grown). */
  componentKept(before: string, after: string): boolean;
  /** Store state: lost when the store module is evaluated again. */
  store(page: Page): Promise<number>;
  /** Whether the store state read after an edit kept the one read before it. */
  storeKept(before: number, after: number): boolean;
  /** Whether the app is rendered (a blank page after an error is a crash). */
  rendered(page: Page): Promise<boolean>;
  /** Puts the page in the state `edit` needs (a paused game, typed text): after a reload or a reset too. */
  prepare(page: Page, edit: Edit): Promise<void>;
}

export interface Edit {
  /** What a person did, for the table. */
  name: string;
  /** The edited file, relative to the app's root. */
  file: string;
  /** The new text of the file, from its current text. */
  change(text: string): string;
  /** Resolves true once the page runs the new code (may act on the page, as a person would: a click). */
  observe(page: Page): Promise<boolean>;
  /** The state the edit needs the page in (see Probe.prepare). */
  needs?: string;
  /** How long to wait for the new code before calling it stale (default 8 s). */
  wait?: number;
  /** What the plugin must do better than the control: ours is asserted in place, not only as good. */
  inPlace?: true;
}

export interface Row {
  edit: string;
  outcome: Outcome;
  detail: string;
}

/** A page's console and errors, and whether it navigated, as openPage records them. */
export interface Watched {
  page: Page;
  messages: string[];
}

/** The text of the first element `selector` matches ('' when it has none); fails after 1 s without one. */
export const text = async (page: Page, selector: string): Promise<string> =>
  (await page.locator(selector).first().textContent({ timeout: 1000 })) ?? '';

export const number = async (page: Page, selector: string): Promise<number> => Number(await text(page, selector));

/** Clicks `selector` (an event, not a pointer click: an error overlay may cover the page), waits `ms`, and says whether `check` then holds. */
export async function clickThen(page: Page, selector: string, check: () => Promise<boolean>, ms = 50): Promise<boolean> {
  await page.locator(selector).dispatchEvent('click');
  await sleep(ms);
  return check();
}

/** How much the number in `selector` grew over `ms` (a counter an interval drives). */
export async function growth(page: Page, selector: string, ms: number): Promise<number> {
  const start = await number(page, selector);
  await sleep(ms);
  return (await number(page, selector)) - start;
}

async function marker(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as unknown as { editTableMarker?: string }).editTableMarker).catch(() => undefined);
}

async function setMarker(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { editTableMarker: string }).editTableMarker = 'set before the edit'));
}

/** Runs the edits in order on the app at `root`, whose page is open; returns one row per edit. */
export async function runEdits(label: string, watched: Watched, root: string, probe: Probe, edits: Edit[]): Promise<Row[]> {
  const { page, messages } = watched;
  const rows: Row[] = [];
  for (const edit of edits) {
    await probe.prepare(page, edit);
    await setMarker(page);
    const component = await probe.component(page);
    const store = await probe.store(page);
    const seen = messages.length;
    const file = path.join(root, edit.file);
    const before = fs.readFileSync(file, 'utf8');
    const after = edit.change(before);
    if (after === before) throw new Error(`the edit "${edit.name}" changes nothing in ${edit.file}`);
    fs.writeFileSync(file, after);

    const deadline = Date.now() + (edit.wait ?? 8000);
    let observed = false;
    let crashed = false;
    let blankSince: number | undefined;
    while (Date.now() < deadline) {
      crashed = messages.slice(seen).some((m) => m.startsWith('pageerror:'));
      if (crashed) break;
      // A page that reloads is blank for a moment (before Playwright reports the navigation, too): blank
      // for a second without a reload, or until the deadline, is a crash.
      if (!(await probe.rendered(page).catch(() => false))) {
        blankSince ??= Date.now();
        crashed = !messages.slice(seen).some((m) => m.startsWith('navigated:')) && Date.now() - blankSince > 1000;
        if (crashed) break;
      } else blankSince = undefined;
      observed = await edit.observe(page).catch(() => false);
      if (observed) break;
      await sleep(150);
    }
    // Let a reload or a late remount settle before reading the state.
    await sleep(300);
    const reloaded = (await marker(page)) === undefined;
    const news = messages.slice(seen).filter((m) => m.includes('[mighty-patcher]') || m.startsWith('pageerror:') || m.startsWith('bundler CSS reload error:') || m.startsWith('navigated:') || /\[(?:vite|HMR)\].*(reload|invalidate|cannot apply)|\[Fast Refresh\].*reload/i.test(m));
    let outcome: Outcome;
    if (crashed || !(await probe.rendered(page).catch(() => false))) outcome = 'crash';
    else if (!observed) outcome = 'stale';
    else if (reloaded) outcome = 'reload';
    else if (!probe.storeKept(store, await probe.store(page))) outcome = 'reset';
    else if (!probe.componentKept(component, await probe.component(page))) outcome = 'remount';
    else outcome = 'in place';
    rows.push({ edit: edit.name, outcome, detail: news.join(' | ').slice(0, 300) });
    process.stdout.write(`[${label}] ${edit.name}: ${outcome}${observed ? ` in ${Date.now() - deadline + (edit.wait ?? 8000)} ms` : ''}\n`);
    if (outcome === 'crash') {
      // Start the next edit from a working page, as a person would (reload).
      await page.reload({ waitUntil: 'load' });
      await sleep(500);
    }
  }
  return rows;
}

/** Whether ours is acceptable next to the control: in place, or no worse than the control. */
export function acceptable(ours: Outcome, control: Outcome): boolean {
  return ours === 'in place' || RANK[ours] >= RANK[control];
}

/** The with/without table, as Markdown, with a last column saying whether the row is acceptable. */
export function table(title: string, ours: Row[], control: Row[]): string {
  const lines = [`### ${title}`, '', '| # | edit | with Mighty Patcher | without (control) | ok |', '|---|---|---|---|---|'];
  ours.forEach((row, index) => {
    const other = control[index]!;
    lines.push(`| ${index + 1} | ${row.edit} | ${row.outcome} | ${other.outcome} | ${acceptable(row.outcome, other.outcome) ? 'yes' : '**no**'} |`);
  });
  return `${lines.join('\n')}\n`;
}

/** Prints the table where CI's log shows it, and keeps it under .cache/edit-tables/ for the README. */
export function printTable(root: string, name: string, text: string, details: string): void {
  process.stdout.write(`\n${text}\n`);
  const dir = path.join(root, '.cache', 'edit-tables');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.md`), `${text}\n${details}\n`);
}

/** Starts a column's dev server in the copy `root` of examples/<example> on `port`. */
type RecipeCommand = (recipe: string, example: string, root: string, port: number, withPatcher: boolean) => ReturnType<DevCommand>;

/** Vite's CLI on the example's vite.config.ts, which reads RECIPE and MIGHTY_PATCHER. */
const viteRecipe: RecipeCommand = (recipe, example, root, port, withPatcher) => {
  // The optimized dependencies' cache stays under node_modules, as Vite's default is: the Babel plugin
  // (its default `exclude`) would otherwise instrument React itself. One per column: the two configs'
  // plugins differ, and each would make Vite optimize again.
  const cacheDir = `node_modules/.vite-${example}-${recipe}-${withPatcher ? 'with' : 'without'}`;
  return vite(`import config from './vite.config';\nexport default (env) => ({ ...config(env), cacheDir: '${cacheDir}' });\n`)(root, port);
};

/** The example's webpack-dev-server.js, on its webpack.config.js, which reads RECIPE and MIGHTY_PATCHER. */
const webpackRecipe: RecipeCommand = (_recipe, _example, root, port) => webpackDevServer(root, port);

/** The README's React recipes, as the examples' vite.config.ts and webpack.config.js select them (RECIPE). */
const REACT_RECIPES = {
  swc: { title: 'Vite 8 + React 19, @vitejs/plugin-react-swc 4.3.3 + SWC plugin', command: viteRecipe },
  babel: { title: 'Vite 8 + React 19, @vitejs/plugin-react 6.3.0 + @rolldown/plugin-babel 0.3.1 + Babel plugin', command: viteRecipe },
  'webpack-babel': {
    title: 'webpack 5.112 + React 19, webpack-dev-server 6.1, @pmmmwh/react-refresh-webpack-plugin 0.6.3, babel-loader 10.1 with react-refresh/babel + Babel plugin',
    command: webpackRecipe,
  },
  'webpack-swc': {
    title: 'webpack 5.112 + React 19, webpack-dev-server 6.1, @pmmmwh/react-refresh-webpack-plugin 0.6.3, swc-loader 0.2.7 (jsc.transform.react.refresh) + SWC plugin',
    command: webpackRecipe,
  },
};

/** An edit where ours is worse than the control today, pinned to its outcome, with why. */
export interface KnownGap {
  outcome: Outcome;
  why: string;
}

export interface EditTable {
  /** examples/<example>. */
  example: string;
  edits: Edit[];
  probe: Probe;
  /** Whether the page has loaded and runs (polled after the first load). */
  ready(page: Page): Promise<boolean>;
  /**
   * A syntax error saved just before the edit named `fixedBy`, which starts from the broken file: `undo`
   * puts the line back before that edit's own change. The error's own row is "stale" by construction
   * (nothing to run): it must not crash the page, and is left out of the table.
   */
  syntaxError: { edit: Edit; fixedBy: string; undo(text: string): string };
  /** Edits where ours is worse than the control today (each said in the table's text). */
  knownGaps: Record<string, KnownGap>;
}

export interface ReactTable extends EditTable {
  /** The recipes to run (examples/<example>'s vite.config.ts, and webpack.config.js for the webpack ones, read RECIPE and MIGHTY_PATCHER). */
  recipes: (keyof typeof REACT_RECIPES)[];
}

/** A dev server started on a copy of the example for one column; `stop` ends it and removes the copy. */
export interface Column {
  root: string;
  server: DevServer;
  /** The page to open (default: the server's URL). */
  url?: string;
}

/**
 * The tables' syntax error: the component's first `return (` in `file` made `return (((`, fixed by the edit
 * named "a syntax error in a component, then the fix (with a new label)".
 */
export function syntaxErrorIn(file: string, wait: number): EditTable['syntaxError'] {
  return {
    edit: { name: 'a syntax error in a component', file, change: (t) => t.replace('return (', 'return ((('), observe: async () => false, wait },
    fixedBy: 'a syntax error in a component, then the fix (with a new label)',
    undo: (t) => t.replace('return (((', 'return ('),
  };
}

/** The edits in the order they are saved: the syntax error goes just before the edit that fixes it. */
function scriptedEdits({ edits, syntaxError }: EditTable): Edit[] {
  const all = edits.flatMap((edit) =>
    edit.name === syntaxError.fixedBy ? [syntaxError.edit, { ...edit, change: (text: string) => edit.change(syntaxError.undo(text)) }] : [edit],
  );
  if (all.length !== edits.length + 1) throw new Error(`no edit named "${syntaxError.fixedBy}" fixes the syntax error`);
  return all;
}

/** Runs one column's edits in the page of `column`'s server; the server is stopped and the copy removed after. */
async function runColumn(options: EditTable, browser: Browser, column: Column, label: string): Promise<Row[]> {
  const { syntaxError } = options;
  try {
    const watched = await openPage(browser, column.url ?? column.server.url);
    await until(`${options.example} to run`, () => options.ready(watched.page), watched.messages);
    const rows = await runEdits(label, watched, column.root, options.probe, scriptedEdits(options));
    const syntax = rows.findIndex((row) => row.edit === syntaxError.edit.name);
    expect({ edit: rows[syntax]!.edit, crashed: rows[syntax]!.outcome === 'crash' }).toEqual({ edit: syntaxError.edit.name, crashed: false });
    rows.splice(syntax, 1);
    await watched.page.close();
    return rows;
  } catch (error) {
    (error as Error).message += `\ndev server output:\n${column.server.output().slice(-4000)}`;
    throw error;
  } finally {
    await column.server.stop();
    fs.rmSync(column.root, { recursive: true, force: true });
  }
}

/** Prints the with/without table and asserts every row: acceptable, or the known gap it is pinned to. */
function judge(options: EditTable, title: string, name: string, ours: Row[], control: Row[]): void {
  const { knownGaps } = options;
  const gaps = ours.filter((row, i) => knownGaps[row.edit] && !acceptable(row.outcome, control[i]!.outcome));
  const text = `${table(title, ours, control)}${gaps.map((row) => `\nKnown gap (${row.edit}): ${knownGaps[row.edit]!.why}\n`).join('')}`;
  const details = ours.map((row, i) => `${i + 1}. with: ${row.detail || '-'}\n   without: ${control[i]!.detail || '-'}`).join('\n');
  printTable(ROOT, name, text, details);
  for (const [index, row] of ours.entries()) {
    // A known gap is pinned to the outcome it has today, so that a fix (or a change for the worse) shows.
    const gap = knownGaps[row.edit];
    if (gap && !acceptable(row.outcome, control[index]!.outcome)) {
      expect({ edit: row.edit, ours: row.outcome }).toEqual({ edit: row.edit, ours: gap.outcome });
      continue;
    }
    expect({ edit: row.edit, ok: acceptable(row.outcome, control[index]!.outcome), ours: row.outcome, control: control[index]!.outcome }).toEqual({
      edit: row.edit,
      ok: true,
      ours: row.outcome,
      control: control[index]!.outcome,
    });
    if (options.edits.find((edit) => edit.name === row.edit)?.inPlace) expect({ edit: row.edit, ours: row.outcome }).toEqual({ edit: row.edit, ours: 'in place' });
  }
}

/**
 * The edit table of an example, with and without the plugin, one dev server per column (`start`), in one
 * Chromium. The table goes to CI's log and .cache/edit-tables/<name>.md.
 */
export function describeEditTable(options: EditTable & { title: string; name: string; start(withPatcher: boolean): Promise<Column> }): void {
  describe(`examples/${options.example}: ${options.title}`, () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(() => browser?.close());

    test('every edit is applied in place, or as without the plugin', async () => {
      const column = async (withPatcher: boolean) =>
        runColumn(options, browser, await options.start(withPatcher), `${options.name}, ${withPatcher ? 'with' : 'without'}`);
      const ours = await column(true);
      const control = await column(false);
      judge(options, options.title, options.name, ours, control);
    }, 900_000);
  });
}

/**
 * The edit table of a React example through the README's React recipes it names (`recipes`), each with and
 * without the plugin.
 */
export function describeReactTable(options: ReactTable): void {
  const { example } = options;
  for (const recipe of options.recipes) {
    const { title, command } = REACT_RECIPES[recipe];
    describeEditTable({
      ...options,
      title: `${title} (RECIPE=${recipe})`,
      name: `${example}-${recipe}`,
      async start(withPatcher) {
        const root = copyExample(example);
        const port = await freePort();
        const { args, url } = command(recipe, example, root, port, withPatcher);
        const server = await startServer(process.execPath, args, root, url, { RECIPE: recipe, MIGHTY_PATCHER: withPatcher ? '1' : '0' });
        return { root, server };
      },
    });
  }
}
