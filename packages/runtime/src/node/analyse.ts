// Step 2 of a change: reads a new version of a built, instrumented module (docs/protocol.md §3) and
// decides how it applies. `analyse` finds its module id, its patchable members with their source ranges,
// and its "shape" (everything but the functions' parameters and bodies); `prepare` compares the shape with
// the running version's: equal shapes (or only added private functions) are a body patch, anything else
// a re-evaluation of the module.
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { VersionSyntaxError } from './errors';
import type { ErrorEvent } from './events';
import { instrument, isInstrumented } from './instrument';
import { loadedModule, type LoadedModule } from './modules';
import { describePosition, loadSourceMap } from './source-map';

/** A `_mpDefine(name, IMPL, proxy)` call: IMPL is the implementation expression. */
export interface DefinedFunction {
  kind: 'function';
  name: string;
  start: number;
  end: number;
  /** The whole `_mpDefine(...)` call, and the slot variable it is assigned to. */
  call: { start: number; end: number };
  slot?: string;
}

/** A `_mpMethod(home, KEY, part, name, IMPLEMENTATIONS)` call in a class's static block. */
export interface DefinedMember {
  kind: 'member';
  name: string;
  part: 'value' | 'get' | 'set';
  /** `this` (a static member) or `this.prototype`. */
  onPrototype: boolean;
  key: string;
  start: number;
  end: number;
}

export type Defined = DefinedFunction | DefinedMember;

/** A top-level statement; `defines` when it is the proxy of functions that a later version may add. */
export interface TopStatement {
  start: number;
  end: number;
  /** Registry names of the functions this statement (a non-exported function declaration or binding) introduces. */
  defines?: string[];
}

export interface ModuleVersion {
  moduleId: string;
  text: string;
  /** Every token outside the patchable ranges; equal shapes mean only function bodies and parameters differ. */
  shape: string[];
  /** Source offset of each shape token, to say where two shapes first differ. */
  shapeAt: number[];
  defined: Defined[];
  statements: TopStatement[];
  /** The generated slot variables (`var _mp_s_a, _mp_s_b, _mp_tmp;`). */
  slotVariables: string[];
  /** Functions the module's top-level code calls by name while it loads: what they returned then keeps their old code. */
  calledAtLoad: Set<string>;
}

const DEFINE = /^_mp_define\d*$/;
const METHOD = /^_mp_method\d*$/;
const GENERATED = /^_mp_/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = acorn.Node & Record<string, any>;
/** acorn's tokens carry their value, which its types leave out. */
type Token = acorn.Token & { value?: string };

function stringValue(node: Node | undefined): string | undefined {
  return node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
}

/**
 * Parses `text` (a CommonJS body or an ES module, after the build) and returns its version, or
 * `undefined` if it was not instrumented. Throws VersionSyntaxError if it does not parse.
 */
export function analyse(text: string, sourceType: 'module' | 'script'): ModuleVersion | undefined {
  const tokens: Token[] = [];
  let program: Node;
  try {
    program = acorn.parse(text, {
      ecmaVersion: 'latest',
      sourceType,
      allowReturnOutsideFunction: sourceType === 'script',
      allowHashBang: true,
      // No `locations`: nothing reads node locations, and a syntax error's `loc` is set without them.
      onToken: tokens,
    }) as Node;
  } catch (error) {
    const { loc } = error as { loc?: { line: number; column: number } };
    throw new VersionSyntaxError((error as Error).message.replace(/ \(\d+:\d+\)$/, ''), loc?.line ?? 1, loc?.column ?? 0);
  }

  let moduleId: string | undefined;
  const defined: Defined[] = [];
  /** Ranges left out of the shape, each with what stands for it there. */
  const masks: { start: number; end: number; stand: string }[] = [];

  /** The function defined by each `_mpDefine(...)` call, by the call's offset. */
  const byCall = new Map<number, DefinedFunction>();

  // acorn-walk's `full` visits children first: a define call is known when its assignment is visited.
  walk.full(program, (node: Node) => {
    if (node.type === 'AssignmentExpression') {
      // `_mp_s_x = _mp_define(...)`: the slot variable of each function.
      const entry = node.left.type === 'Identifier' ? byCall.get(node.right.start) : undefined;
      if (entry) entry.slot = node.left.name;
      return;
    }
    if (node.type !== 'CallExpression') return;
    const callee: Node = node.callee;
    const args: Node[] = node.arguments;
    if (callee.type === 'MemberExpression' && !callee.computed && ['define', 'scope'].includes(callee.property.name)) {
      // registry.define("<module id>", ...) in the define helper, registry.scope("<module id>", ...) in the scope helper
      moduleId ??= stringValue(args[0]);
    } else if (callee.type === 'Identifier' && DEFINE.test(callee.name)) {
      const name = stringValue(args[0]);
      if (name === undefined || !args[1]) return; // the call inside the method helper
      const entry: DefinedFunction = { kind: 'function', name, start: args[1].start, end: args[1].end, call: { start: node.start, end: node.end } };
      defined.push(entry);
      byCall.set(node.start, entry);
      masks.push({ start: args[1].start, end: args[1].end, stand: 'impl' });
    } else if (callee.type === 'Identifier' && METHOD.test(callee.name)) {
      const [home, key, part, nameNode, implementations] = args;
      const name = stringValue(nameNode);
      const partValue = stringValue(part);
      if (name === undefined || !implementations || !key || !home) return;
      defined.push({
        kind: 'member',
        name,
        part: partValue as DefinedMember['part'],
        onPrototype: home.type === 'MemberExpression',
        key: text.slice(key.start, key.end),
        start: implementations.start,
        end: implementations.end,
      });
      masks.push({ start: implementations.start, end: implementations.end, stand: 'impl' });
    }
  });
  if (moduleId === undefined || defined.length === 0) return undefined;

  // The slot variables' declaration stands for itself whatever it lists: it follows the functions.
  const slotVariables: string[] = [];
  const statements: TopStatement[] = [];
  for (const statement of program.body as Node[]) {
    const top: TopStatement = { start: statement.start, end: statement.end };
    statements.push(top);
    if (
      statement.type === 'VariableDeclaration' &&
      statement.declarations.every((d: Node) => d.id.type === 'Identifier' && GENERATED.test(d.id.name) && !d.init)
    ) {
      slotVariables.push(...statement.declarations.map((d: Node) => d.id.name as string));
      masks.push({ start: statement.start, end: statement.end, stand: 'slot variables' });
    } else if (statement.type === 'FunctionDeclaration' && statement.id) {
      const name: string = statement.id.name;
      if (defined.some((d) => d.kind === 'function' && d.name === name)) top.defines = [name];
    } else if (statement.type === 'VariableDeclaration') {
      const inside = defined.filter((d) => d.kind === 'function' && d.start >= statement.start && d.end <= statement.end);
      if (inside.length === statement.declarations.length) top.defines = inside.map((d) => d.name);
    }
  }

  const calledAtLoad = new Set<string>();
  walk.recursive(program, null, {
    Function() {}, // bodies run later, not while the module loads
    CallExpression(node: Node, state, visit) {
      if (node.callee.type === 'Identifier' && !GENERATED.test(node.callee.name)) calledAtLoad.add(node.callee.name);
      walk.base.CallExpression!(node as never, state, visit);
    },
  });

  // Generated functions (proxies, helpers) read generated `_mp_` bindings: their parameters follow
  // the implementation's arity and their bodies are ours, so only their kind counts towards the shape.
  const generatedNames = tokens.filter((token) => token.type === acorn.tokTypes.name && GENERATED.test(token.value ?? ''));
  const insideMask = (at: number) => masks.some((mask) => at >= mask.start && at < mask.end);
  walk.full(program, (node: Node) => {
    if (!['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'].includes(node.type)) return;
    if (insideMask(node.start)) return;
    const from = node.params[0]?.start ?? node.body.start;
    if (!generatedNames.some((token) => token.start >= from && token.end <= node.end && !insideMask(token.start))) return;
    masks.push({ start: from, end: node.end, stand: `fn:${node.async ? 'async' : ''}${node.generator ? '*' : ''}` });
  });

  masks.sort((a, b) => a.start - b.start || b.end - a.end);
  const shape: string[] = [];
  const shapeAt: number[] = [];
  let mask = 0;
  let maskedUntil = -1;
  for (const token of tokens) {
    while (mask < masks.length && masks[mask]!.start <= token.start) {
      const next = masks[mask++]!;
      if (next.start >= maskedUntil) {
        shape.push(next.stand);
        shapeAt.push(next.start);
      }
      maskedUntil = Math.max(maskedUntil, next.end);
    }
    if (token.start < maskedUntil) continue;
    shape.push(`${token.type.label}:${token.value ?? ''}`);
    shapeAt.push(token.start);
  }
  return { moduleId, text, shape, shapeAt, defined, statements, slotVariables, calledAtLoad };
}

/** The offset in `next` of the first shape token that differs from `previous`, or -1 if the shapes are equal. */
export function shapeDifference(previous: ModuleVersion, next: ModuleVersion): number {
  const length = Math.max(previous.shape.length, next.shape.length);
  for (let i = 0; i < length; i++) {
    if (previous.shape[i] !== next.shape[i]) return next.shapeAt[Math.min(i, next.shapeAt.length - 1)] ?? 0;
  }
  return -1;
}

/**
 * The statements of `next` that only add functions `previous` did not have, if removing them leaves
 * `previous`'s shape: such a version is patched in the running scope, declaring them there.
 */
export function addedFunctions(previous: ModuleVersion, next: ModuleVersion): TopStatement[] | undefined {
  const known = new Set(previous.defined.map((d) => d.name));
  const added = next.statements.filter((s) => s.defines?.every((name) => !known.has(name)));
  if (added.length === 0) return undefined;
  const kept = next.shape.filter((_, i) => !added.some((s) => next.shapeAt[i]! >= s.start && next.shapeAt[i]! < s.end));
  return kept.length === previous.shape.length && kept.every((token, i) => token === previous.shape[i]) ? added : undefined;
}

/** 1-based line and 0-based column of an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart };
}

/** A new version of a loaded module, read and analysed, or why it cannot be applied. */
export type Prepared =
  | { kind: 'body'; module: LoadedModule; version: ModuleVersion; text: string; running: string; added: TopStatement[] }
  | { kind: 're-evaluate'; module: LoadedModule; version: ModuleVersion; text: string; running: string; reason: string }
  | { kind: 'error'; event: ErrorEvent }
  | { kind: 'none' };

export interface PrepareOptions {
  /** Paths in messages are relative to it; module ids of files instrumented at load too. */
  cwd: string;
  /** Instrument built files that no plugin has (their running code is the text instrumented at load). */
  instrumentBuilt: boolean;
}

/** The code that runs for a built file's text: the text itself, or the text instrumented at load. */
function runningCode(file: string, text: string, sourceType: 'module' | 'script', options: PrepareOptions): string {
  if (isInstrumented(text) || !options.instrumentBuilt) return text;
  return instrument(file, text, sourceType, options.cwd);
}

/** Reads the new `text` of a loaded `file` and says how it would be applied; a syntax error is an error event. */
export function prepare(file: string, text: string, options: PrepareOptions): Prepared {
  const module = loadedModule(file);
  if (!module || text === module.text) return { kind: 'none' };
  const sourceType = module.format === 'module' ? 'module' : 'script';
  let version: ModuleVersion | undefined;
  let running: string;
  try {
    running = runningCode(file, text, sourceType, options);
    version = analyse(running, sourceType);
  } catch (error) {
    if (!(error instanceof VersionSyntaxError)) throw error;
    const location = describePosition(file, loadSourceMap(file, text), error.line, error.column, options.cwd);
    return { kind: 'error', event: { type: 'error', file, moduleId: module.moduleId, location, message: `SyntaxError: ${error.message}` } };
  }
  if (!version) {
    const message = 'the new version is not instrumented (was it built without the Mighty Patcher plugin?)';
    return { kind: 'error', event: { type: 'error', file, moduleId: module.moduleId, message } };
  }
  // Parsed once per version that runs, not on every patch.
  const base = (module.base ??= analyse(runningCode(file, module.text, sourceType, options), sourceType)!);
  const at = base.moduleId === version.moduleId ? shapeDifference(base, version) : 0;
  if (at === -1) return { kind: 'body', module, version, text, running, added: [] };
  const added = base.moduleId === version.moduleId ? addedFunctions(base, version) : undefined;
  if (added) return { kind: 'body', module, version, text, running, added };
  const { line, column } = positionOf(running, at);
  const reason = `changed outside function bodies at ${describePosition(file, loadSourceMap(file, running), line, column, options.cwd)}`;
  return { kind: 're-evaluate', module, version, text, running, reason };
}
