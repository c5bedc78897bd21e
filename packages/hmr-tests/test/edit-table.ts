// Scripted everyday edits of an example app, run twice: with the plugin and without it (the control,
// what the same dev server does on its own). Each edit is written on top of the previous ones, as a
// person edits; what the page then shows is classified, and the two columns are compared: ours must be
// "in place", or at least as good as the control's, for every edit. The table is printed for CI's log.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { sleep } from './harness';

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
    while (Date.now() < deadline) {
      crashed = messages.slice(seen).some((m) => m.startsWith('pageerror:')) || !(await probe.rendered(page).catch(() => false));
      if (crashed) break;
      observed = await edit.observe(page).catch(() => false);
      if (observed) break;
      await sleep(150);
    }
    // Let a reload or a late remount settle before reading the state.
    await sleep(300);
    const reloaded = (await marker(page)) === undefined;
    const news = messages.slice(seen).filter((m) => m.includes('[mighty-patcher]') || m.startsWith('pageerror:') || /\[vite\].*(reload|invalidate)/i.test(m));
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
