import type { ClassId, DisposalInfo, FieldNode } from '../graph/field-graph.js';
import type { GraphIndex } from './graph-index.js';

export interface DisposedInPlace {
  /** A sentence naming the methods that break the cycle. */
  message: string;
  /** The methods it names, where they are. */
  places: Array<{ file: string; line: number }>;
}

interface Implementation {
  classId: ClassId;
  info: DisposalInfo;
}

/**
 * Whether the cycle through a back-pointer is already broken when its owners are disposed: a
 * dispose-like method of the back-pointer's class empties the field, and each owner's
 * dispose-like method calls it on every object the owning field holds (or empties the
 * back-pointer of those objects itself). That is the fix inject-dispose writes, so after `apply`
 * the back-pointer stops being a candidate (as a weakref fix's field does, being weak), and a
 * project that already wrote that teardown by hand is not told to write it again.
 *
 * Read from the methods' text (ClassNode.disposal, which counts only what surely runs). It must
 * hold for every class whose objects the fields may hold: a subclass that overrides the method
 * without `super`, or overrides an own method it goes through (`this.release()`), breaks it for its
 * objects. An owner that keeps the objects inside another object (`box: Box<Child>`) or is a plain
 * object's property never counts, since what its dispose reaches is not shown. A wrong "already
 * broken" would hide a live back-pointer from CI, so any doubt leaves the candidate in place.
 */
export function disposedInPlace(
  index: GraphIndex,
  back: FieldNode,
  owners: readonly FieldNode[],
  heldThroughHolder: (owner: FieldNode) => boolean,
  /** Fields read as back-pointers themselves (a list's `prev`): links that lead back, not on. */
  isBackPointer: (field: FieldNode) => boolean = () => false,
): DisposedInPlace | undefined {
  if (owners.length === 0) return undefined;
  const names = fieldNames(index, back);
  // The back-pointer's class's dispose-like methods that empty it, on its objects of every subclass.
  const clearing = new Map<string, Implementation>();
  for (const method of methodNames(index, back.classId)) {
    const own = implementationClearing(index, back.classId, method, names);
    if (own && everySubclass(index, back.classId, (id) => implementationClearing(index, id, method, names) !== undefined)) clearing.set(method, own);
  }
  const reached: Array<Reach> = [];
  for (const owner of owners) {
    if (index.plainObject(owner.classId) || heldThroughHolder(owner)) return undefined;
    const how = ownerReach(index, owner, clearing, names, index.reach(back));
    if (!how) return undefined;
    reached.push(how);
  }
  // The back-pointer's method the owners call, where they call one: the place to show first.
  const called = reached.find((how) => how.called !== undefined)?.called;
  if (chainedPastOwners(index, back, names, called === undefined ? undefined : clearing.get(called), isBackPointer)) return undefined;
  const clearedBy = called === undefined ? undefined : clearing.get(called)!;
  const phrases = reached.map((how) => how.phrase).join(', and ');
  const places = reached.map((how) => how.place);
  if (!clearedBy) return { message: `${phrases[0]!.toUpperCase()}${phrases.slice(1)}.`, places };
  const file = index.classes.get(clearedBy.classId)!.file;
  const subject = `${index.className(clearedBy.classId)}.${called}()`;
  // One method doing both (a tree node's dispose clears its parent and disposes its children): said once.
  const [only] = reached;
  if (reached.length === 1 && only!.subject === subject && only!.place.file === file && only!.place.line === clearedBy.info.line) {
    return { message: `${subject} clears \`${back.name}\` and ${only!.what} (${file}:${clearedBy.info.line}).`, places: [only!.place] };
  }
  return {
    message: `${subject} clears \`${back.name}\` (${file}:${clearedBy.info.line}), and ${phrases}.`,
    places: [{ file, line: clearedBy.info.line }, ...places],
  };
}

/** How one owner's dispose-like method reaches what the owner holds: `<subject> <what> (<place>)`. */
interface Reach {
  phrase: string;
  subject: string;
  what: string;
  place: { file: string; line: number };
  called?: string;
}

/**
 * Owner fields reach every object of the cycle only if those objects are not linked to each other
 * past them: a list's `_head` and `_tail` hold two clips, while the clips in between hang on `next`
 * (zrender's Animation); an array of tree roots holds the roots, not the nodes below. Where the
 * back-pointer's class has such links (fields holding its own kind, other than the back-pointer:
 * `next`, a tree's `children`), its clearing method must go on through one of them
 * (`this.next?.dispose()`, a loop over the children: tldraw's StateNode tree under
 * `Editor.root`), or the objects past the first keep their back-pointer. One that is itself read
 * as a back-pointer (a list's `prev`) does not count where others lead on.
 */
function chainedPastOwners(
  index: GraphIndex,
  back: FieldNode,
  names: ReadonlySet<string>,
  clearedBy: Implementation | undefined,
  isBackPointer: (field: FieldNode) => boolean,
): boolean {
  const links = linksOnward(index, back, names, isBackPointer);
  if (links.length === 0) return false;
  const cascades = (info: DisposalInfo) => links.some((link) => info.held.some((held) => held.field === link.name && held.calls.includes(info.method)));
  return !clearedBy || !cascades(clearedBy.info);
}

/** The links of the back-pointer's class to objects of its own kind that a dispose must go on through (see chainedPastOwners). */
function linksOnward(index: GraphIndex, back: FieldNode, names: ReadonlySet<string>, isBackPointer: (field: FieldNode) => boolean): FieldNode[] {
  const kind = index.withSubclasses(back.classId);
  const classes = new Set([...kind, ...index.withBases(back.classId)]);
  const all = index.graph.fields.filter(
    (field) => classes.has(field.classId) && field.id !== back.id && !names.has(field.name) && field.targets.some((target) => kind.has(target.classId)),
  );
  // Going on through a link that is itself a back-pointer (a list's `prev`, owned by `next`) goes
  // back towards the owner's end, not on to the rest: the links that lead on must be the ones.
  const onward = all.filter((field) => !isBackPointer(field));
  return onward.length > 0 ? onward : all;
}

/**
 * Where a dispose fix cannot be read as breaking the cycle: the back-pointer's class links to
 * objects of its own kind past what the owners hold, and none of its methods that clear the
 * back-pointer goes on through those links. The fix inject-dispose writes clears the back-pointer
 * of the objects the owners hold, so after it the analysis still reports the field (colyseus'
 * ChangeTree.root, sixteenth sweep). The links, or none.
 */
export function linkedPastOwners(index: GraphIndex, back: FieldNode, isBackPointer: (field: FieldNode) => boolean = () => false): FieldNode[] {
  const names = fieldNames(index, back);
  const links = linksOnward(index, back, names, isBackPointer);
  if (links.length === 0) return [];
  for (const method of methodNames(index, back.classId)) {
    const own = implementationClearing(index, back.classId, method, names);
    if (own && !chainedPastOwners(index, back, names, own, isBackPointer)) return [];
  }
  return links;
}

/** How an owner's dispose-like method reaches what it holds, on its objects of every subclass, if it does. */
function ownerReach(
  index: GraphIndex,
  owner: FieldNode,
  clearing: ReadonlyMap<string, Implementation>,
  names: ReadonlySet<string>,
  /** The classes the back-pointer can point at: an owner's subclass outside them is never on the cycle. */
  pointedAt: ReadonlySet<ClassId>,
): Reach | undefined {
  const reaches = (classId: ClassId, method: string) => {
    for (const implementation of implementations(index, classId, method)) {
      const held = implementation.info.held.find((entry) => entry.field === owner.name);
      if (!held) continue;
      const called = held.calls.find((name) => clearing.has(name));
      const reset = called === undefined ? held.resets.find((name) => names.has(name)) : undefined;
      if (called !== undefined || reset !== undefined) return { implementation, called, reset };
    }
    return undefined;
  };
  // `Shape.parent: Group`, owned through `Container.items`: a Canvas that extends Container is no
  // Group, so its own dispose() does not matter here. (Where the types say nothing of the sort,
  // every subclass counts.)
  const relevant = [...index.withSubclasses(owner.classId)].filter((id) => pointedAt.has(id));
  const onCycle = (id: ClassId) => relevant.length === 0 || pointedAt.has(id);
  for (const method of methodNames(index, owner.classId)) {
    const found = reaches(owner.classId, method);
    if (!found || !everySubclass(index, owner.classId, (id) => !onCycle(id) || reaches(id, method) !== undefined)) continue;
    const { classId, info } = found.implementation;
    const file = index.classes.get(classId)!.file;
    const place = { file, line: info.line };
    const what =
      found.called !== undefined
        ? `calls ${found.called}() on every object \`${owner.name}\` holds`
        : `empties \`${found.reset}\` of every object \`${owner.name}\` holds`;
    const subject = `${index.className(classId)}.${method}()`;
    return { phrase: `${subject} ${what} (${file}:${info.line})`, subject, what, place, ...(found.called !== undefined ? { called: found.called } : {}) };
  }
  return undefined;
}

/** The implementation of `method` that clears one of `names` on the class's objects, if one does. */
function implementationClearing(index: GraphIndex, classId: ClassId, method: string, names: ReadonlySet<string>): Implementation | undefined {
  return implementations(index, classId, method).find((implementation) => implementation.info.clears.some((name) => names.has(name)));
}

/** `test` holds for the class and each project subclass of it (whose objects its fields may hold). */
function everySubclass(index: GraphIndex, classId: ClassId, test: (id: ClassId) => boolean): boolean {
  for (const id of index.withSubclasses(classId)) {
    const node = index.classes.get(id);
    if (node && !node.external && !test(id)) return false;
  }
  return true;
}

/**
 * What runs for `method` on an object of the class, nearest first: its own implementation, and its
 * base's where it has none or calls `super`. An implementation that goes through an own method
 * (`this.release()`) which a class between the object's and its own overrides is left out: what
 * it reads is not what runs for that object.
 */
function implementations(index: GraphIndex, classId: ClassId, method: string): Implementation[] {
  const chain: Implementation[] = [];
  const between: ClassId[] = [];
  for (const current of prototypeChain(index, classId)) {
    const node = index.classes.get(current)!;
    const info = node.disposal?.find((entry) => entry.method === method);
    if (info) {
      const overridden = (info.through ?? []).some((name) => between.some((id) => index.classes.get(id)?.methods.includes(name)));
      if (!overridden) chain.push({ classId: current, info });
      if (!info.callsSuper) break;
    } else if (node.disposeMethods.includes(method)) {
      // Declared without a body we read (abstract, or overloads only): what runs is not shown.
      break;
    }
    between.push(current);
  }
  return chain;
}

/**
 * The class and its bases in the order their methods are found at run time. A class made by a
 * mixin lists the mixin's class and then what it was applied to (`class Marker extends
 * CenterMixin(Geometry)`: extends `<anonymous class>`, then Geometry), so each base's own chain
 * follows it in turn.
 */
function prototypeChain(index: GraphIndex, classId: ClassId): ClassId[] {
  const chain: ClassId[] = [];
  const visit = (id: ClassId): void => {
    const node = index.classes.get(id);
    if (!node || chain.includes(id)) return;
    chain.push(id);
    for (const base of node.extends) visit(base);
  };
  visit(classId);
  return chain;
}

/** The dispose-like method names of a class and its bases. */
function methodNames(index: GraphIndex, classId: ClassId): Set<string> {
  const names = new Set<string>();
  for (const id of index.withBases(classId)) for (const name of index.classes.get(id)?.disposeMethods ?? []) names.add(name);
  return names;
}

/**
 * The names a write to the field goes by: its own, and a setter's that keeps its value in it
 * (`this.parent = null` through `set parent(value) { this._parent = value }`).
 */
function fieldNames(index: GraphIndex, field: FieldNode): Set<string> {
  const names = new Set([field.name]);
  for (const fact of index.factsIn(index.withBases(field.classId))) {
    if (fact.kind === 'stores-in-field' && fact.method.startsWith('set ') && fact.ownField === field.name && fact.fromParameter === 0 && fact.wholeParameter) {
      names.add(fact.method.slice('set '.length));
    }
  }
  return names;
}
