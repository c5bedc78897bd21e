// Vite 8 + React 19 through @vitejs/plugin-react-swc with the SWC plugin in its `plugins`, side by side
// with React Fast Refresh, in headless Chromium (examples/vite-react).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { type DevServer, implementationSource, openPage, type Session, startExample, until, vite } from './harness';

const counterTs = (step: number, word: string) => `// Plain module functions: the plugin turns each into a stable proxy whose implementation can be swapped.
export function increment(count: number): number {
  return count + ${step};
}

export const label = (count: number): string => \`${word} \${count} \${count === 1 ? 'time' : 'times'}\`;
`;

describe('Vite 8 + React (SWC plugin via @vitejs/plugin-react-swc) with React Fast Refresh', () => {
  let session: Session;
  let root: string;
  let server: DevServer;
  let browser: Browser;

  beforeAll(async () => {
    session = await startExample('vite-react', vite("import config from './vite.config';\nexport default { ...config, cacheDir: '.vite-cache' };\n"));
    ({ root, server, browser } = session);
  });

  afterAll(() => session?.close());

  test('plain functions are patched in place, components still refresh, state and page survive', async () => {
    const { page, messages } = await openPage(browser, server.url);
    const button = page.locator('#counter');
    await until('the app to render', async () => (await button.count()) > 0, messages);
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'set before any edit'));
    const marker = () => page.evaluate(() => (window as unknown as { marker?: string }).marker);
    for (let i = 0; i < 3; i++) await button.click();
    expect(await button.textContent()).toBe('Clicked 3 times');

    // A plain module (every export a function): the glue makes it self-accepting, nothing re-renders by
    // itself, and the next render (the click) runs the new implementations with the component's state.
    const counter = path.join(root, 'src/counter.ts');
    fs.writeFileSync(counter, counterTs(10, 'Pressed'));
    await until('the patch of counter.ts', async () => (await implementationSource(page, 'src/counter.ts#label')).includes('Pressed'), messages);
    await button.click();
    expect(await button.textContent()).toBe('Pressed 13 times');
    expect(await marker()).toBe('set before any edit');

    // A syntax error in it: Vite reports it, the page keeps the previous code.
    fs.writeFileSync(counter, counterTs(10, 'Broken').replace('count + 10;', 'count + ;;('));
    await until(
      'the syntax error report',
      async () => (await page.locator('vite-error-overlay').count()) > 0 || messages.some((m) => m.includes('Failed to reload')),
      messages,
    );
    await button.dispatchEvent('click');
    expect(await button.textContent()).toBe('Pressed 23 times');
    fs.writeFileSync(counter, counterTs(100, 'Tapped'));
    await until('the fixed counter.ts', async () => (await implementationSource(page, 'src/counter.ts#label')).includes('Tapped'), messages);
    await button.dispatchEvent('click');
    expect(await button.textContent()).toBe('Tapped 123 times');

    // A component: React Fast Refresh re-renders it at once and keeps its state.
    const app = path.join(root, 'src/App.tsx');
    fs.writeFileSync(app, fs.readFileSync(app, 'utf8').replace('<h1>Mighty Patcher</h1>', '<h1>Mighty Patcher, refreshed</h1>'));
    await until('Fast Refresh of App', async () => (await page.locator('h1').textContent()) === 'Mighty Patcher, refreshed', messages);
    expect(await button.textContent()).toBe('Tapped 123 times');
    expect(await marker()).toBe('set before any edit');
    expect(messages.filter((m) => m.startsWith('navigated:'))).toEqual([]);
  });
});
