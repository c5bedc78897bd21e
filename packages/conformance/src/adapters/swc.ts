import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Adapter, TransformOptions } from './types';

// The SWC Wasm plugin is built by packages/swc-plugin/build.mjs; @swc/core is
// resolved from that package, like the Babel packages from packages/babel-plugin.
const pluginPackage = path.resolve(__dirname, '../../../swc-plugin');
const load = createRequire(path.join(pluginPackage, 'package.json'));

/** The built plugin; `MIGHTY_PATCHER_SWC_WASM` overrides it. */
export const swcPluginWasm = process.env.MIGHTY_PATCHER_SWC_WASM ?? path.join(pluginPackage, 'mighty_patcher_swc_plugin.wasm');

/** The part of @swc/core used here. */
interface SwcCore {
  transformSync(source: string, options: Record<string, unknown>): { code: string };
}

/** Where SWC caches compiled plugins (by default it writes `.swc/` into the working directory). */
const cacheRoot = path.join(os.homedir() || os.tmpdir(), '.cache/mighty-patcher/swc-plugin-cache');

/**
 * SWC reports a syntax error as a rendered snippet (`,-[file:2:1]` names the snippet, a `^` marks the
 * column). Rethrown as a SyntaxError (what Babel throws) whose message starts `file:line:column: reason`.
 */
function syntaxError(error: unknown, filename: string): unknown {
  const message = String((error as Error)?.message ?? error);
  if (!/Caused by:\s+Syntax Error/.test(message)) return error;
  const report = message.split(/\n\s*Caused by:/)[0]!.replace(/\s+$/, '');
  const reason = /^\s*x (.*)$/m.exec(report)?.[1] ?? 'syntax error';
  const lines = report.split('\n');
  let location = '';
  for (let index = 1; index < lines.length; index++) {
    const caret = /^(\s*):(\s*)\^/.exec(lines[index]!);
    const source = /^\s*(\d+) \|/.exec(lines[index - 1]!);
    if (caret && source) {
      const column = caret[0].length - caret[1]!.length - 2;
      location = `:${source[1]}:${column}`;
      break;
    }
  }
  const converted = new SyntaxError(`${filename}${location}: ${reason}\n${report}`);
  (converted as { cause?: unknown }).cause = error;
  return converted;
}

function parserFor(extension: string): Record<string, unknown> {
  if (extension === '.ts' || extension === '.mts' || extension === '.cts') return { syntax: 'typescript' };
  if (extension === '.tsx') return { syntax: 'typescript', tsx: true };
  if (extension === '.jsx') return { syntax: 'ecmascript', jsx: true };
  return { syntax: 'ecmascript' };
}

export function swcAdapter(): Adapter {
  if (!fs.existsSync(swcPluginWasm)) {
    throw new Error(`${swcPluginWasm} does not exist: build it with \`node packages/swc-plugin/build.mjs\``);
  }
  const swc = load('@swc/core') as SwcCore;

  return {
    name: 'swc',
    transform(source: string, filename: string, options: TransformOptions): string {
      const extension = path.extname(filename);
      const jsx = extension === '.jsx' || extension === '.tsx';
      let result: { code: string };
      try {
        result = swc.transformSync(source, {
          filename,
          swcrc: false,
          configFile: false,
          isModule: options.sourceType !== 'script',
          sourceMaps: options.sourceMaps === false ? false : 'inline',
          jsc: {
            parser: parserFor(extension),
            // No syntax lowering, like the Babel adapter (which runs no preset-env).
            target: 'esnext',
            // The classic runtime needs no package: fixtures name their factory with an `@jsx` pragma (as the Babel adapter).
          ...(jsx ? { transform: { react: { runtime: 'classic' } } } : {}),
            experimental: {
              cacheRoot,
              // SWC plugins cannot see the module transform that follows them: CommonJS output needs the `module.hot` glue.
              plugins: [
                [
                  swcPluginWasm,
                  { root: options.root, enabled: options.enabled ?? true, ...(options.output === 'commonjs' ? { hmr: 'commonjs' } : options.hmr ? { hmr: options.hmr } : {}) },
                ],
              ],
            },
          },
          module: { type: options.output === 'commonjs' ? 'commonjs' : 'es6' },
        });
      } catch (error) {
        throw syntaxError(error, filename);
      }
      if (typeof result?.code !== 'string') throw new Error(`SWC returned no code for ${filename}`);
      return result.code;
    },
  };
}
