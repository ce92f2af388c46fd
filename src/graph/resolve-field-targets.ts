import { ts } from '../typescript.js';
import type { ClassId, ContainerKind, FieldTarget } from './field-graph.js';
import { END_OF_LIFE_METHOD_NAMES } from './dispose-method-names.js';

/** What the resolver needs to know about the program's classes and interfaces. */
export interface ClassLookup {
  /** The class a type symbol denotes (a project class, or an external one created on demand). */
  classOfSymbol(symbol: ts.Symbol): ClassId | undefined;
  /** Project classes implementing an interface symbol (directly, through sub-interfaces or base classes). */
  implementersOf(symbol: ts.Symbol): ClassId[];
  /** Whether a declaration file is one of TypeScript's own lib files. */
  isDefaultLibrary(sourceFile: ts.SourceFile): boolean;
  /** For a generic project class: which of its type parameters its instance fields hold strongly, and how. */
  heldTypeParameters(symbol: ts.Symbol): readonly HeldTypeParameter[];
  /** The graph node of an interface no class implements, or an object type alias, whose properties hold project classes (see ClassNode.kind). */
  shapeOf?(symbol: ts.Symbol): ClassId | undefined;
}

/** `class Box<T> { items: T[] }` holds its type parameter 0 as `array` values. */
export interface HeldTypeParameter {
  index: number;
  container: ContainerKind;
}

export interface ResolvedTargets {
  targets: FieldTarget[];
  /** Classes held only through WeakRef / WeakMap / WeakSet. */
  weakTargets: ClassId[];
  /** Type parameters the type holds strongly (`T`, `T[]`, `Map<K, T>`), with their container. */
  typeParameters: Array<{ type: ts.Type; container: ContainerKind }>;
}

// Library containers and which type argument holds the values they keep alive.
const VALUE_ARGUMENT: Record<string, { index: number; container: ContainerKind }> = {
  Array: { index: 0, container: 'array' },
  ReadonlyArray: { index: 0, container: 'array' },
  Set: { index: 0, container: 'set' },
  ReadonlySet: { index: 0, container: 'set' },
  Map: { index: 1, container: 'map' },
  ReadonlyMap: { index: 1, container: 'map' },
};
const WEAK_HOLDERS: Record<string, number> = { WeakRef: 0, WeakSet: 0, WeakMap: 1 };
// Types whose values are not held by the field in a way a back-pointer migration concerns.
const OPAQUE = new Set(['Promise', 'PromiseLike', 'Function', 'Iterator', 'IterableIterator', 'Generator', 'AsyncGenerator']);

const MAX_DEPTH = 4;
const MAX_PROPERTIES = 64;

/**
 * The project classes a field's type holds strongly, and how: directly (through unions, aliases,
 * optional), or as values of an array, Set, Map, Record, tuple or object type. Interfaces point at
 * their project implementers; type parameters at their constraint. A generic project class that
 * keeps a type parameter in a field holds its type argument too (`box: Box<Child>`), in the
 * container its field uses unless an outer one wraps it. A class used through
 * `WeakRef`/`WeakMap`/`WeakSet` is reported as weak, not as an edge. The outermost container wins:
 * `Map<string, Child[]>` holds Child as `map` values.
 */
export function resolveFieldTargets(type: ts.Type, checker: ts.TypeChecker, lookup: ClassLookup): ResolvedTargets {
  const targets = new Map<string, FieldTarget>();
  const weak = new Set<ClassId>();
  // The smallest depth each type was visited at, per way of reaching it: a second visit no
  // shallower in the same way cannot find anything new. (A set of the types on the current path
  // stopped cycles, but let a union recurring inside its own members be walked once per path:
  // maplibre's expression type, a union of tuples of unions with itself, took minutes.)
  const visitedAt = new Map<ts.Type, Map<string, number>>();
  const typeParameters: ResolvedTargets['typeParameters'] = [];

  const add = (classId: ClassId, container: ContainerKind, via: FieldTarget['via'], isWeak: boolean, inHolder: boolean) => {
    if (isWeak) {
      weak.add(classId);
      return;
    }
    const key = `${classId}\0${container}`;
    // Held directly beats held inside a generic holder, whichever is met first.
    const known = targets.get(key);
    if (!known || (known.throughHolder && !inHolder)) targets.set(key, { classId, container, via, ...(inHolder ? { throughHolder: true as const } : {}) });
  };

  const visit = (current: ts.Type, container: ContainerKind | undefined, depth: number, isWeak: boolean, inHolder = false): void => {
    if (depth > MAX_DEPTH) return;
    const way = `${container ?? ''}\0${isWeak ? 1 : 0}${inHolder ? 1 : 0}`;
    let ways = visitedAt.get(current);
    if (!ways) visitedAt.set(current, (ways = new Map()));
    const before = ways.get(way);
    if (before !== undefined && before <= depth) return;
    ways.set(way, depth);
    // A collection inside a collection (`Array<Array<Track>>`, `Map<string, Node[]>`): its
    // elements are held one level down, as inside a holder object; a loop over the outer one
    // meets collections, not the objects (needle-engine's PlayableDirector._tracksArray).
    const nested = inHolder || container !== undefined;
    if (current.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never | ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.EnumLike | ts.TypeFlags.ESSymbolLike | ts.TypeFlags.VoidLike | ts.TypeFlags.Null | ts.TypeFlags.NonPrimitive)) return;
    if (current.isUnionOrIntersection()) {
      for (const member of current.types) visit(member, container, depth, isWeak, inHolder);
      return;
    }
    if (current.flags & ts.TypeFlags.TypeParameter) {
      if (!isWeak) typeParameters.push({ type: current, container: container ?? 'single' });
      const constraint = checker.getBaseConstraintOfType(current);
      if (constraint && constraint !== current) visit(constraint, container, depth + 1, isWeak, inHolder);
      return;
    }
    if (!(current.flags & ts.TypeFlags.Object)) return;
    // Lib utility types over a class: `Readonly<Parent>` still is the Parent; `Partial<Parent>`,
    // `Pick<...>` and `Omit<...>` describe copies of its shape, not the instance.
    const utility = libUtility(current, lookup);
    if (utility === 'same') {
      visit(current.aliasTypeArguments![0]!, container, depth + 1, isWeak, inHolder);
      return;
    }
    if (utility === 'copy') return;

    const objectFlags = (current as ts.ObjectType).objectFlags;
    const symbol = current.getSymbol() ?? current.aliasSymbol;
    const classId = symbol ? lookup.classOfSymbol(symbol) : undefined;
    if (classId) {
      // `typeof Action` (the constructor, an anonymous type) carries the class's symbol too, but
      // holds no instance. Told apart by its flags: asking for its construct signatures would
      // resolve every member of the class type just to find none.
      if (objectFlags & ts.ObjectFlags.Anonymous) return;
      add(classId, container ?? 'single', 'declared', isWeak, inHolder);
      // `box: Box<Child>` where Box keeps its T in a field: the field holds the Child too, through the Box.
      if (objectFlags & ts.ObjectFlags.Reference) {
        const held = lookup.heldTypeParameters(symbol!);
        const reference = current as ts.TypeReference;
        const args = held.length > 0 ? checker.getTypeArguments(reference) : [];
        // A class declared inside a generic function or class takes the enclosing type parameters first.
        const outer = held.length > 0 ? (reference.target.outerTypeParameters?.length ?? 0) : 0;
        const parameters = held.length > 0 ? (reference.target.typeParameters ?? []) : [];
        for (const { index, container: inner } of held) {
          const argument = args[outer + index];
          // An argument the code did not write is the parameter's default (`tools: ToolItem[]`
          // with `ToolItem<View = CellView>`): what the generic may point at, which its own
          // field already says, not what this field's objects were given to hold.
          const parameter = parameters[outer + index];
          if (argument && parameter && argument === checker.getDefaultFromTypeParameter(parameter)) continue;
          if (argument) visit(argument, container ?? inner, depth + 1, isWeak, true);
        }
      }
      return;
    }
    // Other constructor types (`new () => T`, interfaces with construct signatures).
    if (current.getConstructSignatures().length > 0) return;
    if (checker.isTupleType(current)) {
      for (const element of checker.getTypeArguments(current as ts.TypeReference)) visit(element, container ?? 'tuple', depth + 1, isWeak, nested);
      return;
    }
    const name = symbol?.getName();
    if (name && Object.hasOwn(WEAK_HOLDERS, name)) {
      const argument = typeArguments(current, checker)[WEAK_HOLDERS[name]!];
      if (argument) visit(argument, container ?? 'single', depth + 1, true, inHolder);
      return;
    }
    if (name && Object.hasOwn(VALUE_ARGUMENT, name)) {
      const { index, container: kind } = VALUE_ARGUMENT[name]!;
      const argument = typeArguments(current, checker)[index];
      if (argument) visit(argument, container ?? kind, depth + 1, isWeak, nested);
      return;
    }
    if (name && OPAQUE.has(name)) return;
    if (symbol && symbol.flags & ts.SymbolFlags.Interface) {
      const implementers = lookup.implementersOf(symbol);
      if (implementers.length > 0) {
        // Methods a call can reach on every object: not optional ones (`dispose?()`).
        const interfaceDisposes = isWeak
          ? []
          : checker
              .getPropertiesOfType(current)
              .filter((property) => property.flags & ts.SymbolFlags.Method && !(property.flags & ts.SymbolFlags.Optional) && END_OF_LIFE_METHOD_NAMES.has(property.getName()))
              .map((property) => property.getName());
        for (const implementer of implementers) {
          if (isWeak) weak.add(implementer);
          else {
            const key = `${implementer}\0${container ?? 'single'}`;
            if (!targets.has(key)) targets.set(key, { classId: implementer, container: container ?? 'single', via: 'interface', ...(inHolder ? { throughHolder: true as const } : {}), interfaceDisposes });
          }
        }
        return;
      }
    }
    // A collection behind an interface of the project's own (@tanstack/query-core's `#queries:
    // QueryStore`, filled with a `new Map()`): one whose `get(key)` returns an element and that can
    // `set(key, element)` is a Map of them, one that can `add(element)` and answer `has` a Set.
    if (symbol && symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeLiteral)) {
      const collection = collectionLike(current, checker);
      if (collection) {
        visit(collection.element, container ?? collection.container, depth + 1, isWeak, nested);
        return;
      }
    }
    // A plain object of a named shape that holds project objects (an interface no class
    // implements, `type Context = { graph: Graph }`): a node of its own (interface-nodes.ts).
    const named = symbol && symbol.flags & ts.SymbolFlags.Interface ? symbol : current.aliasTypeArguments?.length ? undefined : current.aliasSymbol;
    const shape = named && lookup.shapeOf?.(named);
    if (shape) {
      add(shape, container ?? 'single', 'declared', isWeak, inHolder);
      return;
    }
    // Functions: a closure's captures are out of reach of a field migration.
    if (current.getCallSignatures().length > 0) return;
    // Object types: index signatures (Record<string, T>) and the values of mapped or literal types.
    for (const info of checker.getIndexInfosOfType(current)) visit(info.type, container ?? 'record', depth + 1, isWeak, nested);
    // Named interfaces without implementers are shapes (options bags, DTOs): look inside only
    // anonymous and mapped types. A mapped type (`{ [K in Keys]: Widget }`, `Record<Keys, Widget>`)
    // is a record of its values. An object literal type with named properties (cannon-es's
    // `addBodyEvent: { type: 'addBody'; body: Body | null }`) is one object keeping others in its
    // properties, as a generic holder does: its values are not all of a kind, and `Object.values`
    // over it would meet `'addBody'`.
    if (objectFlags & (ts.ObjectFlags.Anonymous | ts.ObjectFlags.Mapped)) {
      const mapped = (objectFlags & ts.ObjectFlags.Mapped) !== 0;
      const properties = current.getProperties().slice(0, MAX_PROPERTIES);
      for (const property of properties) {
        const declaration = property.valueDeclaration ?? property.declarations?.[0];
        if (declaration && (ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration))) continue;
        const propertyType = declaration ? checker.getTypeOfSymbolAtLocation(property, declaration) : checker.getTypeOfSymbol(property);
        if (mapped) visit(propertyType, container ?? 'record', depth + 1, isWeak, nested);
        else visit(propertyType, container, depth + 1, isWeak, true);
      }
    }
  };

  visit(type, undefined, 0, false);
  const sorted = [...targets.values()].sort((a, b) => compare(a.classId, b.classId) || compare(a.container, b.container));
  return { targets: sorted, weakTargets: [...weak].filter((id) => !sorted.some((t) => t.classId === id)).sort(compare), typeParameters };
}

/** A Map-like (`get(key)` returning V, `set(key, V)`) or Set-like (`add(V)`, `has(V)`) object type, with its element type. */
function collectionLike(type: ts.Type, checker: ts.TypeChecker): { element: ts.Type; container: 'map' | 'set' } | undefined {
  const signature = (name: string): ts.Signature | undefined => {
    const property = type.getProperty(name);
    return property ? checker.getTypeOfSymbol(property).getCallSignatures()[0] : undefined;
  };
  const get = signature('get');
  const set = signature('set');
  if (get && set && get.parameters.length === 1 && set.parameters.length === 2) {
    return { element: checker.getNonNullableType(checker.getReturnTypeOfSignature(get)), container: 'map' };
  }
  const add = signature('add');
  const has = signature('has');
  if (add && has && add.parameters.length === 1 && has.parameters.length === 1) {
    return { element: checker.getTypeOfSymbol(add.parameters[0]!), container: 'set' };
  }
  return undefined;
}

function typeArguments(type: ts.Type, checker: ts.TypeChecker): readonly ts.Type[] {
  if ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) return checker.getTypeArguments(type as ts.TypeReference);
  return type.aliasTypeArguments ?? [];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const SAME_INSTANCE_UTILITIES = new Set(['Readonly', 'Required', 'NonNullable']);
const COPY_UTILITIES = new Set(['Partial', 'Pick', 'Omit']);

function libUtility(type: ts.Type, lookup: ClassLookup): 'same' | 'copy' | undefined {
  const alias = type.aliasSymbol;
  if (!alias || !type.aliasTypeArguments?.length) return undefined;
  const name = alias.getName();
  if (!SAME_INSTANCE_UTILITIES.has(name) && !COPY_UTILITIES.has(name)) return undefined;
  // Only TypeScript's own, not a project's namesake.
  if (!alias.declarations?.some((declaration) => lookup.isDefaultLibrary(declaration.getSourceFile()))) return undefined;
  return SAME_INSTANCE_UTILITIES.has(name) ? 'same' : 'copy';
}
