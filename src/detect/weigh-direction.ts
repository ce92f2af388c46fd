import type { Evidence } from './analysis-result.js';
import type { ClassFact, Fact, FieldNode, FieldTarget } from '../graph/field-graph.js';
import { BACK_POINTER_NAMES, EVIDENCE_RULES, LISTENER_LIST_NAMES, OWNERSHIP_NAMES, RELEASE_METHOD, combine, format, normaliseName, type EvidenceRule } from './evidence-rules.js';
import type { GraphIndex } from './graph-index.js';

export interface WeighedEvidence extends Evidence {
  weight: number;
}

export interface Direction {
  owner: FieldNode;
  back: FieldNode;
  evidence: WeighedEvidence[];
  /** Noisy-OR of the evidence weights, 0..1. */
  score: number;
  /** Why the two fields only loosely fit each other's types, if they do (see looseMatch). */
  loose?: string;
  /**
   * Evidence that `back` is no back-pointer at all, whichever way the pair runs: its target also
   * hands out objects pointing at it that it does not keep. Subtracted in full from the confidence.
   */
  doubt?: WeighedEvidence;
}

/**
 * How strongly the code says that `back` is the back-pointer of what `owner` holds (the owner's
 * class holds objects of back's class through `owner`, and `back` points at the owner's class).
 * One piece of evidence per rule, at the first place it was seen (facts are sorted by location).
 */
export function weighDirection(index: GraphIndex, owner: FieldNode, back: FieldNode): Direction {
  const ownerName = index.className(owner.classId);
  const childName = index.className(back.classId);
  const childClasses = index.withSubclasses(back.classId);
  const ownerFacts = index.factsIn([owner.classId]);
  const childFacts = index.factsIn([back.classId]);
  const evidence: WeighedEvidence[] = [];
  const weighed = (rule: EvidenceRule, at: { file: string; line: number }, values: Record<string, string>): WeighedEvidence => ({
    kind: rule.id,
    file: at.file,
    line: at.line,
    message: format(rule.message, { owner: ownerName, child: childName, field: back.name, ownerField: owner.name, at: `${at.file}:${at.line}`, ...values }),
    weight: rule.weight,
  });
  const add = (rule: EvidenceRule, at: { file: string; line: number }, values: Record<string, string>) => void evidence.push(weighed(rule, at, values));
  const first = (facts: ClassFact[], test: (fact: ClassFact) => boolean) => facts.find(test);

  const constructed = ownerFacts.filter(
    (fact) =>
      fact.kind === 'constructs-with-this' && fact.targetClassId !== undefined && childClasses.has(fact.targetClassId) && constructionFills(index, fact, back) !== false,
  );
  const provenInto = (fact: Fact) => receivingFieldsKnown(index, fact).includes(back.name);
  const stored = constructed.find((fact) => fact.ownField === owner.name && provenInto(fact)) ?? constructed.find((fact) => fact.ownField === owner.name);
  // `transform() { return new TransformedGeometry2d(this, t) }`, TransformedGeometry2d extending
  // the class that creates it: a wrapper of itself handed to the caller (a decorator), which
  // points at what it wraps. Not kept, it says nothing about who owns whom; unless the object
  // made registers with its creator under the owning field (`up?.subs.push(this)` in its
  // constructor): then it is a child node of a subclass.
  const registersHere = childFacts.some((fact) => fact.kind === 'adds-this-to-collection' && fact.field === owner.name && index.sameSlot(fact.targetClassId, owner));
  const wrapsItself = (fact: Fact) =>
    !registersHere && fact.classId !== undefined && fact.targetClassId !== fact.classId && index.withSubclasses(fact.classId).has(fact.targetClassId!);
  const factories = constructed.filter((fact) => !wrapsItself(fact));
  const construction = stored ?? factories.find(provenInto) ?? factories[0];
  // `const body = new Body(this); this.addBody(body)`: kept through a method, which the evidence
  // below says in full; the same construction read as "without keeping it" is no second piece.
  const keptUnder = keptUnderOwner(index, [owner], back);
  const sameConstruction =
    !stored && construction !== undefined && keptUnder !== undefined && construction.classId === keptUnder.classId && construction.method === keptUnder.method;
  if (construction && !sameConstruction) {
    // Returned to the code that keeps it (`this.renderer = this.createRenderer()`): both places named.
    const kept = stored ? construction.returnedTo : undefined;
    const rule = kept
      ? EVIDENCE_RULES.constructsReturnsAndStores
      : stored
        ? provenInto(construction) ? EVIDENCE_RULES.constructsAsAndStores : EVIDENCE_RULES.constructsAndStores
        : provenInto(construction) ? EVIDENCE_RULES.constructsAs : EVIDENCE_RULES.constructs;
    const keeper: Record<string, string> = kept
      ? { as: provenInto(construction) ? ` as its \`${back.name}\`` : '', keeper: index.className(kept.classId), keeperMethod: kept.method, keptAt: `${kept.file}:${kept.line}` }
      : {};
    // Named as constructed: `new Button(this)` where the back-pointer is declared by its base Widget;
    // and through the function that builds it, where one does (`createServer(this)`).
    const built = index.className(construction.targetClassId!) + (construction.via === undefined ? '' : ` through \`${construction.via}\``);
    add(rule, construction, { method: construction.method, owner: index.className(construction.classId), child: built, ...keeper });
  }

  // `this.layout = new DockLayout()` (without `this`: that is the rule above): the owner field
  // holds what its class creates. A single reference held directly only: `children = new Set()`
  // constructs the collection, and `host = new Box<Editor>()` a holder, not what they hold.
  if (!stored && owner.targets.every((target) => target.container === 'single' && !target.throughHolder)) {
    // A plain object's shape (ClassNode.kind `interface`) is constructed by an object literal:
    // `this._pressData = { index, delta, ... }` owns its objects as `new` would; but not
    // `this.context = {}` in destroy(), which lets go of the one it had.
    const plainObjects = owner.targets.every((target) => index.plainObject(target.classId));
    const keeps = first(
      ownerFacts,
      (fact) =>
        fact.kind === 'stores-in-field' &&
        fact.ownField === owner.name &&
        // Not an object of a base class of the other side's (`private bus = new Emitter()` beside
        // Threads that extend Emitter): the field holds the base's objects as such, an emitter of
        // its own, not the subclasses its type admits. Another subclass of the field's type
        // (`this.layout = new SingletonLayout()` beside a PanelLayout) says the field keeps
        // objects of that family made for it, as before.
        ((fact.constructed === true && (fact.targetClassId === undefined || fact.targetClassId === back.classId || !index.withBases(back.classId).has(fact.targetClassId))) ||
          (plainObjects && fact.fresh === true && !RELEASE_METHOD.test(fact.method))),
    );
    if (keeps) {
      const values: Record<string, string> = { method: keeps.method, owner: index.className(keeps.classId), via: '' };
      // Through a setter (`this.layout = new PanelLayout()`), named as the code names it.
      if (keeps.setter !== undefined) Object.assign(values, { ownerField: keeps.setter, via: `, through a setter storing \`${owner.name}\`` });
      if (keeps.byDefault) {
        // `doc ?? new Document()`: made only when none is given, where the usual path may pass the
        // owner in (a page its document builds with `new Page(this)`): half the weight.
        values.via += ' when it is given none';
        evidence.push({ ...weighed(EVIDENCE_RULES.keepsItsConstruction, keeps, values), weight: EVIDENCE_RULES.keepsItsConstruction.weight / 2 });
      } else add(EVIDENCE_RULES.keepsItsConstruction, keeps, values);
    } else {
      // The same written by other code: `textEl.innerTransformable = new Transformable()`.
      const given = index.constructionInto(owner);
      if (given) add(EVIDENCE_RULES.keepsConstructionGiven, given, { method: given.method, by: index.className(given.classId), holder: ownerName, ownerField: given.setter ?? owner.name });
    }
  }

  // The same with `this` passed to what it builds (`this.internalState = new LayerState(this)`),
  // where `this` lands in another field than `back` and `back` is a collection: the owner field
  // holds, directly, what its class made, and the collection holds other objects of the owner's
  // class (deck.gl's Layer.internalState, paired by type alone with LayerState.subLayers: a tree
  // of layers, each with its own state). A single `back` beside the field that gets `this` is left
  // alone (a StatusLine's unused `owner` beside its `editor`): nothing says it points anywhere.
  // A generic holder's type argument is not what it was built as.
  const backIsCollection = back.targets.some((target) => target.container !== 'single');
  if (!stored && backIsCollection && !evidence.some((item) => item.kind === EVIDENCE_RULES.keepsItsConstruction.id)) {
    const built = first(
      ownerFacts,
      (fact) =>
        (fact.kind === 'constructs-with-this' || fact.kind === 'constructs-passing-field') &&
        fact.ownField === owner.name &&
        fact.targetClassId !== undefined &&
        owner.targets.some((target) => !target.throughHolder && index.withSubclasses(target.classId).has(fact.targetClassId!)),
    );
    if (built) add(EVIDENCE_RULES.keepsItsConstruction, built, { method: built.method, owner: index.className(built.classId), via: '' });
  }

  // `p.children.push(new Child(p))`, in any class or function: kept under the owner it is given.
  if (keptUnder) add(EVIDENCE_RULES.constructedUnderOwner, keptUnder, keptUnderValues(index, keptUnder, [owner]));

  // `child.parent = this` says "owner" only where the owner also keeps the child: in the same
  // method it stores or adds it to the owning field (rxjs's lift() sets `source = this` on an
  // Observable it returns and never keeps: the opposite direction).
  // (Not in a method by which the object adds itself to another, `menu.addTo(geometry)` writing
  // `geometry._menu = this`: that is the object registering with its owner, below.)
  const assigns = ownerFacts.filter(
    (fact) => fact.kind === 'assigns-this' && fact.field === back.name && index.sameSlot(fact.targetClassId, back) && !SELF_ADDING.test(fact.method),
  );
  const keeps = (at: Fact) =>
    ownerFacts.some(
      (fact) =>
        fact.classId === at.classId &&
        fact.method === at.method &&
        fact.ownField === owner.name &&
        (fact.kind === 'adds-to-collection' || fact.kind === 'stores-in-field' || fact.kind === 'constructs-with-this' || fact.kind === 'constructs-passing-field'),
    );
  // (Written on the object the owning field holds, `this.emission.system = this`, it is kept there;
  // a field marked for serialisation, `@serializable(ShapeModule) shape`, is the object's own. Not
  // so where that field holds what others hand in: dependency injection (`@Autowired() service`,
  // `constructor(private service: Service)`), a parameter it stores, or its own back-pointer
  // (`this.parent.activeChild = this` in the child): a service or a parent is no object one owns.)
  const handedIn =
    owner.parameterProperty ||
    owner.decorators.some((name) => INJECTED.test(name)) ||
    BACK_POINTER_NAMES.has(normaliseName(owner.name)) ||
    ownerFacts.some((fact) => fact.kind === 'stores-in-field' && fact.ownField === owner.name && fact.fromParameter !== undefined);
  const keptThrough = (at: Fact) => at.through === owner.name && !handedIn;
  const kept = assigns.find(keptThrough) ?? assigns.find(keeps);
  // Through a setter the code names the accessor (`layout.parent = this`), and so does the message.
  if (kept) add(EVIDENCE_RULES.assignsBackPointer, kept, { method: kept.method, owner: index.className(kept.classId), ...writtenAs(kept) });
  else if (assigns[0]) add(EVIDENCE_RULES.assignsBackPointerOnly, assigns[0], { method: assigns[0].method, owner: index.className(assigns[0].classId), ...writtenAs(assigns[0]) });

  // The same through a method of the object: `child.setParent(this)` where setParent stores its
  // parameter in the back-pointer (rxjs: `teardown._addParent(this)` into `_parentage`), also
  // through an options object (x6: `tools.config({ view: this })` storing `options.view`).
  if (!kept && !assigns[0]) {
    const childLine = index.withBases(back.classId);
    // Method -> where it takes what it stores: `parameter` or `parameter:key` (`options.view`).
    const storingMethods = new Map<string, string>();
    const place = (position: number, key: string | undefined) => (key === undefined ? `${position}` : `${position}:${key}`);
    for (const fact of childFacts) {
      if (fact.kind === 'stores-in-field' && fact.ownField === back.name && fact.fromParameter !== undefined && childLine.has(fact.classId)) {
        storingMethods.set(fact.method, place(fact.fromParameter, fact.fromParameterKey));
      }
    }
    const calls = ownerFacts.filter(
      (fact) =>
        fact.kind === 'calls-method' &&
        fact.thisArgument !== undefined &&
        fact.targetClassId !== undefined &&
        (childClasses.has(fact.targetClassId) || childLine.has(fact.targetClassId)) &&
        storingMethods.get(fact.calledMethod ?? '') === place(fact.thisArgument, fact.thisArgumentKey),
    );
    const keptCall = calls.find(keptThrough) ?? calls.find(keeps);
    const call = keptCall ?? calls[0];
    if (call) add(keptCall ? EVIDENCE_RULES.assignsViaMethod : EVIDENCE_RULES.assignsViaMethodOnly, call, { method: call.method, called: call.calledMethod ?? '', owner: index.className(call.classId) });
  }

  const registers = first(
    childFacts,
    (fact) =>
      (fact.kind === 'adds-this-to-collection' || (fact.kind === 'assigns-this' && SELF_ADDING.test(fact.method))) &&
      fact.field === owner.name &&
      index.sameSlot(fact.targetClassId, owner),
  );
  if (registers) add(EVIDENCE_RULES.registersWithOwner, registers, { method: registers.method, child: index.className(registers.classId) });

  const loose = looseMatch(index, owner, back);
  const ownerContainer = containerOf(index, owner, back);
  if (ownerContainer !== 'single' && containerOf(index, back, owner) === 'single') {
    if (loose) add(EVIDENCE_RULES.collectionSideLoose, owner, { container: CONTAINER_WORDS[ownerContainer], why: loose });
    // A plain object's shape says less (see the rule): @tanstack/db's `QueryIR.select` and the
    // `IncludesSubquery.query` each subquery keeps, built as a fresh literal, scored 0.50 on it alone.
    else add(index.plainObject(owner.classId) ? EVIDENCE_RULES.collectionSideOfPlainObject : EVIDENCE_RULES.collectionSide, owner, { container: CONTAINER_WORDS[ownerContainer] });
  }

  const adds = first(ownerFacts, (fact) => fact.kind === 'adds-to-collection' && fact.ownField === owner.name);
  if (adds && ownerContainer !== 'single') add(EVIDENCE_RULES.addsToCollection, adds, { method: adds.method, owner: index.className(adds.classId) });

  // A reset by the object itself while it is disposed is a release of everything it holds,
  // not an unlink from an owner; one in its constructor is a start (planck's World sets its
  // `bodyList = null` there); so is one right after disposing the object the field holds, and
  // one in a method that fills the field with a new object (maplibre's Map._updateStyle: `delete
  // this.style` for no style, else `this.style = new Style(this)`), which replaces what it owns.
  const resets = first(
    [...ownerFacts, ...childFacts].sort(byLocation),
    (fact) =>
      fact.kind === 'resets-field' &&
      fact.field === back.name &&
      index.sameSlot(fact.targetClassId, back) &&
      !(fact.onThis && (INITIALISING.has(fact.method) || RELEASE_METHOD.test(fact.method) || fact.afterDisposal || fillsWithNew(index.factsIn([fact.classId]), fact))),
  );
  if (resets) add(resets.onThis ? EVIDENCE_RULES.unlinkResetsOwn : EVIDENCE_RULES.unlinkResets, resets, { method: resets.method, by: index.className(resets.classId), ...writtenAs(resets) });

  // A name is a back-pointer's only on a field that holds one object (`list` names a linked
  // node's list, not leafer's `CanvasManager.list: ILeaferCanvas[]`), and not on one its own class
  // fills with objects it constructs passing itself (leafer's `this.__layout = new
  // LeafLayout(this)`): that field owns what it holds, whatever it is called.
  const fillsItself = childFacts.some(
    (fact) => fact.kind === 'constructs-with-this' && fact.ownField === back.name && fact.targetClassId !== undefined && index.withSubclasses(owner.classId).has(fact.targetClassId),
  );
  if (BACK_POINTER_NAMES.has(normaliseName(back.name)) && containerOf(index, back, owner) === 'single' && !fillsItself) add(EVIDENCE_RULES.backPointerName, back, {});
  const ownerWord = normaliseName(owner.name);
  if (OWNERSHIP_NAMES.has(ownerWord)) add(EVIDENCE_RULES.ownershipName, owner, {});

  // prosemirror's MarkType keeps one Mark it makes (`this.instance = new Mark(this, defaults)`)
  // and hands out others (`create() { return new Mark(this, attrs) }`): the objects pointing at
  // it are not all held by it, and one held alone would lose its MarkType to a WeakRef. Only a
  // construction returned as it is (one passed to a method or kept under another object may
  // well end up held), and only beside one the owner keeps: a factory alone may be how the
  // owner fills its own field in code facts do not follow. One the owner's own code keeps
  // (`this.child = this.makeChild()`, see returned-constructions.ts) is not handed out.
  const handedOut = stored && factories.find((fact) => fact.returned === true && fact.returnedTo === undefined && fact.method !== stored.method);
  // `Query.observers` filled by the observers themselves (`query.addObserver(this)`): listeners,
  // not owned objects, unless the subject makes them.
  const listens = !construction && LISTENER_LIST_NAMES.has(ownerWord);
  const doubt = handedOut
    ? weighed(EVIDENCE_RULES.handsOut, handedOut, { method: handedOut.method, owner: index.className(handedOut.classId), child: index.className(handedOut.targetClassId!) })
    : listens
      ? weighed(EVIDENCE_RULES.listenerList, owner, {})
      : undefined;

  return {
    owner,
    back,
    evidence,
    score: combine(evidence.map((item) => item.weight)),
    ...(loose === undefined ? {} : { loose }),
    ...(doubt === undefined ? {} : { doubt }),
  };
}

/**
 * Methods by which an object adds itself to the one it is given (Leaflet's and maptalks'
 * `layer.addTo(map)`, jQuery's `appendTo`): `owner._menu = this` there is the object registering
 * with its owner, not an owner setting a back-pointer. (Not `addOn`: an add-on added to this one.)
 */
const SELF_ADDING = /^(?:add|append|attach|insert|mount|register|bind)(?:To|Into|Onto)$/;

/** Decorators of dependency injection (Angular, InversifyJS, tsyringe, NestJS, OpenSumi): the field holds a shared service. */
const INJECTED = /^(?:autowired|inject\w*|lazyinject\w*|optional|lookup)$/i;

/** Where an object sets up its own fields (the names facts give the constructor and field initializers). */
const INITIALISING = new Set(['constructor', '<initializer>']);

/** Whether the method of a reset on `this` also fills that field with an object it constructs. */
function fillsWithNew(facts: readonly ClassFact[], reset: ClassFact): boolean {
  return facts.some(
    (fact) =>
      fact.classId === reset.classId &&
      fact.method === reset.method &&
      fact.ownField === reset.field &&
      ((fact.kind === 'stores-in-field' && fact.constructed === true) || fact.kind === 'constructs-with-this' || fact.kind === 'constructs-passing-field'),
  );
}

/**
 * `node.prev = tail; tail.next = node` (a `links-mutually` fact): the two fields are linked as a
 * pair, which says nothing about direction. Added to the direction the other evidence chose,
 * after the choice, so it raises that direction's score without ever deciding it.
 */
export function withMutualLink(index: GraphIndex, direction: Direction, link: Fact): Direction {
  const { owner, back } = direction;
  const objects = owner.classId === back.classId ? `${index.className(owner.classId)} objects` : 'objects';
  const at = `${link.file}:${link.line}`;
  // Through a method (`root.add(tree)`): which side it keeps, and where.
  const through = link.linkedThrough;
  const keptIn = through && [owner, back].find((field) => field.id === through.keptIn);
  const rule = keptIn ? EVIDENCE_RULES.linksThroughMethod : EVIDENCE_RULES.linksBothWays;
  const message = keptIn
    ? format(rule.message, { by: whereOf(index, link), written: (keptIn === owner ? back : owner).name, keeper: `${index.className(through.classId)}.${through.method}`, kept: keptIn.name, at })
    : format(rule.message, { by: whereOf(index, link), ownerField: owner.name, field: back.name, objects, at });
  const evidence = [...direction.evidence, { kind: rule.id, file: link.file, line: link.line, message, weight: rule.weight }];
  return { ...direction, evidence, score: combine(evidence.map((item) => item.weight)) };
}

/** How a message names a write: through a setter, the accessor the code names and where it stores. */
function writtenAs(fact: Fact): { field?: string; via: string } {
  return fact.setter === undefined ? { via: '' } : { field: fact.setter, via: `, through a setter storing \`${fact.field}\`` };
}

/**
 * Whether a construction (`constructs-with-this`, `constructs-passing-field`) fills `back`: true
 * when its constructor keeps the value in `back`, false when in other fields, undefined when it
 * does not show. `new Child(this)` where Child's constructor keeps `this` in other fields than
 * `back` says nothing about `back` (in a tree of one class, `new Node(this)` would count for both
 * fields); nor does `new Child({ canvas: this })` about a `back` of another name. A name the graph
 * does not know as a field of the constructed class (a setter storing elsewhere) proves nothing.
 */
export function constructionFills(index: GraphIndex, fact: Fact, back: FieldNode): boolean | undefined {
  const known = receivingFieldsKnown(index, fact);
  if (known.length > 0) return known.includes(back.name);
  if (fact.optionKey !== undefined) return normaliseName(fact.optionKey) === normaliseName(back.name);
  return undefined;
}

/**
 * A `constructs-stored-under` fact keeping `back`'s class under the object it is given, along
 * exactly `path` (the owner field of a pair; the fields of a longer cycle from `back`'s target
 * round to `back`'s class), with the constructor shown to keep that object in `back`.
 */
export function keptUnderOwner(index: GraphIndex, path: readonly FieldNode[], back: FieldNode): Fact | undefined {
  const classes = index.withSubclasses(back.classId);
  return index
    .storedUnderFrom(path[0]!.id)
    .find(
      (fact) =>
        fact.storedUnder!.length === path.length &&
        fact.storedUnder!.every((id, at) => id === path[at]!.id) &&
        classes.has(fact.targetClassId!) &&
        constructionFills(index, fact, back) === true,
    );
}

/** The placeholders of the constructedUnderOwner message. */
export function keptUnderValues(index: GraphIndex, fact: Fact, path: readonly FieldNode[]): Record<string, string> {
  return {
    where: whereOf(index, fact),
    child: index.className(fact.targetClassId!),
    passed: fact.passed!,
    path: path.map((field) => field.name).join('.'),
  };
}

/** Where a fact was seen, to start a sentence: `Parent.add`, "The function `attach`", "Top-level code". */
export function whereOf(index: GraphIndex, fact: Fact): string {
  if (fact.classId !== undefined) return `${index.className(fact.classId)}.${fact.method}`;
  return fact.method === '<module>' ? 'Top-level code' : `The function \`${fact.method}\``;
}

/** The receiving names of a construction that the graph knows as fields of the constructed class. */
function receivingFieldsKnown(index: GraphIndex, fact: Fact): string[] {
  return (fact.receivedBy ?? []).filter((name) => index.fieldsNamed(name).some((field) => index.withBases(fact.targetClassId!).has(field.classId)));
}

export const CONTAINER_WORDS = { single: 'a field', array: 'an array', set: 'a Set', map: 'a Map', record: 'a record', tuple: 'a tuple' } as const;

/** How `field` holds the classes `other` belongs to (the container of its matchingTarget). */
export function containerOf(index: GraphIndex, field: FieldNode, other: FieldNode): FieldTarget['container'] {
  return matchingTarget(index, field, other)?.container ?? 'single';
}

/**
 * The target through which a field holds the other field's class. Pairs are also formed through
 * the hierarchy, so after the class itself come its bases (`children: Node[]` facing
 * `Leaf.parent`, Leaf extends Node), then its subclasses; within each, a target held directly
 * before one held inside a generic holder.
 */
export function matchingTarget(index: GraphIndex, field: FieldNode, other: FieldNode): FieldTarget | undefined {
  const bases = index.withBases(other.classId);
  const subclasses = index.withSubclasses(other.classId);
  for (const fits of [(id: string) => id === other.classId, (id: string) => bases.has(id), (id: string) => subclasses.has(id)]) {
    const fitting = field.targets.filter((target) => fits(target.classId));
    const found = fitting.find((target) => !target.throughHolder) ?? fitting[0];
    if (found) return found;
  }
  return field.targets[0];
}

function byLocation(a: Fact, b: Fact): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

/**
 * Why the collection and the back-pointer only loosely fit each other, if they do. A back-pointer
 * is usually declared where every element of the collection has it and typed as the owner:
 * `children: Node[]` with `Node.parent: Parent`. Weaker are a collection typed by an interface
 * (it holds every implementer), a field only one subclass of the collection's element type
 * declares (fabric's `filters: BaseFilter[]` and `BlendImage.image`), and a back-pointer typed as a
 * base class the owner merely extends (fabric's `clipPath: FabricObject`, which a Group is too).
 */
function looseMatch(index: GraphIndex, owner: FieldNode, back: FieldNode): string | undefined {
  const related = owner.targets.filter((target) => index.withSubclasses(back.classId).has(target.classId) || index.withBases(back.classId).has(target.classId));
  // `_edges: Set<Edge<GraphNode>>` (property-graph): the collection holds edges, each keeping
  // nodes; an index of relations between objects is not where those objects belong.
  // Many holders, each keeping some of the objects: not one holder that is a collection class of the
  // project's own (tweakpane's `bcSet_: NestedOrderedSet<BladeController>`), and not a plain
  // object's own properties (a props bag's `widgets: Widget[]`), which hold them directly.
  const holders = owner.targets.filter(
    (target) => !target.throughHolder && target.container !== 'single' && !related.some((other) => other.classId === target.classId),
  );
  if (related.length > 0 && related.every((target) => target.throughHolder) && holders.length > 0) {
    return `\`${owner.name}\` holds them inside ${holders.map((target) => index.className(target.classId)).join(' or ')} objects, not directly`;
  }
  // `jax: CommonOutputJax<..., W>` (mathjax's wrapper factory), reaching the wrappers through the
  // output jax's own map: a project class that keeps the owner itself (`jax.factory`) is where
  // those objects belong, a service the owner works for, not a container of the owner's (a
  // `LinkedList<Blot>` keeps nothing but its elements).
  if (related.length > 0 && related.every((target) => target.throughHolder)) {
    const ownerClasses = new Set([...index.withSubclasses(owner.classId), ...index.withBases(owner.classId)]);
    for (const holder of owner.targets) {
      if (holder.throughHolder || holder.container !== 'single' || related.includes(holder)) continue;
      const line = index.withBases(holder.classId);
      const keeps = index.graph.fields.find((field) => !field.static && line.has(field.classId) && field.targets.some((target) => ownerClasses.has(target.classId)));
      if (keeps) {
        return `\`${owner.name}\` reaches them through a ${index.className(holder.classId)}, which keeps ${index.className(owner.classId)} objects itself (\`${keeps.name}\`): the ${index.className(holder.classId)} holds them, not ${index.className(owner.classId)}`;
      }
    }
  }
  if (related.length > 0 && related.every((target) => target.via === 'interface')) {
    return `\`${owner.name}\` is typed by an interface that ${index.className(back.classId)} implements`;
  }
  // A subclass re-declaring (narrowing) a field its base class already has is not "only one subclass".
  const declaredAbove = (elementClass: string) =>
    index.fieldsNamed(back.name).some(
      (field) =>
        field.classId !== back.classId && index.withBases(back.classId).has(field.classId) && index.withSubclasses(elementClass).has(field.classId),
    );
  if (
    related.length > 0 &&
    related.every((target) => target.classId !== back.classId && index.withBases(back.classId).has(target.classId) && !declaredAbove(target.classId))
  ) {
    return `only ${index.className(back.classId)}, one subclass of ${index.className(related[0]!.classId)}, declares \`${back.name}\``;
  }
  const aimsAtOwner = back.targets.some((target) => index.withSubclasses(owner.classId).has(target.classId) || target.classId === owner.classId);
  if (!aimsAtOwner) {
    return `\`${back.name}\` is typed as ${back.targets.map((target) => index.className(target.classId)).join(' | ')}, a base class that ${index.className(owner.classId)} merely extends`;
  }
  return undefined;
}
