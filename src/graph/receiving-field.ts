import { ts } from '../typescript.js';
import type { ClassId } from './field-graph.js';
import { skipParens } from './skip-parens.js';

/** What receivingFields needs to know about the project's classes. */
export interface ConstructorLookup {
  /** The declaration of a project class (undefined for classes outside the project). */
  declarationOf(classId: ClassId): ts.ClassLikeDeclaration | undefined;
  /** The project class it extends, if any. */
  baseOf(classId: ClassId): ClassId | undefined;
}

// A base class passing its parameter on through five levels of `super(...)` is already rare.
const MAX_DEPTH = 5;

/**
 * Where `this` sits among the arguments of `new C(...)`: an argument itself (`new Child(this)`),
 * or a property of an options object (`new CommandManager({ editor: this })`), by position.
 */
export interface ThisArgument {
  position: number;
  /** The property of the options object whose value is `this`. */
  key?: string;
}

/** Where `this` is passed; `isOwnThis` also accepts what stands for it (`self` after `const self = this`). */
export function thisArgumentOf(args: readonly ts.Expression[] | undefined, isOwnThis: (expression: ts.Expression) => boolean = isThisExpression): ThisArgument | undefined {
  const found = findArgument(args, (expression) => isOwnThis(expression) || undefined);
  return found && (found.key === undefined ? { position: found.position } : { position: found.position, key: found.key });
}

/**
 * The first argument of a call that `match` accepts, or failing that the first property of an
 * object-literal argument (`{ key: value }`, `{ key }`) whose value it accepts. Arguments after a
 * spread are not looked at: their position says nothing about the parameter they land in.
 */
export function findArgument<T>(
  args: readonly ts.Expression[] | undefined,
  match: (expression: ts.Expression) => T | undefined,
): (ThisArgument & { value: T }) | undefined {
  let found: (ThisArgument & { value: T }) | undefined;
  forEachArgument(args, (expression, position, key) => {
    const value = match(expression);
    if (value === undefined) return false;
    found = key === undefined ? { position, value } : { position, key, value };
    return true;
  });
  return found;
}

/**
 * Every argument in findArgument's order (positional ones, then the properties of object-literal
 * ones), until `visit` returns true. The expression is the value, wrappers skipped (for `{ key }`
 * the shorthand name).
 */
export function forEachArgument(
  args: readonly ts.Expression[] | undefined,
  visit: (expression: ts.Expression, position: number, key?: string) => boolean,
): void {
  if (!args) return;
  const spread = args.findIndex(ts.isSpreadElement);
  const fixed = spread >= 0 ? args.slice(0, spread) : args;
  for (let position = 0; position < fixed.length; position++) {
    if (visit(skipParens(fixed[position]!), position)) return;
  }
  for (let position = 0; position < fixed.length; position++) {
    const argument = skipParens(fixed[position]!);
    if (!ts.isObjectLiteralExpression(argument)) continue;
    for (const property of argument.properties) {
      const named = ts.isShorthandPropertyAssignment(property) || (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)));
      if (!named) continue;
      const value = ts.isShorthandPropertyAssignment(property) ? property.name : skipParens(property.initializer);
      if (visit(value, position, (property.name as ts.Identifier | ts.StringLiteral).text)) return;
    }
  }
}

/**
 * Which fields of the object `new C(...)` creates keep the `this` passed to it: a parameter
 * property (`constructor(public parent: Node)`), `this.parent = parent` in the constructor, for
 * an options object `this.editor = props.editor` or a destructured `{ editor }`, or any of these
 * in a base class the constructor passes the parameter on to (`super(parent, [])`, or no
 * constructor at all: the base's receives the arguments). Read from the constructor
 * implementation's syntax, which is what runs whatever overload the call matched. Every such
 * field, in source order (`this.owner = this.parent = p` fills two); empty when the constructor
 * does anything less direct with it, has no body to read (a declaration), or is outside the project.
 *
 * It tells detection which way a `new Child(this)` points: in a tree of one class,
 * `new ViewDesc(this, ...)` could mean either field of the pair until the receiving field is known.
 */
export function receivingFields(classId: ClassId, argument: ThisArgument, lookup: ConstructorLookup, depth = 0): string[] {
  const { position, key } = argument;
  if (depth > MAX_DEPTH || position < 0) return [];
  const declaration = lookup.declarationOf(classId);
  if (!declaration) return [];
  const constructors = declaration.members.filter(ts.isConstructorDeclaration);
  if (constructors.length === 0) {
    const base = lookup.baseOf(classId);
    return base ? receivingFields(base, argument, lookup, depth + 1) : [];
  }
  const constructor = constructors.find((member) => member.body !== undefined);
  if (!constructor) return [];
  const parameter = constructor.parameters[position];
  if (!parameter || parameter.dotDotDotToken) return [];

  const fields: string[] = [];
  // What in the constructor's body holds the value: the parameter, one of its properties, or a
  // name destructured from it.
  let local: string;
  let property: string | undefined;
  if (ts.isIdentifier(parameter.name)) {
    if (key === undefined && ts.isParameterPropertyDeclaration(parameter, constructor)) fields.push(parameter.name.text);
    local = parameter.name.text;
    property = key;
  } else if (ts.isObjectBindingPattern(parameter.name) && key !== undefined) {
    const element = parameter.name.elements.find((item) => !item.dotDotDotToken && bindingKey(item) === key);
    if (!element || !ts.isIdentifier(element.name)) return [];
    local = element.name.text;
  } else {
    return [];
  }
  const holdsValue = (expression: ts.Expression): boolean => {
    const inner = skipParens(expression);
    if (property === undefined) return ts.isIdentifier(inner) && inner.text === local;
    return ts.isPropertyAccessExpression(inner) && inner.name.text === property && ts.isIdentifier(inner.expression) && inner.expression.text === local;
  };
  // Passed on whole to `super(...)`: the options object (or the value) at that position there.
  const passesOn = (expression: ts.Expression): boolean => {
    const inner = skipParens(expression);
    return ts.isIdentifier(inner) && inner.text === local;
  };
  const add = (names: readonly string[]) => {
    for (const name of names) if (!fields.includes(name)) fields.push(name);
  };
  // `this.owner = this.parent = p`: both hold it.
  const assignedFields = (expression: ts.Expression): string[] | undefined => {
    const inner = skipParens(expression);
    if (holdsValue(inner)) return [];
    if (!ts.isBinaryExpression(inner) || inner.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
    const rest = assignedFields(inner.right);
    const left = skipParens(inner.left);
    if (rest === undefined || !ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
    return [left.name.text, ...rest];
  };

  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const assigned = assignedFields(node);
      if (assigned) {
        add(assigned);
        return;
      }
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
      const base = lookup.baseOf(classId);
      const spread = node.arguments.findIndex(ts.isSpreadElement);
      const fixed = spread >= 0 ? node.arguments.slice(0, spread) : node.arguments;
      const whole = fixed.findIndex(passesOn);
      if (base && whole >= 0) add(receivingFields(base, { position: whole, key: property }, lookup, depth + 1));
      const value = property === undefined ? -1 : fixed.findIndex(holdsValue);
      if (base && value >= 0) add(receivingFields(base, { position: value }, lookup, depth + 1));
    }
    ts.forEachChild(node, visit);
  };
  visit(constructor.body!);
  return fields;
}

/**
 * Whether the constructor takes the options object at `argument.position` apart without reading
 * `argument.key` (`constructor({ readonly }: StoreOptions)` given `{ doc: this.doc, readonly }`):
 * that property is proven not kept, so its key cannot stand for the field of the same name.
 */
export function ignoresOption(classId: ClassId, argument: ThisArgument, lookup: ConstructorLookup, depth = 0): boolean {
  const { position, key } = argument;
  if (key === undefined || depth > MAX_DEPTH || position < 0) return false;
  const declaration = lookup.declarationOf(classId);
  if (!declaration) return false;
  const constructors = declaration.members.filter(ts.isConstructorDeclaration);
  if (constructors.length === 0) {
    const base = lookup.baseOf(classId);
    return base ? ignoresOption(base, argument, lookup, depth + 1) : false;
  }
  const parameter = constructors.find((member) => member.body !== undefined)?.parameters[position];
  if (!parameter || !ts.isObjectBindingPattern(parameter.name)) return false;
  return parameter.name.elements.every((item) => !item.dotDotDotToken && bindingKey(item) !== key);
}

/** The property a binding element reads: `{ editor }`, `{ editor: host }`, `{ 'editor': host }`. */
function bindingKey(element: ts.BindingElement): string | undefined {
  const name = element.propertyName ?? element.name;
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

function isThisExpression(expression: ts.Expression): boolean {
  return skipParens(expression).kind === ts.SyntaxKind.ThisKeyword;
}


/** A field the constructed object fills from a property of one of its arguments. */
export interface CopiedField {
  /** The argument's property read: `editor` in `this.editor = manager.editor`. */
  from: string;
  /** The fields of the new object that keep it. */
  into: string[];
}

/**
 * Fields the constructor fills from properties of the argument at `position`:
 * `constructor(readonly manager: SnapManager) { this.editor = manager.editor }` (tldraw's
 * BoundsSnaps). Passed `this`, the new object takes its holder's pointer up a cycle, as if the
 * holder had handed it on (`constructs-passing-field`). Read from the constructor's body in source
 * order, chained assignments included (`this.a = this.b = m.editor`), and from the base class's
 * when the argument is passed on to `super(...)` or the class has no constructor of its own.
 */
export function copiedFields(classId: ClassId, position: number, lookup: ConstructorLookup, depth = 0): CopiedField[] {
  if (depth > MAX_DEPTH) return [];
  const declaration = lookup.declarationOf(classId);
  if (!declaration) return [];
  const constructors = declaration.members.filter(ts.isConstructorDeclaration);
  // No constructor: the base's receives the arguments.
  if (constructors.length === 0) {
    const base = lookup.baseOf(classId);
    return base ? copiedFields(base, position, lookup, depth + 1) : [];
  }
  const constructor = constructors.find((member) => member.body !== undefined);
  const parameter = constructor?.parameters[position];
  if (!constructor?.body || !parameter || parameter.dotDotDotToken || !ts.isIdentifier(parameter.name)) return [];
  const local = parameter.name.text;
  const copied: CopiedField[] = [];
  const add = (from: string, into: readonly string[]) => {
    const entry = copied.find((item) => item.from === from);
    if (!entry) copied.push({ from, into: [...into] });
    else for (const name of into) if (!entry.into.includes(name)) entry.into.push(name);
  };
  // `this.editor = this.view.editor = m.editor` fills both: the fields assigned, outermost first,
  // and the property of the parameter at the end of the chain.
  const copyChain = (expression: ts.Expression): { from: string; into: string[] } | undefined => {
    const inner = skipParens(expression);
    if (ts.isPropertyAccessExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === local) return { from: inner.name.text, into: [] };
    if (!ts.isBinaryExpression(inner) || inner.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
    const left = skipParens(inner.left);
    if (!ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
    const rest = copyChain(inner.right);
    return rest && { from: rest.from, into: [left.name.text, ...rest.into] };
  };
  // `m = m.parent` before the copy: the property read is another object's (the name is matched, not the variable).
  let reassigned = false;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      ts.isIdentifier(skipParens(node.left)) &&
      (skipParens(node.left) as ts.Identifier).text === local
    ) {
      reassigned = true;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const chain = copyChain(node);
      if (chain && chain.into.length > 0) {
        add(chain.from, chain.into);
        return;
      }
    }
    // Passed on to the base's constructor, which may copy from it.
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
      const base = lookup.baseOf(classId);
      const spread = node.arguments.findIndex(ts.isSpreadElement);
      const fixed = spread >= 0 ? node.arguments.slice(0, spread) : node.arguments;
      const at = fixed.findIndex((argument) => {
        const inner = skipParens(argument);
        return ts.isIdentifier(inner) && inner.text === local;
      });
      if (base && at >= 0) for (const { from, into } of copiedFields(base, at, lookup, depth + 1)) add(from, into);
    }
    ts.forEachChild(node, visit);
  };
  visit(constructor.body);
  return reassigned ? [] : copied;
}
