import type { UnlinkBug } from './analysis-result.js';
import type { Fact, FieldNode } from '../graph/field-graph.js';
import { withArticles } from './evidence-rules.js';
import { fingerprint } from './fingerprint.js';
import type { GraphIndex } from './graph-index.js';

export interface BackPointerPair {
  back: FieldNode;
  /** The owning collections where the back-pointer is set (its add site links the two). */
  owners: FieldNode[];
}

/**
 * Owner methods that take an object out of a collection but leave its back-pointer aimed at
 * the old owner: the removed object then still pins the owner and everything the owner holds.
 * Only collections where the back-pointer is set count (a selection that is a subset of the
 * owning collection is not where objects are unlinked), and not a queue worked through in a loop
 * (`shift()`/`pop()`). A method is fine when it resets the back-pointer itself (`child.parent = undefined`), calls
 * a method of the object's class that resets it (`child.detach()` doing `this.parent = undefined`),
 * or hands null to one that sets it (`child.setParent(null)`).
 */
/** A method named as a hook, called to tell an object something happened: `onRemove`, `_onChildRemoved`. */
const HOOK_NAME = /^_*on[A-Z_]/;

export function findUnlinkBugs(index: GraphIndex, pairs: BackPointerPair[]): UnlinkBug[] {
  const bugs = new Map<string, UnlinkBug>();
  // One bug per removal method, collection and back-pointer; `found.class` is the method's class.
  const record = (removal: Fact, back: FieldNode, owner: FieldNode, found: Pick<UnlinkBug, 'class' | 'message' | 'selfRemoval'>) => {
    const key = `${removal.file}#${found.class}.${removal.method}:${owner.name}:${back.id}`;
    if (bugs.has(key)) return;
    bugs.set(key, {
      id: fingerprint(`unlink:${key}`),
      file: removal.file,
      line: removal.line,
      column: removal.column,
      endLine: index.classes.get(removal.classId!)?.memberLines?.[removal.method]?.[1] ?? removal.line,
      class: found.class,
      method: removal.method,
      collection: owner.name,
      backPointer: {
        file: back.file,
        class: index.className(back.classId),
        field: back.name,
        nullable: back.nullable,
        ...(back.accessibility === 'private' || back.accessibility === 'protected' ? { access: back.accessibility } : {}),
      },
      ...(found.selfRemoval ? { selfRemoval: true as const } : {}),
      ...(removal.byKey ? { byKey: true as const } : {}),
      message: withArticles(found.message),
    });
  };
  // Calls of methods named as hooks, wherever they are (few): see `hooks` below.
  const hookCalls = index.graph.facts.filter(
    (fact) => fact.kind === 'calls-method' && fact.calledMethod !== undefined && HOOK_NAME.test(fact.calledMethod) && fact.targetClassId !== undefined,
  );
  for (const { back, owners } of pairs) {
    const childClasses = new Set([...index.withSubclasses(back.classId), ...index.withBases(back.classId)]);
    const isReset = (fact: Fact) => fact.kind === 'resets-field' && fact.field === back.name && index.sameSlot(fact.targetClassId, back);
    // Methods of the object's class (or its hierarchy) that reset its back-pointer.
    const resettingMethods = new Set(
      index.factsIn([back.classId]).filter((fact) => isReset(fact) && childClasses.has(fact.classId)).map((fact) => fact.method),
    );
    // Methods that store a parameter as it is in the back-pointer, by the parameter's position:
    // handed null, they reset it (maplibre's `layer.setEventedParent(null)` before `delete this._layers[id]`).
    const settingMethods = new Map<string, number>();
    for (const fact of index.factsIn([back.classId])) {
      if (fact.kind === 'stores-in-field' && fact.ownField === back.name && fact.wholeParameter && fact.fromParameter !== undefined && childClasses.has(fact.classId)) {
        settingMethods.set(fact.method, fact.fromParameter);
      }
    }
    const clearsThroughSetter = (fact: Fact) => {
      const position = settingMethods.get(fact.calledMethod ?? '');
      return position !== undefined && fact.emptyArguments?.includes(position) === true;
    };
    // Owner hooks the object's own code calls and then resets its back-pointer right after
    // (`remove() { this.layer?.onRemoveGeometry(this); delete this.layer }`, maptalks' Geometry):
    // a step of the object's own removal, where it is unlinked after. Reset inside the hook, the
    // pointer would be gone before the hook's listeners ran. Only a hook by its name (`on...`), and
    // only when no other code seen calls it: a public `removeChild(c)` others call directly leaves
    // the pointer set for them.
    const hooks = new Set<string>();
    const otherCallers = new Set<string>();
    for (const call of hookCalls) {
      const key = `${call.targetClassId}\0${call.calledMethod}`;
      const caller = call.classId !== undefined && childClasses.has(call.classId) ? index.factsIn([call.classId]).filter((fact) => fact.classId === call.classId && fact.method === call.method) : [];
      const resetAfter = caller.some((fact) => isReset(fact) && fact.onThis === true && (fact.line > call.line || (fact.line === call.line && fact.column > call.column)));
      (resetAfter ? hooks : otherCallers).add(key);
    }
    for (const key of otherCallers) hooks.delete(key);
    const isHook = (removal: Fact) => [...index.withBases(removal.classId!)].some((id) => hooks.has(`${id}\0${removal.method}`));
    for (const owner of owners) {
      // (A generic holder, `children: LinkedList<Blot>`, is a collection of its own.)
      if (owner.targets.every((target) => target.container === 'single' && !target.throughHolder)) continue;
      const ownerFacts = index.factsIn([owner.classId]);
      // Facts by method, once per owner: a hierarchy of thousands of classes has many removals.
      const byMethod = new Map<string, Fact[]>();
      for (const fact of ownerFacts) {
        const key = `${fact.classId}\0${fact.method}`;
        const list = byMethod.get(key);
        if (list) list.push(fact);
        else byMethod.set(key, [fact]);
      }
      // Collections of the owner's that every add to this one also goes into, unconditionally, in
      // the same method (`add(child, select) { this.children.push(child); if (select)
      // this.selected.push(child) }`): what this one holds, those hold too, so taking an object
      // out of this one alone leaves it with its owner (`clearSelection() { this.selected = [] }`).
      const ownAdds = ownerFacts.filter((fact) => fact.kind === 'adds-to-collection' && fact.ownField === owner.name);
      const addsAlways = (fact: Fact, name: string) => fact.kind === 'adds-to-collection' && fact.ownField === name && !fact.conditional;
      const alsoIn =
        ownAdds.length === 0
          ? []
          : owners
              .filter((other) => other.name !== owner.name && index.withBases(owner.classId).has(other.classId))
              .map((other) => other.name)
              .filter((name) => ownAdds.every((add) => (byMethod.get(`${add.classId}\0${add.method}`) ?? []).some((fact) => addsAlways(fact, name))));
      for (const removal of ownerFacts) {
        // (One reached through a field, `this.parentNode.children`, is another object's: below.)
        if (removal.kind !== 'removes-from-collection' || removal.ownField !== owner.name || removal.through !== undefined) continue;
        // A queue worked through (`while (queue.length) queue.shift()!.setup()`): what comes out is
        // used, often through its back-pointer (rxjs's TestScheduler.flush sets up each hot
        // observable on its scheduler), not unlinked; resetting the pointer there would break it.
        if (removal.drains) continue;
        const inMethod = byMethod.get(`${removal.classId}\0${removal.method}`) ?? [];
        // Taken out and put back in the same method, there or in another collection the pointer's
        // owners keep (needle-engine's XR session moves new controllers into `controllers`): a
        // move, not an unlink.
        const holdsChildren = (name: string | undefined) =>
          name === owner.name ||
          index.fieldsNamed(name ?? '').some((field) => index.withBases(owner.classId).has(field.classId) && field.targets.some((target) => childClasses.has(target.classId)));
        if (inMethod.some((fact) => fact.kind === 'adds-to-collection' && holdsChildren(fact.ownField))) continue;
        // Still held in a collection every add to this one also fills, which the method leaves alone.
        if (alsoIn.some((other) => !inMethod.some((fact) => fact.kind === 'removes-from-collection' && fact.ownField === other && fact.through === undefined))) continue;
        const resets =
          inMethod.some(isReset) ||
          // `child.parent = null` on an untyped `child` (implicit any): the same reset, by its name.
          inMethod.some((fact) => fact.kind === 'resets-field' && fact.untyped === true && fact.field === back.name) ||
          inMethod.some(
            (fact) =>
              fact.kind === 'calls-method' &&
              fact.targetClassId !== undefined &&
              childClasses.has(fact.targetClassId) &&
              (resettingMethods.has(fact.calledMethod ?? '') || clearsThroughSetter(fact)),
          );
        if (resets || isHook(removal)) continue;
        const ownerName = index.className(removal.classId);
        const childName = index.className(back.classId);
        record(removal, back, owner, {
          class: ownerName,
          message: `${ownerName}.${removal.method} removes a ${childName} from \`${owner.name}\` (${removal.file}:${removal.line}) but leaves its \`${back.name}\` pointing at the ${ownerName}: the removed ${childName} keeps the ${ownerName} and everything it holds alive.`,
        });
      }
    }
    // The object taking itself out (`remove() { this.parentNode.children.splice(i, 1) }`, G2's
    // Node.remove): a bug unless the same method resets its back-pointer, itself or through a method.
    for (const removal of index.factsIn([back.classId])) {
      if (removal.kind !== 'removes-from-collection' || removal.through !== back.name || removal.drains || !childClasses.has(removal.classId!)) continue;
      const owner = owners.find((candidate) => candidate.name === removal.ownField);
      if (!owner) continue;
      const inMethod = index.factsIn([removal.classId!]).filter((fact) => fact.classId === removal.classId && fact.method === removal.method);
      const resets = inMethod.some(isReset) || inMethod.some((fact) => fact.kind === 'calls-method' && resettingMethods.has(fact.calledMethod ?? ''));
      // A move (`moveTo(p) { ...splice...; p.children.push(this); this.parentNode = p }`): the
      // back-pointer is aimed at the new owner, not left at the old one.
      const moves = inMethod.some(
        (fact) => (fact.kind === 'stores-in-field' && fact.ownField === back.name) || (fact.kind === 'adds-this-to-collection' && fact.field === owner.name),
      );
      if (resets || moves) continue;
      const childName = index.className(removal.classId!);
      const ownerName = index.className(owner.classId);
      record(removal, back, owner, {
        class: childName,
        selfRemoval: true,
        message: `${childName}.${removal.method} takes the ${childName} out of its ${ownerName}'s \`${owner.name}\` (${removal.file}:${removal.line}) but leaves its own \`${back.name}\` pointing at that ${ownerName}: the removed ${childName} keeps the ${ownerName} and everything it holds alive.`,
      });
    }
  }
  return [...bugs.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}
