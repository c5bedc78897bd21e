// The Babel plugin: reads Babel's view of the file (name, root, env, plugins) and runs the transform.
// The SWC plugin's entry is packages/swc-plugin/src/wasm.rs.
import type { ConfigAPI, PluginObj, PluginPass, types as BabelTypes } from '@babel/core';
import { cellsFirst, type CellStatements } from './instrumenter';
import { isEnabled, validate, type Options } from './options';
import { moduleId } from './paths';
import { transform } from './transform';

export type { Options } from './options';
export type { TransformReport } from './transform';

type Api = ConfigAPI & { types: typeof BabelTypes; template: typeof import('@babel/core').template; version: string; env(): string };

export default function mightyPatcher(api: Api, options: Options = {}): PluginObj<PluginPass> {
  api.assertVersion('^7.12.0 || ^8.0.0');
  validate(options);
  const env = api.env();
  const warn = options.warn ?? ((message: string) => console.warn(message));

  /** Each file's epilogue (transform.ts), from entering its program to leaving it. */
  const epilogues = new WeakMap<BabelTypes.Program, BabelTypes.Statement[]>();
  /** Each file's cell declarations, until every plugin has walked it (`post`). */
  const cells = new WeakMap<BabelTypes.Program, CellStatements>();
  return {
    name: 'mighty-patcher',
    post(file) {
      const declared = cells.get(file.path.node);
      cells.delete(file.path.node);
      // A module transform in this run may have turned the imports into `require` calls.
      if (declared) cellsFirst(api.types, file.path.node, declared);
    },
    visitor: isEnabled(options, env)
      ? {
          Program: {
            enter(program, state) {
              const filename = state.filename;
              if (!filename) {
                warn('[mighty-patcher] a file without a filename was left uninstrumented: registry keys need a file path');
                return;
              }
              const id = moduleId(state.cwd, options.root ?? state.file.opts.root ?? state.cwd, filename);
              const { report, epilogue, cells: declared } = transform(program, options, {
                t: api.types,
                template: api.template,
                moduleId: id,
                env,
                plugins: state.file.opts.plugins as never,
                code: state.file.code,
              });
              for (const { line, message } of report.warnings) warn(`[mighty-patcher] ${id}:${line}: ${message}`);
              if (epilogue.length > 0) epilogues.set(program.node, epilogue);
              if (declared) cells.set(program.node, declared);
            },
            exit(program) {
              const epilogue = epilogues.get(program.node);
              epilogues.delete(program.node);
              // The node's own list, not `pushContainer`: nothing walks these statements (transform.ts).
              if (epilogue) program.node.body.push(...epilogue);
            },
          },
        }
      : {},
  };
}
