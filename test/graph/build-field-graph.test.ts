import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildFieldGraph } from '../../src/graph/build-field-graph.js';
import type { FieldGraph } from '../../src/graph/field-graph.js';
import { loadProject } from '../../src/project/load-project.js';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../../fixtures/analyze', name, 'tsconfig.json');
const graphOf = (name: string): FieldGraph => buildFieldGraph(loadProject({ tsconfig: fixture(name) }));
const short = (id: string) => id.slice(id.indexOf('#') + 1);

describe('buildFieldGraph', () => {
  test('containers: how each field holds its targets, and which empty values it admits', () => {
    const graph = graphOf('containers');
    const fields = graph.fields.map((field) => ({
      field: short(field.id),
      targets: field.targets.map((target) => `${short(target.classId)}:${target.container}`),
      nullable: field.nullable,
      parameterProperty: field.parameterProperty,
    }));
    expect(fields).toEqual([
      { field: 'Board.cards', targets: ['Card:map'], nullable: 'none', parameterProperty: false },
      { field: 'Board.lanes', targets: ['Lane:record'], nullable: 'none', parameterProperty: false },
      { field: 'Board.pinned', targets: ['Card:tuple'], nullable: 'undefined', parameterProperty: false },
      { field: 'Card.board', targets: ['Board:single'], nullable: 'none', parameterProperty: true },
      { field: 'Lane.board', targets: ['Board:single'], nullable: 'null', parameterProperty: false },
      { field: 'Lane.tags', targets: ['Tag:array'], nullable: 'none', parameterProperty: false },
      { field: 'Lane.watchers', targets: ['Watcher:set'], nullable: 'none', parameterProperty: false },
      { field: 'Tag.lane', targets: ['Lane:single'], nullable: 'undefined', parameterProperty: false },
      { field: 'Watcher.lane', targets: ['Lane:single'], nullable: 'undefined', parameterProperty: false },
    ]);
  });

  test('an object literal type holds its objects as a plain holder; a mapped type is a record of its values', () => {
    // Seventh sweep (cannon-es): `addBodyEvent: { type: 'addBody'; body: Body | null }` read as a
    // record got a dispose that looped Object.values over it, meeting the string 'addBody'.
    const fields = graphOf('event-object').fields.map((field) => ({
      field: short(field.id),
      targets: field.targets.map((target) => `${short(target.classId)}:${target.container}${target.throughHolder ? ' (in a holder)' : ''}`),
    }));
    expect(fields).toEqual([
      { field: 'Body.world', targets: ['World:single'] },
      { field: 'World.bodies', targets: ['Body:array'] },
      { field: 'World.addBodyEvent', targets: ['Body:single (in a holder)'] },
      { field: 'World.byName', targets: ['Body:record'] },
    ]);
  });

  test('facts: construction, assignment of this, additions, removals, resets and method calls', () => {
    const graph = graphOf('unlink');
    const facts = graph.facts.map((fact) =>
      [fact.kind, `${short(fact.classId)}.${fact.method}`, fact.line, fact.field ?? fact.ownField ?? fact.calledMethod ?? '', fact.targetClassId ? short(fact.targetClassId) : '']
        .join(' '),
    );
    expect(facts).toEqual([
      'resets-field Tab.detach 5 strip Tab',
      'stores-in-field Tab.attach 9 strip ',
      // Initializers create what the fields keep: `tabs = []`, `byId = new Map<string, Tab>()`.
      'stores-in-field TabStrip.<initializer> 14 tabs ',
      'stores-in-field TabStrip.<initializer> 15 byId ',
      'assigns-this TabStrip.open 19 strip Tab',
      'adds-to-collection TabStrip.open 20 tabs ',
      'adds-to-collection TabStrip.open 21 byId ',
      'removes-from-collection TabStrip.close 27 tabs ',
      'calls-method TabStrip.close 28 detach Tab',
      // Handed undefined, attach() resets what it would set: kept, though it passes no `this`.
      'calls-method TabStrip.release 34 attach Tab',
      'removes-from-collection TabStrip.release 35 byId ',
      'removes-from-collection TabStrip.forget 40 byId ',
      'removes-from-collection TabStrip.clear 45 tabs ',
      'assigns-this TabStrip.insertAt 50 strip Tab',
      // splice(index, 0, tab) inserts.
      'adds-to-collection TabStrip.insertAt 51 tabs ',
      'removes-from-collection TabStrip.moveTo 56 tabs ',
      'adds-to-collection TabStrip.moveTo 57 tabs ',
      'stores-in-field TabStrip.<initializer> 61 selection ',
      'removes-from-collection TabStrip.deselect 64 selection ',
      'stores-in-field TabStrip.<initializer> 69 pending ',
      'assigns-this TabStrip.queue 73 strip Tab',
      'adds-to-collection TabStrip.queue 74 pending ',
      'removes-from-collection TabStrip.flush 80 pending ',
      'adds-to-collection TabStrip.flush 81 tabs ',
      'reads-in-loop TabStrip.flush 81 tabs TabStrip',
    ]);
    expect(graph.facts.find((fact) => fact.calledMethod === 'attach')?.emptyArguments).toEqual([0]);
  });

  test('not-candidates: decorators, weakify-ignore, static, WeakRef and declare are recorded on the field', () => {
    const graph = graphOf('not-candidates');
    const byName = new Map(graph.fields.map((field) => [short(field.id), field]));
    expect(byName.get('Book.author')?.decorators).toEqual(['ManyToOne']);
    expect(byName.get('Author.books')?.decorators).toEqual(['OneToMany']);
    expect(byName.get('Node.parent')?.ignored).toBe(true);
    expect(byName.get('Node.children')?.ignored).toBe(false);
    expect(byName.get('Session.current')?.static).toBe(true);
    expect(byName.get('View.#session')).toMatchObject({ privateName: true, targets: [], weakTargets: ['src/model.ts#Session'] });
    expect(byName.get('Item.owner')?.declare).toBe(true);
  });

  test('interfaces point at their implementers, mixins and base classes are nodes with their hierarchy', () => {
    const widgets = graphOf('interface');
    expect(widgets.fields.find((field) => field.name === 'host')?.targets).toEqual([
      // WidgetHost declares invalidate() alone: nothing a dispose fix could call through it.
      { classId: 'src/widgets.ts#Panel', container: 'single', via: 'interface', interfaceDisposes: [] },
    ]);
    const mixins = graphOf('mixin');
    expect(mixins.classes.map((node) => [short(node.id), node.kind, node.extends.map(short)])).toEqual([
      ['Group', 'class', []],
      ['Joinable(Base)', 'mixin', []],
      ['Person', 'class', []],
      // Joinable(Person) is the mixin class intersected with Person: a Member is both.
      ['Member', 'class', ['Joinable(Base)', 'Person']],
    ]);
  });

  test('a file with a syntax error is analysed as far as it parses and named in the warnings', () => {
    const graph = graphOf('syntax-error');
    expect(graph.warnings).toEqual([
      { kind: 'syntax-error', file: 'src/broken.ts', line: 12, message: 'syntax error: Expression expected; analysed as far as it parses.' },
    ]);
    expect(graph.fields.map((field) => short(field.id))).toEqual(['Owner.parts', 'Part.owner']);
  });

  test('generic holders: a field holds the type arguments its generic class keeps in fields, not those it only produces or keeps weakly', () => {
    const graph = graphOf('generic-holder');
    const targets = targetsIn(graph);
    // Box keeps T in an array, Slot as a single value, Shelf through its base Box<T>.
    expect(targets('Scene.layers')).toEqual(['Box:single', 'Layer:array:holder']);
    // (Targets are sorted by class id, which starts with the file: holders.ts before scene.ts.)
    expect(targets('Panel.header')).toEqual(['Slot:single', 'Header:single:holder']);
    // The outermost container wins: Shelf's array holds Slots, each holding a Leaf.
    expect(targets('Tree.leaves')).toEqual(['Shelf:single', 'Slot:array:holder', 'Leaf:array:holder']);
    // Factory only produces its T, WeakSlot keeps it in a WeakRef: no Plugin among the targets.
    expect(targets('Registry.factory')).toEqual(['Factory:single']);
    expect(targets('Registry.recent')).toEqual(['WeakSlot:single']);
  });

  test('generic holders: mutual recursion, interfaces, and classes declared inside generic functions', () => {
    const graph = graphOf('generic-holder-cases');
    const targets = targetsIn(graph);
    // List holds its T through ListNode, which holds it and points back at List (declared first).
    expect(targets('Playlist.tracks')).toEqual(['List:single', 'Track:single:holder']);
    expect(targets('Nursery.toys')).toEqual(['Box:single', 'Teddy:array:interface:holder']);
    // Crate is declared inside fleet<U>: its type arguments start with U. Crate<Sailor> holds a Sailor.
    expect(targets('Ship.cargo')).toEqual(['Crate:single', 'Sailor:single:holder']);
  });
});

function targetsIn(graph: FieldGraph): (id: string) => string[] {
  return (id) =>
    graph.fields
      .find((field) => short(field.id) === id)!
      .targets.map((target) => [short(target.classId), target.container, ...(target.via === 'interface' ? ['interface'] : []), ...(target.throughHolder ? ['holder'] : [])].join(':'));
}
