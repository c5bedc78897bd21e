// Vite 8 dev server, vanilla TypeScript, the Babel plugin through @mighty-patcher/vite-plugin, in headless Chromium.
import type { Browser } from 'playwright-core';
import { type DevServer, openPage, runScenario, type Session, startExample, vite } from './harness';

const greetTs = (word: string, extra = '') => `export function greeting(name: string): string {
  return \`${word}, \${name}!\`;
}

export function handleClick(): void {
  const input = document.querySelector<HTMLInputElement>('#name')!;
  document.querySelector('#out')!.textContent = greeting(input.value);
}
${extra}`;

describe('Vite 8 + vanilla TypeScript (Babel plugin via @mighty-patcher/vite-plugin)', () => {
  let session: Session;
  let root: string;
  let server: DevServer;
  let browser: Browser;

  beforeAll(async () => {
    session = await startExample('vite-vanilla', vite());
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
});
