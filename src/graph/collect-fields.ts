import { ts } from '../typescript.js';
import type { ClassNode, FieldNode } from './field-graph.js';
import { DISPOSE_METHOD_NAMES, isDisposeMethodName } from './dispose-method-names.js';
import { memberName, type FoundClass } from './find-classes.js';
import { readDisposal } from './dispose-reach.js';
import { skipParens } from './skip-parens.js';
import { resolveFieldTargets, type ClassLookup } from './resolve-field-targets.js';

const IGNORE_MARKER = 'weakify-ignore';

type FieldDeclaration = ts.PropertyDeclaration | ts.ParameterDeclaration | ts.PropertySignature;

/**
 * Fill a class's method lists and return its fields that reference classes (strongly or weakly).
 * Fields that hold no class at all (numbers, strings, plain records) are left out: they can be
 * neither edges nor candidates, and real projects have many of them.
 */
export function collectFields(
  found: FoundClass,
  sourceFile: ts.SourceFile,
  checker: ts.TypeChecker,
  lookup: ClassLookup,
  /** The tsconfig turns null checking off: every field admits null and undefined. */
  laxNulls: boolean,
  /** The compiled classes define their fields (see definesClassFields). */
  definesFields = true,
): FieldNode[] {
  const { node, info } = found;
  const fields: FieldNode[] = [];
  const lines = (member: ts.Node): [number, number] => [
    sourceFile.getLineAndCharacterOfPosition(member.getStart(sourceFile)).line + 1,
    sourceFile.getLineAndCharacterOfPosition(member.getEnd()).line + 1,
  ];
  const memberLines: Record<string, [number, number]> = {};
  info.memberLines = memberLines;
  const subclass = node.heritageClauses?.some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword) ?? false;
  for (const member of node.members) {
    if (ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)) {
      const name = memberName(member.name, sourceFile);
      if (!name || hasModifier(member, ts.SyntaxKind.StaticKeyword)) continue;
      const key = ts.isGetAccessorDeclaration(member) ? `get ${name}` : ts.isSetAccessorDeclaration(member) ? `set ${name}` : name;
      // Overloads: the implementation (the last declaration) spans the body.
      memberLines[key] = lines(member);
      if (ts.isMethodDeclaration(member)) {
        if (!info.methods.includes(name)) info.methods.push(name);
        if (isDisposeMethodName(name)) {
          if (!info.disposeMethods.includes(name)) info.disposeMethods.push(name);
          // Overloads: the implementation, the one with a body, is what runs.
          if (member.body) (info.disposal ??= []).push(readDisposal(member, node, sourceFile, name));
        }
        // A toJSON that names what it writes (`{ type: this.type.name, content: ... }`) reads an
        // accessor as it read the field; one that copies `this` wholesale loses it.
        if (name === 'toJSON' && copiesThisWholesale(member)) info.serialised = true;
      }
      continue;
    }
    if (ts.isPropertyDeclaration(member)) {
      if (subclass && !member.initializer && !hasModifier(member, ts.SyntaxKind.StaticKeyword) && !hasModifier(member, ts.SyntaxKind.AbstractKeyword)) {
        const name = (hasModifier(member, ts.SyntaxKind.DeclareKeyword) || !definesFields) && memberName(member.name, sourceFile);
        if (name) (info.typeOnlyFields ??= []).push(name);
      }
      // `dispose = () => {}` replaces the prototype's method on every object: a dispose-like name
      // without a body detection can read, so what the base's does no longer counts for this class.
      const property = memberName(member.name, sourceFile);
      if (property && isDisposeMethodName(property) && !hasModifier(member, ts.SyntaxKind.StaticKeyword) && !info.disposeMethods.includes(property)) info.disposeMethods.push(property);
      // `handler = () => {}` is a method in all but syntax; its type holds no class.
      const field = describeField(member, member, found, sourceFile, checker, lookup, laxNulls);
      if (field) fields.push(field);
      continue;
    }
    if (ts.isConstructorDeclaration(member)) {
      memberLines['constructor'] = lines(member);
      if (member.body && returnsValue(member.body)) info.constructorReturns = true;
      for (const parameter of member.parameters) {
        if (!ts.isParameterPropertyDeclaration(parameter, member)) continue;
        const field = describeField(parameter, parameter, found, sourceFile, checker, lookup, laxNulls);
        if (field) fields.push(field);
      }
    }
  }
  replacedOnObjects(node, sourceFile, info);
  return fields;
}

/**
 * `this.dispose = () => {}` (in the constructor, or any method) replaces the method on the object:
 * what the class's method body does no longer surely runs, and the name stays declared so that
 * detection stops there rather than read a base's. Looked for in the text first: most classes have none.
 */
function replacedOnObjects(node: ts.ClassLikeDeclaration, sourceFile: ts.SourceFile, info: FoundClass['info']): void {
  const text = sourceFile.text.slice(node.pos, node.end);
  if (!REPLACING.test(text)) return;
  const replaced = new Set<string>();
  const visit = (child: ts.Node): void => {
    if (ts.isBinaryExpression(child) && child.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = skipParens(child.left);
      if (ts.isPropertyAccessExpression(left) && skipParens(left.expression).kind === ts.SyntaxKind.ThisKeyword && isDisposeMethodName(left.name.text) && !bindsItself(child.right, left.name.text)) {
        replaced.add(left.name.text);
      }
    }
    ts.forEachChild(child, visit);
  };
  for (const member of node.members) if (!hasModifier(member, ts.SyntaxKind.StaticKeyword)) ts.forEachChild(member, visit);
  for (const name of replaced) {
    if (!info.disposeMethods.includes(name)) info.disposeMethods.push(name);
    const kept = info.disposal?.filter((disposal) => disposal.method !== name);
    if (kept?.length) info.disposal = kept;
    else delete info.disposal;
  }
}

/** `this.dispose.bind(this)`: the method itself, bound (a common constructor idiom), not a replacement. */
function bindsItself(value: ts.Expression, name: string): boolean {
  const call = skipParens(value);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'bind') return false;
  const bound = skipParens(call.expression.expression);
  return ts.isPropertyAccessExpression(bound) && skipParens(bound.expression).kind === ts.SyntaxKind.ThisKeyword && bound.name.text === name;
}

const REPLACING = new RegExp(`this\\s*\\.\\s*(?:${DISPOSE_METHOD_NAMES.filter((name) => !name.startsWith('[')).join('|')})\\s*=(?!=)`);

/**
 * The properties of an interface node (ClassNode.kind `interface`) that reference classes, as
 * fields: its property signatures, also those merged in from other declarations and inherited
 * from the interfaces it extends, each located where it is written (methods are behaviour, not
 * storage).
 */
export function collectShapeFields(
  shape: ClassNode,
  declarations: readonly (ts.InterfaceDeclaration | ts.TypeAliasDeclaration)[],
  checker: ts.TypeChecker,
  lookup: ClassLookup,
  laxNulls: boolean,
  fileOf: (sourceFile: ts.SourceFile) => string,
): FieldNode[] {
  const fields: FieldNode[] = [];
  const symbol = checker.getSymbolAtLocation(declarations[0]!.name);
  const type = symbol ? checker.getDeclaredTypeOfSymbol(symbol) : undefined;
  for (const property of type ? checker.getPropertiesOfType(type) : []) {
    const member = property.declarations?.find(ts.isPropertySignature);
    if (!member) continue;
    const sourceFile = member.getSourceFile();
    const field = describeField(member, member, { info: { ...shape, file: fileOf(sourceFile) } }, sourceFile, checker, lookup, laxNulls);
    if (field) fields.push(field);
  }
  return fields;
}

function describeField(
  declaration: FieldDeclaration,
  commentAnchor: ts.Node,
  found: Pick<FoundClass, 'info'>,
  sourceFile: ts.SourceFile,
  checker: ts.TypeChecker,
  lookup: ClassLookup,
  laxNulls: boolean,
): FieldNode | undefined {
  const name = memberName(declaration.name, sourceFile);
  if (!name || obviouslyPrimitive(declaration)) return undefined;
  const type = checker.getTypeAtLocation(declaration.name);
  const { targets, weakTargets } = resolveFieldTargets(type, checker, lookup);
  if (targets.length === 0 && weakTargets.length === 0) return undefined;

  const { line, character } = sourceFile.getLineAndCharacterOfPosition(declaration.name.getStart(sourceFile));
  const optional = declaration.questionToken !== undefined;
  const accessibility = hasModifier(declaration, ts.SyntaxKind.PrivateKeyword)
    ? 'private'
    : hasModifier(declaration, ts.SyntaxKind.ProtectedKeyword)
      ? 'protected'
      : hasModifier(declaration, ts.SyntaxKind.PublicKeyword)
        ? 'public'
        : undefined;
  const field: FieldNode = {
    id: `${found.info.id}.${name}`,
    classId: found.info.id,
    name,
    file: found.info.file,
    line: line + 1,
    column: character + 1,
    static: hasModifier(declaration, ts.SyntaxKind.StaticKeyword),
    readonly: hasModifier(declaration, ts.SyntaxKind.ReadonlyKeyword),
    optional,
    nullable: laxNulls ? 'both' : nullableOf(declaration, type, optional),
    privateName: ts.isPrivateIdentifier(declaration.name),
    parameterProperty: ts.isParameter(declaration),
    declare: hasModifier(declaration, ts.SyntaxKind.DeclareKeyword),
    abstract: hasModifier(declaration, ts.SyntaxKind.AbstractKeyword),
    decorators: (ts.canHaveDecorators(declaration) ? (ts.getDecorators(declaration) ?? []) : []).map((d) => decoratorName(d, sourceFile)),
    ignored: hasIgnoreComment(commentAnchor, sourceFile),
    typeText: declaration.type ? declaration.type.getText(sourceFile) : checker.typeToString(type, declaration),
    hasTypeAnnotation: declaration.type !== undefined,
    hasInitializer: !ts.isPropertySignature(declaration) && declaration.initializer !== undefined,
    targets,
    weakTargets,
  };
  if (accessibility) field.accessibility = accessibility;
  return field;
}

/**
 * Which empty values the field admits. The written type is read first (it is what a transform
 * must keep honest, and without strictNullChecks the checker erases `| undefined`); the
 * checker's union covers aliases such as `type Maybe<T> = T | null`.
 */
function nullableOf(declaration: FieldDeclaration, type: ts.Type, optional: boolean): FieldNode['nullable'] {
  let admitsUndefined = optional;
  let admitsNull = false;
  const scan = (typeNode: ts.TypeNode | undefined): void => {
    if (!typeNode) return;
    if (ts.isParenthesizedTypeNode(typeNode)) return scan(typeNode.type);
    if (ts.isUnionTypeNode(typeNode)) return typeNode.types.forEach(scan);
    if (typeNode.kind === ts.SyntaxKind.UndefinedKeyword) admitsUndefined = true;
    if (ts.isLiteralTypeNode(typeNode) && typeNode.literal.kind === ts.SyntaxKind.NullKeyword) admitsNull = true;
  };
  scan(declaration.type);
  if (type.isUnion()) {
    for (const member of type.types) {
      if (member.flags & ts.TypeFlags.Undefined) admitsUndefined = true;
      if (member.flags & ts.TypeFlags.Null) admitsNull = true;
    }
  }
  if (admitsUndefined && admitsNull) return 'both';
  if (admitsUndefined) return 'undefined';
  if (admitsNull) return 'null';
  return 'none';
}

function decoratorName(decorator: ts.Decorator, sourceFile: ts.SourceFile): string {
  let expression = decorator.expression;
  if (ts.isCallExpression(expression)) expression = expression.expression;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return ts.isIdentifier(expression) ? expression.text : expression.getText(sourceFile);
}

/** `// weakify-ignore` (or a block comment containing it) right before the member, or on its line. */
function hasIgnoreComment(node: ts.Node, sourceFile: ts.SourceFile): boolean {
  const text = sourceFile.text;
  const marked = (range: ts.CommentRange) => text.slice(range.pos, range.end).includes(IGNORE_MARKER);
  // Comments on the lines above, and one right before it on its own line (`a: A, /* weakify-ignore */ b: B`:
  // TypeScript calls that a trailing comment of `a`, but nothing else follows it on the line but `b`).
  const leading = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  const inline = (ts.getTrailingCommentRanges(text, node.getFullStart()) ?? []).filter((range) => !range.hasTrailingNewLine);
  if ([...leading, ...inline].some(marked)) return true;
  // A parameter property ends before its comma (`readonly dock: Dock, // weakify-ignore`): the
  // comment on its line comes after the separator. Only a comment that ends the line counts: in
  // `a: A, /* weakify-ignore */ b: B` it is b's (a leading comment), not a's.
  const end = node.getEnd();
  const separator = /^[ \t]*[,;]/.exec(text.slice(end, end + 80));
  const trailing = ts.getTrailingCommentRanges(text, end + (separator?.[0].length ?? 0)) ?? [];
  return trailing.some((range) => range.hasTrailingNewLine === true && marked(range));
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return (ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined)?.some((modifier) => modifier.kind === kind) ?? false;
}

/** A written type that can hold no object but arrays of primitives (`Array<T>` could name a project type, so only `T[]`). */
function primitiveTypeNode(type: ts.TypeNode): boolean {
  if (PRIMITIVE_KEYWORDS.has(type.kind) || ts.isLiteralTypeNode(type)) return true;
  if (ts.isParenthesizedTypeNode(type)) return primitiveTypeNode(type.type);
  if (ts.isArrayTypeNode(type)) return primitiveTypeNode(type.elementType);
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return primitiveTypeNode(type.type);
  if (ts.isUnionTypeNode(type)) return type.types.every(primitiveTypeNode);
  return false;
}

const PRIMITIVE_KEYWORDS = new Set([
  ts.SyntaxKind.StringKeyword,
  ts.SyntaxKind.NumberKeyword,
  ts.SyntaxKind.BooleanKeyword,
  ts.SyntaxKind.BigIntKeyword,
  ts.SyntaxKind.SymbolKeyword,
  ts.SyntaxKind.UndefinedKeyword,
  ts.SyntaxKind.VoidKeyword,
]);

/**
 * Most fields hold numbers, strings and flags, or arrays of them. Seeing that from the syntax
 * alone (`count: number`, `ids: readonly string[]`, `name = ''`, `ready = false`) saves a
 * type-checker query per field on large projects.
 */
function obviouslyPrimitive(declaration: FieldDeclaration): boolean {
  if (declaration.type) return primitiveTypeNode(declaration.type);
  const initializer = ts.isPropertySignature(declaration) ? undefined : declaration.initializer;
  if (!initializer) return false;
  return (
    ts.isStringLiteral(initializer) ||
    ts.isNumericLiteral(initializer) ||
    ts.isNoSubstitutionTemplateLiteral(initializer) ||
    ts.isTemplateExpression(initializer) ||
    ts.isBigIntLiteral(initializer) ||
    initializer.kind === ts.SyntaxKind.TrueKeyword ||
    initializer.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isPrefixUnaryExpression(initializer) && ts.isNumericLiteral(initializer.operand))
  );
}

// What copies an object's own properties, which an accessor on the prototype is not one of.
const OWN_PROPERTY_COPIES = new Set(['assign', 'keys', 'entries', 'values', 'getOwnPropertyNames', 'fromEntries']);

/** `{ ...this }`, `Object.assign({}, this)`, `Object.keys(this)`, `for (const k in this)` in a method (arrow functions included: same `this`). */
function copiesThisWholesale(method: ts.MethodDeclaration): boolean {
  const isThis = (node: ts.Node) => node.kind === ts.SyntaxKind.ThisKeyword;
  const visit = (node: ts.Node): boolean => {
    if (ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isClassLike(node)) return false;
    if ((ts.isSpreadAssignment(node) || ts.isSpreadElement(node)) && isThis(node.expression)) return true;
    if (ts.isForInStatement(node) && isThis(node.expression)) return true;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === 'Object' &&
      OWN_PROPERTY_COPIES.has(node.expression.name.text) &&
      // `Object.assign(this, defaults)` copies into it, not from it.
      node.arguments.slice(node.expression.name.text === 'assign' ? 1 : 0).some(isThis)
    ) {
      return true;
    }
    return ts.forEachChild(node, visit) ?? false;
  };
  return method.body !== undefined && visit(method.body);
}

/** Whether a function body returns a value of its own (`return x;`), not counting nested functions. */
function returnsValue(body: ts.Block): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}
