import { describe, expect, it } from 'vitest';
import type { AnalysisResult, Candidate, UnlinkBug } from '../../src/detect/analysis-result.js';
import type { ClassNode } from '../../src/graph/field-graph.js';
import { classEndOfLifeMethods, createPlan, pickDisposeMethod } from '../../src/plan/create-plan.js';
import { parsePlan, serializePlan } from '../../src/plan/read-plan.js';
import { TOOL } from '../../src/version.js';

function candidate(overrides: Partial<Candidate> & Pick<Candidate, 'id' | 'file' | 'class' | 'field'>): Candidate {
  return {
    line: 3,
    column: 3,
    target: ['Parent'],
    inverse: [{ file: 'src/parent.ts', line: 2, class: 'Parent', field: 'children', container: 'array' }],
    kind: 'one-to-many',
    confidence: 0.9,
    strategy: 'weakref',
    evidence: [],
    risks: [],
    typeText: 'Parent',
    nullable: 'none',
    cycles: [0],
    ...overrides,
  };
}

function result(candidates: Candidate[], unlinkBugs: UnlinkBug[] = []): AnalysisResult {
  return {
    schemaVersion: 1,
    tool: { name: 'weakify', version: '0.0.0' },
    project: { tsconfig: 'tsconfig.json', files: 2, classes: 2 },
    candidates,
    unlinkBugs,
    skipped: [],
    cycles: [],
    warnings: [],
  };
}

const child = candidate({
  id: 'c1',
  file: 'src/child.ts',
  class: 'Child',
  field: 'parent',
  evidence: [
    { kind: 'name-suggests-back-pointer', file: 'src/child.ts', line: 3, message: 'The name `parent` suggests a back-pointer (src/child.ts:3).' },
    { kind: 'opposite-evidence', file: 'src/child.ts', line: 9, message: 'Child.adopt constructs Parent (src/child.ts:9).' },
    { kind: 'owner-constructs-with-this', file: 'src/parent.ts', line: 7, message: 'Parent.add constructs Child passing `this` (src/parent.ts:7).' },
  ],
});

const removeBug: UnlinkBug = {
  id: 'u1',
  file: 'src/parent.ts',
  line: 10,
  column: 3,
  class: 'Parent',
  method: 'remove',
  collection: 'children',
  backPointer: { file: 'src/child.ts', class: 'Child', field: 'parent', nullable: 'undefined' },
  message: 'Parent.remove takes a Child out of Parent.children but leaves Child.parent set, so the removed child keeps its old parent alive (src/parent.ts:10).',
};

describe('createPlan', () => {
  it('makes one entry per candidate and per unlink bug, with owners, reason and dispose method', () => {
    const plan = createPlan(result([child], [removeBug]), { tsconfig: '../tsconfig.json', disposeConventions: { destroy: 3, dispose: 1 } });
    expect(plan).toEqual({
      schemaVersion: 1,
      tool: { name: 'weakify', version: TOOL.version },
      project: { tsconfig: '../tsconfig.json' },
      entries: [
        {
          id: 'u1',
          action: 'unlink-fix',
          file: 'src/child.ts',
          class: 'Child',
          field: 'parent',
          typeText: 'Parent',
          nullable: 'undefined',
          owners: [{ file: 'src/parent.ts', class: 'Parent', field: 'children', container: 'array' }],
          confidence: 1,
          reason: removeBug.message,
          method: 'remove',
        },
        {
          id: 'c1',
          action: 'weakref',
          file: 'src/child.ts',
          class: 'Child',
          field: 'parent',
          typeText: 'Parent',
          nullable: 'none',
          owners: [{ file: 'src/parent.ts', class: 'Parent', field: 'children', container: 'array' }],
          confidence: 0.9,
          // The strongest evidence, not the first listed, and never the opposite evidence.
          reason: 'Parent.add constructs Child passing `this` (src/parent.ts:7).',
          disposeMethod: 'destroy',
        },
      ],
    });
  });

  it('sorts entries by file, class, field, then action, whatever the analysis order', () => {
    const a = candidate({ id: 'a', file: 'src/b.ts', class: 'B', field: 'owner' });
    const b = candidate({ id: 'b', file: 'src/a.ts', class: 'Z', field: 'parent' });
    const c = candidate({ id: 'c', file: 'src/a.ts', class: 'A', field: 'scene' });
    const d = candidate({ id: 'd', file: 'src/a.ts', class: 'A', field: 'host' });
    const ids = createPlan(result([a, b, c, d]), { tsconfig: 'tsconfig.json' }).entries.map((e) => e.id);
    expect(ids).toEqual(['d', 'c', 'b', 'a']);
  });

  it('forces the action with options.strategy but leaves unlink fixes alone', () => {
    const plan = createPlan(result([child], [removeBug]), { tsconfig: 't.json', strategy: 'dispose', disposeMethod: 'teardown' });
    // Same back-pointer: `dispose` sorts before `unlink-fix`.
    expect(plan.entries.map((e) => [e.action, e.disposeMethod])).toEqual([
      ['dispose', 'teardown'],
      ['unlink-fix', undefined],
    ]);
  });

  it('starts a dispose entry for a readonly back-pointer as skip, with the risk as the reason', () => {
    // Regression (deepkit, its lib without WeakRef): the plan said dispose, and apply refused it
    // with "use the weakref strategy", which that lib does not allow.
    const message = 'Child.parent is readonly: a dispose method cannot clear it. Make it writable (the weakref fix needs WeakRef in the lib: ES2021).';
    const readonlyChild = candidate({ id: 'c2', file: 'src/child.ts', class: 'Child', field: 'parent', strategy: 'dispose', risks: [{ kind: 'readonly-reset', message }] });
    const [entry] = createPlan(result([readonlyChild]), { tsconfig: 'tsconfig.json' }).entries;
    expect(entry!.action).toBe('skip');
    expect(entry!.reason).toBe(`No automatic fix: ${message} Child.parent points back at its owner (Parent.children), closing a cycle of strong references.`);
    // The same candidate with the weakref fix is not blocked.
    expect(createPlan(result([{ ...readonlyChild, strategy: 'weakref', risks: [] }]), { tsconfig: 'tsconfig.json' }).entries[0]!.action).toBe('weakref');
  });

  it('keeps the candidate strategy without options.strategy', () => {
    const plan = createPlan(result([{ ...child, strategy: 'dispose' }]), { tsconfig: 't.json' });
    expect(plan.entries[0]!.action).toBe('dispose');
    expect(plan.entries[0]!.disposeMethod).toBe('dispose');
  });

  it('writes a fallback reason naming the owners when there is no evidence', () => {
    const plan = createPlan(result([candidate({ id: 'x', file: 'a.ts', class: 'Node', field: 'up' })]), { tsconfig: 't.json' });
    expect(plan.entries[0]!.reason).toBe('Node.up points back at its owner (Parent.children), closing a cycle of strong references.');
  });

  it('lists no owner side that is itself read as a back-pointer as surely or more, and says why', () => {
    // maptalks: a connector line's `_connSource` (0.74) "owned by" Geometry's `_parent` (0.89),
    // whose dispose would have gone up to the collection owning the geometry.
    const geometryParent = candidate({ id: 'gp', file: 'src/geometry.ts', class: 'Geometry', field: '_parent', confidence: 0.89, inverse: [{ file: 'src/collection.ts', line: 4, class: 'Collection', field: 'geometries', container: 'array' }] });
    const source = candidate({
      id: 'cs',
      file: 'src/line.ts',
      class: 'Line',
      field: '_connSource',
      confidence: 0.74,
      inverse: [
        { file: 'src/geometry.ts', line: 5, class: 'Geometry', field: '_parent', container: 'single' },
        { file: 'src/geometry.ts', line: 6, class: 'Geometry', field: '__connectors', container: 'array' },
      ],
    });
    const entries = createPlan(result([geometryParent, source]), { tsconfig: 'tsconfig.json', strategy: 'dispose' }).entries;
    const line = entries.find((entry) => entry.id === 'cs')!;
    expect(line.owners.map((owner) => `${owner.class}.${owner.field}`)).toEqual(['Geometry.__connectors']);
    expect(line.reason).toContain(
      ' Geometry._parent (src/geometry.ts:5, confidence 0.89) is not listed as an owner: it is itself a back-pointer, so a dispose method going through it would dispose what owns this object; add it to "owners" if it does own these objects.',
    );
    // A weaker reading of the owner side as a back-pointer does not remove it.
    const weaker = createPlan(result([{ ...geometryParent, confidence: 0.6 }, source]), { tsconfig: 'tsconfig.json' }).entries.find((entry) => entry.id === 'cs')!;
    expect(weaker.owners.map((owner) => `${owner.class}.${owner.field}`)).toEqual(['Geometry._parent', 'Geometry.__connectors']);
    expect(weaker.reason).not.toContain('is itself a back-pointer');
  });

  it('takes the owner container and type of an unlink fix from the matching candidate, if any', () => {
    const setChild = { ...child, typeText: 'Parent | undefined', inverse: [{ ...child.inverse[0]!, container: 'set' as const }] };
    const [fix] = createPlan(result([setChild], [removeBug]), { tsconfig: 't.json' }).entries;
    expect(fix!.owners[0]!.container).toBe('set');
    expect(fix!.typeText).toBe('Parent | undefined');
    const [alone] = createPlan(result([], [removeBug]), { tsconfig: 't.json' }).entries;
    expect(alone!.typeText).toBe('');
    expect(alone!.owners[0]!.container).toBe('array');
  });
});

describe('createPlan -> serializePlan -> parsePlan', () => {
  it('reads back exactly what it wrote, graph labels and private fields included', () => {
    const odd = candidate({ id: 'odd', file: 'src/mixin.ts', class: '<anonymous class>', field: '#host', nullable: 'both', typeText: 'Host | null | undefined' });
    const plan = createPlan(result([child, odd], [removeBug]), { tsconfig: 'tsconfig.json', disposeConventions: { close: 2 } });
    expect(parsePlan(serializePlan(plan), 'plan.json')).toEqual(plan);
  });
});

describe('the dispose method an entry\'s classes already have', () => {
  // child: Child.parent (src/child.ts) owned by Parent.children (src/parent.ts).
  const methodsOf = (classDisposeMethods: Record<string, string[]>, disposeMethod?: string, entryCandidate = child) => {
    const plan = createPlan(result([{ ...entryCandidate, strategy: 'dispose' }]), {
      tsconfig: 't.json',
      disposeConventions: { dispose: 3 },
      classDisposeMethods,
      ...(disposeMethod ? { disposeMethod } : {}),
    });
    const { disposeMethod: method, backPointerMethod } = plan.entries[0]!;
    return backPointerMethod === undefined ? method : `${method} -> ${backPointerMethod}`;
  };

  it('is the entry\'s method where its classes that have one agree (hocuspocus: Server.destroy(), which users call)', () => {
    expect(methodsOf({ 'src/parent.ts#Parent': ['destroy'] })).toBe('destroy');
    expect(methodsOf({ 'src/parent.ts#Parent': ['destroy'], 'src/child.ts#Child': ['destroy'] })).toBe('destroy');
    // The owner has none: the back-pointer's class's method is everyone's.
    expect(methodsOf({ 'src/child.ts#Child': ['destroy'] })).toBe('destroy');
  });

  it('where they differ, the owners\' method calls the back-pointer class\'s own (fabric: the canvas\'s destroy() calls image.dispose())', () => {
    expect(methodsOf({ 'src/parent.ts#Parent': ['destroy'], 'src/child.ts#Child': ['dispose'] })).toBe('destroy -> dispose');
    // The owners' method decides even where the back-pointer's class has two.
    expect(methodsOf({ 'src/parent.ts#Parent': ['destroy'], 'src/child.ts#Child': ['destroy', 'dispose'] })).toBe('destroy');
  });

  it('a class that owns its own kind calls the method it runs itself', () => {
    const node = candidate({ id: 'n1', file: 'src/node.ts', class: 'Node', field: 'parent', inverse: [{ file: 'src/node.ts', line: 2, class: 'Node', field: 'children', container: 'array' }] });
    expect(methodsOf({ 'src/node.ts#Node': ['destroy'] }, undefined, node)).toBe('destroy');
  });

  it('yields to the project convention where the owners disagree or have two, where nobody has one, or only close()', () => {
    expect(methodsOf({ 'src/parent.ts#Parent': ['destroy', 'dispose'] })).toBe('dispose');
    expect(methodsOf({ 'src/parent.ts#Parent': ['destroy', 'dispose'], 'src/child.ts#Child': ['destroy'] })).toBe('dispose');
    expect(methodsOf({ 'src/child.ts#Child': ['destroy', 'dispose'] })).toBe('dispose');
    expect(methodsOf({})).toBe('dispose');
    expect(methodsOf({ 'src/parent.ts#Parent': ['close'] })).toBe('dispose');
  });

  it('--dispose-method names it for every entry, on both sides', () => {
    expect(methodsOf({ 'src/parent.ts#Parent': ['destroy'], 'src/child.ts#Child': ['dispose'] }, 'teardown')).toBe('teardown');
  });

  const node = (id: string, disposeMethods: string[], extend: string[] = [], disposal?: Array<{ method: string; handsOver?: string[]; takesArguments?: true }>) => {
    const [file, name] = id.split('#') as [string, string];
    return { id, file, name, kind: 'class', extends: extend, disposeMethods, external: false, ...(disposal ? { disposal } : {}) } as unknown as ClassNode;
  };

  it('classEndOfLifeMethods: own and inherited dispose and destroy, by file and class', () => {
    expect(
      classEndOfLifeMethods({
        classes: [node('a.ts#Base', ['destroy', 'close']), node('b.ts#Panel', [], ['a.ts#Base']), node('b.ts#Dialog', ['close']), node('c.ts#Own', ['dispose'], ['a.ts#Base'])],
      }),
    ).toEqual({ 'a.ts#Base': ['destroy'], 'b.ts#Panel': ['destroy'], 'c.ts#Own': ['destroy', 'dispose'] });
  });

  it('classEndOfLifeMethods: a class with none takes the one name its subclasses\' methods agree on (G2: Node, whose Runtime has destroy())', () => {
    const base = node('a.ts#Node', []);
    const runtime = node('b.ts#Runtime', ['destroy'], ['a.ts#Node'], [{ method: 'destroy' }]);
    const chart = node('b.ts#Chart', [], ['b.ts#Runtime']);
    // Subclasses that disagree, or replace the method with a property (no body to override with a method), tell nothing.
    const shape = node('c.ts#Shape', []);
    const circle = node('c.ts#Circle', ['destroy'], ['c.ts#Shape'], [{ method: 'destroy' }]);
    const square = node('c.ts#Square', ['dispose'], ['c.ts#Shape'], [{ method: 'dispose' }]);
    const item = node('d.ts#Item', []);
    const lazy = node('d.ts#LazyItem', ['destroy'], ['d.ts#Item']);
    expect(classEndOfLifeMethods({ classes: [base, runtime, chart, shape, circle, square, item, lazy] })).toEqual({
      'a.ts#Node': ['destroy'],
      'b.ts#Runtime': ['destroy'],
      'b.ts#Chart': ['destroy'],
      'c.ts#Circle': ['destroy'],
      'c.ts#Square': ['dispose'],
      'd.ts#LazyItem': ['destroy'],
    });
  });

  it('classEndOfLifeMethods: a method with a parameter to fill (destroy(item)) ends one object, not the class, own or in a subclass', () => {
    // Second reading: Manager.dispose() calling this.destroy(item) for each item made destroy(item) the end of life.
    const manager = node('a.ts#Manager', ['destroy', 'dispose'], [], [{ method: 'destroy', takesArguments: true }, { method: 'dispose' }]);
    const base = node('b.ts#Node', []);
    const runtime = node('b.ts#Runtime', ['destroy'], ['b.ts#Node'], [{ method: 'destroy', takesArguments: true }]);
    expect(classEndOfLifeMethods({ classes: [manager, base, runtime] })).toEqual({ 'a.ts#Manager': ['dispose'] });
  });

  it('classEndOfLifeMethods: a method that hands over to the other (fabric: dispose() runs destroy() later) leaves the other', () => {
    const canvas = node('a.ts#Canvas', ['dispose', 'destroy'], [], [{ method: 'dispose', handsOver: ['destroy'] }, { method: 'destroy' }]);
    // A subclass overriding destroy() alone still hands over through the inherited dispose().
    const sub = node('b.ts#Sub', ['destroy'], ['a.ts#Canvas'], [{ method: 'destroy' }]);
    // A subclass whose own dispose() no longer calls destroy() has two again.
    const own = node('c.ts#Own', ['dispose'], ['a.ts#Canvas'], [{ method: 'dispose' }]);
    // Each calling the other tells nothing.
    const loop = node('d.ts#Loop', ['dispose', 'destroy'], [], [{ method: 'dispose', handsOver: ['destroy'] }, { method: 'destroy', handsOver: ['dispose'] }]);
    expect(classEndOfLifeMethods({ classes: [canvas, sub, own, loop] })).toEqual({
      'a.ts#Canvas': ['destroy'],
      'b.ts#Sub': ['destroy'],
      'c.ts#Own': ['destroy', 'dispose'],
      'd.ts#Loop': ['destroy', 'dispose'],
    });
  });
});

describe('pickDisposeMethod', () => {
  it.each([
    [{}, 'dispose'],
    [{ destroy: 2 }, 'destroy'],
    [{ close: 1, destroy: 4, dispose: 2 }, 'destroy'],
    [{ close: 2, destroy: 2 }, 'dispose'],
    [{ close: 2, destroy: 2, teardown: 3 }, 'teardown'],
    [{ close: 0 }, 'dispose'],
    // Regression: one Editor.close() made every injected dispose method a `close()`.
    [{ close: 1 }, 'dispose'],
    [{ '[Symbol.dispose]': 5, destroy: 2 }, 'destroy'],
  ])('%j -> %s', (conventions, expected) => {
    expect(pickDisposeMethod(conventions)).toBe(expected);
  });
});

describe('entries to review first', () => {
  const unsure = candidate({ id: 'u1', file: 'src/sub.ts', class: 'Sub', field: 'destination', confidence: 0.6 });
  const bug: UnlinkBug = {
    id: 'b1',
    file: 'src/parent.ts',
    line: 9,
    column: 5,
    class: 'Parent',
    method: 'remove',
    collection: 'children',
    backPointer: { file: 'src/sub.ts', class: 'Sub', field: 'destination', nullable: 'undefined' },
    message: 'Parent.remove leaves destination set.',
  };

  // Regression: every candidate at 0.5 or above went into the plan as weakref, so applying the
  // plan of rxjs made Subscriber.destination weak and values silently stopped arriving.
  it('starts candidates below 0.8 (and their unlink fixes) as skip, saying how to opt in', () => {
    const plan = createPlan(result([unsure], [bug]), { tsconfig: 'tsconfig.json' });
    // Same back-pointer, same action: ordered by id.
    expect(plan.entries.map((entry) => [entry.id, entry.action])).toEqual([
      ['b1', 'skip'],
      ['u1', 'skip'],
    ]);
    expect(plan.entries[1]!.reason.startsWith('Review first: confidence 0.6 is below 0.8; set the action to "weakref" to apply it. ')).toBe(true);
    expect(plan.entries[0]!.reason).toBe('Review first: confidence 0.6 is below 0.8; set the action to "unlink-fix" to apply it. Parent.remove leaves destination set.');
  });

  it('reviewBelow moves the threshold', () => {
    const plan = createPlan(result([unsure], [bug]), { tsconfig: 'tsconfig.json', reviewBelow: 0.5 });
    // Ordered by action after file, class and field.
    expect(plan.entries.map((entry) => entry.action)).toEqual(['unlink-fix', 'weakref']);
  });
});

// Fifth sweep (@tanstack/query-core): four unlink-fix entries that reset-back-pointer refused on
// every run (#private back-pointers). The plan now says so itself, and skips them.
describe('unlink bugs without an automatic fix', () => {
  const bug = (backPointer: UnlinkBug['backPointer'], selfRemoval?: boolean): UnlinkBug => ({
    id: 'b1',
    file: 'src/cache.ts',
    line: 9,
    column: 5,
    class: 'Cache',
    method: 'remove',
    collection: 'queries',
    backPointer,
    ...(selfRemoval ? { selfRemoval } : {}),
    message: 'Cache.remove leaves it set.',
  });
  const entryOf = (unlink: UnlinkBug, candidates: Candidate[] = [], strategy?: 'weakref' | 'dispose') =>
    createPlan(result(candidates, [unlink]), { tsconfig: 'tsconfig.json', ...(strategy ? { strategy } : {}) }).entries.find((entry) => entry.id === 'b1')!;

  it('a back-pointer admitting neither null nor undefined: skipped, widen it or make it a WeakRef', () => {
    const entry = entryOf(bug({ file: 'src/query.ts', class: 'Query', field: 'cache', nullable: 'none' }));
    expect(entry.action).toBe('skip');
    expect(entry.reason).toBe(
      'No automatic fix: `cache` admits neither null nor undefined, so Cache.remove has nothing to reset it to; widen its type, or make it a WeakRef (the weakref fix). Cache.remove leaves it set.',
    );
  });

  it("a #private back-pointer, out of the owner's reach: skipped; in the object's own method it can be reset", () => {
    const entry = entryOf(bug({ file: 'src/query.ts', class: 'Query', field: '#cache', nullable: 'undefined' }));
    expect(entry.action).toBe('skip');
    expect(entry.reason).toBe(
      'No automatic fix: `#cache` is private to Query, so Cache.remove cannot reset it; reset it in a method of Query that the removal calls, or make it a WeakRef (the weakref fix). Cache.remove leaves it set.',
    );
    expect(entryOf(bug({ file: 'src/query.ts', class: 'Query', field: '#cache', nullable: 'undefined' }, true)).action).toBe('unlink-fix');
  });

  it("a back-pointer declared private or protected, out of another class's reach: skipped; in its own class it can be reset", () => {
    // Sixteenth sweep (matrix-js-sdk's CallFeed.call): the unlink fix failed with TS2341 on every run.
    const entry = entryOf(bug({ file: 'src/query.ts', class: 'Query', field: 'cache', nullable: 'undefined', access: 'private' }));
    expect(entry.action).toBe('skip');
    expect(entry.reason).toBe(
      'No automatic fix: `cache` is private to Query, so Cache.remove cannot reset it; reset it in a method of Query that the removal calls, or make it a WeakRef (the weakref fix). Cache.remove leaves it set.',
    );
    expect(entryOf(bug({ file: 'src/query.ts', class: 'Query', field: 'cache', nullable: 'undefined', access: 'protected' })).reason).toContain(
      '`cache` is protected in Query, so Cache.remove cannot reset it;',
    );
    // The object's own method, and a tree's removal in the node's own class, may write it.
    expect(entryOf(bug({ file: 'src/query.ts', class: 'Query', field: 'cache', nullable: 'undefined', access: 'private' }, true)).action).toBe('unlink-fix');
    expect(entryOf(bug({ file: 'src/cache.ts', class: 'Cache', field: 'parent', nullable: 'undefined', access: 'private' })).action).toBe('unlink-fix');
  });

  it('a removal by a key (a holder of the project given a number): skipped, which object it was the call does not say', () => {
    const entry = entryOf({ ...bug({ file: 'src/query.ts', class: 'Query', field: 'cache', nullable: 'undefined' }), byKey: true });
    expect(entry.action).toBe('skip');
    expect(entry.reason).toBe(
      'No automatic fix: Cache.remove takes the Query out by a key, so which one it was the call does not say; reset its `cache` where the method can look it up, or make it a WeakRef (the weakref fix). Cache.remove leaves it set.',
    );
  });

  it('with the weakref fix of the same field in the plan, that is the fix it names', () => {
    const query = candidate({ id: 'c1', file: 'src/query.ts', class: 'Query', field: '#cache', nullable: 'undefined', confidence: 0.9, strategy: 'weakref' });
    const unlink = bug({ file: 'src/query.ts', class: 'Query', field: '#cache', nullable: 'undefined' });
    expect(entryOf(unlink, [query]).reason).toBe(
      'No automatic fix: `#cache` is private to Query, so Cache.remove cannot reset it; the weakref fix of `#cache` in this plan already stops a removed Query from keeping its Cache alive. Cache.remove leaves it set.',
    );
    // Forced to dispose, the plan has no weakref fix to point at.
    expect(entryOf(unlink, [query], 'dispose').reason).toContain('reset it in a method of Query that the removal calls, or make it a WeakRef (the weakref fix).');
  });
});
