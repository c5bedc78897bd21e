// webpack 5 + webpack-dev-server 6 + babel-loader 10, the Babel plugin from babel.config.json, in headless Chromium.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { type DevServer, openPage, runScenario, type Session, startExample } from './harness';

const greetJs = (word: string, extra = '') => `export function greeting(name) {
  return \`${word}, \${name}!\`;
}

export function handleClick() {
  const input = document.querySelector('#name');
  document.querySelector('#out').textContent = greeting(input.value);
}
${extra}`;

describe('webpack 5 + webpack-dev-server 6 + babel-loader 10 (Babel plugin)', () => {
  let session: Session;
  let root: string;
  let server: DevServer;
  let browser: Browser;

  beforeAll(async () => {
    session = await startExample('webpack-app', (root, port) => ({ args: [path.join(root, 'dev-server.js'), String(port)], url: `http://127.0.0.1:${port}/main.js` }));
    ({ root, server, browser } = session);
  });

  afterAll(() => session?.close());

  test('an edited module patches the handler registered once, without a reload; errors leave the old code running', async () => {
    const { page, messages } = await openPage(browser, server.url.replace(/main\.js$/, ''));
    await runScenario(page, messages, root, {
      file: 'src/greet.js',
      key: 'src/greet.js#greeting',
      version: (word) => greetJs(word),
      syntaxError: greetJs('Oops').replace('greeting(name) {', 'greeting(name) {{{ ('),
      throwing: greetJs('Yo', "throw new Error('this version throws while it is evaluated');\n"),
      syntaxErrorShown: async (_page, messages) => messages.some((m) => /bundle has \d+ errors?|Errors while compiling/.test(m)),
      evaluationFailed: async (_page, messages) => messages.some((m) => m.includes('[mighty-patcher] the new version of src/greet.js threw')),
    });
    // webpack-dev-server logs this before a full reload; it never happened.
    expect(messages.join('\n')).not.toMatch(/App updated\. Reloading|Cannot apply update/);
  });
});
