// Vite 8 dev server, vanilla TypeScript, the Babel plugin through @mighty-patcher/vite-plugin, in headless Chromium.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { copyExample, freePort, launchChromium, openPage, runScenario, startServer, type DevServer } from './harness';

const greetTs = (word: string, extra = '') => `export function greeting(name: string): string {
  return \`${word}, \${name}!\`;
}

export function handleClick(): void {
  const input = document.querySelector<HTMLInputElement>('#name')!;
  document.querySelector('#out')!.textContent = greeting(input.value);
}
${extra}`;

describe('Vite 8 + vanilla TypeScript (Babel plugin via @mighty-patcher/vite-plugin)', () => {
  let root: string;
  let server: DevServer;
  let browser: Browser;

  beforeAll(async () => {
    root = copyExample('vite-vanilla');
    const port = await freePort();
    server = await startServer(
      process.execPath,
      [path.join(root, 'node_modules/vite/bin/vite.js'), '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
      root,
      `http://127.0.0.1:${port}/`,
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

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
});
