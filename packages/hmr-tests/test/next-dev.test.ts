// Next.js 16 `next dev` (Turbopack, the default, and `--webpack`) with the SWC plugin from
// experimental.swcPlugins, in headless Chromium (examples/next-app).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { copyExample, freePort, implementationSource, launchChromium, NEXT_ENV, openPage, ROOT, startServer, until, type DevServer } from './harness';

const counterTs = (step: number, word: string) => `// Plain module functions: the plugin turns each into a stable proxy whose implementation can be swapped.
export function increment(count: number): number {
  return count + ${step};
}

export const label = (count: number): string => \`${word} \${count} \${count === 1 ? 'time' : 'times'}\`;
`;

/** How many times the page evaluated a module: each evaluation adds its cell to the slot's list. */
function evaluations(page: Page, key: string): Promise<number> {
  return page.evaluate((key) => {
    const registry = (globalThis as Record<symbol, { slots: Map<string, { cells: unknown[] }> } | undefined>)[
      Symbol.for('mighty-patcher.registry')
    ];
    return registry?.slots.get(key)?.cells.length ?? 0;
  }, key);
}

const bundlers = [
  { name: 'Turbopack', flag: [] as string[] },
  { name: 'webpack', flag: ['--webpack'] },
];

describe.each(bundlers)('Next.js 16 next dev ($name) + SWC plugin (experimental.swcPlugins)', ({ flag }) => {
  let root: string;
  let server: DevServer;
  let browser: Browser;

  beforeAll(async () => {
    // Inside the repository (.cache/ is ignored by git): Turbopack only reads files under its root, which
    // next.config.ts sets to the workspace two levels up, where the linked node_modules really live.
    root = copyExample('next-app', path.join(ROOT, '.cache'));
    const port = await freePort();
    server = await startServer(
      process.execPath,
      [path.join(root, 'node_modules/next/dist/bin/next'), 'dev', ...flag, '-H', '127.0.0.1', '-p', String(port)],
      root,
      `http://127.0.0.1:${port}/`,
      NEXT_ENV,
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('an edit of a plain module patches the proxies the page holds, without a reload; the component keeps its state', async () => {
    try {
      await scenario();
    } catch (error) {
      (error as Error).message += `\nnext dev output:\n${server.output()}`;
      throw error;
    }
  });

  async function scenario(): Promise<void> {
    const { page, messages } = await openPage(browser, server.url);
    let loads = 0;
    page.on('load', () => loads++);
    const button = page.locator('#counter');
    await until('the app to render', async () => (await button.count()) > 0, messages);
    // Hydrated: React has attached itself to the server-rendered button.
    await until(
      'hydration',
      () => page.evaluate(() => Object.keys(document.querySelector('#counter')!).some((key) => key.startsWith('__reactFiber'))),
      messages,
    );
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'set before any edit'));
    const marker = () => page.evaluate(() => (window as unknown as { marker?: string }).marker);
    for (let i = 0; i < 3; i++) await button.click();
    expect(await button.textContent()).toBe('Clicked 3 times');

    // A reference held since the first evaluation of lib/counter.ts: the proxy registered for `label`.
    await page.evaluate(() => {
      const registry = (globalThis as Record<symbol, { slots: Map<string, { cells: { fn: unknown }[] }> }>)[Symbol.for('mighty-patcher.registry')];
      (window as unknown as { heldLabel: unknown }).heldLabel = registry.slots.get('lib/counter.ts#label')!.cells[0]!.fn;
    });
    const componentEvaluations = await evaluations(page, 'app/counter-button.tsx#CounterButton');
    expect(componentEvaluations).toBe(1);

    const counter = path.join(root, 'lib/counter.ts');
    fs.writeFileSync(counter, counterTs(10, 'Pressed'));
    await until('the patch of lib/counter.ts', async () => (await implementationSource(page, 'lib/counter.ts#label')).includes('Pressed'), messages);
    await button.click();
    expect(await button.textContent()).toBe('Pressed 13 times');
    expect(await page.evaluate(() => (window as unknown as { heldLabel: (n: number) => string }).heldLabel(2))).toBe('Pressed 2 times');
    expect(await marker()).toBe('set before any edit');
    // The glue's `import.meta.webpackHot.accept` (webpack) or `import.meta.turbopackHot.accept` (Turbopack)
    // made lib/counter.ts accept its own update. The glue then passed the update on to the component (its only
    // importer, a Fast Refresh boundary that renders `label`; under Turbopack found in its module cache since
    // 2026-12-05, before which the component kept showing the old label until its next render): the bundler
    // evaluated lib/counter.ts once more and the component again, which Fast Refresh rendered with its state
    // kept (13 above).
    expect(await evaluations(page, 'app/counter-button.tsx#CounterButton')).toBe(2);
    expect(await evaluations(page, 'lib/counter.ts#label')).toBe(3);
    expect(messages.filter((m) => m.includes('update passed on to')).length).toBe(1);

    // A syntax error: Next reports it, the page keeps the previous code.
    fs.writeFileSync(counter, counterTs(10, 'Broken').replace('count + 10;', 'count + ;;('));
    await until('the syntax error report', async () => messages.some((m) => m.startsWith('error:') && m.includes('Expression expected')), messages);
    await button.dispatchEvent('click');
    expect(await button.textContent()).toBe('Pressed 23 times');

    // Fixing it applies the fix.
    fs.writeFileSync(counter, counterTs(100, 'Tapped'));
    await until('the fixed lib/counter.ts', async () => (await implementationSource(page, 'lib/counter.ts#label')).includes('Tapped'), messages);
    await button.dispatchEvent('click');
    expect(await button.textContent()).toBe('Tapped 123 times');
    expect(await page.evaluate(() => (window as unknown as { heldLabel: (n: number) => string }).heldLabel(2))).toBe('Tapped 2 times');
    expect(await marker()).toBe('set before any edit');
    expect(await page.locator('#counter').count()).toBe(1);
    // The App Router replaces its history entry once after hydration (a same-document navigation, which
    // the harness logs as "navigated:"); a reload would have fired `load` and cleared the marker.
    expect(loads).toBe(0);
    expect(await evaluations(page, 'app/counter-button.tsx#CounterButton')).toBe(3);
  }
});
