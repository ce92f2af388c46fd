import { ts } from '../typescript.js';
import type { ClassId, Fact, FieldId } from './field-graph.js';
import type { FoundClass } from './find-classes.js';
import { hasModifier } from './collect-fields.js';
import { END_OF_LIFE_METHOD_NAMES } from './dispose-method-names.js';
import { memberName } from './find-classes.js';
import { mutualLinkTracker } from './mutual-links.js';
import { findArgument, thisArgumentOf, type CopiedField, type ThisArgument } from './receiving-field.js';
import { skipParens, skipParensUp } from './skip-parens.js';
import { freshFactory, mayBeFresh, type ReturnsFresh } from './fresh-values.js';
import { ADD_METHODS, addedValue, carrierOf, KEEPING_ASSIGNMENTS, keepingSite, keptIn, keptNames } from './kept-in.js';
import { storedUnderTracker, type KeptThroughMethod, type StoredUnderContext } from './stored-under.js';
import { droppedOnTheWay } from './dropped-constructions.js';
import { constructedClass, factoryArguments, factoryConstructionOf, wrappedConstructionOf, type FactoryConstruction } from './constructions.js';
import { guardedByEmptyTest, isEmpty, isEmptyCollection, isZero, keptBeforeEmptying } from './emptying.js';

export interface FactContext {
  checker: ts.TypeChecker;
  sourceFile: ts.SourceFile;
  /** The project class a class-like declaration node is. */
  classOfDeclaration(node: ts.Node): ClassId | undefined;
  /** The class a value symbol (after following imports) constructs, for `new X(...)`. */
  classOfSymbol(symbol: ts.Symbol): ClassId | undefined;
  /** For a property of an interface: the one project class declaring it for every class implementing the interface. */
  declaringImplementer?(declaration: ts.InterfaceDeclaration, name: string): ClassId | undefined;
  /** Names of instance fields in the graph: only accesses to these can be facts about fields. */
  fieldNames: ReadonlySet<string>;
  /**
   * Of those, fields that hold objects inside a generic project holder (`children = new
   * LinkedList<Blot>()`): their holder's own insert and remove methods (`append`, `insertBefore`,
   * `remove`) put objects in and take them out, as `push` and `splice` do for an array.
   */
  holderFieldNames?: ReadonlySet<string>;
  /** Names of methods declared by project classes: only calls to these can be `calls-method`. */
  methodNames: ReadonlySet<string>;
  /** Whether a member's text can hold a fact detection uses (see factTextGate); others are not walked. */
  mayHoldFacts(text: string): boolean;
  /** The fields of a constructed project object that keep the `this` passed to it (see receiving-field.ts). */
  receivingFields(classId: ClassId, argument: ThisArgument): string[];
  /** The constructor takes the options apart without reading `argument.key` (see ignoresOption). */
  ignoresOption?(classId: ClassId, argument: ThisArgument): boolean;
  /** The fields a constructed project object fills from properties of an argument (see receiving-field.ts). */
  copiedFields(classId: ClassId, position: number): CopiedField[];
  /** Whether a call's function, of the project, may return an object it creates (see fresh-values.ts). */
  returnsFresh?: ReturnsFresh;
}

/**
 * A text test that rules out most members before their syntax is walked. Every fact detection
 * consumes involves either a field that can be on a cycle, by name (`this.children.push(c)`,
 * `child.parent = undefined`, a read of `node.parent` in a loop), or `this` as a value rather
 * than as the receiver of a member access (`new Child(this)`, `owner.add(this)`,
 * `child.setParent(this)`, `JSON.stringify(this)`). A member whose text has neither can give
 * none. (Calls of methods that reset a field matter only in members that remove from a
 * collection field, which name it.) A false "yes" (the word in a comment) only costs the walk.
 */
export function factTextGate(fieldNames: ReadonlySet<string>): (text: string) => boolean {
  const bareThis = /(?<![\w$])this(?![\w$])(?!\s*(?:\.|\?\.|\[))/;
  const names = [...fieldNames].map((name) => name.replace(/^#/, '')).filter((name) => name !== '');
  if (names.length === 0) return (text) => bareThis.test(text);
  const escaped = names.sort().map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const named = new RegExp(`(?<![\\w$])(?:${escaped.join('|')})(?![\\w$])`);
  return (text) => named.test(text) || bareThis.test(text);
}

const REMOVE_METHODS = new Set(['splice', 'delete', 'pop', 'shift', 'clear']);
// A project holder's methods by their names (`append`, `appendChild`, `insertBefore`; `remove`,
// `removeChild`): a verb of lists and trees, alone or with the word for what it takes or where.
// Not any `add...` (lumino's `tabBar.addClass('lm-TabPanel-tabBar')` adds no widget).
const HOLDER_INSERT = /^(?:add|append|prepend|insert|push|unshift|enqueue|attach)(?:Child|Node|Item|Element|Entry|Before|After|At|First|Last)?$/;
const HOLDER_REMOVE = /^(?:remove|delete|detach|dequeue|unlink)(?:Child|Node|Item|Element|Entry|At|First|Last)?$/;
const SERIALISERS = new Set(['stringify', 'structuredClone']);
const ITERATION_METHODS = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'flatMap']);

/**
 * The facts about one class's code that detection needs (see FactKind): who constructs whom
 * passing `this`, who assigns `x.parent = this`, what goes into and out of collections, which
 * fields are reset, which are read in loops. Collected in one walk over every member body
 * (nested functions included, nested classes excluded: they are walked as their own class).
 * Returns whether the class serialises itself (`JSON.stringify(this)`, `structuredClone(this)`).
 * Calls of project methods go to `calls` unresolved: see resolveMethodCalls.
 */
export function collectFacts(found: FoundClass, context: FactContext, facts: Fact[], calls: MethodCall[], kept: KeptThrough[]): { serialised: boolean } {
  const { sourceFile } = context;
  const classId = found.info.id;
  let serialised = false;
  const returnedFields = gettersReturningFields(found.node, context.fieldNames);
  // `get self() { return this as any }` (rxdb's `asRxCollection`): `this.self` is this object.
  const thisGetters = gettersReturningThis(found.node);
  const isThisThroughGetter = (expression: ts.Expression) => {
    const inner = skipParens(expression);
    return thisGetters.size > 0 && ts.isPropertyAccessExpression(inner) && isThis(inner.expression) && thisGetters.has(inner.name.text);
  };

  for (const member of found.node.members) {
    const method = enclosingMemberName(member, sourceFile);
    if (!method || !context.mayHoldFacts(sourceFile.text.slice(member.pos, member.end))) continue;
    // `new Child(this)` stored in a local first, then `this.children.push(child)`: link them.
    const constructedInto = new Map<string, Fact>();
    // Locals that hold one of this object's fields: `const { editor } = this`, `const view = this.view`,
    // or this object itself (THIS_ALIAS: `const self = this`, which callbacks use for the member's `this`).
    // A name declared again (a loop variable, a callback's parameter) or reassigned maps to
    // undefined for the rest of the member: one flat map cannot tell the scopes apart.
    const aliases = new Map<string, string | undefined>();
    const isThisAlias = (expression: ts.Expression) => {
      const inner = skipParens(expression);
      return ts.isIdentifier(inner) && aliases.get(inner.text) === THIS_ALIAS;
    };
    // This object, as written here: `this` outside nested functions, or a local standing for it anywhere.
    const ownThis = (expression: ts.Expression) => (foreignThis === 0 && (isThis(expression) || isThisThroughGetter(expression))) || isThisAlias(expression);
    // Locals holding a cycle collection of the object one of this object's fields points at
    // (`const { children } = parent` with `const parent = this.parentNode`): `through.field`.
    const ownerCollections = new Map<string, { through: string; field: string } | undefined>();
    // `this.parentNode.children`, `parent.children` (a local holding `this.parentNode`), or such a local.
    const ownerCollectionOf = (expression: ts.Expression): { through: string; field: string } | undefined => {
      const inner = skipParens(expression);
      if (ts.isIdentifier(inner)) return ownerCollections.get(inner.text);
      if (!ts.isPropertyAccessExpression(inner) || !context.fieldNames.has(inner.name.text)) return undefined;
      const holder = skipParens(inner.expression);
      const through = ts.isIdentifier(holder) ? aliases.get(holder.text) : ts.isPropertyAccessExpression(holder) && ownThis(holder.expression) ? holder.name.text : undefined;
      return through !== undefined && through !== THIS_ALIAS && context.fieldNames.has(through) ? { through, field: inner.name.text } : undefined;
    };
    const noteOwnerCollections = (declaration: ts.VariableDeclaration | ts.ParameterDeclaration) => {
      const initializer = declaration.initializer && skipParens(declaration.initializer);
      for (const name of boundNames(declaration.name)) ownerCollections.set(name, undefined);
      if (!initializer || !ts.isVariableDeclaration(declaration)) return;
      if (ts.isIdentifier(declaration.name)) {
        ownerCollections.set(declaration.name.text, ownerCollectionOf(initializer));
        return;
      }
      // `const { children } = parent`
      if (ts.isObjectBindingPattern(declaration.name) && ts.isIdentifier(initializer)) {
        const through = aliases.get(initializer.text);
        if (through === undefined || through === THIS_ALIAS) return;
        for (const element of declaration.name.elements) {
          const property = element.propertyName ?? element.name;
          if (ts.isIdentifier(element.name) && !element.dotDotDotToken && ts.isIdentifier(property) && context.fieldNames.has(property.text)) {
            ownerCollections.set(element.name.text, { through, field: property.text });
          }
        }
      }
    };
    // A reset of `this.<field>` (an assignment of an empty value, or `delete`): on `this`, and
    // whether it comes right after disposing what the field held (`this.content.dispose()`).
    const resetOnThis = (node: ts.BinaryExpression | ts.DeleteExpression, field: string, receiverIsThis: boolean) => {
      if (!receiverIsThis) return {};
      const holdsField = (name: string) => aliases.get(name) === field || storesNameIn(member, name, field);
      return { onThis: true, ...(disposedJustBefore(node, field, holdsField) ? { afterDisposal: true as const } : {}) };
    };
    const reported = new Set<string>();
    const iterationCallbacks = new Set<ts.Node>();
    // Inside a nested `function` (or an object literal's method), `this` is another object: how
    // many such functions enclose the node visited. Facts about this object's `this` wait for 0.
    let foreignThis = 0;

    const located = (fact: Omit<Fact, 'classId' | 'method' | 'file' | 'line' | 'column'>, at: ts.Node): Fact => {
      const { line, character } = sourceFile.getLineAndCharacterOfPosition(at.getStart(sourceFile));
      return { ...fact, classId, method, file: found.info.file, line: line + 1, column: character + 1 };
    };
    const push = (fact: Omit<Fact, 'classId' | 'method' | 'file' | 'line' | 'column'>, at: ts.Node): Fact => {
      const full = located(fact, at);
      facts.push(full);
      return full;
    };
    const declaringClass = (name: ts.MemberName) => declaringClassOf(name, context);
    // `this._mgr.value = new Mgr(this)`, `value` a set accessor of the object `_mgr` holds (VS
    // Code's MutableDisposable): kept in `_mgr`, as `this._mgr.set(new Mgr(this))` is. A plain
    // field there is another object's storage, which stored-under.ts follows.
    const heldThroughAccessor = (container: ts.Expression): string | undefined => {
      const inner = skipParens(container);
      if (!ts.isPropertyAccessExpression(inner)) return undefined;
      const declarations = context.checker.getSymbolAtLocation(inner.name)?.declarations ?? [];
      return declarations.some(ts.isSetAccessorDeclaration) ? ownFieldOf(inner.expression) : undefined;
    };
    // An object of a class of the project's own (a holder such as rapier's `Coarena<Collider>`),
    // not a Map, Set or array, whose `delete(key)` apply reads through a lookup of the key.
    const projectHolder = (expression: ts.Expression): boolean => {
      const symbol = context.checker.getTypeAtLocation(expression).getSymbol();
      return symbol !== undefined && context.classOfSymbol(symbol) !== undefined;
    };
    // Factory calls asked about (see factoryConstructionOf): the checker answers once per call.
    const factories = new Map<ts.CallExpression, FactoryConstruction | undefined>();
    const handedOn = (args: readonly ts.Expression[]) => thisArgumentOf(args, ownThis) ?? ownFieldArgumentOf(args, context.fieldNames, aliases, ownThis);
    const factoryConstruction = (call: ts.CallExpression): FactoryConstruction | undefined => {
      // Only a call handing on `this` or a field is read (told from the syntax, before the checker
      // is asked), and only where the constructor keeps that argument in a field able to hold an
      // object: a call that takes a class and `this` and returns an instance may look one up
      // rather than build it, and its arguments need not be the constructor's.
      if (!handedOn(call.arguments)) return undefined;
      if (factories.has(call)) return factories.get(call);
      const args = factoryArguments(call);
      const injected = args && handedOn(args) ? factoryConstructionOf(call, context) : undefined;
      const found = injected ?? wrappedConstructionOf(call, context);
      const argument = found && handedOn(found.args);
      const kept = argument !== undefined && context.receivingFields(found!.classId, argument).some((field) => context.fieldNames.has(field));
      factories.set(call, kept ? found : undefined);
      return factories.get(call);
    };
    // The constructor's arguments where `expression` builds a project object: `new X(...)`, or a
    // factory call handing on `this` or a field (any other stays a plain value, as before factories were read).
    const builtWith = (expression: ts.Expression): readonly ts.Expression[] | undefined =>
      ts.isNewExpression(expression) ? (expression.arguments ?? []) : ts.isCallExpression(expression) ? factoryConstruction(expression)?.args : undefined;
    const builtByDefault = (expression: ts.Expression): readonly ts.Expression[] | undefined => {
      const construction = defaultConstruction(expression);
      return construction && builtWith(construction);
    };
    // The class `expression` builds (as builtWith reads it, or its default construction): what a
    // field filled with it owns. `private bus = new Emitter()` owns an Emitter, not every subclass
    // of Emitter the field's type admits (matrix-js-sdk's RoomWidgetClient.eventEmitter).
    const builtClassOf = (expression: ts.Expression): ClassId | undefined => {
      const inner = skipParens(expression);
      const built = builtWith(inner) ? inner : defaultConstruction(inner);
      if (built === undefined) return undefined;
      return ts.isNewExpression(built) ? constructedClass(built, context) : ts.isCallExpression(built) ? factoryConstruction(built)?.classId : undefined;
    };
    const ownFieldOf = (expression: ts.Expression): string | undefined => {
      let inner = skipParens(expression);
      // `const children = this.children as Child[]; children.push(child)`: the same array. A local
      // of the member keeps naming the field inside its callbacks, whatever `this` is there.
      if (ts.isIdentifier(inner)) {
        const field = aliases.get(inner.text);
        return field === THIS_ALIAS ? undefined : field;
      }
      // `(this.items ??= []).push(x)`, `(this.items = this.items ?? []).push(x)`; also a new
      // collection under a key of the field, filled at once: `(this.byType[type] ??= []).push(x)`
      // (uppy's plugins by type).
      if (ts.isBinaryExpression(inner) && KEEPING_ASSIGNMENTS.has(inner.operatorToken.kind)) {
        const slot = skipParens(inner.left);
        inner = ts.isElementAccessExpression(slot) && isEmptyCollection(skipParens(inner.right)) ? skipParens(slot.expression) : slot;
      }
      if (ts.isPropertyAccessExpression(inner) && ownThis(inner.expression)) return returnedFields.get(inner.name.text) ?? inner.name.text;
      return undefined;
    };
    // Parameters of the member, so a stored value can be traced to the argument it came from.
    const parameters = ts.isFunctionLike(member) ? member.parameters.map((parameter) => (ts.isIdentifier(parameter.name) ? parameter.name.text : '')) : [];
    const parameterUsed = (expression: ts.Expression): number | undefined => {
      if (parameters.length === 0) return undefined;
      let found: number | undefined;
      const scan = (node: ts.Node): void => {
        if (found !== undefined) return;
        if (ts.isIdentifier(node)) {
          // `this.registry.parent` names a property, not the parameter `parent`.
          const parent = node.parent;
          const isPropertyName =
            (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
          const position = parameters.indexOf(node.text);
          if (position >= 0 && node.text !== '' && !isPropertyName) found = position;
          return;
        }
        if (ts.isFunctionLike(node)) return;
        ts.forEachChild(node, scan);
      };
      scan(expression);
      return found;
    };
    // `new BoundsSnaps(this)` whose constructor does `this.editor = manager.editor`: handed on,
    // once the construction's own field (stored or not) is known at the end of the member.
    const copying: Array<{ fact: Fact; copies: CopiedField[]; at: ts.Node }> = [];
    const checks: StoredUnderContext = { ...storedUnderContext(context), standsForThis: isThisAlias };
    const trackMutualLinks = mutualLinkTracker({ ...checks, fieldNames: context.fieldNames }, push, (fact, through, at) =>
      kept.push({ fact: located(fact, at), ...through, context }),
    );
    const trackStoredUnder = storedUnderTracker(checks, { ownFieldOfThisElsewhere: true }, push, (fact, through, at) =>
      kept.push({ fact: located(fact, at), ...through, context }),
    );
    // `const child = new Child(this); this.children.push(child)`, also inside a larger value
    // (`this.children = [...this.children, child]`): the construction is kept in the field on a
    // cycle that the local goes into. A second such field (`this.byId.set(id, child)` beside the
    // push) keeps it as well: a fact of its own, the same construction kept there, so that each
    // field's pair reads it as kept, not "without keeping it" (keptAlsoIn).
    const keptAlso = new Map<Fact, Set<string>>();
    const keptAlsoIn = (fact: Fact, own: string) => {
      if (fact.ownField === own || !context.fieldNames.has(own)) return;
      const fields = keptAlso.get(fact) ?? new Set<string>();
      keptAlso.set(fact, fields);
      if (fields.has(own)) return;
      fields.add(own);
      facts.push({ ...fact, ownField: own });
    };
    const linkConstructed = (node: ts.BinaryExpression | ts.CallExpression) => {
      const site = keepingSite(node);
      if (!site) return;
      const own = ownFieldOf(site.container);
      const local = own === undefined ? localName(site.container) : undefined;
      if (local === undefined && (!own || !context.fieldNames.has(own))) return;
      const keep = (fact: Fact) => {
        if (fact.ownField) keptAlsoIn(fact, own!);
        else fact.ownField = own;
      };
      for (const name of site.values.flatMap(keptNames)) {
        const fact = constructedInto.get(name.text);
        if (!fact) continue;
        if (own) keep(fact);
        else if (!fact.ownField) gather(local!, fact);
      }
      // `this.pages.push(...pages)` after `pages[i] = Page.of(this)` in a loop: what the local
      // collected goes in whole (pdf-lib's embedPages).
      for (const name of site.values.flatMap(spreadNames)) {
        for (const fact of gatheredIn.get(name.text) ?? []) {
          if (own) keep(fact);
          else if (!fact.ownField && local !== name.text) gather(local!, fact);
        }
      }
    };
    // Locals (or parameters) that collect constructions: `const handlers = new Map(); handlers.set(k,
    // new Handler(this)); return handlers;`. Returned, they are what the member hands back.
    const gatheredIn = new Map<string, Fact[]>();
    const gather = (local: string, fact: Fact) => {
      const list = gatheredIn.get(local);
      if (list) list.push(fact);
      else gatheredIn.set(local, [fact]);
    };
    const localName = (container: ts.Expression): string | undefined => {
      const inner = skipParens(container);
      return ts.isIdentifier(inner) && aliases.get(inner.text) === undefined ? inner.text : undefined;
    };

    const visit = (node: ts.Node, inLoop: boolean): void => {
      // Identifiers, literals and keywords (most nodes) and type annotations hold no facts.
      if (node.kind < ts.SyntaxKind.FirstNode || (node.kind >= ts.SyntaxKind.FirstTypeNode && node.kind <= ts.SyntaxKind.LastTypeNode)) return;
      if (ts.isClassLike(node)) return;

      trackStoredUnder(node);
      trackMutualLinks(node);
      if (ts.isNewExpression(node)) {
        const dropped = droppedOnTheWay(node, member, context);
        if (dropped) push({ kind: 'keeps-part-of-construction', targetClassId: dropped.dropped[0]!, droppedClasses: dropped.dropped, heldByClasses: dropped.heldBy }, node);
      }
      if (ts.isVariableDeclaration(node) || ts.isParameter(node)) {
        noteOwnerCollections(node);
        noteAliases(node, context.fieldNames, aliases, ownThis);
      }
      // `editor = other`: the local no longer holds the field, nor what it was constructed with
      // (a construction on the right sets it again when visited).
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(skipParens(node.left))) {
        aliases.set((skipParens(node.left) as ts.Identifier).text, undefined);
        constructedInto.delete((skipParens(node.left) as ts.Identifier).text);
        gatheredIn.delete((skipParens(node.left) as ts.Identifier).text);
      }
      if (ts.isBinaryExpression(node) || ts.isCallExpression(node)) linkConstructed(node);
      // `const toolbar = new Toolbar(this); toolbar.layout(); return toolbar;`: returned as it is,
      // as `return new Toolbar(this)` is (a callback's return is the callback's, not the member's);
      // also a local collection of constructions, returned whole.
      if (ts.isReturnStatement(node) && node.expression && ts.findAncestor(node, ts.isFunctionLike) === member) {
        for (const name of keptNames(node.expression)) {
          for (const fact of [constructedInto.get(name.text), ...(gatheredIn.get(name.text) ?? [])]) {
            if (fact && !fact.ownField) fact.returned = true;
          }
        }
      }
      // `createInstance(Renderer, this)`: a construction by a factory (see factoryConstruction).
      const factory = ts.isCallExpression(node) && node.arguments.length >= 1 ? factoryConstruction(node) : undefined;
      const construction = ts.isNewExpression(node) || factory ? (node as ts.NewExpression | ts.CallExpression) : undefined;
      if (construction) {
        const args = factory ? factory.args : (construction as ts.NewExpression).arguments;
        // Only a construction passing `this`, one of this object's cycle fields or a parameter of the
        // member is a fact: the checker is asked about those alone. `new Child(this)`, `new
        // CommandManager({ editor: this })` (an options object), `new DecorationManager({ editor })`
        // with `const { editor } = this`, `new Port(pipeline)` (kept only where the constructor shows
        // the field it goes into).
        const thisArgument = thisArgumentOf(args, ownThis);
        const passed = thisArgument ? undefined : ownFieldArgumentOf(args, context.fieldNames, aliases, ownThis);
        // `new Port(pipeline)` with the member's own parameter: how a longer cycle closes (see weighCycleLink).
        const given = thisArgument || passed || factory ? undefined : findArgument(args, (expression) => (ts.isIdentifier(expression) && parameters.includes(expression.text)) || undefined);
        const argument = thisArgument ?? passed ?? given;
        const constructed = factory ? factory.classId : argument ? constructedClass(construction as ts.NewExpression, context) : undefined;
        const receivedBy = constructed ? context.receivingFields(constructed, argument!) : [];
        if (constructed && !(given && receivedBy.length === 0)) {
          const { key } = argument!;
          const fact = push(
            {
              kind: thisArgument ? 'constructs-with-this' : passed ? 'constructs-passing-field' : 'constructs-passing-parameter',
              targetClassId: constructed,
              ...(factory ? { via: factory.via } : {}),
              ...(passed ? { field: passed.field } : {}),
              ...(receivedBy.length > 0 ? { receivedBy } : key !== undefined && !context.ignoresOption?.(constructed, argument!) ? { optionKey: key } : {}),
            },
            node,
          );
          if (thisArgument && thisArgument.key === undefined) {
            const copies = context.copiedFields(constructed, thisArgument.position).filter((copy) => context.fieldNames.has(copy.from));
            if (copies.length > 0) copying.push({ fact, copies, at: node });
          }
          // `new Slot(new Header(this))`: kept wherever the holder constructed around it is kept.
          let outer: ts.Expression = construction;
          for (let parent = skipParensUp(outer); ts.isNewExpression(parent); parent = skipParensUp(outer)) outer = parent;
          // `this.child = new Child(this)`, `this.children[id] = ...`, `this.children.push(...)`,
          // also inside a larger value: `this.children = specs.map((spec) => new Child(this, spec))`.
          const container = keptIn(outer);
          const own = container && (ownFieldOf(container) ?? heldThroughAccessor(container));
          const parent = skipParensUp(carrierOf(outer));
          const local = container && own === undefined ? localName(container) : undefined;
          if (own) fact.ownField = own;
          else if (local !== undefined) gather(local, fact);
          else if (ts.isReturnStatement(parent) && ts.findAncestor(parent, ts.isFunctionLike) === member) fact.returned = true;
          else if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) constructedInto.set(parent.name.text, fact);
          // `let query = cache.get(hash); if (!query) { query = new Query(this); cache.set(hash, query) }`
          else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(skipParens(parent.left))) {
            constructedInto.set((skipParens(parent.left) as ts.Identifier).text, fact);
          }
          else if (ts.isPropertyDeclaration(parent)) {
            const name = memberName(parent.name, sourceFile);
            if (name) fact.ownField = name;
          }
        }
      } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const left = skipParens(node.left);
        const right = skipParens(node.right);
        if (ts.isPropertyAccessExpression(left)) {
          const field = left.name.text;
          const receiverIsThis = ownThis(left.expression);
          if (context.fieldNames.has(field) || ts.isPrivateIdentifier(left.name)) {
            if (ownThis(right) && !receiverIsThis) {
              // `this.emission.system = this`: the object written is the one `this.emission` keeps.
              const heldIn = ownFieldOf(skipParens(left.expression));
              const through = heldIn !== undefined && context.fieldNames.has(heldIn) ? { through: heldIn } : {};
              for (const target of declaringClassesOf(left.name, context)) push({ kind: 'assigns-this', targetClassId: target, field, ...through }, node);
            } else if (isEmpty(chainedValue(right))) {
              const targets = declaringClassesOf(left.name, context);
              for (const target of targets) {
                push({ kind: 'resets-field', targetClassId: target, field, ...resetOnThis(node, field, receiverIsThis) }, node);
              }
              if (targets.length === 0 && !receiverIsThis && context.fieldNames.has(field) && context.checker.getTypeAtLocation(left.expression).flags & ts.TypeFlags.Any) {
                push({ kind: 'resets-field', field, untyped: true }, node);
              }
            } else if (receiverIsThis) {
              // `this.child = new Child(this)` is recorded as constructs-with-this; `new Child()` is a plain store.
              const builtFrom = context.fieldNames.has(field) ? builtWith(right) : undefined;
              if (context.fieldNames.has(field) && !(builtFrom && thisArgumentOf(builtFrom, ownThis))) {
                const fromParameter = parameterUsed(right);
                // `this.cellView = options.view`: which property of the parameter.
                const fromParameterKey =
                  fromParameter !== undefined && ts.isPropertyAccessExpression(right) && ts.isIdentifier(right.expression) && right.expression.text === parameters[fromParameter]
                    ? right.name.text
                    : undefined;
                const wholeParameter = fromParameter !== undefined && keepsParameterWhole(right, parameters[fromParameter]!);
                // `const rack = new Rack(...); rack.on(...); this.rack = rack`: set up, then kept.
                const value = constValueIn(right, member, context.checker) ?? right;
                // `const child = new Child(this)` is recorded as constructs-with-this, as written in place.
                // `config.cache || new Cache()`: by default, an object it creates (query-core's caches).
                const builtDirectly = value === right ? builtFrom : builtWith(value);
                const valueBuiltFrom = builtDirectly ?? builtByDefault(value);
                const passesThis = valueBuiltFrom !== undefined && thisArgumentOf(valueBuiltFrom, ownThis) !== undefined;
                const fromOwnMethod = ownMethodCalled(value, ownThis);
                const defaulted = defaultOf(value, member);
                const fresh = !passesThis && (valueBuiltFrom !== undefined || mayBeFresh(value, context.returnsFresh) || (defaulted !== undefined && mayBeFresh(defaulted, context.returnsFresh)));
                const freshFrom = fresh && !valueBuiltFrom ? freshFactory(value, context.returnsFresh) ?? (defaulted && freshFactory(defaulted, context.returnsFresh)) : undefined;
                push(
                  {
                    kind: 'stores-in-field',
                    ownField: field,
                    ...(fromOwnMethod === undefined ? {} : { fromOwnMethod }),
                    ...(fromParameter === undefined ? {} : { fromParameter }),
                    ...(fromParameterKey === undefined ? {} : { fromParameterKey }),
                    ...(wholeParameter ? { wholeParameter: true as const } : {}),
                    ...(valueBuiltFrom && !passesThis ? constructedFact(builtClassOf(value), builtDirectly !== undefined) : {}),
                    ...(fresh ? { fresh: true as const } : {}),
                    ...(freshFrom ? { freshFrom } : {}),
                    ...(isObjectLiteral(value) ? { objectLiteral: true as const } : {}),
                  },
                  node,
                );
              }
              // `this.children = this.children.filter(...)`: a removal.
              if (ts.isCallExpression(right) && ts.isPropertyAccessExpression(right.expression) && right.expression.name.text === 'filter') {
                if (ownFieldOf(right.expression.expression) === field) push({ kind: 'removes-from-collection', ownField: field }, node);
              }
              // `this.children = []` (or a new empty Set or Map) lets go of every object the field
              // held, as `this.children.length = 0` does; not in the constructor's own code, where
              // it gives the field its first value.
              // Nor where a test just before finds it empty (`if (!this._children) this._children = new Map()`: made on first use).
              // Nor where the old collection was kept first (`const batch = this.pending; this.pending = []`):
              // handed on, as a queue worked through is.
              if (
                isEmptyCollection(right) &&
                !(ts.isConstructorDeclaration(member) && ts.findAncestor(node, ts.isFunctionLike) === member) &&
                !guardedByEmptyTest(node, field) &&
                !keptBeforeEmptying(node, field)
              ) {
                push({ kind: 'removes-from-collection', ownField: field }, node);
              }
            } else if (context.fieldNames.has(field) && (ts.isNewExpression(right) || ts.isCallExpression(right))) {
              // `textEl.innerTransformable = new Transformable()`: another object's field filled with a new object.
              const built = builtWith(right);
              const target = built && !thisArgumentOf(built, ownThis) ? declaringClass(left.name) : undefined;
              if (target) push({ kind: 'assigns-construction', targetClassId: target, field }, node);
            }
          }
          // `this.children.length = 0`
          if (field === 'length' && isZero(right)) {
            const own = ownFieldOf(left.expression);
            if (own) push({ kind: 'removes-from-collection', ownField: own }, node);
          }
        } else if (ts.isElementAccessExpression(left)) {
          const own = ownFieldOf(left.expression);
          if (own && context.fieldNames.has(own)) {
            // `this.changeTrees[refId] = changeTree`: kept under a key, as `set(key, x)` keeps it.
            const fromParameter = isEmpty(right) ? undefined : parameterUsed(right);
            push({ kind: isEmpty(right) ? 'removes-from-collection' : 'adds-to-collection', ownField: own, ...(fromParameter === undefined ? {} : { fromParameter }) }, node);
          }
        }
      } else if (ts.isDeleteExpression(node)) {
        const target = skipParens(node.expression);
        if (ts.isPropertyAccessExpression(target) && context.fieldNames.has(target.name.text)) {
          const owner = declaringClass(target.name);
          const field = target.name.text;
          // `delete this.style` is a reset on `this` as `this.style = undefined` is.
          const receiverIsThis = ownThis(target.expression);
          if (owner) push({ kind: 'resets-field', targetClassId: owner, field, ...resetOnThis(node, field, receiverIsThis) }, node);
        } else if (ts.isElementAccessExpression(target)) {
          const own = ownFieldOf(target.expression);
          if (own && context.fieldNames.has(own)) push({ kind: 'removes-from-collection', ownField: own }, node);
        }
      } else if (ts.isCallExpression(node)) {
        const callee = skipParens(node.expression);
        if (ts.isPropertyAccessExpression(callee)) {
          const methodName = callee.name.text;
          const receiver = skipParens(callee.expression);
          const own = ownFieldOf(receiver);
          // `this.children.append(child)` where `children` is a LinkedList<Blot> of the project's.
          const holderField = own ?? (ts.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined);
          // ...and given an object: not a literal, a function or an object built right there.
          const first = node.arguments[0] && skipParens(node.arguments[0]);
          const givenObject = first !== undefined && (ts.isIdentifier(first) || ts.isPropertyAccessExpression(first) || ts.isElementAccessExpression(first) || ts.isNewExpression(first) || ts.isCallExpression(first) || first.kind === ts.SyntaxKind.ThisKeyword);
          const viaHolder = givenObject && holderField !== undefined && context.holderFieldNames?.has(holderField) === true;
          const adding = ADD_METHODS.has(methodName) || (viaHolder && HOLDER_INSERT.test(methodName));
          const removing = REMOVE_METHODS.has(methodName) || (viaHolder && HOLDER_REMOVE.test(methodName));
          // `splice(i, 0, ...items)` inserts.
          const inserts = methodName === 'splice' && node.arguments[1] !== undefined && isZero(skipParens(node.arguments[1]));
          const ownerCollection = !own && removing && !inserts ? ownerCollectionOf(receiver) : undefined;
          if (own && context.fieldNames.has(own) && adding) {
            const added = ADD_METHODS.has(methodName) ? addedValue(node) : node.arguments[0];
            const fromParameter = added ? parameterUsed(added) : undefined;
            const fromOwnMethod = added ? ownMethodCalled(added, ownThis) : undefined;
            push(
              {
                kind: 'adds-to-collection',
                ownField: own,
                ...(fromParameter === undefined ? {} : { fromParameter }),
                ...(fromOwnMethod === undefined ? {} : { fromOwnMethod }),
                ...(runsEveryTime(node, member) ? {} : { conditional: true as const }),
              },
              node,
            );
          } else if (ownerCollection) {
            // `this.parentNode.children.splice(i, 1)`: out of the collection of the object a field points at.
            push({ kind: 'removes-from-collection', ownField: ownerCollection.field, through: ownerCollection.through }, node);
          } else if (own && context.fieldNames.has(own) && removing) {
            // `while (queue.length) queue.shift()!.setup()`: each object taken out is used. One taken
            // out and dropped (`while (this.children.length) this.children.pop();`) is a clear.
            const drains = inLoop && (methodName === 'shift' || methodName === 'pop') && !ts.isExpressionStatement(skipParensUp(node));
            // `this.map.delete(handle)` with `handle: number`, on a holder of the project's own
            // (rapier's Coarena): out by a key, so which object it was the call does not say.
            const byKey = !inserts && first !== undefined && context.holderFieldNames?.has(own) === true && isPrimitive(context.checker.getTypeAtLocation(first)) && projectHolder(receiver);
            push(
              { kind: inserts ? 'adds-to-collection' : 'removes-from-collection', ownField: own, ...(drains ? { drains: true as const } : {}), ...(byKey ? { byKey: true as const } : {}) },
              node,
            );
          } else if ((adding || inserts) && node.arguments.some(ownThis) && ts.isPropertyAccessExpression(receiver)) {
            // `owner.children.push(this)`, `.splice(i, 0, this)`: the child registers itself with its owner.
            const field = receiver.name.text;
            const target = context.fieldNames.has(field) ? declaringClass(receiver.name) : undefined;
            if (target) push({ kind: 'adds-this-to-collection', targetClassId: target, field }, node);
          } else if (SERIALISERS.has(methodName) && node.arguments.some(ownThis)) {
            serialised = true;
          } else if (context.methodNames.has(methodName)) {
            // Which class the method belongs to is asked later, and only for the calls that matter.
            // `child.setParent(this)`, or in an options object: `tools.config({ view: this })`.
            const thisArgument = thisArgumentOf(node.arguments, ownThis);
            // `layer.setEventedParent(null)`: where a setter method is handed nothing (see find-unlink-bugs.ts).
            const emptyArguments = node.arguments.flatMap((argument, position) => (isEmpty(skipParens(argument)) ? [position] : []));
            calls.push({
              name: callee.name,
              context,
              fact: located(
                {
                  kind: 'calls-method',
                  calledMethod: methodName,
                  ...(thisArgument ? { thisArgument: thisArgument.position } : {}),
                  ...(thisArgument?.key !== undefined ? { thisArgumentKey: thisArgument.key } : {}),
                  ...(emptyArguments.length > 0 ? { emptyArguments } : {}),
                  // `this.shape.onUpdate(this)`: called on the object `this.shape` keeps.
                  ...(thisArgument && own !== undefined && context.fieldNames.has(own) ? { through: own } : {}),
                },
                node,
              ),
            });
          }
        } else if (ts.isIdentifier(callee) && SERIALISERS.has(callee.text) && node.arguments.some(ownThis)) {
          serialised = true;
        }
      } else if (inLoop && ts.isPropertyAccessExpression(node) && context.fieldNames.has(node.name.text) && !isWriteTarget(node)) {
        const target = declaringClass(node.name);
        const key = `${target}\0${node.name.text}`;
        if (target && !reported.has(key)) {
          reported.add(key);
          push({ kind: 'reads-in-loop', targetClassId: target, field: node.name.text }, node);
        }
      }

      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ITERATION_METHODS.has(node.expression.name.text)) {
        // `items.forEach(item => item.parent...)`: the callback runs once per element, like a loop body.
        visit(node.expression, inLoop);
        for (const argument of node.arguments) {
          if (ts.isFunctionLike(argument)) iterationCallbacks.add(argument);
          visit(argument, inLoop || ts.isFunctionLike(argument));
        }
        return;
      }
      const entersForeignThis = node !== member && ts.isFunctionLike(node) && !ts.isArrowFunction(node);
      if (entersForeignThis) foreignThis += 1;
      if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
        // The iterated expression is evaluated once, before the loop runs.
        visit(node.expression, inLoop);
        visit(node.initializer, true);
        visit(node.statement, true);
      } else if (isLoop(node)) {
        ts.forEachChild(node, visitInLoop);
      } else if (ts.isFunctionLike(node) && node !== member && inLoop && !iterationCallbacks.has(node)) {
        // A callback defined in a loop runs later, not per iteration of this loop.
        ts.forEachChild(node, visitOutsideLoop);
      } else {
        ts.forEachChild(node, inLoop ? visitInLoop : visitOutsideLoop);
      }
      if (entersForeignThis) foreignThis -= 1;
    };
    // One callback each rather than a closure per visited node (the walk covers every body).
    const visitInLoop = (child: ts.Node): void => visit(child, true);
    const visitOutsideLoop = (child: ts.Node): void => visit(child, false);

    const handOnCopies = () => {
      for (const { fact, copies, at } of copying) {
        for (const copy of copies) {
          push({ kind: 'constructs-passing-field', targetClassId: fact.targetClassId!, field: copy.from, receivedBy: copy.into, ...(fact.ownField ? { ownField: fact.ownField } : {}) }, at);
        }
      }
    };
    if (ts.isPropertyDeclaration(member)) {
      if (!member.initializer) continue;
      // `readonly overlays = new OverlayManager()`, `parent: Node = {} as Node`: kept from creation,
      // like `this.x = new X()` in a method (with `this` passed, it is a constructs-with-this fact below).
      const initial = skipParens(member.initializer);
      const name = memberName(member.name, sourceFile);
      const builtDirectly = name && context.fieldNames.has(name) ? builtWith(initial) : undefined;
      const builtFrom = builtDirectly ?? (name && context.fieldNames.has(name) ? builtByDefault(initial) : undefined);
      const constructed = builtFrom !== undefined;
      // `readonly renderer = this.createRenderer()`: what an own method returns (see returned-constructions.ts).
      const fromOwnMethod = name && context.fieldNames.has(name) ? ownMethodCalled(initial, ownThis) : undefined;
      if (name && context.fieldNames.has(name) && (constructed || mayBeFresh(initial, context.returnsFresh)) && !(builtFrom && thisArgumentOf(builtFrom))) {
        const freshFrom = constructed ? undefined : freshFactory(initial, context.returnsFresh);
        push(
          {
            kind: 'stores-in-field',
            ownField: name,
            ...(constructed ? constructedFact(builtClassOf(initial), builtDirectly !== undefined) : {}),
            fresh: true,
            ...(freshFrom ? { freshFrom } : {}),
            ...(isObjectLiteral(initial) ? { objectLiteral: true as const } : {}),
          },
          member.name,
        );
      } else if (name && fromOwnMethod !== undefined) {
        push({ kind: 'stores-in-field', ownField: name, fromOwnMethod }, member.name);
      }
      visit(member.initializer, false);
    } else {
      // `constructor(public serializer: Serializer = new Serializer())`: a parameter property
      // whose default builds the object it keeps, which nothing else may hold. A fallback, not
      // how the field is filled as a rule: fresh, but not `constructed` (evidence of owning it).
      if (ts.isConstructorDeclaration(member)) {
        for (const parameter of member.parameters) {
          const name = ts.isParameterPropertyDeclaration(parameter, member) && ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
          if (name === undefined || !context.fieldNames.has(name) || !parameter.initializer || !mayBeFresh(parameter.initializer, context.returnsFresh)) continue;
          const builtFrom = builtWith(skipParens(parameter.initializer));
          if (builtFrom && thisArgumentOf(builtFrom, ownThis)) continue;
          const freshFrom = freshFactory(parameter.initializer, context.returnsFresh);
          push({ kind: 'stores-in-field', ownField: name, fromParameter: member.parameters.indexOf(parameter), fresh: true, ...(freshFrom ? { freshFrom } : {}) }, parameter.name);
        }
      }
      ts.forEachChild(member, visitOutsideLoop);
    }
    handOnCopies();
  }
  return { serialised };
}

/**
 * `const { editor } = this`, `const { editor: host } = this`, `const view = this.view`: remember
 * which local holds which field of this object, for fields that can lie on a cycle. Any other
 * declaration of a name (a loop variable, a parameter, a second `const`) ends what it held.
 */
function noteAliases(
  declaration: ts.VariableDeclaration | ts.ParameterDeclaration,
  fieldNames: ReadonlySet<string>,
  aliases: Map<string, string | undefined>,
  ownThis: (expression: ts.Expression) => boolean,
): void {
  let initializer = declaration.initializer && skipParens(declaration.initializer);
  // `const content = (this._content = options.content)`: the local holds what the field does.
  if (initializer && ts.isBinaryExpression(initializer) && initializer.operatorToken.kind === ts.SyntaxKind.EqualsToken) initializer = skipParens(initializer.left);
  const declared = (name: string, field: string | undefined) => aliases.set(name, aliases.has(name) ? undefined : field);
  if (ts.isVariableDeclaration(declaration) && initializer && ts.isIdentifier(declaration.name)) {
    // `const self = this` (a `let` or `var` too, while not reassigned: see the walk).
    if (ownThis(initializer)) {
      declared(declaration.name.text, THIS_ALIAS);
      return;
    }
    if (ts.isPropertyAccessExpression(initializer) && ownThis(initializer.expression)) {
      declared(declaration.name.text, fieldNames.has(initializer.name.text) ? initializer.name.text : undefined);
      return;
    }
  }
  if (ts.isVariableDeclaration(declaration) && initializer && ownThis(initializer) && ts.isObjectBindingPattern(declaration.name)) {
    for (const element of declaration.name.elements) {
      const property = element.propertyName ?? element.name;
      if (!ts.isIdentifier(element.name)) continue;
      const field = !element.dotDotDotToken && ts.isIdentifier(property) && fieldNames.has(property.text) ? property.text : undefined;
      declared(element.name.text, field);
    }
    return;
  }
  for (const name of boundNames(declaration.name)) aliases.set(name, undefined);
}

function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

/**
 * Where one of this object's cycle fields is passed to `new X(...)`: as an argument (`this.editor`,
 * or a local holding it) or a property of an options object (`{ editor }`, `{ view: this.view }`).
 * The holder hands its own pointer on: the object it creates points where it does.
 */
function ownFieldArgumentOf(
  args: readonly ts.Expression[] | undefined,
  fieldNames: ReadonlySet<string>,
  aliases: ReadonlyMap<string, string | undefined>,
  ownThis: (expression: ts.Expression) => boolean,
): (ThisArgument & { field: string }) | undefined {
  const found = findArgument(args, (expression) => {
    if (ts.isIdentifier(expression)) {
      const field = aliases.get(expression.text);
      return field === THIS_ALIAS ? undefined : field;
    }
    if (ts.isPropertyAccessExpression(expression) && ownThis(expression.expression) && fieldNames.has(expression.name.text)) return expression.name.text;
    return undefined;
  });
  if (!found) return undefined;
  return found.key === undefined ? { position: found.position, field: found.value } : { position: found.position, key: found.key, field: found.value };
}

/** A call of a method some project class declares (`child.detach()`), its class not yet resolved. */
export interface MethodCall {
  name: ts.MemberName;
  context: FactContext;
  fact: Fact;
}

/**
 * Turn the calls that can matter to detection into `calls-method` facts: calls passing `this`
 * (`child.setParent(this)`, which may store it in a back-pointer) and calls of a method that
 * resets a field (`child.detach()` doing `this.parent = undefined`, which makes a removal an
 * unlink). Finding the method's class costs a checker query per call, and most calls are
 * neither; run after every class's facts are collected, since the resets can be anywhere.
 */
/** `value`, or `value ?? null` / `value || undefined`: the parameter itself is what is kept. */
function keepsParameterWhole(expression: ts.Expression, name: string): boolean {
  const inner = skipParens(expression);
  if (ts.isIdentifier(inner)) return inner.text === name;
  const operator = ts.isBinaryExpression(inner) ? inner.operatorToken.kind : undefined;
  return (
    (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) &&
    keepsParameterWhole((inner as ts.BinaryExpression).left, name) &&
    isEmpty((inner as ts.BinaryExpression).right)
  );
}

export function resolveMethodCalls(calls: readonly MethodCall[], facts: Fact[]): void {
  const resetting = new Set(facts.filter((fact) => fact.kind === 'resets-field').map((fact) => fact.method));
  // Handed null, a method keeping its parameter in a field resets it (`layer.setEventedParent(null)`).
  const setting = new Set(facts.filter((fact) => fact.kind === 'stores-in-field' && fact.wholeParameter).map((fact) => fact.method));
  for (const { name, context, fact } of calls) {
    if (fact.thisArgument === undefined && !resetting.has(fact.calledMethod!) && !(fact.emptyArguments && setting.has(fact.calledMethod!))) continue;
    const target = declaringClassOf(name, context);
    if (target) facts.push({ ...fact, targetClassId: target });
  }
}

/**
 * A `constructs-stored-under` fact whose last field is kept by a method not yet resolved (see
 * KeptThroughMethod), or a `links-mutually` fact whose second field is (its `linked` holds the
 * first field twice until then).
 */
export interface KeptThrough extends KeptThroughMethod {
  fact: Fact;
  context: FactContext;
}

/**
 * Finish the constructions handed to a method: the method's class, and the field in which that
 * method keeps its argument at the position (`registerUtil(util) { this._overlayUtils.set(type,
 * util) }`: an adds-to-collection or stores-in-field fact from that parameter) complete the path.
 * Run after every class's facts are collected, since the method can be anywhere.
 */
export function resolveKeptThrough(kept: readonly KeptThrough[], facts: Fact[], fieldIdOf: (classId: ClassId, name: string) => FieldId | undefined): void {
  const keeping = facts.filter((fact) => (fact.kind === 'adds-to-collection' || fact.kind === 'stores-in-field') && fact.fromParameter !== undefined);
  for (const { fact, method, position, context } of kept) {
    const owner = declaringClassOf(method, context);
    if (!owner) continue;
    const fields = new Set(keeping.filter((keep) => keep.classId === owner && keep.method === method.text && keep.fromParameter === position).map((keep) => keep.ownField!));
    for (const name of fields) {
      const id = fieldIdOf(owner, name);
      if (!id) continue;
      // `tree.root = root; root.add(tree)` (mutual-links.ts): the written field and the one `add` keeps it in.
      if (fact.kind === 'links-mutually') {
        const written = fact.linked![0];
        if (id !== written) {
          facts.push({ ...fact, linked: [written, id].sort() as [FieldId, FieldId], linkedThrough: { classId: owner, method: method.text, keptIn: id } });
        }
      } else {
        facts.push({ ...fact, storedUnder: [...fact.storedUnder!, id] });
      }
    }
  }
}

/** What stored-under.ts asks the checker, through a file's context. */
export function storedUnderContext(context: FactContext): StoredUnderContext {
  return {
    constructedClass: (node) => constructedClass(node, context),
    declaringClass: (name) => declaringClassOf(name, context),
    receivingFields: (classId, argument) => context.receivingFields(classId, argument),
    ...(context.ignoresOption ? { ignoresOption: context.ignoresOption } : {}),
    symbolOf: (name) =>
      ts.isShorthandPropertyAssignment(name.parent) && name.parent.name === name
        ? context.checker.getShorthandAssignmentValueSymbol(name.parent)
        : context.checker.getSymbolAtLocation(name),
  };
}

/** What a chain of assignments writes to each of its targets: `null` in `this.view = this.parentView = null`. */
function chainedValue(expression: ts.Expression): ts.Expression {
  let value = skipParens(expression);
  while (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken) value = skipParens(value.right);
  return value;
}

/**
 * The project classes whose member a property name writes: through a union (`child.parent = this`
 * with `child: LiteElement | LiteText`, mathjax's lite DOM), the field of each member class that
 * declares its own; else the one class declaringClassOf finds.
 */
function declaringClassesOf(name: ts.MemberName, context: FactContext): ClassId[] {
  const symbol = context.checker.getSymbolAtLocation(name);
  const declarations = symbol?.declarations ?? [];
  if (declarations.length > 1) {
    const declaring = new Set(declarations.map((declaration) => classOfMember(declaration, context)).filter((id): id is ClassId => id !== undefined));
    if (declaring.size > 1) return [...declaring];
  }
  const one = declaringClassOf(name, context, symbol);
  return one ? [one] : [];
}

/**
 * The project class that declares the member a property name refers to. Written through a type
 * assertion (`(child as { parent: Parent }).parent = this`, the way a readonly field is set), the
 * name refers to the asserted type's property: the member is then looked up on the value's own type.
 */
function declaringClassOf(name: ts.MemberName, context: FactContext, symbol = context.checker.getSymbolAtLocation(name)): ClassId | undefined {
  const id = classDeclaring(symbol, context);
  if (id) return id;
  const access = name.parent;
  if (!ts.isPropertyAccessExpression(access) || access.name !== name || !isAssertion(skipParenthesised(access.expression))) return undefined;
  const type = context.checker.getTypeAtLocation(skipParens(access.expression));
  return classDeclaring(context.checker.getPropertyOfType(context.checker.getApparentType(type), name.text), context);
}

/** The project class a member declaration belongs to (a parameter property's: its constructor's class). */
function classOfMember(declaration: ts.Declaration, context: FactContext): ClassId | undefined {
  const owner = ts.isParameter(declaration) ? declaration.parent.parent : declaration.parent;
  return owner ? context.classOfDeclaration(owner) : undefined;
}

function classDeclaring(symbol: ts.Symbol | undefined, context: FactContext): ClassId | undefined {
  for (const declaration of symbol?.declarations ?? []) {
    const id = classOfMember(declaration, context);
    if (id) return id;
  }
  // Declared by an interface (`childBlot: Blot`): the class its implementers have the field from.
  for (const declaration of symbol?.declarations ?? []) {
    const owner = declaration.parent;
    const id = owner && ts.isInterfaceDeclaration(owner) ? context.declaringImplementer?.(owner, symbol!.name) : undefined;
    if (id) return id;
  }
  return undefined;
}

function isAssertion(node: ts.Expression): boolean {
  return ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node);
}

function skipParenthesised(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

function enclosingMemberName(member: ts.ClassElement, sourceFile: ts.SourceFile): string | undefined {
  if (ts.isConstructorDeclaration(member)) return 'constructor';
  if (ts.isClassStaticBlockDeclaration(member)) return 'static';
  if (ts.isPropertyDeclaration(member)) {
    if (!member.initializer) return undefined;
    // `mount = () => { ... }`: a method written as a property, whose body runs when called, not
    // while the object is set up; named as the method it is (@tanstack/form-core's `mount`).
    const value = skipParens(member.initializer);
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return memberName(member.name, sourceFile) ?? '<initializer>';
    return '<initializer>';
  }
  if (ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)) {
    const name = memberName(member.name, sourceFile);
    if (!name) return undefined;
    if (ts.isGetAccessorDeclaration(member)) return `get ${name}`;
    if (ts.isSetAccessorDeclaration(member)) return `set ${name}`;
    return name;
  }
  return undefined;
}

/** The names spread into a value: `...pages`, also inside an array literal (`[...this.pages, ...pages]`). */
function spreadNames(expression: ts.Expression): ts.Identifier[] {
  const inner = skipParens(expression);
  if (ts.isSpreadElement(inner)) return ts.isIdentifier(skipParens(inner.expression)) ? [skipParens(inner.expression) as ts.Identifier] : [];
  return ts.isArrayLiteralExpression(inner) ? inner.elements.flatMap(spreadNames) : [];
}

/** `{ ...props, parent: null }`, also cast (`{} as Props`): a plain object, never an instance of a class. */
function isObjectLiteral(expression: ts.Expression): boolean {
  return ts.isObjectLiteralExpression(skipParens(expression));
}

/** A `stores-in-field` fact's part saying the value is built there: of which class, and whether only by default. */
function constructedFact(built: ClassId | undefined, directly: boolean): Pick<Fact, 'constructed' | 'byDefault' | 'targetClassId'> {
  return { constructed: true, ...(directly ? {} : { byDefault: true as const }), ...(built === undefined ? {} : { targetClassId: built }) };
}

/**
 * The construction a value makes when it is not given one: `options.cache ?? new Cache()`,
 * `config.cache || new Cache()`, `cache ? cache : new Cache()`.
 */
function defaultConstruction(expression: ts.Expression): ts.NewExpression | undefined {
  const inner = skipParens(expression);
  let made: ts.Expression | undefined;
  if (ts.isBinaryExpression(inner) && (inner.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || inner.operatorToken.kind === ts.SyntaxKind.BarBarToken)) made = inner.right;
  else if (ts.isConditionalExpression(inner)) made = ts.isNewExpression(skipParens(inner.whenFalse)) ? inner.whenFalse : inner.whenTrue;
  made = made && skipParens(made);
  return made && ts.isNewExpression(made) ? made : undefined;
}

/**
 * The value of a `const` declared in `member` that `expression` names (`rack` in `const rack =
 * new Rack(); this.rack = rack`), undefined for anything else: a parameter, a `let` (it may be
 * reassigned), a const of an enclosing scope (it may hold an object shared between members).
 */
function constValueIn(expression: ts.Expression, member: ts.Node, checker: ts.TypeChecker): ts.Expression | undefined {
  const name = skipParens(expression);
  if (!ts.isIdentifier(name)) return undefined;
  const declaration = checker.getSymbolAtLocation(name)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name) || !declaration.initializer) return undefined;
  if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
  if (declaration.pos < member.pos || declaration.end > member.end) return undefined;
  return skipParens(declaration.initializer);
}

/** `m` in `this.m(...)` (this object as the member writes it): a value an own method returns. */
function ownMethodCalled(expression: ts.Expression, ownThis: (expression: ts.Expression) => boolean): string | undefined {
  const inner = skipParens(expression);
  if (!ts.isCallExpression(inner)) return undefined;
  const callee = skipParens(inner.expression);
  return ts.isPropertyAccessExpression(callee) && ownThis(callee.expression) ? callee.name.text : undefined;
}

/**
 * Get accessors that hand out one field of the object: `get children() { if (!this._children)
 * this._children = new Map(); return this._children; }` (@opensumi's lazily made
 * FileTreeNode.children). Code writing `this.children.set(path, node)` fills `_children`.
 */
function gettersReturningFields(node: ts.ClassLikeDeclaration, fieldNames: ReadonlySet<string>): Map<string, string> {
  const found = new Map<string, string>();
  for (const member of node.members) {
    // (Its name may well be a field of other classes: `fieldNames` holds the whole program's.)
    if (!ts.isGetAccessorDeclaration(member) || !member.body || !ts.isIdentifier(member.name) || hasModifier(member, ts.SyntaxKind.StaticKeyword)) continue;
    const returned = new Set<string | undefined>();
    const visit = (child: ts.Node): void => {
      if (ts.isFunctionLike(child) || ts.isClassLike(child)) return;
      if (ts.isReturnStatement(child)) {
        const value = child.expression && skipParens(child.expression);
        returned.add(value && ts.isPropertyAccessExpression(value) && value.expression.kind === ts.SyntaxKind.ThisKeyword ? value.name.text : undefined);
      }
      ts.forEachChild(child, visit);
    };
    ts.forEachChild(member.body, visit);
    const [field] = returned;
    if (returned.size === 1 && field !== undefined && fieldNames.has(field)) found.set(member.name.text, field);
  }
  return found;
}

/** Names of the class's own getters that return the object itself (`get self() { return this }`), casts aside. */
function gettersReturningThis(node: ts.ClassLikeDeclaration): Set<string> {
  const found = new Set<string>();
  for (const member of node.members) {
    if (!ts.isGetAccessorDeclaration(member) || !member.body || !ts.isIdentifier(member.name) || hasModifier(member, ts.SyntaxKind.StaticKeyword)) continue;
    const statements = member.body.statements;
    const only = statements.length === 1 ? statements[0] : undefined;
    if (only && ts.isReturnStatement(only) && only.expression && isThis(only.expression)) found.add(member.name.text);
  }
  return found;
}

const KEY_FLAGS = ts.TypeFlags.NumberLike | ts.TypeFlags.StringLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.ESSymbolLike;

/**
 * A number, string, bigint, boolean or symbol: a key, not an object. Also branded (`number & {
 * __brand: 'Handle' }`), and in a union with null or undefined; not `any`, which says nothing.
 */
function isPrimitive(type: ts.Type): boolean {
  const parts = (type.isUnion() ? type.types : [type]).filter((part) => !(part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
  return parts.length > 0 && parts.every((part) => (part.flags & KEY_FLAGS) !== 0 || (part.isIntersection() && part.types.some((member) => (member.flags & KEY_FLAGS) !== 0)));
}

/** `constructor(serializer = new Serializer()) { this.serializer = serializer }`: the default of the parameter a value is, if any. */
function defaultOf(value: ts.Expression, member: ts.ClassElement): ts.Expression | undefined {
  const inner = skipParens(value);
  if (!ts.isIdentifier(inner) || !ts.isFunctionLike(member)) return undefined;
  return member.parameters.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === inner.text)?.initializer;
}

function isLoop(node: ts.Node): boolean {
  return (
    ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)
  );
}

function isWriteTarget(node: ts.PropertyAccessExpression): boolean {
  const parent = skipParensUp(node);
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/** What `aliases` maps a local standing for this object to (`const self = this`): no field name has a NUL. */
const THIS_ALIAS = '\0this';

function isThis(node: ts.Expression): boolean {
  const inner = skipParens(node);
  return inner.kind === ts.SyntaxKind.ThisKeyword;
}

/**
 * Whether code in a member runs every time the member does: not inside an `if` or `switch`, a
 * branch of `?:`, `&&`, `||` or `??`, a loop's body, a `catch`, or a function nested in the
 * member (a callback runs when, and as often as, something else calls it). An early `return`
 * before it is not looked for.
 */
function runsEveryTime(node: ts.Node, member: ts.Node): boolean {
  for (let current = node; current.parent && current !== member; current = current.parent) {
    const parent = current.parent;
    if (parent === member) return true;
    if (ts.isIfStatement(parent) && parent.expression !== current) return false;
    if (ts.isConditionalExpression(parent) && parent.condition !== current) return false;
    if (ts.isBinaryExpression(parent) && parent.right === current) {
      const kind = parent.operatorToken.kind;
      if (kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken) return false;
    }
    if (ts.isIterationStatement(parent, false) || ts.isCaseOrDefaultClause(parent) || ts.isCatchClause(parent) || ts.isFunctionLike(parent)) return false;
  }
  return true;
}

/**
 * Calls that end what the receiver runs before its holder lets go of it: the end-of-life methods,
 * and stopping a running object (matrix-js-sdk's `this.callEventHandler?.stop(); this.callEventHandler
 * = undefined` in stopClient()), which an owner does to what it owns, not an object to its owner.
 */
const ENDS_WHAT_IT_HOLDS: ReadonlySet<string> = new Set([...END_OF_LIFE_METHOD_NAMES, 'stop', 'shutdown', 'terminate']);

/**
 * Whether the statement before `this.<field> = null` disposes what the field holds: a call of
 * `dispose()` or `destroy()` on `this.<field>`, or on a local that holds it
 * (`const content = this._content` ... or `this._content = content` ...; then
 * `content.dispose(); this._content = null!`).
 */
function disposedJustBefore(assignment: ts.BinaryExpression | ts.DeleteExpression, field: string, holdsField: (name: string) => boolean): boolean {
  const statement = skipParensUp(assignment);
  if (!ts.isExpressionStatement(statement) || !ts.isBlock(statement.parent)) return false;
  const statements = statement.parent.statements;
  const previous = statements[statements.indexOf(statement) - 1];
  if (!previous || !ts.isExpressionStatement(previous)) return false;
  const call = skipParens(previous.expression);
  // Ending an object's life: not `close`, since a child closing what it belongs to
  // (`this.dialog.close(); this.dialog = undefined`) is unlinking from it. (`[Symbol.dispose]` is
  // called through an element access, not seen here.)
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || !ENDS_WHAT_IT_HOLDS.has(call.expression.name.text)) return false;
  const receiver = skipParens(call.expression.expression);
  if (ts.isPropertyAccessExpression(receiver)) return receiver.expression.kind === ts.SyntaxKind.ThisKeyword && receiver.name.text === field;
  return ts.isIdentifier(receiver) && holdsField(receiver.text);
}


/** Whether the member assigns `this.<field> = <name>` anywhere. */
function storesNameIn(member: ts.Node, name: string, field: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = skipParens(node.left);
      const right = skipParens(node.right);
      if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword && left.name.text === field && ts.isIdentifier(right) && right.text === name) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(member);
  return found;
}
