import { ts } from '../typescript.js';
import { isEmpty } from './collect-facts.js';
import type { DisposalInfo } from './field-graph.js';
import { memberName } from './find-classes.js';
import { skipParens } from './skip-parens.js';

/**
 * What a dispose-like method does to break links, read from its text alone: which fields of
 * `this` it empties (`this.parent = undefined`, `delete this.parent`), and, for each field of
 * `this`, which methods it calls on what that field holds and which of their fields it empties
 * (`for (const child of this.children) child.dispose()`, `this.toolbar?.dispose()`,
 * `this._widgets.pop()!.dispose()`, `this.items.forEach((item) => (item.owner = null))`).
 * The methods of the class it calls on `this` count as its own code (`dispose() { this.clear() }`).
 *
 * Detection uses it to tell a back-pointer whose cycle a dispose method already breaks (the fix
 * inject-dispose writes, or the project's own) from one that still needs a fix. No checker: a
 * dispose method is short, and what it reaches is spelled out in it.
 */
export function readDisposal(method: ts.MethodDeclaration, cls: ts.ClassLikeDeclaration, sourceFile: ts.SourceFile, name: string): DisposalInfo {
  const clears = new Set<string>();
  const held = new Map<string, { calls: Set<string>; resets: Set<string> }>();
  let callsSuper = false;
  const heldBy = (field: string) => {
    let entry = held.get(field);
    if (!entry) held.set(field, (entry = { calls: new Set(), resets: new Set() }));
    return entry;
  };
  const ownMethods = new Map<string, ts.MethodDeclaration>();
  for (const member of cls.members) {
    if (!ts.isMethodDeclaration(member) || !member.body || member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
    const own = memberName(member.name, sourceFile);
    if (own !== undefined) ownMethods.set(own, member);
  }
  const walked = new Set<ts.MethodDeclaration>();

  // A local's value: the field of `this` whose objects it holds (`for (const c of this.children)`),
  // or null when it is something else (also a parameter shadowing such a local).
  type Scope = Map<string, string | null>;

  /** The field of `this` whose object (or one of whose objects) the expression is, if any. */
  const heldFrom = (expression: ts.Expression, scope: Scope): string | undefined => {
    const node = skipParens(expression);
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) return node.name.text;
    if (ts.isIdentifier(node)) return scope.get(node.text) ?? undefined;
    if (ts.isElementAccessExpression(node)) return heldFrom(node.expression, scope);
    if (ts.isArrayLiteralExpression(node)) {
      // `[...this.children]`: a copy to loop over while the original changes.
      for (const element of node.elements) {
        const from = ts.isSpreadElement(element) ? heldFrom(element.expression, scope) : undefined;
        if (from !== undefined) return from;
      }
      return undefined;
    }
    if (ts.isCallExpression(node)) {
      const callee = skipParens(node.expression);
      // `this.children.values()`, `.slice()`, `.pop()`, `.get(key)`: what a collection gives back.
      if (ts.isPropertyAccessExpression(callee)) {
        const receiver = skipParens(callee.expression);
        if (ts.isIdentifier(receiver) && (receiver.text === 'Object' || receiver.text === 'Array')) {
          // `Object.values(this.byId)`, `Array.from(this.items)`.
          const first = node.arguments[0];
          return first && !ts.isSpreadElement(first) ? heldFrom(first, scope) : undefined;
        }
        if (receiver.kind !== ts.SyntaxKind.ThisKeyword) return heldFrom(receiver, scope);
      }
    }
    return undefined;
  };

  const bindAll = (name: ts.BindingName, value: string | null, scope: Scope): void => {
    if (ts.isIdentifier(name)) {
      scope.set(name.text, value);
      return;
    }
    // `for (const [, layer] of this.layers)`: the entry's parts come from the same field.
    for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindAll(element.name, value, scope);
  };

  const visit = (node: ts.Node, scope: Scope): void => {
    if (ts.isBlock(node)) {
      const inner: Scope = new Map(scope);
      for (const statement of node.statements) visit(statement, inner);
      return;
    }
    if (ts.isVariableDeclaration(node)) {
      if (node.initializer) visit(node.initializer, scope);
      bindAll(node.name, node.initializer ? (heldFrom(node.initializer, scope) ?? null) : null, scope);
      return;
    }
    if (ts.isForOfStatement(node)) {
      visit(node.expression, scope);
      const inner: Scope = new Map(scope);
      const from = heldFrom(node.expression, scope) ?? null;
      if (ts.isVariableDeclarationList(node.initializer)) for (const declaration of node.initializer.declarations) bindAll(declaration.name, from, inner);
      visit(node.statement, inner);
      return;
    }
    if (ts.isFunctionLike(node)) {
      // A nested function: its parameters shadow the locals of the same name, unless it is the
      // callback of a collection's method (`this.children.forEach((child) => child.dispose())`).
      const inner: Scope = new Map(scope);
      const call = node.parent && ts.isCallExpression(node.parent) && node.parent.arguments.includes(node as unknown as ts.Expression) ? node.parent : undefined;
      const callee = call && skipParens(call.expression);
      const from = callee && ts.isPropertyAccessExpression(callee) ? heldFrom(callee.expression, scope) : undefined;
      node.parameters.forEach((parameter, at) => bindAll(parameter.name, at === 0 && from !== undefined ? from : null, inner));
      if ('body' in node && node.body) visit(node.body, inner);
      return;
    }
    if (ts.isCallExpression(node)) {
      const callee = skipParens(node.expression);
      if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
        const calledName = ts.isPropertyAccessExpression(callee) ? callee.name.text : elementName(callee, sourceFile);
        const receiver = skipParens(callee.expression);
        if (calledName !== undefined) {
          if (receiver.kind === ts.SyntaxKind.SuperKeyword && calledName === name) callsSuper = true;
          else if (receiver.kind === ts.SyntaxKind.ThisKeyword) {
            // `this.clear()`: the class's own code, part of what disposing does.
            const own = ownMethods.get(calledName);
            if (own && !walked.has(own)) {
              walked.add(own);
              visit(own.body!, new Map());
            }
          } else {
            const from = heldFrom(receiver, scope);
            if (from !== undefined) heldBy(from).calls.add(calledName);
          }
        }
      }
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isEmpty(skipParens(node.right))) {
      emptied(node.left, scope);
    } else if (ts.isDeleteExpression(node)) {
      emptied(node.expression, scope);
    }
    ts.forEachChild(node, (child) => visit(child, scope));
  };

  const emptied = (target: ts.Expression, scope: Scope): void => {
    const access = skipParens(target);
    if (!ts.isPropertyAccessExpression(access)) return;
    const object = skipParens(access.expression);
    if (object.kind === ts.SyntaxKind.ThisKeyword) clears.add(access.name.text);
    else {
      const from = heldFrom(object, scope);
      if (from !== undefined) heldBy(from).resets.add(access.name.text);
    }
  };

  walked.add(method);
  if (method.body) visit(method.body, new Map());
  return {
    method: name,
    line: sourceFile.getLineAndCharacterOfPosition(method.getStart(sourceFile)).line + 1,
    clears: [...clears].sort(),
    held: [...held]
      .map(([field, entry]) => ({ field, calls: [...entry.calls].sort(), resets: [...entry.resets].sort() }))
      .sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0)),
    ...(callsSuper ? { callsSuper: true as const } : {}),
  };
}

/** `child[Symbol.dispose]()`: the method's name as members name it. */
function elementName(access: ts.ElementAccessExpression, sourceFile: ts.SourceFile): string | undefined {
  const argument = access.argumentExpression;
  if (ts.isStringLiteral(argument)) return argument.text;
  if (ts.isPropertyAccessExpression(argument)) return `[${argument.getText(sourceFile)}]`;
  return undefined;
}
