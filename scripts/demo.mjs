#!/usr/bin/env node
// The README's first command. Installs and builds the workspace if needed, then tells the story of
// examples/express-server: an Express 5 server in TypeScript, built by Babel with the Mighty Patcher
// plugin and run under `mighty-patcher run`, is edited while it serves requests. The route handler
// and the 4-argument error handler run the new code in the same process, with its sessions and
// counter, and without listening again; a syntax error and a version that throws when loaded are
// refused with file:line while the server keeps answering. The edited file is restored at the end.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { stripVTControlCharacters, styleText } from 'node:util';
import { ensureWorkspace, repoRoot } from './setup.mjs';

const example = path.join(repoRoot, 'examples/express-server');
const handlersFile = path.join(example, 'src/handlers.ts');
const cli = path.join(repoRoot, 'packages/runtime/dist/node/cli.js');
const babel = path.join(example, 'node_modules/@babel/cli/bin/babel.js');
const tty = process.stdout.isTTY === true;
const paint = (style, text) => (tty ? styleText(style, text) : text);
const say = (text) => console.log(`\n${paint('bold', `▸ ${text}`)}`);
const note = (text) => console.log(`  ${text}`);

ensureWorkspace({ quiet: true });

const original = fs.readFileSync(handlersFile, 'utf8');
let server;
let serverOutput = '';
let port;
let cookie;

/** Puts handlers.ts back as it was and stops the server, whatever happened. */
function cleanUp() {
  if (fs.readFileSync(handlersFile, 'utf8') !== original) fs.writeFileSync(handlersFile, original);
  if (server && server.exitCode === null && server.signalCode === null) server.kill();
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

function build() {
  return spawnSync(process.execPath, [babel, 'src', '--out-dir', 'dist', '--extensions', '.ts', '--source-maps'], {
    cwd: example,
    encoding: 'utf8',
  });
}

/** Waits until the server has printed a line matching `pattern` after `from` (at most a minute). */
async function waitForLine(pattern, from) {
  const giveUp = Date.now() + 60_000;
  for (;;) {
    const line = stripVTControlCharacters(serverOutput.slice(from)).split('\n').find((text) => pattern.test(text));
    if (line) return line;
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    if (Date.now() > giveUp) throw new Error(`the server did not print ${pattern} within a minute`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A GET on a connection of its own; prints the request and the answer. */
function request(route) {
  return new Promise((resolve, reject) => {
    const headers = cookie ? { cookie } : {};
    http
      .get({ host: '127.0.0.1', port, path: route, agent: false, headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          cookie = response.headers['set-cookie']?.[0]?.split(';')[0] ?? cookie;
          const status = response.statusCode;
          note(`${paint('cyan', `GET ${route}`.padEnd(12))} → ${paint(status < 400 ? 'green' : 'yellow', String(status))} ${text}`);
          resolve({ status, body: JSON.parse(text) });
        });
      })
      .on('error', reject);
  });
}

/** Writes a new version of handlers.ts and prints what changed, line by line. */
function edit(change) {
  const before = fs.readFileSync(handlersFile, 'utf8');
  const after = change(before);
  if (after === before) throw new Error('the edit changed nothing');
  fs.writeFileSync(handlersFile, after);
  const [old, now] = [before.split('\n'), after.split('\n')];
  for (let i = 0; i < Math.max(old.length, now.length); i++) {
    if (old[i] === now[i]) continue;
    if (old[i] !== undefined) note(paint('red', `src/handlers.ts:${i + 1}  - ${old[i].trim()}`));
    if (now[i] !== undefined) note(paint('green', `src/handlers.ts:${i + 1}  + ${now[i].trim()}`));
  }
}

/** Rebuilds and returns the line the runtime printed about handlers.ts. */
async function rebuild() {
  note(paint('dim', '$ babel src --out-dir dist --extensions .ts --source-maps'));
  const from = serverOutput.length;
  const result = build();
  if (result.status !== 0) throw new Error(`the build failed:\n${result.stdout}${result.stderr}`);
  return waitForLine(/\[mighty-patcher\] .*src\/handlers\.ts/, from);
}

/** Prints one claim of the story; a claim that does not hold makes the demo exit with 1. */
function check(ok, text) {
  note(ok ? paint('green', `✓ ${text}`) : paint('red', `✗ ${text}`));
  if (!ok) process.exitCode = 1;
}

say('Build examples/express-server (Express 5, TypeScript) with Babel and the Mighty Patcher plugin');
note(paint('dim', '$ babel src --out-dir dist --extensions .ts --source-maps'));
const first = build();
if (first.status !== 0) throw new Error(`the build failed:\n${first.stdout}${first.stderr}`);
note(first.stdout.trim());

say('Start it under the runtime, on a free port');
note(paint('dim', '$ PORT=0 mighty-patcher run dist/server.js'));
server = spawn(process.execPath, [cli, 'run', 'dist/server.js'], {
  cwd: example,
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, NODE_OPTIONS: '', PORT: '0' },
});
/** The runtime writes plain text to a pipe: its verdicts are coloured here. */
const highlight = (line) =>
  line
    .replace(/\] (patched|re-evaluated) /, (_, verb) => `] ${paint('green', verb)} `)
    .replace(/\] not applied /, `] ${paint('red', 'not applied')} `)
    .replace(/ {3}warning /, `   ${paint('yellow', 'warning')} `);
for (const stream of [server.stdout, server.stderr]) {
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    serverOutput += chunk;
    for (const line of chunk.split('\n')) if (line) console.log(`  ${paint('dim', 'server │')} ${highlight(line)}`);
  });
}
await waitForLine(/\[mighty-patcher\] watching/, 0);
port = Number((await waitForLine(/^listening on /, 0)).match(/:(\d+) /)[1]);
say('Requests: a session cookie, a visit counter kept in memory, and a route that fails');
// The program's own pid, from its answer: `mighty-patcher run` runs it in a child process it can restart.
const { pid } = (await request('/')).body;
await request('/');
await request('/fail');

say('Edit the route handler and the 4-argument error handler in src/handlers.ts');
edit((source) =>
  source
    .replace("message: 'Hello from Express'", "message: 'Hello from the edited handler'")
    .replace('res.status(500).json({ error: err.message });', 'res.status(503).json({ error: err.message, retryAfter: 5 });'),
);
say('Rebuild: the runtime patches the running server');
await rebuild();

say('The same requests');
const edited = await request('/');
const failed = await request('/fail');
check(edited.body.pid === pid, `same process: pid ${pid}, no restart`);
check(edited.body.visits === 3 && edited.body.yourVisits === 3, `state kept: this session's visit #${edited.body.yourVisits}, the counter goes on`);
check(edited.body.message === 'Hello from the edited handler', 'the handler Express stored at start-up runs the new code');
check(failed.status === 503 && failed.body.retryAfter === 5, 'onError runs the new code, and Express still treats it as an error handler (length 4)');
check((serverOutput.match(/^listening on /gm) ?? []).length === 1, 'the server listened once: no second listen(), no EADDRINUSE');

say('A syntax error: the build refuses it, with file:line, and nothing reaches the server');
edit((source) => source.replace('pid: process.pid });', 'pid: process.pid };'));
note(paint('dim', '$ babel src --out-dir dist --extensions .ts --source-maps'));
const refused = build();
const message = `${refused.stdout}${refused.stderr}`.split('\n').find((line) => line.includes('SyntaxError')) ?? '';
note(paint('red', message.replace(`${example}/`, '').trim()));
check(refused.status !== 0, `babel exited with ${refused.status}`);
await request('/');

say('Fix it, but read a setting that is missing at load time: the runtime refuses that version, with file:line');
edit((source) =>
  source
    .replace("const SESSION_COOKIE = 'session';", 'const SESSION_COOKIE = process.env.SESSION_COOKIE_NAME!.trim();')
    .replace("message: 'Hello from the edited handler'", "message: 'Hello from a version that never loaded'")
    .replace('pid: process.pid };', 'pid: process.pid });'),
);
const notApplied = await rebuild();
check(/not applied src\/handlers\.ts: TypeError: .* at src\/handlers\.ts:\d+:\d+/.test(notApplied), 'nothing of that version was applied');
const still = await request('/');
check(still.body.message === 'Hello from the edited handler', 'the server keeps answering with the last version that worked');

say('Restore src/handlers.ts and rebuild');
edit(() => original);
await rebuild();
const restored = await request('/');
check(restored.body.pid === pid && restored.body.message === 'Hello from Express', `back to the original code, same process, visit #${restored.body.yourVisits}`);

say('Stop the server');
const exited = new Promise((resolve) => server.once('exit', resolve));
// SIGTERM reaches the program through the CLI (a terminal's Ctrl-C reaches both at once).
server.kill('SIGTERM');
await exited;
note(`stopped; src/handlers.ts is as it was. Try it yourself: ${paint('bold', 'cd examples/express-server && npm run watch')} in one terminal,`);
note(`${paint('bold', 'npm start')} in another, and edit src/handlers.ts.`);
