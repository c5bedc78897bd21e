// What the analysis of a module's code tells about an importer (analyse.ts): whether it holds another
// module's export names as they were when it loaded, in the shapes compilers emit for a barrel.
import { analyse, deferredTimer, holdsExportNames, parseRunning } from '../../src/node/analyse';
import { programCode } from '../../src/node/instrument';

const isA = (specifier: string): boolean => specifier === './a' || specifier === './a.js';

test.each([
  ['an ES namespace', "import * as a from './a.js';\nexport const f = () => a.x;", 'module'],
  ['an ES star re-export', "export * from './a.js';", 'module'],
  ['an ES star re-export as a namespace', "export * as a from './a.js';", 'module'],
  ['an import() as it loads', "const lib = await import('./a.js');\nexport const f = () => lib.x;", 'module'],
  ['tsc', 'var __exportStar = (this && this.__exportStar) || function (m, exports) {};\n__exportStar(require("./a"), exports);', 'script'],
  ['SWC', '_export_star(require("./a"), exports);', 'script'],
  ['Babel', 'var _a = require("./a");\nObject.keys(_a).forEach(function (key) { exports[key] = _a[key]; });', 'script'],
  ['a spread', "module.exports = { ...require('./a') };", 'script'],
] as const)('holds the names it linked or copied: %s', (_shape, code, sourceType) => {
  expect(holdsExportNames(parseRunning(code, sourceType), isA)).toBe(true);
});

test.each([
  ['named ES imports', "import { x } from './a.js';\nexport const f = () => x;", 'module'],
  ['a namespace of another module', "import * as b from './b.js';", 'module'],
  ['the exports object, read by property', "const a = require('./a');\nexports.f = () => a.x;", 'script'],
  ['the exports object, handed to a function in a function', "const a = require('./a');\nexports.f = () => Object.keys(a);", 'script'],
  ['an import() in a function, made at each call', "export const f = async () => (await import('./a.js')).x;", 'module'],
  ['an interop helper around the require', 'var a = _interop_require_wildcard(require("./a"));\nexports.f = () => a.x;', 'script'],
  ['another module copied', "module.exports = { ...require('./b') };", 'script'],
] as const)('holds the live object, or nothing of it: %s', (_shape, code, sourceType) => {
  expect(holdsExportNames(parseRunning(code, sourceType), isA)).toBe(false);
});

describe("deferredTimer: a timer a module's top level starts in a step the runtime cannot follow (a promise's)", () => {
  const deferred = (source: string): string | undefined => {
    const text = programCode('/app/src/loop.js', source, 'commonjs', '/app', true);
    return deferredTimer(text, analyse(text, 'script'));
  };
  test.each<[string, string, string | undefined]>([
    ['after an await, in an async function its top level calls', 'async function start() {\n  await connect();\n  setInterval(tick, 100);\n}\nfunction tick() {}\nstart();\n', 'start, which its top level calls, starts a timer after an await'],
    ['in a then callback', 'function tick() {}\nconnect().then(() => {\n  setInterval(tick, 100);\n});\n', 'its top level starts a timer after an await or in a then callback'],
    ['not a sleep, whose timer starts before it waits', 'async function probe(ms) {\n  await new Promise((resolve) => setTimeout(resolve, ms));\n  return 1;\n}\nprobe(1);\n', undefined],
    ['not an async function its top level only exports', 'async function start() {\n  await connect();\n  setInterval(tick, 100);\n}\nfunction tick() {}\nexports.start = start;\n', undefined],
    ['not a timer of a later statement than the then (one the runtime follows)', 'function tick() {}\nconnect().then(() => log());\nsetInterval(tick, 100);\n', undefined],
  ])('%s', (_, source, expected) => expect(deferred(source)).toBe(expected));
});
