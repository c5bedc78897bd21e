// The record of the program's modules (modules.ts, built), in a process of its own: the text it holds for an ES
// module is the text the module hooks loaded, which the program runs, even where the file was saved since.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const modulesModule = path.resolve(__dirname, '../../dist/node/modules.js');

test('an ES module holds the text it was loaded from; a record read from disk as it ran is corrected once, and not after a change', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mp-modules-')));
  try {
    const script = `
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { hookReport, loadedModule, track, trackModules, whenLoaded } = require(${JSON.stringify(modulesModule)});
const dir = ${JSON.stringify(dir)};
trackModules([dir]);
const told = [];
whenLoaded((module, saved) => told.push([path.basename(module.file), module.text, saved]));
const file = (name, text) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));
const texts = {};
// Reported by the hooks before it ran, saved since: the text loaded.
const reported = file('reported.js', 'saved');
hookReport({ type: 'load', url: pathToFileURL(reported).href, text: 'loaded' });
track(reported, 'module');
texts.reported = loadedModule(reported).text;
// Ran before the hooks' report came, saved in between: read from disk as it ran, then corrected.
const late = file('late.js', 'saved');
track(late, 'module');
loadedModule(late).base = { stale: true };
hookReport({ type: 'load', url: pathToFileURL(late).href, text: 'loaded' });
texts.late = loadedModule(late).text;
texts.lateBase = loadedModule(late).base;
// Evaluated again (a report of that load): the record stays.
hookReport({ type: 'load', url: pathToFileURL(late).href + '?v=1', text: 'other' });
texts.again = loadedModule(late).text;
// Read as it ran, a change applied before the late report: what the change set runs.
const patched = file('patched.js', 'saved');
track(patched, 'module');
loadedModule(patched).text = 'patched';
hookReport({ type: 'load', url: pathToFileURL(patched).href, text: 'loaded' });
texts.patched = loadedModule(patched).text;
console.log(JSON.stringify({ texts, told }));
`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      texts: { reported: 'loaded', late: 'loaded', again: 'loaded', patched: 'patched' },
      told: [
        ['reported.js', 'loaded', false],
        ['late.js', 'saved', false],
        ['late.js', 'loaded', true],
        ['patched.js', 'saved', false],
      ],
    });
    expect(JSON.parse(result.stdout).texts.lateBase).toBeUndefined();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
