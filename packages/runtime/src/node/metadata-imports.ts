// Decorator metadata (`emitDecoratorMetadata`) as `tsc` writes it. In ES module output: `tsc` knows the type of
// a decorated parameter: a class is written into the metadata, an interface becomes `Object` and its import is
// dropped. SWC does not know types: it writes `typeof IService === "undefined" ? Object : IService` and keeps the
// import, which CommonJS survives (a missing export reads `undefined`) but an ES module does not: importing a name
// its module does not export fails the whole program at link time ("does not provide an export named
// 'IService'"; inversify and NestJS code importing an interface without `type`). So a name imported only for such
// metadata is read through a namespace import instead, where a missing export is `undefined` and a class is the
// class. CommonJS output and parameters with no type: `metadataReadsGuarded`, `untypedParameters`.
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import type { Node } from './analyse';

/**
 * SWC's guard around a type it cannot know is a value: `typeof X === "undefined" ? Object : X`, or in CommonJS
 * output `typeof _user.User === "undefined" ? Object : _user.User` (`member`).
 */
function metadataReference(node: Node, member = false): Node | undefined {
  const { test, consequent, alternate } = node;
  if (test?.type !== 'BinaryExpression' || test.operator !== '===' || test.right.type !== 'Literal' || test.right.value !== 'undefined') return undefined;
  const operand = test.left.type === 'UnaryExpression' && test.left.operator === 'typeof' ? test.left.argument : undefined;
  if (consequent.type !== 'Identifier' || consequent.name !== 'Object') return undefined;
  if (member) {
    const read = (of: Node) => of?.type === 'MemberExpression' && !of.computed && of.object.type === 'Identifier' && of.property.type === 'Identifier' ? `${of.object.name}.${of.property.name}` : undefined;
    return read(operand) !== undefined && read(operand) === read(alternate) ? operand : undefined;
  }
  if (operand?.type !== 'Identifier') return undefined;
  return alternate.type === 'Identifier' && alternate.name === operand.name ? operand : undefined;
}

/** The helper `metadataReadsGuarded` appends: a class still in its temporal dead zone is `Object`, as undefined is. */
const METADATA_TYPE = 'function _mp_metadataType(read) { try { var type = read(); return type === undefined ? Object : type; } catch (error) { if (error instanceof ReferenceError) return Object; throw error; } }';

/**
 * `code` (CommonJS output) with every metadata read of another module's export guarded. SWC defines a module's
 * exports as getters above its classes, so in an import cycle (TypeORM entities that refer to each other, a
 * NestJS service injected both ways) reading `_user.User` for `design:type` while `class User` is still being
 * evaluated throws "Cannot access 'User' before initialization", and the program dies at load; `tsc` assigns its
 * exports after the class, so the same read is `undefined` there (SWC's guard then gives `Object`).
 */
export function metadataReadsGuarded(code: string): string {
  if (!code.includes('=== "undefined" ? Object :') && !code.includes(PARAMTYPES)) return code;
  let program: Node;
  try {
    program = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true }) as Node;
  } catch {
    return code; // what acorn does not read is left as SWC wrote it
  }
  const edits = untypedParameters(program);
  let guarded = false;
  walk.full(program, (node: Node) => {
    const operand = node.type === 'ConditionalExpression' ? metadataReference(node, true) : undefined;
    if (operand) edits.push({ start: node.start, end: node.end, text: `_mp_metadataType(() => ${code.slice(operand.start, operand.end)})` });
    guarded ||= operand !== undefined;
  });
  const result = edited(code, edits);
  return guarded ? `${result}\n${METADATA_TYPE}` : result;
}

type Edit = { start: number; end: number; text: string };

const PARAMTYPES = '"design:paramtypes"';

/**
 * A parameter with no type is `Object` in `design:paramtypes`, as `tsc` writes it (its type is `any`); SWC writes
 * `void 0`, which @nestjs/swagger reads at start-up (`param.type.prototype`: the program died where an `@Query()
 * query` or `@Param() params` has no type; helper-67).
 */
function untypedParameters(program: Node): Edit[] {
  const edits: Edit[] = [];
  walk.simple(program, {
    CallExpression(call: Node) {
      const [key, types] = call.arguments as Node[];
      if (key?.type !== 'Literal' || key.value !== 'design:paramtypes' || types?.type !== 'ArrayExpression') return;
      for (const type of types.elements as (Node | null)[]) {
        const none = type && ((type.type === 'UnaryExpression' && type.operator === 'void' && type.argument.type === 'Literal') || (type.type === 'Identifier' && type.name === 'undefined'));
        if (none) edits.push({ start: type.start, end: type.end, text: 'Object' });
      }
    },
  });
  return edits;
}

/** `code` with `edits` (which do not overlap) made. */
function edited(code: string, edits: Edit[]): string {
  let result = code;
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) result = `${result.slice(0, start)}${text}${result.slice(end)}`;
  return result;
}

/** `code` with every import used only by decorator metadata read through a namespace import (same lines). */
export function metadataImportsByNamespace(code: string): string {
  if (!code.includes('=== "undefined" ? Object :') && !code.includes(PARAMTYPES)) return code;
  let program: Node;
  try {
    program = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'module' }) as Node;
  } catch {
    return code; // what acorn does not read is left as SWC wrote it
  }
  const inMetadata = new Map<string, Node[]>();
  const uses = new Map<string, number>();
  walk.fullAncestor(program, (node: Node, _state: unknown, ancestors: Node[]) => {
    if (node.type === 'ConditionalExpression') {
      const operand = metadataReference(node);
      if (operand) inMetadata.set(operand.name, [...(inMetadata.get(operand.name) ?? []), operand, node.alternate]);
    }
    if (node.type !== 'Identifier') return;
    const parent = ancestors[ancestors.length - 2];
    // A property's name is no use of a binding, nor is an import's own specifier.
    if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) return;
    if ((parent?.type === 'Property' || parent?.type === 'PropertyDefinition' || parent?.type === 'MethodDefinition') && parent.key === node && !parent.computed) return;
    if (parent?.type === 'ImportSpecifier' || parent?.type === 'ImportDefaultSpecifier' || parent?.type === 'ImportNamespaceSpecifier') return;
    uses.set(node.name, (uses.get(node.name) ?? 0) + 1);
  });
  const text = (node: Node) => code.slice(node.start, node.end);
  const edits = untypedParameters(program);
  let count = 0;
  for (const declaration of program.body as Node[]) {
    if (declaration.type !== 'ImportDeclaration' || declaration.attributes?.length) continue;
    const moved = (declaration.specifiers as Node[]).filter(
      (specifier) =>
        specifier.type !== 'ImportNamespaceSpecifier' && inMetadata.has(specifier.local.name) && uses.get(specifier.local.name) === inMetadata.get(specifier.local.name)!.length,
    );
    if (moved.length === 0) continue;
    const namespace = `_mp_metadata${count++}`;
    for (const specifier of moved) {
      const exported = specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.imported.type === 'Literal' ? JSON.stringify(specifier.imported.value) : specifier.imported.name;
      const read = exported.startsWith('"') ? `${namespace}[${exported}]` : `${namespace}.${exported}`;
      for (const reference of inMetadata.get(specifier.local.name)!) edits.push({ start: reference.start, end: reference.end, text: read });
    }
    const kept = (declaration.specifiers as Node[]).filter((specifier) => !moved.includes(specifier));
    const named = kept.filter((specifier) => specifier.type === 'ImportSpecifier');
    const parts = [
      ...kept.filter((specifier) => specifier.type !== 'ImportSpecifier').map(text),
      ...(named.length > 0 ? [`{ ${named.map(text).join(', ')} }`] : []),
    ];
    const source = text(declaration.source);
    // The module is still imported where nothing else of it is kept: it runs as it did, before this one.
    const keptImport = parts.length > 0 ? `import ${parts.join(', ')} from ${source}; ` : '';
    const namespaceImport = `import * as ${namespace} from ${source};`;
    edits.push({ start: declaration.start, end: declaration.end, text: `${keptImport}${namespaceImport}` });
  }
  return edited(code, edits);
}
