// The watcher alone (watcher.ts, built): a save it is not told about by a file-system event still lands. In a
// process of its own, as the runtime runs it (chokidar is an ES module, which this test runner cannot load).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const watcherModule = path.resolve(__dirname, '../../dist/node/watcher.js');

/** Runs a scenario script in a process of its own, in a new directory given to it; returns what it printed, parsed. */
function runScenario(scenario: (dir: string) => string): unknown {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mp-watcher-')));
  try {
    const result = spawnSync(process.execPath, ['-e', scenario(dir)], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a file changed before, written again with no event (chokidar missed it), is read again and applied', () => {
  const printed = runScenario(
    (dir) => `
const fs = require('node:fs');
const { BuildWatcher } = require(${JSON.stringify(watcherModule)});
const file = ${JSON.stringify(path.join(dir, 'controller.js'))};
fs.writeFileSync(file, 'export const version = 0;\\n');
const texts = [];
let heard = () => {};
const next = () => new Promise((resolve) => (heard = resolve));
const watcher = new BuildWatcher({ roots: [${JSON.stringify(dir)}] }, async (change) => { texts.push(change.changed.map(({ text }) => text)); heard(); });
// The watcher keeps no process alive (the program's own work does): this one waits for it.
const alive = setInterval(() => {}, 1000);
(async () => {
  await watcher.start();
  let changed = next();
  fs.writeFileSync(file, 'export const version = 1;\\n');
  await changed;
  // What chokidar does when it misses a write: nothing. Its watch of the file is taken away, and the write
  // comes after the watcher's own check at the end of the last burst (60 ms).
  await watcher.watcher.unwatch(file);
  await new Promise((resolve) => setTimeout(resolve, 200));
  changed = next();
  fs.writeFileSync(file, 'export const version = 2;\\n');
  await Promise.race([changed, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  await watcher.close();
  clearInterval(alive);
  console.log(JSON.stringify(texts));
})();
`,
  );
  expect(printed).toEqual([['export const version = 1;\n'], ['export const version = 2;\n']]);
});

test('a file of a change that chokidar reported no event for (never changed before) is read after the change and applied', () => {
  const printed = runScenario(
    (dir) => `
const fs = require('node:fs');
const path = require('node:path');
const { BuildWatcher } = require(${JSON.stringify(watcherModule)});
const dir = ${JSON.stringify(dir)};
const files = ['main.js', 'routes.js', 'store.js'].map((name) => path.join(dir, name));
for (const file of files) fs.writeFileSync(file, 'exports.version = 0;\\n');
const loaded = new Map(files.map((file) => [file, fs.readFileSync(file, 'utf8')]));
const texts = [];
const watcher = new BuildWatcher({ roots: [dir] }, async (change) => { texts.push(...change.changed.map(({ file, text }) => path.basename(file) + ': ' + text.trim())); });
const alive = setInterval(() => {}, 1000);
(async () => {
  await watcher.start();
  watcher.recheck((file) => loaded.get(file));
  // What chokidar does when it loses an event under load: nothing, for main.js only; it stays watched.
  const emit = watcher.watcher.emit;
  watcher.watcher.emit = function (event, file, ...rest) {
    if (typeof file === 'string' && path.resolve(file) === files[0]) return false;
    return emit.call(this, event, file, ...rest);
  };
  for (const file of files) fs.writeFileSync(file, 'exports.version = 1;\\n');
  const until = Date.now() + 5000;
  while (texts.length < 3 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  await watcher.close();
  clearInterval(alive);
  console.log(JSON.stringify(texts.sort()));
})();
`,
  );
  expect(printed).toEqual(['main.js: exports.version = 1;', 'routes.js: exports.version = 1;', 'store.js: exports.version = 1;']);
});

/**
 * A scenario on one file, `file` (`exports.version = 0;`), whose changes' texts the script prints: `steps` runs
 * once the watcher has started (`fs`, `path`, `watcher`, `settle(ms)` in scope).
 */
const textsOfOneFile = (steps: string) => (dir: string) => `
const fs = require('node:fs');
const path = require('node:path');
const { BuildWatcher } = require(${JSON.stringify(watcherModule)});
const file = ${JSON.stringify(path.join(dir, 'handlers.js'))};
fs.writeFileSync(file, 'exports.version = 0;\\n');
const texts = [];
const watcher = new BuildWatcher({ roots: [${JSON.stringify(dir)}] }, async (change) => { texts.push(...change.changed.map(({ text }) => text.trim())); });
const alive = setInterval(() => {}, 1000);
const settle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
(async () => {
  await watcher.start();
${steps}
  await watcher.close();
  clearInterval(alive);
  console.log(JSON.stringify(texts));
})();
`;

test('a late second event of one write is not a second change; the same text saved again is', () => {
  const printed = runScenario(
    textsOfOneFile(`
  fs.writeFileSync(file, 'exports.version = 1;\\n');
  await settle(400);
  // What chokidar does under load with a build's truncate and write: a second event, after the first was applied.
  watcher.watcher.emit('change', file);
  await settle(400);
  // The same text saved again (an editor's save, a touch): its time of change moves.
  fs.writeFileSync(file, 'exports.version = 1;\\n');
  await settle(400);
`),
  );
  expect(printed).toEqual(['exports.version = 1;', 'exports.version = 1;']);
});

test("the same text saved again, found by a recheck before chokidar's event, is one change", () => {
  // A loaded CI: the recheck saw the save's new time of change first, recorded it, and the event that followed
  // was taken for a late one of the write before: the save had no line.
  const printed = runScenario(
    textsOfOneFile(`
  fs.writeFileSync(file, 'exports.version = 1;\\n');
  await settle(300);
  // Well within a second of that read (the CI's case): its event held back until rechecks have run, then delivered.
  const emit = watcher.watcher.emit;
  const held = [];
  watcher.watcher.emit = function (event, changed, ...rest) {
    if (typeof changed === 'string' && path.resolve(changed) === file) return held.push([event, changed, ...rest]), true;
    return emit.call(this, event, changed, ...rest);
  };
  fs.writeFileSync(file, 'exports.version = 1;\\n');
  await settle(1200);
  watcher.watcher.emit = emit;
  for (const args of held) emit.apply(watcher.watcher, args);
  await settle(600);
`),
  );
  expect(printed).toEqual(['exports.version = 1;', 'exports.version = 1;']);
});

test('a save read before the program loaded the file is applied if the program loaded another text; not if it loaded that one', () => {
  const printed = runScenario(
    textsOfOneFile(`
  // Saved, and read as a change while the program had not loaded the file yet.
  fs.writeFileSync(file, 'exports.version = 1;\\n');
  await settle(300);
  // The program loads it from the text it read before that save (an ES module the hooks thread reported late):
  // the save is read again and applied.
  watcher.programLoaded(file, 'exports.version = 0;\\n', false);
  await settle(300);
  // Loaded from the text saved: nothing to apply.
  watcher.programLoaded(file, 'exports.version = 1;\\n', false);
  await settle(300);
`),
  );
  expect(printed).toEqual(['exports.version = 1;', 'exports.version = 1;']);
});

test('a file that held another text when it ran than the one it was loaded from is read and applied, with no event for it', () => {
  const printed = runScenario(
    textsOfOneFile(`
  // No event: the save landed before the watch was set up, while the program started.
  watcher.programLoaded(file, 'exports.version = -1;\\n', true);
  await settle(300);
`),
  );
  expect(printed).toEqual(['exports.version = 0;']);
});
