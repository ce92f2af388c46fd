import { ts } from '../typescript.js';
import type { PlanEntry } from '../plan/migration-plan.js';
import type { LoadedProject } from '../project/load-project.js';
import { classNameOf } from '../graph/find-classes.js';
import { skipParens } from '../graph/skip-parens.js';
import type { SkippedEntry } from './change-set.js';

/**
 * weakref entries whose field other code removes with `delete`. weakref-accessor puts the field's
 * accessors on the prototype, and `delete obj.map` only removes an own property: after the change
 * it does nothing, and the object keeps its old owner (maptalks: `map.removeLayer(layer)` then
 * `layer.getMap()` returned the map it had left). The transform turns `delete this.<field>` in
 * the field's own class into an assignment of undefined, which the setter stores; a `delete` of
 * the field anywhere else (another class, a subclass, a function, `delete this['map']`) is found
 * here through the checker, in the whole program, and refuses the entry with its place. Classes
 * are matched by the name the analysis gives them (`const Layer = class {}` is Layer). Not seen: a
 * delete through a type that is not the class (`delete (layer as any).map`, a structural type).
 */
export function deletedElsewhere(loaded: Pick<LoadedProject, 'program' | 'relative'>, entries: readonly PlanEntry[]): SkippedEntry[] {
  const weakref = entries.filter((entry) => entry.action === 'weakref');
  if (weakref.length === 0) return [];
  const fieldNames = new Set(weakref.map((entry) => entry.field));
  const checker = loaded.program.getTypeChecker();
  const skipped: SkippedEntry[] = [];
  const refused = new Set<PlanEntry>();
  for (const sourceFile of loaded.program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || loaded.program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    // Most files delete nothing: a text test first.
    if (!sourceFile.text.includes('delete')) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isDeleteExpression(node)) check(node);
      ts.forEachChild(node, visit);
    };
    const check = (node: ts.DeleteExpression): void => {
      const operand = skipParens(node.expression);
      const name = ts.isPropertyAccessExpression(operand)
        ? operand.name
        : ts.isElementAccessExpression(operand) && ts.isStringLiteralLike(operand.argumentExpression)
          ? operand.argumentExpression
          : undefined;
      if (!name || !fieldNames.has(name.text)) return;
      const symbol = checker.getSymbolAtLocation(name);
      for (const entry of weakref) {
        if (refused.has(entry) || entry.field !== name.text || !declaredBy(symbol, entry, loaded)) continue;
        if (rewrittenByTransform(withoutParentheses(node.expression), entry, loaded)) continue;
        const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
        const at = `${loaded.relative(sourceFile.fileName)}:${line + 1}`;
        skipped.push({
          entryId: entry.id,
          file: entry.file,
          reason:
            `${entry.class}.${entry.field} is removed with \`delete\` at ${at}, which does nothing to the accessor the weakref fix adds ` +
            `(it lives on the prototype), so the object would keep pointing at what it left: assign undefined there instead, or use the dispose fix.`,
        });
        refused.add(entry);
      }
    };
    visit(sourceFile);
  }
  return skipped;
}

/** Whether a property symbol is the entry's field, declared by the entry's class (a subclass reaches it through the same symbol). */
function declaredBy(symbol: ts.Symbol | undefined, entry: PlanEntry, loaded: Pick<LoadedProject, 'relative'>): boolean {
  return (symbol?.declarations ?? []).some((declaration) => {
    const owner = ts.isParameter(declaration) ? declaration.parent.parent : declaration.parent;
    return ts.isClassLike(owner) && classNameOf(owner) === entry.class && loaded.relative(owner.getSourceFile().fileName) === entry.file;
  });
}

/**
 * `delete this.<field>` where `this` is an object of the entry's own class (a method, accessor,
 * constructor or instance field initializer of it, arrow functions included): what weakref-accessor
 * rewrites. A subclass's or a `function`'s `this` is not.
 */
function rewrittenByTransform(operand: ts.Expression, entry: PlanEntry, loaded: Pick<LoadedProject, 'relative'>): boolean {
  if (!ts.isPropertyAccessExpression(operand) || operand.expression.kind !== ts.SyntaxKind.ThisKeyword) return false;
  const container = thisContainer(operand);
  const isMember = ts.isMethodDeclaration(container) || ts.isConstructorDeclaration(container) || ts.isAccessor(container) || ts.isPropertyDeclaration(container);
  if (!isMember || ts.getModifiers(container as ts.HasModifiers)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)) return false;
  const cls = container.parent;
  return ts.isClassLike(cls) && classNameOf(cls) === entry.class && loaded.relative(cls.getSourceFile().fileName) === entry.file;
}

/** The node that gives `this` its value where `node` is: arrow functions have none of their own. */
function thisContainer(node: ts.Node): ts.Node {
  let current = node.parent;
  while (current && !ts.isSourceFile(current)) {
    if (ts.isFunctionLike(current) && !ts.isArrowFunction(current)) return current;
    if (ts.isPropertyDeclaration(current) || ts.isClassStaticBlockDeclaration(current)) return current;
    current = current.parent;
  }
  return current;
}

/** Parentheses only: Babel, which the transform reads with, keeps no node for them (`delete (this.map as any)` it does not rewrite). */
function withoutParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}
