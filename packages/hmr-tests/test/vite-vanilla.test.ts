// Vite 8 dev server, vanilla TypeScript, in headless Chromium, through both routes: the Babel plugin through
// @mighty-patcher/vite-plugin (the example's vite.config.ts), and the SWC plugin in @vitejs/plugin-react-swc
// (its vite.swc.config.ts). One dev server per route, shared by its tests.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type DevServer, openPage, ROOT, runScenario, type Session, startExample, until, vite } from './harness';

const greetTs = (word: string, extra = '') => `export function greeting(name: string): string {
  return \`${word}, \${name}!\`;
}

export function handleClick(): void {
  const input = document.querySelector<HTMLInputElement>('#name')!;
  document.querySelector('#out')!.textContent = greeting(input.value);
}
${extra}`;

const routes: [string, () => ReturnType<typeof vite>][] = [
  ['the Babel plugin via @mighty-patcher/vite-plugin', () => vite()],
  ['the SWC plugin in @vitejs/plugin-react-swc', () => vite(fs.readFileSync(path.join(ROOT, 'examples/vite-vanilla/vite.swc.config.ts'), 'utf8'))],
];

/** `window.loadedAt`, set by main.ts when the page loads; undefined while a reload replaces the page. */
async function loadedAt(page: Page): Promise<number | undefined> {
  try {
    return await page.evaluate(() => (window as unknown as { loadedAt?: number }).loadedAt);
  } catch {
    return undefined; // the page is being replaced
  }
}

describe.each(routes)('Vite 8 + vanilla TypeScript, %s', (_route, command) => {
  let session: Session;
  let root: string;
  let server: DevServer;
  let browser: Browser;

  beforeAll(async () => {
    session = await startExample('vite-vanilla', command());
    ({ root, server, browser } = session);
  });

  afterAll(() => session?.close());

  test('an edited module patches the handler registered once, without a reload; errors leave the old code running', async () => {
    const { page, messages } = await openPage(browser, server.url);
    // The glue made greet.ts self-accepting: Vite's update stays in the module, the page is not reloaded.
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
    expect(server.output()).not.toMatch(/page reload/);
  });

  // counter.ts registers an inline click callback in its top level, around a closure made by makeCounter at
  // load: a top-level module (docs/protocol.md §6). An edit inside the callback's body is applied in place:
  // the new instance skips its top level (no second listener) and the new body is compiled in the scope of
  // the instance that ran (its `next` counter and `output` kept). A change outside function bodies runs the
  // top level again and invalidates the module: Vite reloads the page, as without the plugin.
  // make-counter.ts only declares: the glue's closure patcher gives the closure made at load the new body,
  // with its own count.
  test('an inline listener and a factory closure are patched in place, one listener; a top-level change reloads', async () => {
    const { page, messages } = await openPage(browser, server.url);
    await page.locator('#name').fill('Ada');
    const count = async () => {
      await page.locator('#count').click();
      return page.locator('#count-out').textContent();
    };
    const write = (file: string, from: string, to: string) => {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      expect(text).toContain(from);
      fs.writeFileSync(path.join(root, file), text.replace(from, to));
    };
    const patched = (file: string) => messages.filter((m) => m.includes(`[mighty-patcher] patched ${file}`)).length;
    const loaded = await loadedAt(page);
    expect(await count()).toBe('Clicked 1 times');
    expect(await count()).toBe('Clicked 2 times');

    // The inline callback's body: in place, the counter's state (2) kept, one click one count.
    write('src/counter.ts', 'formatCount(next())', "formatCount(next()).replace('Clicked', 'Pressed')");
    await until('the patch of counter.ts', () => patched('src/counter.ts') === 1, messages);
    expect(messages).toContain('info: [mighty-patcher] patched src/counter.ts: document.querySelector("#count").addEventListener("click") (1 function)');
    // mightyPatcherHmr knows a top-level module's glue (`_mp_hot(…, !!import.meta.hot`): it leaves the importers
    // alone, as for any module patched in place, instead of marking them updated as Vite does by itself.
    expect(server.output()).toContain('hmr update /src/counter.ts (in place: importers kept)');
    expect(await count()).toBe('Pressed 3 times');
    expect(await count()).toBe('Pressed 4 times');

    // A syntax error in the callback: the previous code keeps running; its fix applies in place.
    write('src/counter.ts', "replace('Clicked', 'Pressed')", "replace('Clicked', 'Pushed'))) {");
    await until('the syntax error to show', async () => (await page.locator('vite-error-overlay').count()) > 0 || messages.some((m) => m.includes('Failed to reload')), messages);
    expect(await page.locator('#count-out').textContent()).toBe('Pressed 4 times');
    await page.evaluate(() => document.querySelector('vite-error-overlay')?.remove());
    expect(await count()).toBe('Pressed 5 times');
    write('src/counter.ts', "replace('Clicked', 'Pushed'))) {", "replace('Clicked', 'Pushed')");
    await until('the patch of counter.ts after the fix', () => patched('src/counter.ts') === 2, messages);
    await page.evaluate(() => document.querySelector('vite-error-overlay')?.remove());
    expect(await count()).toBe('Pushed 6 times');

    // The closure's body, in the factory's module: in place, its count (6) kept. main.ts imports counter.ts,
    // which imports make-counter.ts: Vite alone would mark counter.ts as updated by this patch and serve main.ts
    // again importing `counter.ts?t=…` (docs/hmr.md); with mightyPatcherHmr, main.ts is served as it was.
    const served = async (url: string) => (await fetch(new URL(url, server.url))).text();
    const main = await served('src/main.ts');
    write('src/make-counter.ts', 'count += step;', 'count += step * 10;');
    await until('the patch of make-counter.ts', () => patched('src/make-counter.ts') === 1, messages);
    expect(await served('src/main.ts')).toBe(main);
    expect(await count()).toBe('Pushed 16 times');
    expect(await count()).toBe('Pushed 26 times');
    expect(await loadedAt(page)).toBe(loaded);
    expect(await page.locator('#name').inputValue()).toBe('Ada');
    expect(server.output()).not.toMatch(/page reload/);

    // Outside function bodies: the top level runs again, the module invalidates itself, Vite reloads.
    write('src/counter.ts', 'makeCounter(1)', 'makeCounter(2)');
    await until('the reload after the top-level edit of counter.ts', async () => {
      const now = await loadedAt(page);
      return now !== undefined && now !== loaded;
    }, messages);
    expect(await count()).toBe('Pushed 20 times');
    expect(await count()).toBe('Pushed 40 times');
  });

  // fruits.ts builds its part of the page while it loads: bootstrap() sets a title, a forEach callback adds the
  // items, a DOMContentLoaded listener describes the list. None runs again, so an edit of either is applied by a reload (as plain Vite does: the module does
  // not accept its update), never by a patch that leaves the page as it was.
  test('an edit of bootstrap(), of a forEach callback or of a DOMContentLoaded listener reloads the page and shows the new DOM; never "patched"', async () => {
    const { page, messages } = await openPage(browser, server.url);
    const fruits = () => page.locator('#fruits li').allTextContents();
    const title = () => page.locator('#fruits-title').textContent();
    const described = () => page.locator('#fruits').getAttribute('title');
    const write = (from: string, to: string) => {
      const file = path.join(root, 'src/fruits.ts');
      const text = fs.readFileSync(file, 'utf8');
      expect(text).toContain(from);
      fs.writeFileSync(file, text.replace(from, to));
    };
    const reloaded = async (since: number | undefined) => {
      const now = await loadedAt(page);
      return now !== undefined && now !== since;
    };
    expect([await title(), await fruits(), await described()]).toEqual(['Fruits', ['apple', 'pear'], '2 fruits']);
    const output = server.output().length;

    let loaded = await loadedAt(page);
    write("textContent = 'Fruits'", "textContent = 'Fruit list'");
    await until('the reload after the edit of bootstrap', () => reloaded(loaded), messages);
    await until('the new title', async () => (await title()) === 'Fruit list', messages);
    expect(await fruits()).toEqual(['apple', 'pear']);
    expect(messages).toContainEqual(expect.stringContaining('[mighty-patcher] src/fruits.ts: bootstrap ran while the module loaded'));

    loaded = await loadedAt(page);
    write('item.textContent = fruit;', 'item.textContent = fruit.toUpperCase();');
    await until('the reload after the edit of the forEach callback', () => reloaded(loaded), messages);
    await until('the new items', async () => JSON.stringify(await fruits()) === JSON.stringify(['APPLE', 'PEAR']), messages);
    expect(messages).toContainEqual(expect.stringContaining('[mighty-patcher] src/fruits.ts: renderFruit ran while the module loaded'));

    loaded = await loadedAt(page);
    write('`${fruits.length} fruits`', '`${fruits.length} kinds of fruit`');
    await until('the reload after the edit of the DOMContentLoaded listener', () => reloaded(loaded), messages);
    await until('the new description', async () => (await described()) === '2 kinds of fruit', messages);
    expect(messages).toContainEqual(expect.stringContaining('[mighty-patcher] src/fruits.ts: describeList ran while the module loaded'));
    expect(messages.filter((m) => m.includes('[mighty-patcher] patched src/fruits.ts'))).toEqual([]);
    // Vite's own way, as without the plugin: the module's invalidation reaches the page, which reloads.
    expect(server.output().slice(output)).toMatch(/(hmr invalidate \/src\/fruits\.ts[\s\S]*page reload[\s\S]*){3}/);
  });
});
