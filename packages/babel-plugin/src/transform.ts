// The one transform (packages/swc-plugin/src/transform.rs is its twin): decides whether the module is
// instrumented, plans the HMR glue on the original module, instruments it, adds the glue.
import type { NodePath, types as BabelTypes } from '@babel/core';
import { SERVER_ACTION_DIRECTIVE } from './guard';
import { addHmrGlue, hmrMode, planHmr } from './hmr';
import { scriptSuffix, type CellStatements, type InstrumentReport } from './instrumenter';
import { instrumentModule } from './module';
import { excludes, hmrRuntime, isEnabled, type Options } from './options';

type T = typeof BabelTypes;
type Template = typeof import('@babel/core').template;

/** What the host knows about the file being compiled. */
export interface Context {
  t: T;
  template: Template;
  moduleId: string;
  /** The host's env name (Babel: `api.env()`). */
  env: string | undefined;
  /** The plugins of this Babel run, to tell whether a module transform compiles the module to CommonJS. */
  plugins: readonly { key?: string | null }[] | undefined;
  /** The module's source text (Babel: \`file.code\`): a top-level module's hashes (docs/protocol.md §6). */
  code?: string;
}

export interface TransformReport extends InstrumentReport {
  moduleId: string;
  /** False when the module was left as it was: disabled, excluded, or nothing to instrument. */
  instrumented: boolean;
}

/** The directive a module opts out with (docs/protocol.md §3.1): the HMR glue's own module has it. */
export const OPT_OUT_DIRECTIVE = 'use no mighty-patcher';

/**
 * A module opts out, or is a module of server actions (`"use server"`): Next's server-action transform refuses the
 * guard's `this` and `arguments` in an action, and every exported function of such a module is one.
 */
function optsOut(program: NodePath<BabelTypes.Program>): boolean {
  return program.node.directives.some((directive) => directive.value.value === OPT_OUT_DIRECTIVE || directive.value.value === SERVER_ACTION_DIRECTIVE);
}

export interface Transformed {
  report: TransformReport;
  /**
   * What the module ends with (the helpers, the update's commit), for the host to append once every plugin
   * has walked the module (Babel: on leaving `Program`). They are ES5 with nothing for another plugin to
   * compile; appended as paths while the walk runs, Babel made a scope for each helper and queued it for
   * every plugin, a third of this plugin's own time.
   */
  epilogue: BabelTypes.Statement[];
  /** The cells of an ES module that imports, for the host to pass to `cellsFirst` then (instrumenter.ts). */
  cells: CellStatements | undefined;
}

export function transform(program: NodePath<BabelTypes.Program>, options: Options, context: Context): Transformed {
  const { t, template, moduleId } = context;
  const untouched: TransformReport = { moduleId, instrumented: false, slots: [], helpers: {}, warnings: [] };
  if (!isEnabled(options, context.env) || excludes(options, moduleId) || optsOut(program)) return { report: untouched, epilogue: [], cells: undefined };
  const hmr = options.hmr ?? true;
  const hmrPlan = hmr === false ? undefined : planHmr(t, program, hmr === true ? hmrMode(program, context.plugins, context.code ?? '') : hmr, context.code);
  const { report, helpers, cells } = instrumentModule(t, template, program, moduleId, options.inScopePatches ?? true);
  const instrumented = report.slots.length > 0;
  const end = hmrPlan && addHmrGlue(t, program, moduleId, hmrPlan, instrumented, scriptSuffix(program, moduleId), hmrRuntime(options), report.slots);
  return { report: { moduleId, instrumented, ...report }, epilogue: end ? [...helpers, end] : helpers, cells };
}
