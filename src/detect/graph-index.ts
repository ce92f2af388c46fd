import { isClassFact, type ClassFact, type ClassId, type ClassNode, type Fact, type FieldGraph, type FieldId, type FieldNode } from '../graph/field-graph.js';

/** Lookups over a FieldGraph that every detection step needs; built once, pure. */
export interface GraphIndex {
  graph: FieldGraph;
  classes: Map<ClassId, ClassNode>;
  /** A class and all its (transitive) subclasses. */
  withSubclasses(id: ClassId): Set<ClassId>;
  /** A class and all its (transitive) base classes. */
  withBases(id: ClassId): Set<ClassId>;
  /**
   * Whether a write to a field declared in class `declaredIn` (a fact's `targetClassId`) can land
   * in `field`: the field's own class, or its base or subclass declaring the same name, which is
   * one property at run time (`node.parent = this` through an abstract `TreeNode.parent` fills
   * `Leaf.parent`).
   */
  sameSlot(declaredIn: ClassId | undefined, field: FieldNode): boolean;
  /** Classes an instance field can hold: its targets and their subclasses. */
  reach(field: FieldNode): Set<ClassId>;
  /** Facts seen in the bodies of a class or its bases/subclasses (an inherited `add()` counts). */
  factsIn(classIds: Iterable<ClassId>): ClassFact[];
  /** `constructs-stored-under` facts whose path starts at this field (wherever in the code they are). */
  storedUnderFrom(fieldId: FieldId): Fact[];
  /** The first `links-mutually` fact setting these two fields to point at each other (wherever in the code), if any. */
  mutualLink(a: FieldId, b: FieldId): Fact | undefined;
  className(id: ClassId): string;
  /** Whether the node is a plain object's interface (ClassNode.kind `interface`), not a class. */
  plainObject(id: ClassId): boolean;
  /** Fields (of any class) with this name. */
  fieldsNamed(name: string): readonly FieldNode[];
  /** The first place the field is read inside a loop, if any. */
  loopReadOf(field: FieldNode): ClassFact | undefined;
  /** The first place code gives the field of another object a new object (`x.field = new X()`), if any. */
  constructionInto(field: FieldNode): ClassFact | undefined;
  /** The places code builds an object of this class, or drops one of it on the way, keeping only a part (`keeps-part-of-construction`). */
  droppedAfterUse(id: ClassId): readonly ClassFact[];
}

export function indexGraph(graph: FieldGraph): GraphIndex {
  const classes = new Map(graph.classes.map((node) => [node.id, node]));
  const children = new Map<ClassId, ClassId[]>();
  for (const node of graph.classes) {
    for (const base of node.extends) {
      const list = children.get(base);
      if (list) list.push(node.id);
      else children.set(base, [node.id]);
    }
  }
  const closure = (start: ClassId, next: (id: ClassId) => readonly ClassId[]): Set<ClassId> => {
    const seen = new Set<ClassId>();
    const stack = [start];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...next(id));
    }
    return seen;
  };
  const subclassCache = new Map<ClassId, Set<ClassId>>();
  const baseCache = new Map<ClassId, Set<ClassId>>();
  const withSubclasses = (id: ClassId) => {
    let set = subclassCache.get(id);
    if (!set) subclassCache.set(id, (set = closure(id, (current) => children.get(current) ?? [])));
    return set;
  };
  const withBases = (id: ClassId) => {
    let set = baseCache.get(id);
    if (!set) baseCache.set(id, (set = closure(id, (current) => classes.get(current)?.extends ?? [])));
    return set;
  };
  const reachCache = new Map<FieldNode, Set<ClassId>>();
  const factsByClass = new Map<ClassId, ClassFact[]>();
  const byName = new Map<string, FieldNode[]>();
  for (const field of graph.fields) {
    const list = byName.get(field.name);
    if (list) list.push(field);
    else byName.set(field.name, [field]);
  }
  const loopReads = new Map<string, ClassFact>();
  const constructionsInto = new Map<string, ClassFact>();
  const dropped = new Map<ClassId, ClassFact[]>();
  const storedUnder = new Map<FieldId, Fact[]>();
  const mutualLinks = new Map<string, Fact>();
  const pairKey = (a: FieldId, b: FieldId) => (a < b ? `${a}\0${b}` : `${b}\0${a}`);
  for (const fact of graph.facts) {
    if (fact.kind === 'links-mutually' && fact.linked) {
      const key = pairKey(...fact.linked);
      if (!mutualLinks.has(key)) mutualLinks.set(key, fact);
    }
    const first = fact.kind === 'constructs-stored-under' ? fact.storedUnder?.[0] : undefined;
    if (first !== undefined) {
      const list = storedUnder.get(first);
      if (list) list.push(fact);
      else storedUnder.set(first, [fact]);
    }
    if (!isClassFact(fact)) continue;
    const key = `${fact.targetClassId}\0${fact.field}`;
    if (fact.kind === 'reads-in-loop' && !loopReads.has(key)) loopReads.set(key, fact);
    if (fact.kind === 'assigns-construction' && !constructionsInto.has(key)) constructionsInto.set(key, fact);
    if (fact.kind === 'keeps-part-of-construction') {
      for (const id of fact.droppedClasses ?? []) {
        const list = dropped.get(id);
        if (list) list.push(fact);
        else dropped.set(id, [fact]);
      }
    }
  }
  // Detection asks for the same class's facts once per pair it is in.
  const factsCache = new Map<ClassId, ClassFact[]>();
  for (const fact of graph.facts) {
    if (!isClassFact(fact)) continue;
    const list = factsByClass.get(fact.classId);
    if (list) list.push(fact);
    else factsByClass.set(fact.classId, [fact]);
  }

  return {
    graph,
    classes,
    withSubclasses,
    withBases,
    sameSlot(declaredIn, field) {
      if (declaredIn === undefined) return false;
      return declaredIn === field.classId || withBases(field.classId).has(declaredIn) || withSubclasses(field.classId).has(declaredIn);
    },
    reach(field) {
      let set = reachCache.get(field);
      if (!set) {
        set = new Set();
        for (const target of field.targets) for (const id of withSubclasses(target.classId)) set.add(id);
        reachCache.set(field, set);
      }
      return set;
    },
    factsIn(classIds) {
      const ids = [...classIds];
      const key = ids.length === 1 ? ids[0]! : undefined;
      const cached = key === undefined ? undefined : factsCache.get(key);
      if (cached) return cached;
      const facts = relatedFacts(ids);
      if (key !== undefined) factsCache.set(key, facts);
      return facts;
    },
    storedUnderFrom: (fieldId) => storedUnder.get(fieldId) ?? [],
    mutualLink: (a, b) => mutualLinks.get(pairKey(a, b)),
    className: (id) => classes.get(id)?.name ?? id.slice(id.indexOf('#') + 1),
    plainObject: (id) => classes.get(id)?.kind === 'interface',
    fieldsNamed: (name) => byName.get(name) ?? [],
    loopReadOf: (field) => loopReads.get(`${field.classId}\0${field.name}`),
    constructionInto: (field) => constructionsInto.get(`${field.classId}\0${field.name}`),
    droppedAfterUse: (id) => dropped.get(id) ?? [],
  };

  function relatedFacts(classIds: ClassId[]): ClassFact[] {
    const seen = new Set<ClassId>();
    const facts: ClassFact[] = [];
    for (const id of classIds) {
      for (const related of [...withBases(id), ...withSubclasses(id)]) {
        if (seen.has(related)) continue;
        seen.add(related);
        for (const fact of factsByClass.get(related) ?? []) facts.push(fact);
      }
    }
    return facts;
  }
}
