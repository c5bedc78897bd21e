// What the analysis of a module's code tells about an importer (analyse.ts): whether it holds another
// module's export names as they were when it loaded, in the shapes compilers emit for a barrel.
import { holdsExportNames, parseRunning } from '../../src/node/analyse';

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
