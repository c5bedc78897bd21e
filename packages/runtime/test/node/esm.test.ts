// Which CommonJS modules get the ES module hooks registered before they load (esm.ts).
import { mayImportESModule } from '../../src/node/esm';

/** What `mayImportESModule` answers, as the one regular expression it replaces found it. */
const ORACLE = /\bimport\s*\(|\bimport\.meta\b|^\s*(?:import|export)[\s{*"']/m;

const CASES = [
  'import x from "./x.js";',
  "const { a } = await import('./a.mjs');",
  'const m = import ("./m.mjs")',
  'console.log(import.meta.url)',
  '  export default function () {}',
  'exports.value = 1;\nexport { value };',
  '\texport * from "./all.js"',
  "\r\n  import'./side-effect.js'",
  'x\u2028import {y} from "y"',
  // Not: a word that ends in `import`, a property, a line that does not start with the keyword.
  'const reimport = () => 1; reimport (1);',
  'obj.import.metadata',
  'exports.x = 1; module.exports = { exports };',
  'Object.defineProperty(exports, "__esModule", { value: true });',
  'const s = "no import here"; // export later',
  'var __importDefault = (this && this.__importDefault) || function (mod) {};',
  'exportData();\nimportant();',
  'import',
  'export',
  '',
];

test('finds what the regular expression it replaces finds, in written cases and in random text made of their parts', () => {
  for (const text of CASES) expect([text, mayImportESModule(text)]).toEqual([text, ORACLE.test(text)]);
  expect(CASES.filter((text) => mayImportESModule(text))).toHaveLength(9);
  // Random texts from fragments that sit at the edges of each branch.
  const parts = ['import', 'export', '.meta', 'meta', '(', ' ', '\t', '\n', '\r', '\u2028', 'x', '_', '$', '.', '{', '*', '"', "'", ';', 're'];
  // mulberry32: the same texts on every run.
  let seed = 12345;
  const random = (n: number): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  let found = 0;
  for (let i = 0; i < 20000; i++) {
    let text = '';
    for (let k = random(8) + 1; k > 0; k--) text += parts[random(parts.length)];
    const expected = ORACLE.test(text);
    if (mayImportESModule(text) !== expected) throw new Error(`differs on ${JSON.stringify(text)}: expected ${expected}`);
    if (expected) found++;
  }
  // Both answers came up often.
  expect(found).toBeGreaterThan(1000);
  expect(found).toBeLessThan(19000);
});
