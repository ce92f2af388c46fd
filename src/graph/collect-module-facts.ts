import { ts } from '../typescript.js';
import { storedUnderContext, type FactContext, type KeptThrough } from './collect-facts.js';
import { mutualLinkTracker, type MutualLink } from './mutual-links.js';
import type { Fact } from './field-graph.js';
import { memberName } from './find-classes.js';
import { accessPath, storedUnderTracker, type StoredUnder } from './stored-under.js';

/**
 * Facts from the code of a file outside its classes: functions, object-literal handlers and
 * top-level statements. Only `constructs-stored-under` and `links-mutually` are collected there,
 * since every other kind is about `this` or a class's own members; but wiring often lives in such
 * code: prosemirror-view creates the MouseDown its view keeps in an event handler
 * (`view.input.mouseDown = new MouseDown(view, ...)`), a factory may attach a child to the parent it
 * is given, and a list's helpers link its nodes. Class
 * bodies are left to collectFacts (nested classes included); a file whose text passes no fact
 * gate is not walked.
 */
export function collectModuleFacts(sourceFile: ts.SourceFile, file: string, context: FactContext, facts: Fact[], kept: KeptThrough[]): void {
  if (!context.mayHoldFacts(sourceFile.text)) return;
  // One tracker for the file, as collectFacts has one per member: `const c = new C(root)` and
  // `root.child = c` may be two top-level statements, and a callback sees its function's locals.
  const located = (fact: StoredUnder | MutualLink, at: ts.Node): Fact => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(at.getStart(sourceFile));
    return { ...fact, method: enclosingFunctionName(at, sourceFile), file, line: line + 1, column: character + 1 };
  };
  const checks = storedUnderContext(context);
  const track = storedUnderTracker(
    checks,
    { ownFieldOfThisElsewhere: false },
    (fact, at) => facts.push(located(fact, at)),
    (fact, through, at) => kept.push({ fact: located(fact, at), ...through, context }),
  );
  const trackMutualLinks = mutualLinkTracker(
    { ...checks, fieldNames: context.fieldNames },
    (fact, at) => facts.push(located(fact, at)),
    (fact, through, at) => kept.push({ fact: located(fact, at), ...through, context }),
  );
  const visit = (node: ts.Node): void => {
    if (node.kind < ts.SyntaxKind.FirstNode || (node.kind >= ts.SyntaxKind.FirstTypeNode && node.kind <= ts.SyntaxKind.LastTypeNode)) return;
    if (ts.isClassLike(node)) return;
    track(node);
    trackMutualLinks(node);
    ts.forEachChild(node, visit);
  };
  for (const statement of sourceFile.statements) if (mayHoldCode(statement)) visit(statement);
}

/** Statements that can hold code that runs (not imports, type declarations or classes). */
function mayHoldCode(statement: ts.Statement): boolean {
  return !(
    ts.isClassDeclaration(statement) ||
    ts.isImportDeclaration(statement) ||
    ts.isImportEqualsDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isExportDeclaration(statement)
  );
}

/**
 * The name of the nearest named function around a node: `attach` for `function attach()`,
 * `handlers.mousedown` for `handlers.mousedown = (view) => ...`, `mousedown` for a property or
 * method of an object literal; an anonymous callback takes its enclosing function's name.
 * `<module>` at the top level.
 */
function enclosingFunctionName(node: ts.Node, sourceFile: ts.SourceFile): string {
  for (let current = node.parent; current && !ts.isSourceFile(current); current = current.parent) {
    if (!ts.isFunctionLike(current)) continue;
    const name = functionName(current, sourceFile);
    if (name) return name;
  }
  return '<module>';
}

function functionName(node: ts.SignatureDeclaration, sourceFile: ts.SourceFile): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.name) return node.name.text;
  if (ts.isFunctionDeclaration(node) && node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)) return 'default';
  if (ts.isMethodDeclaration(node) || ts.isAccessor(node)) return memberName(node.name, sourceFile);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent)) return memberName(parent.name, sourceFile);
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node) return accessPath(parent.left);
  return undefined;
}
