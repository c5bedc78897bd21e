// What a module's evaluator costs the functions it compiles (docs/protocol.md §3.7, octane-findings.md §11):
// the same function compiled once by the module itself and once by a direct `eval` in an arrow at its top
// level (the evaluator every instrumented module hands the Node runtime), each timed alone, in a classic
// script, in a sloppy CommonJS-like function scope and in a strict one. The functions read a typed array
// held in a module variable, assign a module variable, or call a global (`Math.imul`) in a loop; nothing they
// touch changes what the next one sees.
// Usage: node bench/sloppy-eval.mjs [--runs 5] [--json]
import vm from 'node:vm';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } } });
const runs = Number(values.runs);

const BODIES = {
  'read a module variable': 'var s = 0; for (var i = 0; i < n; i++) { s = (s + heap[(i * 7) & 65535]) | 0; } return s;',
  'assign a module variable': 'var s = 0; for (var i = 0; i < n; i++) { last = (i * 7) & 65535; s = (s + last) | 0; } return s;',
  'call a global': 'var s = 0; for (var i = 0; i < n; i++) { s = (s + Math.imul(i, 3)) | 0; } return s;',
};
const SCOPES = {
  'classic script': (code) => code,
  'function scope, sloppy (CommonJS)': (code) => `(function () {${code}})();`,
  'function scope, strict': (code) => `(function () { "use strict";${code}})();`,
};

/** Median ms of `runs` timings of 20 calls of `fn(1e6)`, after a warm-up. */
function time(fn) {
  fn(1e5);
  const times = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    for (let call = 0; call < 20; call++) fn(1e6);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

const results = [];
let id = 0;
for (const [shape, body] of Object.entries(BODIES)) {
  for (const [scope, wrap] of Object.entries(SCOPES)) {
    // Fresh global names per case, so that no case sees another's feedback.
    const key = `__mp_sloppy_eval_${id++}`;
    const code = `
var heap = new Int32Array(1 << 16).map((_, i) => i), last = 0;
var evaluate = (code) => eval(code);
function work(n) { ${body} }
globalThis.${key} = { module: work, evaluated: evaluate(${JSON.stringify(`(function work(n) { ${body} })`)}) };
`;
    vm.runInThisContext(wrap(code), { filename: `${key}.js` });
    const { module, evaluated } = globalThis[key];
    const compiledByModule = time(module);
    const compiledByEvaluator = time(evaluated);
    results.push({ shape, scope, compiledByModule, compiledByEvaluator, ratio: compiledByEvaluator / compiledByModule });
  }
}

if (values.json) console.log(JSON.stringify({ node: process.version, results }, null, 2));
else {
  console.log(`a function compiled by the module's evaluator / by the module itself, Node ${process.version} (median of ${runs} runs of 20 calls)`);
  for (const { shape, scope, compiledByModule, compiledByEvaluator, ratio } of results) {
    console.log(`  ${shape.padEnd(26)} ${scope.padEnd(36)} ${compiledByModule.toFixed(1).padStart(8)} ms ${compiledByEvaluator.toFixed(1).padStart(8)} ms  ${ratio.toFixed(2)}x`);
  }
}
