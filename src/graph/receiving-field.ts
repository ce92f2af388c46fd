import { ts } from '../typescript.js';
import type { ClassId } from './field-graph.js';

/** What receivingField needs to know about the project's classes. */
export interface ConstructorLookup {
  /** The declaration of a project class (undefined for classes outside the project). */
  declarationOf(classId: ClassId): ts.ClassLikeDeclaration | undefined;
  /** The project class it extends, if any. */
  baseOf(classId: ClassId): ClassId | undefined;
}

// A base class passing its parameter on through five levels of `super(...)` is already rare.
const MAX_DEPTH = 5;

/**
 * Which field of the object `new C(...)` creates keeps the argument at `position`: a parameter
 * property (`constructor(public parent: Node)`), `this.parent = parent` in the constructor, or
 * either in a base class the constructor passes the parameter on to (`super(parent, [])`, or no
 * constructor at all: the base's receives the arguments). Read from the constructor
 * implementation's syntax, which is what runs whatever overload the call matched. Undefined when
 * the constructor does anything less direct with the argument (or is outside the project).
 *
 * It tells detection which way a `new Child(this)` points: in a tree of one class,
 * `new ViewDesc(this, ...)` could mean either field of the pair until the receiving field is known.
 */
export function receivingField(classId: ClassId, position: number, lookup: ConstructorLookup, depth = 0): string | undefined {
  if (depth > MAX_DEPTH || position < 0) return undefined;
  const declaration = lookup.declarationOf(classId);
  if (!declaration) return undefined;
  const constructor = declaration.members.find((member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && member.body !== undefined);
  if (!constructor) {
    const base = lookup.baseOf(classId);
    return base ? receivingField(base, position, lookup, depth + 1) : undefined;
  }
  const parameter = constructor.parameters[position];
  if (!parameter || parameter.dotDotDotToken || !ts.isIdentifier(parameter.name)) return undefined;
  if (ts.isParameterPropertyDeclaration(parameter, constructor)) return parameter.name.text;

  const name = parameter.name.text;
  let field: string | undefined;
  const visit = (node: ts.Node): void => {
    if (field !== undefined || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isParameter(node.right, name)) {
      const left = skipOuter(node.left);
      if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) {
        field = left.name.text;
        return;
      }
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
      const passedAt = node.arguments.findIndex((argument) => isParameter(argument, name));
      const base = lookup.baseOf(classId);
      if (passedAt >= 0 && base && !node.arguments.slice(0, passedAt).some(ts.isSpreadElement)) {
        field = receivingField(base, passedAt, lookup, depth + 1);
        if (field !== undefined) return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(constructor.body!);
  return field;
}

function isParameter(expression: ts.Expression, name: string): boolean {
  const inner = skipOuter(expression);
  return ts.isIdentifier(inner) && inner.text === name;
}

/** `(p)`, `p!`, `p as Node`, `p satisfies Node`: still the parameter. */
function skipOuter(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return current;
}
