// Mighty Patcher in one process: a running "app" holds references to functions the way
// real code does (an imported binding, a stored callback, an object created before the
// edit), the source is edited, and every one of those references runs the new code
// with the app's state intact. The Node runtime (watching files) builds on exactly this.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { styleText } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(path.join(root, 'packages/babel-plugin/package.json'));
const babel = require('@babel/core');
const { beginPatch } = require('@mighty-patcher/runtime');

// Stack traces of the compiled versions point at src/pricing.js through their inline source maps.
process.setSourceMapsEnabled(true);
const SOURCE = path.join(here, 'src/pricing.js');
const MODULE_ID = 'examples/in-process/src/pricing.js';
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mighty-patcher-demo-'));
let version = 0;

const say = (text) => console.log(styleText('bold', `\n▸ ${text}`));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Compiles a version of the module with the plugin and evaluates it (a new module instance). */
async function load(source) {
  const { code } = babel.transformSync(source, {
    filename: SOURCE,
    root,
    babelrc: false,
    configFile: false,
    plugins: [path.join(root, 'packages/babel-plugin')],
    sourceMaps: 'inline',
    sourceFileName: SOURCE,
  });
  const file = path.join(out, `pricing.v${++version}.mjs`);
  fs.writeFileSync(file, code);
  return import(pathToFileURL(file).href);
}

/** Applies an edited source the way the runtime does: evaluate it inside a transaction, commit or roll back. */
async function patch(source) {
  const started = performance.now();
  const transaction = beginPatch(MODULE_ID);
  try {
    await load(source);
  } catch (error) {
    transaction.rollback();
    // Babel's syntax errors carry a code frame; a runtime error's first stack frame is mapped to the source.
    const where = error.code === 'BABEL_PARSE_ERROR' ? '' : ` (at ${error.stack.split('\n')[1]?.trim().replace(/^at /, '')})`;
    console.log(styleText('red', `  patch rejected, nothing changed: ${error.message.split('\n').slice(0, 6).join('\n  ')}${where}`));
    return;
  }
  const report = transaction.commit();
  const ms = (performance.now() - started).toFixed(1);
  const changed = report.updated.concat(report.added);
  console.log(styleText('green', `  patched ${MODULE_ID}: ${changed.join(', ') || 'nothing'} (${changed.length} functions) in ${ms} ms`));
}

const original = fs.readFileSync(SOURCE, 'utf8');

say('start the app: it imports format(), keeps a cart and registers a callback on an event bus');
const pricing = await load(original);
const { format, Cart, describe } = pricing;
const cart = new Cart().add(10).add(5);
const bus = new EventEmitter();
bus.on('tick', () => console.log(`  tick: ${describe(cart)}; format(1) = ${format(1)}`));
let ticks = 0;
const tick = async (n) => {
  for (let i = 0; i < n; i++, ticks++) {
    bus.emit('tick');
    await sleep(150);
  }
};
await tick(2);

say('edit: format() shows euros, Cart.total() gives 10% off; the captured references keep their identity');
await patch(original.replace('`$${amount.toFixed(2)}`', '`${amount.toFixed(2)} €`').replace('* (1 + TAX);', '* (1 + TAX) * 0.9;'));
await tick(2);
console.log(`  same cart object, same items: ${cart.items.join(', ')}; the callback was registered once; ticks so far: ${ticks}`);

say('a bad edit (syntax error): the patch is refused with file:line and the app keeps running the last good code');
await patch(original.replace('export function format(amount) {', 'export function format(amount) {{'));
await tick(1);

say('a throwing module: rolled back, nothing half-applied');
await patch(`${original.replace('`$${amount.toFixed(2)}`', '`[broken] ${amount}`')}\nthrow new Error('config missing');`);
await tick(1);

say('fix it: every reference runs the new code at once');
await patch(original.replace('`$${amount.toFixed(2)}`', '`${amount.toFixed(2)} CHF`'));
await tick(2);
fs.rmSync(out, { recursive: true, force: true });
