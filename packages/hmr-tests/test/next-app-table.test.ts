// examples/next-app's /status page, a Next.js 16 App Router app written like real ones, under `next dev`
// with Turbopack (the default) and with webpack (`--webpack`), the SWC plugin from experimental.swcPlugins,
// and the same app without the plugin (the control): seventeen everyday edits, and what each did in Chromium.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { clickThen, describeEditTable, growth, number, syntaxErrorIn, text, type Edit, type KnownGap, type Probe } from './edit-table';
import { copyExample, freePort, launchChromium, NEXT_ENV, openPage, ROOT, sleep, startServer, until } from './harness';

const edits: Edit[] = [
  {
    name: 'JSX text of a `const X = () =>` client component',
    file: 'components/status-header.tsx',
    change: (t) => t.replace('Live status <b', 'Current status <b'),
    observe: async (page) => (await text(page, '#tagline'))!.startsWith('Current status'),
  },
  {
    name: 'a CSS module rule',
    file: 'components/status-header.module.css',
    change: (t) => t.replace('rgb(0, 0, 128)', 'rgb(128, 0, 0)'),
    observe: async (page) => (await page.locator('#tagline').evaluate((e) => getComputedStyle(e).color)) === 'rgb(128, 0, 0)',
  },
  {
    name: 'a `useState` added to that component',
    file: 'components/status-header.tsx',
    change: (t) =>
      t
        .replace('  const incidents =', "  const [since] = useState('today');\n  const incidents =")
        .replace('<b id="incidents">{incidents}</b>', '<b id="incidents">{incidents}</b> <i id="since">{since}</i>'),
    observe: async (page) => (await text(page, '#since')) === 'today',
  },
  {
    name: 'JSX text of a default-exported `function` component',
    file: 'components/incident-card.tsx',
    change: (t) => t.replace('        Report incident\n', '        Report an incident\n'),
    observe: async (page) => (await text(page, '#report'))!.trim() === 'Report an incident',
  },
  {
    name: 'JSX of a `memo(() =>)` component',
    file: 'components/uptime-badge.tsx',
    needs: 'running',
    change: (t) => t.replace("'Operational' : 'Degraded'", "'Up' : 'Degraded'"),
    observe: async (page) => (await text(page, '#badge')) === 'Up',
  },
  {
    name: 'a `useState` added to that `memo` component',
    file: 'components/uptime-badge.tsx',
    needs: 'running',
    change: (t) =>
      t
        .replace("import { memo } from 'react';", "import { memo, useState } from 'react';")
        .replace('UptimeBadgeProps) => (\n', "UptimeBadgeProps) => {\n  const [since] = useState('now');\n  return (\n")
        .replace("</span>\n));", "</span>\n  );\n});")
        .replace("'Up' : 'Degraded'}", "'Up' : 'Degraded'} <i id=\"since-badge\">{since}</i>"),
    observe: async (page) => (await text(page, '#since-badge')) === 'now',
  },
  {
    name: 'the interval of a `useInterval` hook (its effect)',
    file: 'hooks/use-interval.ts',
    needs: 'running',
    change: (t) => t.replace('setInterval(callback, delay)', 'setInterval(callback, delay / 4)'),
    // 200 ms a check before (5 a second), 50 ms after: more than 12 in a second is the new interval.
    observe: async (page) => (await growth(page, '#checks', 1000)) > 12,
    wait: 12000,
  },
  {
    name: 'a zustand slice action (`reportIncident`), monitor paused',
    file: 'lib/store/incidents-slice.ts',
    needs: 'paused',
    change: (t) => t.replace('incidents: state.incidents + 1', 'incidents: state.incidents + 10'),
    observe: async (page) => {
      const before = await number(page, '#incidents');
      return clickThen(page, '#report', async () => (await number(page, '#incidents')) - before === 10);
    },
  },
  {
    name: 'a zustand slice action the interval calls (`recordCheck`)',
    file: 'lib/store/checks-slice.ts',
    needs: 'running',
    change: (t) => t.replace('checks: state.checks + 1,', 'checks: state.checks + 100,'),
    // Five checks a second before (or twenty, after the interval edit): a jump of 100 is the new code.
    observe: async (page) => (await growth(page, '#checks', 600)) >= 100,
  },
  {
    name: 'a service function the held interval callback calls (`sampleLatency`)',
    file: 'lib/uptime.ts',
    needs: 'running',
    change: (t) => t.replace('return 40 + ((check * 37) % 160);', 'return 1000 + ((check * 37) % 160);'),
    observe: async (page) => (await number(page, '#latest')) >= 1000,
  },
  {
    name: 'a service function the store calls (`classify`)',
    file: 'lib/uptime.ts',
    needs: 'running',
    // Every sample is 1000 ms or more since the previous edit: the old rule says degraded, the new one not
    // (on a page whose monitor runs: a store made again, which no interval drives, starts as operational).
    change: (t) => t.replace('return ms > 180 ?', 'return ms > 5000 ?'),
    observe: async (page) =>
      (await growth(page, '#checks', 500)) > 0 && (await number(page, '#latest')) >= 1000 && (await page.locator('#badge').getAttribute('data-status', { timeout: 1000 })) === 'operational',
  },
  {
    name: 'a getter of a class whose instance the store made before the edit',
    file: 'lib/latency-window.ts',
    needs: 'running',
    change: (t) => t.replace('return `avg ${this.average()} ms', 'return `mean ${this.average()} ms'),
    // The instance made before the edit holds samples; one made again by a new store has none.
    observe: async (page) => /^mean \d+ ms over [1-9]/.test((await text(page, '#summary'))!),
  },
  {
    name: 'a module value (`SITE_NAME`)',
    file: 'lib/site.ts',
    change: (t) => t.replace("'Acme Status'", "'Acme Uptime'"),
    observe: async (page) => (await text(page, '#site-name')) === 'Acme Uptime',
  },
  {
    name: 'a helper a client component calls while it renders (`incidentsLabel`)',
    file: 'lib/labels.ts',
    change: (t) => t.replace('} open`', '} active`'),
    observe: async (page) => / active$/.test((await text(page, '#incidents-label'))!),
  },
  {
    name: 'JSX of the server component page',
    file: 'app/(dashboard)/status/page.tsx',
    change: (t) => t.replace('Served from region eu-west', 'Served from region us-east'),
    observe: async (page) => (await text(page, '#region')) === 'Served from region us-east',
  },
  {
    name: 'a route handler the page fetches (`app/api/status/route.ts`)',
    file: 'app/api/status/route.ts',
    change: (t) => t.replace("'All systems go'", "'Maintenance at noon'"),
    observe: (page) => clickThen(page, '#announce', async () => (await text(page, '#announcement')) === 'Maintenance at noon', 400),
  },
  {
    name: 'a syntax error in a component, then the fix (with a new label)',
    file: 'components/monitor-panel.tsx',
    change: (t) => t.replace('>Checks run</span>', '>Probes run</span>'),
    observe: async (page) => (await text(page, '#checks-label')) === 'Probes run',
  },
];

const probe: Probe = {
  // The typed note and the presses counted by IncidentCard, and StatusHeader's box (their useState).
  component: async (page) =>
    JSON.stringify([
      await page.locator('#note').inputValue({ timeout: 1000 }),
      await number(page, '#presses'),
      await page.locator('#compact').isChecked({ timeout: 1000 }),
    ]),
  // The edits' own clicks count presses too: a remount starts them from 0 again.
  componentKept: (before, after) => {
    const [note, presses, compact] = JSON.parse(before) as [string, number, boolean];
    const [noteAfter, pressesAfter, compactAfter] = JSON.parse(after) as [string, number, boolean];
    return note === noteAfter && pressesAfter >= presses && compact === compactAfter;
  },
  // Checks only grow while the store lives; a new store starts again from 0.
  store: (page) => number(page, '#checks'),
  storeKept: (before, after) => after >= before,
  rendered: async (page) => (await page.locator('#checks').count()) > 0,
  async prepare(page, edit) {
    // Events dispatched, not pointer clicks: Next's error overlay may cover the page.
    if ((await page.locator('#note').inputValue({ timeout: 1000 })) === '') await page.locator('#note').fill('typed', { force: true });
    if ((await text(page, '#presses')) === '0') await page.locator('#report').dispatchEvent('click');
    if (!(await page.locator('#compact').isChecked({ timeout: 1000 }))) await page.locator('#compact').check({ force: true });
    const paused = (await text(page, '#pause'))?.trim() === 'Resume';
    if ((edit.needs === 'paused' && !paused) || (edit.needs === 'running' && paused)) await page.locator('#pause').dispatchEvent('click');
    // Let the monitor run a little, so that a reset store is told apart from a kept one.
    for (let i = 0; i < 20 && edit.needs !== 'paused' && (await number(page, '#checks')) <= 3; i++) await sleep(100);
  },
};

/** Edits where ours is worse than the control today, under Turbopack (webpack has none). */
const turbopackGaps: Record<string, KnownGap> = {
  'a syntax error in a component, then the fix (with a new label)': {
    outcome: 'stale',
    why:
      "Turbopack's (Next.js 16.4.6), not ours: the control shows it too when its client chunk is as big (the test below). " +
      'The syntax error shrinks the page\'s client chunk below the size at which Turbopack keeps node_modules in a chunk of ' +
      'their own, the fix grows it back, and the browser gets both chunk-list updates at once: merging them, its HMR client ' +
      'loses the cancelled chunk pair and keeps the second update, which "adds" the component to a chunk the page already ' +
      'has, so only its factory is replaced and the mounted component keeps the old code (no reload, no message). ' +
      "The plugin's instrumented code puts this app's chunk in that band; the control's is smaller.",
  },
};

/** The control, with nothing of ours: examples/next-app's config without the plugin (not the plugin with `enabled: false`). */
function withoutPlugin(root: string): void {
  const config = path.join(root, 'next.config.ts');
  const plain = fs.readFileSync(config, 'utf8').replace(/swcPlugins: \[\[.*\]\],/, 'swcPlugins: [],');
  if (!plain.includes('swcPlugins: [],')) throw new Error(`no swcPlugins entry to remove in ${config}`);
  fs.writeFileSync(config, plain);
}

async function startNext(root: string, flags: string[]) {
  const port = await freePort();
  return startServer(
    process.execPath,
    [path.join(root, 'node_modules/next/dist/bin/next'), 'dev', ...flags, '-H', '127.0.0.1', '-p', String(port)],
    root,
    `http://127.0.0.1:${port}/status`,
    NEXT_ENV,
  );
}

// A syntax error first (Next's overlay; the page keeps running), then the fix is the last edit.
const syntaxError = syntaxErrorIn('components/monitor-panel.tsx', 4000);
const fix = edits.find((edit) => edit.name === syntaxError.fixedBy)!;

const ready = async (page: Page) =>
  (await page.locator('#checks').count()) > 0 &&
  (await number(page, '#checks')) > 0 &&
  // Hydrated: React has attached itself to the server-rendered input.
  (await page.evaluate(() => Object.keys(document.querySelector('#note')!).some((key) => key.startsWith('__reactFiber')))) &&
  // The route handler answered once (next dev compiles a route at its first request), as a person has
  // used the page before editing it.
  (await clickThen(page, '#announce', async () => (await text(page, '#announcement')) === 'All systems go', 500));

// Both bundlers of `next dev`: Turbopack (the default) and webpack (`--webpack`), each against its control.
for (const bundler of [
  { label: 'Turbopack', name: 'turbopack', flags: [] as string[] },
  { label: 'webpack', name: 'webpack', flags: ['--webpack'] },
]) {
  describeEditTable({
    example: 'next-app',
    title: `Next.js 16.4.6 App Router, next dev (${bundler.label}) + SWC plugin (experimental.swcPlugins)`,
    name: `next-app-${bundler.name}`,
    edits,
    probe,
    ready,
    syntaxError,
    knownGaps: bundler.name === 'turbopack' ? turbopackGaps : {},
    async start(withPatcher) {
      // Inside the repository (.cache/ is ignored by git): Turbopack only reads files under its root, which
      // next.config.ts sets to the workspace two levels up, where the linked node_modules really live.
      const root = copyExample('next-app', path.join(ROOT, '.cache'));
      if (!withPatcher) withoutPlugin(root);
      const server = await startNext(root, bundler.flags);
      return { root, server };
    },
  });
}

// The known gap above, reproduced without the plugin: the control with one more client module, a constant of
// 72,000 characters, so that its client chunk sits where the instrumented one does (a syntax error in
// monitor-panel.tsx takes it below Turbopack's size for a separate node_modules chunk; any filler from 66,500
// to 74,900 characters did on 2026-12-04; 62,000 did not). When this test fails because the fix shows, Next.js
// has fixed its HMR client: remove the gap above and this test.
describe("examples/next-app without the plugin, next dev (Turbopack): the known gap is Turbopack's", () => {
  test('a fix after a syntax error stays stale when the client chunk crosses the node_modules split', async () => {
    const root = copyExample('next-app', path.join(ROOT, '.cache'));
    withoutPlugin(root);
    fs.writeFileSync(path.join(root, 'lib/filler.ts'), `export const filler = ${JSON.stringify('x'.repeat(72_000))};\n`);
    const header = path.join(root, 'components/status-header.tsx');
    const withFiller = fs
      .readFileSync(header, 'utf8')
      .replace("'use client';\n", "'use client';\nimport { filler } from '../lib/filler';\n")
      .replace('Live status <b', "Live status{filler.length > 1 ? '' : filler} <b");
    if (!withFiller.includes('../lib/filler') || !withFiller.includes('filler.length')) throw new Error(`${header} no longer has the lines this test edits`);
    fs.writeFileSync(header, withFiller);
    const server = await startNext(root, []);
    const browser = await launchChromium();
    try {
      const { page, messages } = await openPage(browser, server.url);
      await until('next-app to run', () => ready(page), messages);
      // Gone if the page reloads.
      await page.evaluate(() => Object.assign(window, { beforeTheEdits: true }));
      const panel = path.join(root, 'components/monitor-panel.tsx');
      const source = fs.readFileSync(panel, 'utf8');
      // The table's own two edits (the same texts, the same wait between them).
      const broken = syntaxError.edit.change(source);
      const fixed = fix.change(source);
      if (broken === source || fixed === source) throw new Error(`${panel} no longer has the text the table's edits change`);
      fs.writeFileSync(panel, broken);
      await sleep(syntaxError.edit.wait!);
      fs.writeFileSync(panel, fixed);
      let shown = '';
      for (let i = 0; i < 20 && shown !== 'Probes run'; i++) {
        await sleep(500);
        shown = await text(page, '#checks-label').catch(() => '');
      }
      const served = await (await fetch(server.url)).text();
      const reloaded = !(await page.evaluate(() => 'beforeTheEdits' in window));
      // The server renders the fix; the page, not reloaded, keeps the old label.
      expect({ served: served.includes('Probes run'), shown, reloaded }).toEqual({
        served: true,
        shown: 'Checks run',
        reloaded: false,
      });
    } finally {
      await browser.close();
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);
});
