import { ts } from '../typescript.js';
import type { FactContext } from './collect-facts.js';
import type { ClassId } from './field-graph.js';
import { calledBody, calleeName, returnedValues } from './fresh-values.js';
import { skipParens } from './skip-parens.js';

/**
 * Which project class a construction builds: `new X(this)` (also through a class held in a
 * variable or a constructor-typed parameter), a dependency-injection factory given the class
 * (`createInstance(Renderer, this)`), or a function of the project that wraps a `new` and returns
 * it (`createServer(this, options)`). collect-facts.ts reads `this` handed to any of them as the
 * owner constructing the object passing itself.
 */

/** What these ask of the analysis: the checker, and the project class a symbol is. */
type ConstructionContext = Pick<FactContext, 'checker' | 'classOfSymbol'>;

export interface FactoryConstruction {
  classId: ClassId;
  /** The arguments handed to the constructor. */
  args: readonly ts.Expression[];
  /** The function called, as the call names it (`createInstance`, `createServer`, `Session.open`). */
  via: string;
}

/**
 * A call that builds an object of a project class from the arguments after the class:
 * `createInstance(Renderer, this)` (dependency injection as VS Code and xterm.js have it),
 * `create(Node, parent)`. Told by the checker, not by the function's name: the first argument is
 * a project class and the call's value is an instance of it. The other arguments are taken as the
 * constructor's, in order (VS Code's container appends the injected services after them).
 */
export function factoryConstructionOf(call: ts.CallExpression, context: ConstructionContext): FactoryConstruction | undefined {
  const args = factoryArguments(call);
  if (!args) return undefined;
  let symbol = context.checker.getSymbolAtLocation(skipParens(call.arguments[0]!));
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = context.checker.getAliasedSymbol(symbol);
  const classId = symbol && context.classOfSymbol(symbol);
  if (!classId) return undefined;
  const built = context.checker.getTypeAtLocation(call).getSymbol();
  return built && context.classOfSymbol(built) === classId ? { classId, args, via: calleeName(call) ?? 'a factory' } : undefined;
}

/**
 * `createAndConnectServer(this, description)` with `function createAndConnectServer(topology, d) {
 * const server = new Server(topology, d); ...; return server }` (mongodb's Topology): a function of
 * the project that builds an object from its parameters and returns it, read as the construction it
 * wraps, its arguments given in the caller's terms (the call's own argument where the constructor
 * gets a parameter; the call itself, a plain value, for anything else). The returned value is the
 * `new` itself or a `const` of the body holding it.
 */
export function wrappedConstructionOf(call: ts.CallExpression, context: ConstructionContext): FactoryConstruction | undefined {
  // A free function (`createServer(this)`) or a static member of a class or namespace named with a
  // capital (`Server.create(this)`): calls on objects (`child.setParent(this)`) are many, and are
  // read as method calls elsewhere.
  const callee = skipParens(call.expression);
  const named = ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && /^[A-Z]/.test(callee.expression.text));
  if (!named) return undefined;
  const body = calledBody(call, context.checker);
  if (!body || !ts.isFunctionLike(body.parent)) return undefined;
  const parameters = body.parent.parameters.map((parameter) => (ts.isIdentifier(parameter.name) ? parameter.name.text : undefined));
  for (const value of returnedValues(body)) {
    const built = constructionReturned(skipParens(value), body);
    if (!built) continue;
    const args = (built.arguments ?? []).map((argument) => {
      const inner = skipParens(argument);
      const position = ts.isIdentifier(inner) ? parameters.indexOf(inner.text) : -1;
      return position >= 0 && call.arguments[position] !== undefined && !ts.isSpreadElement(call.arguments[position]!) ? call.arguments[position]! : call;
    });
    if (args.every((argument) => argument === call)) continue;
    const classId = constructedClass(built, context);
    if (classId) return { classId, args, via: calleeName(call) ?? 'a factory' };
  }
  return undefined;
}

/** The construction a returned value is: `new X(...)`, or a `const` of the body initialized with one. */
function constructionReturned(value: ts.Expression, body: ts.ConciseBody): ts.NewExpression | undefined {
  if (ts.isNewExpression(value)) return value;
  if (!ts.isIdentifier(value) || !ts.isBlock(body)) return undefined;
  for (const statement of body.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === value.text && declaration.initializer) {
        const initializer = skipParens(declaration.initializer);
        return ts.isNewExpression(initializer) ? initializer : undefined;
      }
    }
  }
  return undefined;
}

/** What a factory call would hand to the constructor; undefined where its first argument cannot name a class (`emit('change', this)`). */
export function factoryArguments(call: ts.CallExpression): readonly ts.Expression[] | undefined {
  const first = call.arguments[0] && skipParens(call.arguments[0]);
  return first && (ts.isIdentifier(first) || ts.isPropertyAccessExpression(first)) ? call.arguments.slice(1) : undefined;
}

export function constructedClass(node: ts.NewExpression, context: ConstructionContext): ClassId | undefined {
  let symbol = context.checker.getSymbolAtLocation(node.expression);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = context.checker.getAliasedSymbol(symbol);
  if (symbol) {
    const id = context.classOfSymbol(symbol);
    if (id) return id;
  }
  // `new this.ctor(this)`, a class held in a variable: ask for the type the expression builds.
  const type = context.checker.getTypeAtLocation(node);
  // `new ctor(this)` with `ctor: new (doc: Document) => T` and `T extends Extension`
  // (gltf-transform's createExtension): some subclass of the bound is built.
  const built = type.isTypeParameter() ? context.checker.getBaseConstraintOfType(type) : type;
  const typeSymbol = built?.getSymbol();
  const id = typeSymbol ? context.classOfSymbol(typeSymbol) : undefined;
  if (id || !(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return id;
  // `new Util(this)` with `Util: { new (editor: Editor): U }` where `U extends OverlayUtil`, taken as
  // `<any>` (tldraw's overlay utils): some subclass of the bound is built.
  const declaration = context.checker.getResolvedSignature(node)?.getDeclaration();
  const returned = declaration?.type ? context.checker.getTypeFromTypeNode(declaration.type) : undefined;
  const bound = returned?.isTypeParameter() ? context.checker.getBaseConstraintOfType(returned)?.getSymbol() : undefined;
  return bound ? context.classOfSymbol(bound) : undefined;
}
