import type { ClassId, Fact } from './field-graph.js';

/**
 * `this.renderer = this.createRenderer()` with `createRenderer() { return new Renderer(this) }`:
 * the object keeps in its own field what it constructs passing `this`, one call away, as it would
 * with `this.renderer = new Renderer(this)`. The returned construction (a `constructs-with-this`
 * fact marked `returned`) gets that field as its `ownField`, and where the object keeps it as its
 * `returnedTo`. A construction no code of the object keeps stays a factory's (handed out).
 *
 * The method is matched by name along one line of inheritance, in either direction: a base class
 * may store what a subclass's override builds (the template method: `View`'s constructor keeps
 * `this.createController()`, `ListView.createController()` returns `new ListController(this)`),
 * and a subclass may store what an inherited factory builds. A construction returned to several
 * places is linked to the first (facts come in source order). Run once every class's facts are in.
 */
export function resolveReturnedConstructions(facts: readonly Fact[], basesOf: (classId: ClassId) => ReadonlySet<ClassId>): void {
  const keepingByMethod = new Map<string, Fact[]>();
  for (const fact of facts) {
    if ((fact.kind !== 'stores-in-field' && fact.kind !== 'adds-to-collection') || fact.fromOwnMethod === undefined || fact.classId === undefined) continue;
    const list = keepingByMethod.get(fact.fromOwnMethod);
    if (list) list.push(fact);
    else keepingByMethod.set(fact.fromOwnMethod, [fact]);
  }
  if (keepingByMethod.size === 0) return;
  for (const fact of facts) {
    if (fact.kind !== 'constructs-with-this' || fact.returned !== true || fact.ownField !== undefined || fact.classId === undefined) continue;
    const constructing = fact.classId;
    const keeping = keepingByMethod
      .get(fact.method)
      ?.find((keep) => basesOf(constructing).has(keep.classId!) || basesOf(keep.classId!).has(constructing));
    if (!keeping) continue;
    fact.ownField = keeping.ownField!;
    fact.returnedTo = { classId: keeping.classId!, method: keeping.method, file: keeping.file, line: keeping.line, column: keeping.column };
  }
}
