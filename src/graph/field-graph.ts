/**
 * The class-field reference graph: the plain data the graph stage hands to detection.
 *
 * All type-checker work happens while building this (see build-field-graph.ts); everything
 * downstream is pure functions over it, so detection can be tested on hand-built graphs.
 * Paths are relative to the tsconfig's folder with `/`; lines and columns are 1-based.
 */
// 2: facts from code outside classes (`classId` absent), `constructs-stored-under`, `constructed`, `fresh`.
// 3: ClassNode.kind `interface` (plain objects' shapes, with their properties as fields).
// 4: FieldNode.abstract (an abstract property: skipped, its subclasses' fields are the candidates).
// 5: Fact.returned (a construction the member returns: a factory's); ClassNode.copiedInto;
//    `constructs-passing-parameter`.
// 6: ClassNode.constructorReturns; Fact.emptyArguments.
// 7: Fact.drains, Fact.through.
// 8: Fact.fromOwnMethod, Fact.returnedTo.
// 9: ClassNode.typeOnlyFields; Fact.linkedThrough.
// 10: Fact.through also on `assigns-this` and `calls-method`; Fact.untyped (a `resets-field`
//     without targetClassId); a method written as an arrow-function property is named as such,
//     not `<initializer>`.
// 11: `fresh` also for what a function of the project returns new (`this.pool = getPool()`), with Fact.freshFrom;
//     Fact.byKey (a removal from a project holder by a number or string key); Fact.via (a
//     construction made by a function called, `createServer(this)`).
// 12: ClassNode.disposal (what each dispose-like method clears, and what it calls on what the
//     class's fields hold).
// 13: DisposalInfo.handsOver (the class's other end-of-life methods a dispose-like method calls),
//     DisposalInfo.takesArguments.
// 14: Fact.conditional (an add that does not run every time its member does).
// 15: FieldTarget.interfaceDisposes (the end-of-life methods an interface target declares);
//     Fact.byDefault (a construction made only when no object is given).
// 16: `stores-in-field` with `constructed` names the class built in `targetClassId`, where known.
// 17: `keeps-part-of-construction`, Fact.droppedClasses.
// 18: Fact.objectLiteral, Fact.heldByClasses.
export const FIELD_GRAPH_SCHEMA_VERSION = 18;

/** `src/a.ts#Parent`. Two classes of the same name in different files get different ids. */
export type ClassId = string;
/** `src/a.ts#Parent.children`, `src/a.ts#Editor.#view` for ES private fields. */
export type FieldId = string;

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface ClassNode extends SourceLocation {
  id: ClassId;
  /** Declared name; for anonymous class expressions returned by mixins: `<mixin>(Base)` style label. */
  name: string;
  /**
   * `interface`: a named interface of the project that no class implements, whose properties hold
   * project classes: the type of plain objects the code builds, such as a context of services that
   * each service keeps (`this.context.batch = new BatchController(this.context)`). A node so that
   * cycles through such objects are seen; its properties are fields, but no transform rewrites them.
   */
  kind: 'class' | 'class-expression' | 'mixin' | 'interface';
  abstract: boolean;
  /** Project classes this class extends directly (resolved through the checker). */
  extends: ClassId[];
  /** Names of interfaces it implements (directly or through base interfaces), for display. */
  implements: string[];
  /**
   * Dispose-like methods it declares itself: `dispose`, `destroy`, `close`, `[Symbol.dispose]`, ...;
   * also one it replaces on its objects (`dispose = () => {}`, `this.dispose = ...`), which has no `disposal`.
   */
  disposeMethods: string[];
  /**
   * What each of those methods does to break links (see dispose-reach.ts): the fields of `this` it
   * empties, and what it calls on, or empties in, the objects its fields hold. Set only when any.
   */
  disposal?: DisposalInfo[];
  /** All instance method names it declares (used to check whether a target has dispose). */
  methods: string[];
  /** First and last line of each instance method, constructor and accessor (`get x`/`set x`), by the name facts use. */
  memberLines?: Record<string, [number, number]>;
  /** True when the class defines a toJSON that copies `this` wholesale (`{ ...this }`), or is passed to JSON.stringify/structuredClone as `this`. */
  serialised: boolean;
  /** True when the class was declared in a `.d.ts` file or under node_modules. */
  external: boolean;
  /**
   * Classes that merge with an interface extending this one (`interface Element extends
   * Transformable {}` beside `class Element`): the way TypeScript types a mixin that copies this
   * class's prototype onto theirs at runtime (`mixin(Element, Transformable)`). Set only when any.
   */
  copiedInto?: ClassId[];
  /**
   * Its constructor returns an object (blocksuite's `return new Proxy(this, ...)`): what `new`
   * gives is not `this`, so an accessor or a `#` field of the class would be reached through
   * another object, where `#` storage is missing. Set only when true.
   */
  constructorReturns?: true;
  /**
   * Instance properties a subclass declares without a field of its own at run time: `declare
   * parent: Group`, or `parent: Group;` without an initializer where the compiled classes do not
   * define their fields (useDefineForClassFields off). Such a redeclaration narrows a base class's
   * field: objects keep the value in the base's field. Set only when any.
   */
  typeOnlyFields?: string[];
}

/** One dispose-like method of a class, as dispose-reach.ts reads it. */
export interface DisposalInfo {
  /** `dispose`, `destroy`, `[Symbol.dispose]`, ... */
  method: string;
  line: number;
  /**
   * Fields of `this` it sets to `null`/`undefined` or deletes (also in the class's own methods it
   * calls); a write through a setter names the field the setter keeps its value in.
   */
  clears: string[];
  /**
   * For a field of `this`: the methods it calls on what the field holds (on the collection itself
   * too, `forEach` or `pop`: without types the two look alike), and the fields of those objects it empties.
   */
  held: Array<{ field: string; calls: string[]; resets: string[] }>;
  /** It calls the base class's method of the same name (`super.dispose()`), whenever it runs. */
  callsSuper?: true;
  /** The class's own methods it calls and reads as its own code (`this.clear()`): a subclass overriding one changes what runs. */
  through?: string[];
  /**
   * The class's other end-of-life methods it calls on `this`, deferred too (fabric's `dispose()`
   * runs `this.destroy()` in the next animation frame): the called one runs whichever the project
   * calls, so the plan puts a fix there.
   */
  handsOver?: string[];
  /** It has a parameter a call must fill (`destroy(item)`): a method for one of the class's objects, not the class's end of life. */
  takesArguments?: true;
}

/** How a field holds its target: directly, or as values of a collection. */
export type ContainerKind = 'single' | 'array' | 'set' | 'map' | 'record' | 'tuple';

export interface FieldTarget {
  classId: ClassId;
  container: ContainerKind;
  /** `declared`: the type names the class; `interface`: the class implements the named interface. */
  via: 'declared' | 'interface';
  /**
   * Held inside another object of the project: a type argument of a generic project class that
   * keeps it in a field (`box: Box<Child>` where Box has `items: T[]`; `container` is then the
   * Box's). Set only when true.
   */
  throughHolder?: true;
  /**
   * With `via: 'interface'`: the end-of-life methods (`dispose`, `destroy`) the interface declares,
   * own or inherited and not optional, which a dispose fix can call on the objects it holds through
   * the interface. Empty when it declares none (langium's `content: CstNode[]`): such a fix cannot
   * be written without a cast.
   */
  interfaceDisposes?: string[];
}

export interface FieldNode extends SourceLocation {
  id: FieldId;
  classId: ClassId;
  /** `parent`, or `#editor` for ES private fields. */
  name: string;
  static: boolean;
  readonly: boolean;
  /** Declared with `?`. */
  optional: boolean;
  /** Which empty values the field's type admits (including through `?`; every field admits both where the tsconfig turns null checking off). */
  nullable: 'undefined' | 'null' | 'both' | 'none';
  privateName: boolean;
  /** Declared as a constructor parameter property, `constructor(private host: Host)`. */
  parameterProperty: boolean;
  /** Accessibility modifier, if any. */
  accessibility?: 'public' | 'private' | 'protected';
  /** `declare parent: Parent;` */
  declare: boolean;
  /** `abstract parent: Parent;`: a contract for subclasses, with no storage of its own. */
  abstract: boolean;
  /** Decorator names, e.g. `ManyToOne`, `Inject`, `observable`. Non-empty means not a candidate. */
  decorators: string[];
  /** A `// weakify-ignore` comment on or above the declaration. */
  ignored: boolean;
  /** The type as written (or as the checker prints it when there is no annotation). */
  typeText: string;
  hasTypeAnnotation: boolean;
  hasInitializer: boolean;
  /** Strong references to project classes. */
  targets: FieldTarget[];
  /** Project classes referenced only through WeakRef / WeakMap / WeakSet: not edges, kept for reporting. */
  weakTargets: ClassId[];
}

/**
 * Facts observed in method bodies, collected in the same pass as the graph so that detection
 * never needs the type checker. `classId`/`method` say where the fact was seen.
 */
export type FactKind =
  /** `new Target(..., this, ...)`; `ownField` when the result is stored or added to `this.ownField`. */
  | 'constructs-with-this'
  /**
   * `new Target({ editor })` with `const { editor } = this` (or `this.editor` passed): the object
   * hands its own cycle field `field` to the object it creates; `ownField` as above.
   */
  | 'constructs-passing-field'
  /**
   * `connect(pipeline) { this.ports.push(new Port(pipeline)) }`: the object creates another, hands
   * it an object it was given (a parameter of the member), which that constructor keeps in
   * `receivedBy`; `ownField` as above. Recorded only when the constructor shows where it keeps it.
   */
  | 'constructs-passing-parameter'
  /** `expr.field = this` where expr is a `targetClassId`. */
  | 'assigns-this'
  /** `expr.field.push(this)` / `.add(this)` / `.set(k, this)` where expr is a `targetClassId`. */
  | 'adds-this-to-collection'
  /** `this.ownField.push(x)` / `.add` / `.set` / `.unshift` / `this.ownField[i] = x`. */
  | 'adds-to-collection'
  /** `this.ownField = value` (value neither `this` nor empty): the class keeps the object in a single field. */
  | 'stores-in-field'
  /** `this.ownField.splice/delete/pop/shift/clear`, `this.ownField = this.ownField.filter(...)`, `length = 0`. */
  | 'removes-from-collection'
  /** `expr.field = null | undefined` or `delete expr.field`, expr a `targetClassId` (`this` included). */
  | 'resets-field'
  /** `expr.field = new X(...)` (no `this` passed), expr a `targetClassId` other than `this`: filled with a new object. */
  | 'assigns-construction'
  /**
   * `view.input.mouseDown = new Target(view)`, `p.children.push(new Target(p))`: a construction
   * kept under the object `passed` to it, `storedUnder` the fields from that object down to where
   * it is kept. Also in code outside any class (then without `classId`).
   */
  | 'constructs-stored-under'
  /** `expr.calledMethod(...)` where expr is a `targetClassId` (lets detection follow `child.detach()`). */
  | 'calls-method'
  /** `expr.field` read inside a loop (condition, body or update), expr a `targetClassId`. */
  | 'reads-in-loop'
  /**
   * `const browser = new Browser(); this.frame = browser.pages[0].mainFrame`: the member builds a
   * `targetClassId`, keeps an object it reaches through it and drops the rest, `droppedClasses`
   * (see dropped-constructions.ts).
   */
  | 'keeps-part-of-construction'
  /**
   * `a.next = b` and `b.prev = a` in one function: the two fields `linked` are set to point at
   * each other (see mutual-links.ts). Also in code outside any class (then without `classId`).
   */
  | 'links-mutually';

export interface Fact extends SourceLocation {
  kind: FactKind;
  /**
   * Class in whose body the fact occurs. Absent for code outside any class (a module's functions),
   * which only `constructs-stored-under` and `links-mutually` are collected from.
   */
  classId?: ClassId;
  /**
   * Enclosing member: method/accessor name, `constructor`, or `<initializer>`. Outside a class,
   * the enclosing function's name (`handlers.mousedown`, `attach`) or `<module>`.
   */
  method: string;
  /** The class of the other object involved (the receiver, or the constructed class). */
  targetClassId?: ClassId;
  /** The field on the other object (`assigns-this`, `resets-field`, `reads-in-loop`, `adds-this-to-collection`). */
  field?: string;
  /** The field of `this` involved (`adds-to-collection`, `stores-in-field`, `removes-from-collection`, `constructs-with-this`). */
  ownField?: string;
  /** For `calls-method`. */
  calledMethod?: string;
  /** `calls-method`: the position of a `this` argument (`child.setParent(this)`), or of the options object holding it. */
  thisArgument?: number;
  /** `calls-method`: the property of the options object whose value is `this` (`tools.config({ view: this })`). */
  thisArgumentKey?: string;
  /** `calls-method`: the positions of arguments that are `null`, `undefined` or `void 0` (`layer.setEventedParent(null)`). */
  emptyArguments?: number[];
  /** `stores-in-field`: the value stored is an object literal (`{ ...props, parent: null }`), a plain object. */
  objectLiteral?: true;
  /** `keeps-part-of-construction`: the classes of the objects dropped, the one built first. */
  droppedClasses?: ClassId[];
  /** `keeps-part-of-construction`: the classes of the objects on the way that hold them (parts passed through, and kept). */
  heldByClasses?: ClassId[];
  /** `constructs-with-this`: the fields the constructed object's constructor keeps `this` in, when it shows them. */
  receivedBy?: string[];
  /**
   * `constructs-with-this` with `this` in an options object (`new X({ canvas: this })`) whose way
   * into a field the constructor does not show (`setOptions(options)`): the key, which by
   * convention names the field.
   */
  optionKey?: string;
  /** `constructs-stored-under`: the fields from the passed object down to the one keeping the new object, outermost first. */
  storedUnder?: FieldId[];
  /** `constructs-stored-under`: the passed object as written (`view`, `this.view`). */
  passed?: string;
  /** `links-mutually`: the two fields set to point at each other, sorted. */
  linked?: [FieldId, FieldId];
  /**
   * `links-mutually` where one side is handed to a method of the project that keeps it (`tree.root
   * = root; root.add(tree)`): the method's class and name, and which of `linked` it keeps it in.
   */
  linkedThrough?: { classId: ClassId; method: string; keptIn: FieldId };
  /** `stores-in-field`, `adds-to-collection`: the value kept uses the enclosing method's parameter at this position. */
  fromParameter?: number;
  /** `stores-in-field`: the value kept is this property of that parameter (`this.cellView = options.view`). */
  fromParameterKey?: string;
  /** `stores-in-field`: the value kept is that parameter itself (`this._parent = value`, `value ?? null`). */
  wholeParameter?: true;
  /**
   * `stores-in-field`: the stored value is an object constructed right there (`this.view = new
   * View()`); `targetClassId` names the class built, where the checker knows it.
   */
  constructed?: true;
  /**
   * With `constructed`: the construction is a default, made when no object is given
   * (`options.cache ?? new Cache()`, `config.cache || new Cache()`). Set only when true.
   */
  byDefault?: true;
  /**
   * `stores-in-field`: the stored value is, or may be, an object created right there, which
   * nothing else holds (`new X()`, `{}`, `[]`, also as a fallback: `parent ?? ({} as any)`).
   */
  fresh?: true;
  /**
   * `stores-in-field` with `fresh`: the function of the project whose new object it may be
   * (`this.pool = getPool(local)`, `getPool` returning `new Pool()` in a branch), when the value
   * does not create it itself.
   */
  freshFrom?: string;
  /**
   * `removes-from-collection`: out of a holder of the project's own by a key, not the object
   * (`this.map.delete(handle)` with `handle: number`): which object it was the call does not say.
   */
  byKey?: true;
  /**
   * `constructs-with-this` and the other constructions: made by a function the member calls, not
   * by `new` in it (`createServer(this)`, `createInstance(Renderer, this)`), named as the call names it.
   */
  via?: string;
  /** `constructs-with-this`: the member returns the new object as it is (`create() { return new Mark(this, attrs) }`). */
  returned?: true;
  /**
   * `adds-to-collection`: the add does not run every time its member does (inside an `if`, a
   * branch, a loop or a callback): `if (select) this.selected.push(child)`.
   */
  conditional?: true;
  /**
   * `stores-in-field`, `adds-to-collection`: the value kept is what a method of this object returns
   * (`this.renderer = this.createRenderer()`): that method's name.
   */
  fromOwnMethod?: string;
  /**
   * `constructs-with-this` with `returned`: the object's own code keeps what the member returns, in
   * `ownField`, at this place (the constructor's `this.renderer = this.createRenderer()` for the
   * `return new Renderer(this)` of `createRenderer`; a base class may store what a subclass's
   * override builds). Set once every class's facts are in (see returned-constructions.ts).
   */
  returnedTo?: SourceLocation & { classId: ClassId; method: string };
  /**
   * `removes-from-collection` from another object's collection reached through a field of this
   * one (`this.parentNode.children.splice(i, 1)`, also through locals): that field's name; the
   * collection's is `ownField`. How an object takes itself out of its owner (G2's `Node.remove()`).
   * `assigns-this` on the object a field of this one holds (`this.emission.system = this`), and
   * `calls-method` handing `this` to a method of it (`this.shape.onUpdate(this)`): that field,
   * which keeps the object the write points back from.
   */
  through?: string;
  /**
   * `removes-from-collection`: `shift()` or `pop()` in a loop whose result is used, a queue worked
   * through: each object taken out is handed on or used (`queue.shift()!.run()`), not unlinked.
   */
  drains?: true;
  /**
   * `resets-field` on an object whose type says nothing (`remove(child) { child.parent = null }`
   * with implicit any): no class is known to declare the field (`targetClassId` is unset). Enough
   * for a removal method to count as resetting what it takes out, not to weigh a direction.
   */
  untyped?: true;
  /** `resets-field`: the object reset is `this` (`this.parent = undefined`), not another object. */
  onThis?: boolean;
  /**
   * `resets-field` on `this`: right after disposing the object the field holds
   * (`this.content.dispose(); this.content = null`): the holder ending what it owns, not an unlink.
   */
  afterDisposal?: true;
  /**
   * `assigns-this`, `resets-field`, `stores-in-field`: written through this setter, which keeps
   * its value in `field` / `ownField` (`layout.parent = this` into `_parent`; see setter-writes.ts).
   */
  setter?: string;
}

/** A fact seen in a class's code: every kind but some `constructs-stored-under`. */
export type ClassFact = Fact & { classId: ClassId };

export function isClassFact(fact: Fact): fact is ClassFact {
  return fact.classId !== undefined;
}

export interface GraphWarning {
  kind: 'syntax-error' | 'unresolved-type' | 'config' | 'other';
  file?: string;
  line?: number;
  message: string;
}

export interface FieldGraph {
  schemaVersion: typeof FIELD_GRAPH_SCHEMA_VERSION;
  classes: ClassNode[];
  /** Instance and static fields that reference project classes (static ones are roots, never edges). */
  fields: FieldNode[];
  facts: Fact[];
  /** The project's own files (not declarations, unless analysed as sources), including those that hold no class. */
  files: string[];
  /** Which dispose-like method names the project's classes declare, with counts. */
  disposeConventions: Record<string, number>;
  /** The project's `lib` provides WeakRef (ES2021+ or esnext.weakref) / esnext.disposable. */
  lib: { weakRef: boolean; disposable: boolean };
  warnings: GraphWarning[];
}
