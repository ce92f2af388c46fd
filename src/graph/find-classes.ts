import { ts } from '../typescript.js';
import type { ClassNode } from './field-graph.js';

/** A class found in a project file, with the compiler node the later passes walk. */
export interface FoundClass {
  node: ts.ClassLikeDeclaration;
  info: ClassNode;
}

type WithSymbol = ts.Node & { symbol?: ts.Symbol };

/** The symbol the binder gave a declaration: class expressions have one even without a name. */
export function declarationSymbol(node: ts.Node): ts.Symbol | undefined {
  return (node as WithSymbol).symbol;
}

/**
 * Every class in one source file: declarations, class expressions (named after the class or the
 * variable that holds them), and class expressions returned by mixin functions. Nested classes
 * are found too; each is its own node.
 */
export function findClasses(sourceFile: ts.SourceFile, file: string, external: boolean): FoundClass[] {
  const found: FoundClass[] = [];
  // Every class has the keyword, which cannot be written with escapes: only subtrees whose text
  // holds the word can hold a class. Most of a file is skipped that way, all of it when the
  // word is absent (the walk was 3% of a large project's analysis).
  const keywords = wordPositions(sourceFile.text, 'class');
  if (keywords.length === 0) return found;
  const usedIds = new Set<string>();
  const visit = (node: ts.Node): void => {
    // Tokens and type annotations cannot contain a class: skip them (most of a file's nodes).
    if (node.kind < ts.SyntaxKind.FirstNode || (node.kind >= ts.SyntaxKind.FirstTypeNode && node.kind <= ts.SyntaxKind.LastTypeNode)) return;
    if (!anyWithin(keywords, node.pos, node.end)) return;
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      const { name, kind } = nameOf(node);
      const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
      let id = `${file}#${name}`;
      // Two classes of one name in one file (a mixin factory called twice, nested scopes).
      if (usedIds.has(id)) id = `${id}@${line + 1}:${character + 1}`;
      usedIds.add(id);
      found.push({
        node,
        info: {
          id,
          name,
          kind,
          file,
          line: line + 1,
          column: character + 1,
          abstract: ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword) ?? false,
          extends: [],
          implements: [],
          disposeMethods: [],
          methods: [],
          serialised: false,
          external,
        },
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** Start offsets of `word` where it stands as a whole word (not `classList`, not `subclass`), ascending. */
function wordPositions(text: string, word: string): number[] {
  const positions: number[] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    if (!isWordCharacter(text.charCodeAt(at - 1)) && !isWordCharacter(text.charCodeAt(at + word.length))) positions.push(at);
  }
  return positions;
}

function isWordCharacter(code: number): boolean {
  // NaN (before the start, after the end) compares false everywhere. Non-ASCII counts as a
  // separator: it may be white space (a no-break space before `class`), and a false match only costs a visit.
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
}

/** Whether a sorted list holds a value in [start, end). */
function anyWithin(sorted: readonly number[], start: number, end: number): boolean {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < start) low = middle + 1;
    else high = middle;
  }
  return low < sorted.length && sorted[low]! < end;
}

/** The name the analysis, and so a plan, gives a class: see nameOf. */
export function classNameOf(node: ts.ClassLikeDeclaration): string {
  return nameOf(node).name;
}

function nameOf(node: ts.ClassLikeDeclaration): { name: string; kind: ClassNode['kind'] } {
  if (ts.isClassDeclaration(node)) return { name: node.name?.text ?? 'default', kind: 'class' };
  const mixin = enclosingMixinFunction(node);
  if (mixin) return { name: mixin, kind: 'mixin' };
  if (node.name) return { name: node.name.text, kind: 'class-expression' };
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return { name: parent.name.text, kind: 'class-expression' };
  // `{ Helper: class {} }`, and a class's own field `private Helper = class {}` (grpc-js's ChildPolicyHelper).
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) return { name: parent.name.text, kind: 'class-expression' };
  if (ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left)) return { name: parent.left.name.text, kind: 'class-expression' };
  return { name: '<anonymous class>', kind: 'class-expression' };
}

/**
 * `function Named<T extends Ctor>(Base: T) { return class extends Base {...} }` (or an arrow
 * function doing the same): the class is labelled `Named(Base)`, as people call the mixin.
 */
function enclosingMixinFunction(node: ts.ClassExpression): string | undefined {
  let returned: ts.Node = node;
  while (ts.isParenthesizedExpression(returned.parent) || ts.isAsExpression(returned.parent)) returned = returned.parent;
  const parent = returned.parent;
  let fn: ts.Node | undefined;
  if (ts.isReturnStatement(parent)) {
    fn = parent.parent;
    while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  } else if (ts.isArrowFunction(parent) && parent.body === returned) {
    fn = parent;
  }
  if (!fn || !node.heritageClauses?.some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)) return undefined;
  const fnName = functionName(fn);
  if (!fnName) return undefined;
  const base = (fn as ts.SignatureDeclaration).parameters[0]?.name;
  return `${fnName}(${base && ts.isIdentifier(base) ? base.text : ''})`;
}

function functionName(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) {
    return fn.name.text;
  }
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** `dispose`, `#close`, `[Symbol.dispose]`: a member name as people write it. */
export function memberName(name: ts.PropertyName | ts.BindingName, sourceFile: ts.SourceFile): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return `[${name.expression.getText(sourceFile)}]`;
  return undefined;
}
