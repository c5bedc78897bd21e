// Vite 8 + React 19 through @vitejs/plugin-react 6 (React Fast Refresh by Vite's Oxc transform) with the
// Babel plugin run by @rolldown/plugin-babel next to it, in headless Chromium (examples/vite-react-babel).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { type DevServer, implementationSource, openPage, runScenario, type Session, startExample, until, vite } from './harness';

const greetTs = (word: string, extra = '') => `// A plain module: every export is a function.
export function greeting(name: string): string {
  return \`${word}, \${name}!\`;
}
${extra}`;

describe('Vite 8 + React (Babel plugin via @rolldown/plugin-babel next to @vitejs/plugin-react 6) with React Fast Refresh', () => {
  let session: Session;
  let root: string;
  let server: DevServer;
  let browser: Browser;

  beforeAll(async () => {
    session = await startExample('vite-react-babel', vite("import config from './vite.config';\nexport default (env) => ({ ...config(env), cacheDir: '.vite-cache' });\n"));
    ({ root, server, browser } = session);
  });

  afterAll(() => session?.close());

  test('a plain module is patched in place (the component keeps its imported proxy), a component refreshes; state and page survive', async () => {
    const { page, messages } = await openPage(browser, server.url);
    await until('the app to render', async () => (await page.locator('#greet').count()) > 0, messages);

    // The typed name and the shown greeting are React state of <App>.
    await runScenario(page, messages, root, {
      file: 'src/greet.ts',
      key: 'src/greet.ts#greeting',
      version: (word) => greetTs(word),
      syntaxError: greetTs('Oops').replace('greeting(name: string): string {', 'greeting(name: string): string {{{ ('),
      throwing: greetTs('Yo', "throw new Error('this version throws while it is evaluated');\n"),
      syntaxErrorShown: async (page, messages) =>
        (await page.locator('vite-error-overlay').count()) > 0 || messages.some((m) => m.includes('Failed to reload')),
      evaluationFailed: async (_page, messages) => messages.some((m) => m.includes('this version throws')),
    });
    // greet.ts accepted its own updates, patched in place: App's onClick calls the function it imported once,
    // which runs the new code. mightyPatcherHmr also sends App.tsx, the Fast Refresh boundary the update
    // would have reached without the plugin, so that what App renders with greet.ts is rendered again (its
    // state kept); nothing else is updated.
    const updated = messages.filter((m) => m.includes('[vite] hot updated:'));
    expect(updated.length).toBeGreaterThan(0);
    expect(updated.filter((m) => !m.endsWith('hot updated: /src/greet.ts') && !m.endsWith('hot updated: /src/App.tsx'))).toEqual([]);

    // A component edit: React Fast Refresh re-renders <App> and keeps its state.
    const app = path.join(root, 'src/App.tsx');
    fs.writeFileSync(app, fs.readFileSync(app, 'utf8').replace('<h1>Mighty Patcher</h1>', '<h1>Mighty Patcher, refreshed</h1>'));
    await until('Fast Refresh of App', async () => (await page.locator('h1').textContent()) === 'Mighty Patcher, refreshed', messages);
    expect(messages.some((m) => m.endsWith('hot updated: /src/App.tsx'))).toBe(true);
    expect(await page.locator('#name').inputValue()).toBe('Ada');
    expect(await page.locator('#out').textContent()).toBe('Hey, Ada!');
    await page.locator('#greet').click();
    expect(await page.locator('#out').textContent()).toBe('Hey, Ada!');

    // And the plain module still patches after the refresh.
    fs.writeFileSync(path.join(root, 'src/greet.ts'), greetTs('Welcome'));
    await until('the update after the refresh', async () => (await implementationSource(page, 'src/greet.ts#greeting')).includes('Welcome'), messages);
    await page.locator('#greet').click();
    expect(await page.locator('#out').textContent()).toBe('Welcome, Ada!');
    expect(await page.locator('#name').inputValue()).toBe('Ada');
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('set before any edit');
    expect(messages.filter((m) => m.startsWith('navigated:'))).toEqual([]);
    expect(server.output()).not.toMatch(/page reload/);
  });
});
