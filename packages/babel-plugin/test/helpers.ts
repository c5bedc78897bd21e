import path from 'node:path';
import { createRequire } from 'node:module';
import { babel8Supported, babelAdapter, type BabelMajor } from '@mighty-patcher/conformance/dist/adapters/babel';

export const ROOT = path.resolve(__dirname, '../../..');
const requireFromHere = createRequire(__filename);

/** The test script runs this suite on Node 24 too, so both majors run in every `npm test`. */
export const majors: BabelMajor[] = babel8Supported() ? [7, 8] : [7];

let counter = 0;

/**
 * Compiles `source` with the plugin (and to CommonJS) and runs it in the test's realm,
 * so `instanceof`, `util.types` and the global registry behave as in a real program.
 */
export function run(
  major: BabelMajor,
  source: string,
  options: { filename?: string; sourceType?: 'module' | 'script'; require?: NodeJS.Require } = {},
): Record<string, any> {
  const filename = path.join(ROOT, options.filename ?? `test/exec-${++counter}.js`);
  const code = babelAdapter(major).transform(source, filename, {
    sourceType: options.sourceType ?? 'module',
    root: ROOT,
    output: 'commonjs',
  });
  const module = { exports: {} as Record<string, any> };
  // The Function constructor evaluates in the realm of this test file (Jest gives every test file its own
  // realm), so the generated code and the test share one global registry and one set of intrinsics.
  const wrapper = new Function('exports', 'require', 'module', `${code}\n//# sourceURL=${filename}`);
  wrapper.call(module.exports, module.exports, options.require ?? requireFromHere, module);
  return module.exports;
}

export function transform(
  major: BabelMajor,
  source: string,
  options: { filename?: string; sourceType?: 'module' | 'script'; enabled?: boolean } = {},
): string {
  return babelAdapter(major).transform(source, path.join(ROOT, options.filename ?? 'src/example.js'), {
    sourceType: options.sourceType ?? 'module',
    root: ROOT,
    enabled: options.enabled ?? true,
  });
}
