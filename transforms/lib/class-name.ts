import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';

/**
 * The name the analysis gives a class (src/graph/find-classes.ts, nameOf), read from a
 * jscodeshift (Babel) path. Plans name classes so, and a transform must find the class the plan
 * means, whatever form it is declared in:
 * - `class Foo {}` is Foo, and `export default class {}` is `default`;
 * - a class returned by a mixin function, `function Named(Base) { return class extends Base {} }`,
 *   is `Named(Base)`, as people call the mixin;
 * - a class expression is its own name, else the name it is bound to: `const Foo = class {}`,
 *   `{ Foo: class {} }`, `exports.Foo = class {}`, a class's field `Foo = class {}`.
 * Undefined for anything else (an anonymous class passed along): the analysis calls it
 * `<anonymous class>`, which names no one class.
 */
export function classNameOf(path: ASTPath): string | undefined {
  const node = path.node as AnyNode;
  if (node.type === 'ClassDeclaration') return node.id?.name ?? (path.parent?.node.type === 'ExportDefaultDeclaration' ? 'default' : undefined);
  if (node.type !== 'ClassExpression') return undefined;
  const mixin = enclosingMixinFunction(path);
  if (mixin) return mixin;
  if (node.id) return node.id.name;
  const parent = path.parent?.node as AnyNode | undefined;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent?.type === 'ObjectProperty' || parent?.type === 'Property' || parent?.type === 'ClassProperty') && !parent.computed && parent.key.type === 'Identifier') return parent.key.name;
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression' && !parent.left.computed && parent.left.property.type === 'Identifier') {
    return parent.left.property.name;
  }
  return undefined;
}

/**
 * The names a class answers to in a plan or a `--fields` list: the analysis's, and its own when
 * it has another (`return class Linked extends Base` in `withLinks` is `withLinks(Base)` to the
 * analysis and `Linked` to whoever reads the code).
 */
export function classNamesOf(path: ASTPath): string[] {
  const name = classNameOf(path);
  const own: string | undefined = (path.node as AnyNode).id?.name;
  return [...new Set([name, own].filter((value): value is string => value !== undefined))];
}

/**
 * The name generated code calls the class by (`Tile.board was read after ...`, `tileBoardRefs`):
 * its own, else the analysis's, a mixin's without its parameter (`withLinks`).
 */
export function codeNameOf(path: ASTPath): string | undefined {
  return (path.node as AnyNode).id?.name ?? classNameOf(path)?.replace(/\(.*$/, '');
}

/** Every class of the file (declarations and expressions) that answers to `name` (see classNamesOf). */
export function classesNamed(j: JSCodeshift, root: Collection, name: string): ASTPath[] {
  return [...root.find(j.ClassDeclaration).paths(), ...root.find(j.ClassExpression).paths()].filter((path) => classNamesOf(path).includes(name));
}

// Babel's node shapes, read loosely as the transforms read them.
type AnyNode = { type: string; [key: string]: any };

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassMethod', 'ObjectMethod']);

/**
 * A class declared inside a function (a mixin's): its type reaches other modules only through the
 * function's inferred return type, which declaration emit writes out and which cannot name a
 * private member (TS4094).
 */
export function declaredInFunction(path: ASTPath): boolean {
  for (let at: ASTPath | undefined = path.parent; at; at = at.parent) if (FUNCTIONS.has(at.node?.type)) return true;
  return false;
}

function enclosingMixinFunction(path: ASTPath): string | undefined {
  if (!(path.node as AnyNode).superClass) return undefined;
  let returned: ASTPath = path;
  while (returned.parent && ['ParenthesizedExpression', 'TSAsExpression'].includes(returned.parent.node.type)) returned = returned.parent;
  const parent: ASTPath | undefined = returned.parent;
  let fn: ASTPath | undefined;
  if (parent?.node.type === 'ReturnStatement') {
    for (fn = parent.parent; fn && !FUNCTIONS.has(fn.node.type); fn = fn.parent);
  } else if (parent?.node.type === 'ArrowFunctionExpression' && (parent.node as AnyNode).body === returned.node) {
    fn = parent;
  }
  if (!fn) return undefined;
  const name = functionName(fn);
  if (!name) return undefined;
  const base = (fn.node as AnyNode).params?.[0];
  return `${name}(${base?.type === 'Identifier' ? base.name : ''})`;
}

function functionName(fn: ASTPath): string | undefined {
  const node = fn.node as AnyNode;
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.id) return node.id.name;
  if (node.type === 'ClassMethod' || node.type === 'ObjectMethod') return node.key.type === 'Identifier' && !node.computed ? node.key.name : undefined;
  const parent = fn.parent?.node as AnyNode | undefined;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return undefined;
}
