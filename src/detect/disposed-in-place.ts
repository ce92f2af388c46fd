import type { ClassId, DisposalInfo, FieldNode } from '../graph/field-graph.js';
import type { GraphIndex } from './graph-index.js';

export interface DisposedInPlace {
  file: string;
  line: number;
  /** A sentence naming the methods that break the cycle. */
  message: string;
}

/**
 * Whether the cycle through a back-pointer is already broken when its owners are disposed: a
 * dispose-like method of the back-pointer's class empties the field, and each owner's
 * dispose-like method calls it on what the owning field holds (or empties the back-pointer of
 * what it holds itself). That is the fix inject-dispose writes, so after `apply` the back-pointer
 * stops being a candidate (as a weakref fix's field does, being weak), and a project that already
 * wrote that teardown by hand is not told to write it again.
 *
 * Read from the methods' text (ClassNode.disposal): a method reached through a base class counts
 * where the class does not override it or its override calls `super`; an owner that keeps the
 * objects inside another object (`box: Box<Child>`) or is a plain object's property never counts,
 * since what its dispose reaches is not shown.
 */
export function disposedInPlace(index: GraphIndex, back: FieldNode, owners: readonly FieldNode[], heldThroughHolder: (owner: FieldNode) => boolean): DisposedInPlace | undefined {
  if (owners.length === 0) return undefined;
  const names = fieldNames(index, back);
  const backClass = index.classes.get(back.classId);
  if (!backClass) return undefined;
  // The back-pointer's class's dispose-like methods that empty it.
  const clearing = new Map<string, { classId: ClassId; info: DisposalInfo }>();
  for (const method of methodNames(index, back.classId)) {
    const found = resolved(index, back.classId, method);
    const clears = found.find(({ info }) => info.clears.some((name) => names.has(name)));
    if (clears) clearing.set(method, clears);
  }
  const reached: Array<{ phrase: string; file: string; line: number; calls: boolean }> = [];
  for (const owner of owners) {
    if (index.plainObject(owner.classId) || heldThroughHolder(owner)) return undefined;
    const how = ownerReach(index, owner, clearing, names);
    if (!how) return undefined;
    reached.push(how);
  }
  // Where the back-pointer's own method clears it, that is the place to show; else the owner's.
  const [first] = reached.some((how) => how.calls) ? clearing.entries() : [];
  const clearedBy = first && { method: first[0], classId: first[1].classId, line: first[1].info.line, file: index.classes.get(first[1].classId)!.file };
  const phrases = reached.map((how) => how.phrase).join(', and ');
  return {
    file: clearedBy?.file ?? reached[0]!.file,
    line: clearedBy?.line ?? reached[0]!.line,
    message: clearedBy
      ? `${index.className(clearedBy.classId)}.${clearedBy.method}() clears \`${back.name}\` (${clearedBy.file}:${clearedBy.line}), and ${phrases}.`
      : `${phrases[0]!.toUpperCase()}${phrases.slice(1)}.`,
  };
}

/** How an owner's dispose-like method reaches what it holds, as a phrase and a place, if it does. */
function ownerReach(
  index: GraphIndex,
  owner: FieldNode,
  clearing: ReadonlyMap<string, unknown>,
  names: ReadonlySet<string>,
): { phrase: string; file: string; line: number; calls: boolean } | undefined {
  for (const method of methodNames(index, owner.classId)) {
    for (const { classId, info } of resolved(index, owner.classId, method)) {
      const held = info.held.find((entry) => entry.field === owner.name);
      if (!held) continue;
      const file = index.classes.get(classId)!.file;
      const at = { file, line: info.line };
      const called = held.calls.find((name) => clearing.has(name));
      if (called !== undefined) return { ...at, calls: true, phrase: `${index.className(classId)}.${method}() calls ${called}() on what \`${owner.name}\` holds (${file}:${info.line})` };
      const reset = held.resets.find((name) => names.has(name));
      if (reset !== undefined) return { ...at, calls: false, phrase: `${index.className(classId)}.${method}() empties \`${reset}\` of what \`${owner.name}\` holds (${file}:${info.line})` };
    }
  }
  return undefined;
}

/**
 * The implementations that run for `method` on an object of the class: its own, and its base's
 * when it has none or calls `super`, nearest first.
 */
function resolved(index: GraphIndex, classId: ClassId, method: string): Array<{ classId: ClassId; info: DisposalInfo }> {
  const chain: Array<{ classId: ClassId; info: DisposalInfo }> = [];
  const seen = new Set<ClassId>();
  let current: ClassId | undefined = classId;
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    const node = index.classes.get(current);
    if (!node) break;
    const info = node.disposal?.find((entry) => entry.method === method);
    if (info) {
      chain.push({ classId: current, info });
      if (!info.callsSuper) break;
    } else if (node.disposeMethods.includes(method)) {
      // Declared without a body we read (abstract, or overloads only): what runs is not shown.
      break;
    }
    current = node.extends[0];
  }
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
