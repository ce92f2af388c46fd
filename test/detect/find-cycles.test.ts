import { describe, expect, test } from 'vitest';
import { findCycles, stronglyConnectedComponents, type Edge } from '../../src/detect/find-cycles.js';

const edge = (id: string, from: string, to: string): Edge => ({ id, from, to });

describe('stronglyConnectedComponents', () => {
  test('finds components of two or more nodes, ignoring chains and self-loops', () => {
    const edges = [edge('ab', 'A', 'B'), edge('ba', 'B', 'A'), edge('bc', 'B', 'C'), edge('cc', 'C', 'C'), edge('cd', 'C', 'D'), edge('dc', 'D', 'C')];
    expect(stronglyConnectedComponents(['A', 'B', 'C', 'D', 'E'], edges)).toEqual([
      ['A', 'B'],
      ['C', 'D'],
    ]);
  });

  test('a 100k-node ring is one component (no recursion limit)', () => {
    const n = 100_000;
    const nodes = Array.from({ length: n }, (_, i) => `n${String(i).padStart(6, '0')}`);
    const edges = nodes.map((node, i) => edge(`e${i}`, node, nodes[(i + 1) % n]!));
    const components = stronglyConnectedComponents(nodes, edges);
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(n);
  });
});

describe('findCycles', () => {
  test('lists each elementary cycle once, as edge ids from its smallest node', () => {
    const edges = [edge('ab', 'A', 'B'), edge('bc', 'B', 'C'), edge('ca', 'C', 'A'), edge('ba', 'B', 'A')];
    expect(findCycles(['A', 'B', 'C'], edges)).toEqual({ cycles: [['ab', 'ba'], ['ab', 'bc', 'ca']], truncated: false });
  });

  test('two fields between the same classes are two cycles', () => {
    const edges = [edge('children', 'P', 'C'), edge('first', 'P', 'C'), edge('parent', 'C', 'P')];
    expect(findCycles(['C', 'P'], edges).cycles).toEqual([['parent', 'children'], ['parent', 'first']]);
  });

  test('distinctIds: a field a class and its subclasses share is used once per cycle, and each cycle listed once', () => {
    // Three subclasses of a node class, each holding the others through the same two fields (as a
    // field graph expands `parent`/`children` to every subclass), and one longer cycle through a view.
    const kinds = ['N1', 'N2', 'N3'];
    const edges = [
      ...kinds.flatMap((from) => kinds.filter((to) => to !== from).flatMap((to) => [edge('parent', from, to), edge('children', from, to)])),
      ...kinds.map((from) => edge('view', from, 'V')),
      edge('root', 'V', 'N1'),
    ];
    const nodes = [...kinds, 'V'];
    const plain = findCycles(nodes, edges);
    // The same two fields go round and round: dozens of node cycles, each a repetition of the pair.
    expect(plain.cycles.length).toBeGreaterThan(40);
    expect(plain.cycles.filter((cycle) => new Set(cycle).size < cycle.length).length).toBeGreaterThan(20);

    const distinct = findCycles(nodes, edges, { distinctIds: true });
    expect(distinct.truncated).toBe(false);
    // Each as its ids from the smallest: the pair once, and the view's cycles through one, both
    // or neither of the two fields.
    const fromSmallest = (cycle: string[]) => {
      const start = cycle.indexOf([...cycle].sort()[0]!);
      return [...cycle.slice(start), ...cycle.slice(0, start)].join(' ');
    };
    expect(distinct.cycles.map(fromSmallest).sort()).toEqual([
      'children parent',
      'children parent view root',
      'children view root',
      'children view root parent',
      'parent view root',
      'root view',
    ]);
  });

  test('self-loops are not cycles', () => {
    expect(findCycles(['A'], [edge('next', 'A', 'A')]).cycles).toEqual([]);
  });

  test('maxLength bounds the cycles listed without hiding shorter ones', () => {
    // A ring of 5 plus a chord making a 3-cycle reachable only after a long detour was blocked.
    const edges = [edge('ab', 'A', 'B'), edge('bc', 'B', 'C'), edge('cd', 'C', 'D'), edge('de', 'D', 'E'), edge('ea', 'E', 'A'), edge('ac', 'A', 'C'), edge('ca', 'C', 'A')];
    const { cycles } = findCycles(['A', 'B', 'C', 'D', 'E'], edges, { maxLength: 3 });
    expect(cycles).toEqual([['ab', 'bc', 'ca'], ['ac', 'ca']]);
  });

  test('stops at maxCycles and says so, then lists the shortest cycle through each edge it had not reached', () => {
    // A complete graph on 6 nodes has hundreds of elementary cycles.
    const nodes = ['A', 'B', 'C', 'D', 'E', 'F'];
    const edges = nodes.flatMap((from) => nodes.filter((to) => to !== from).map((to) => edge(`${from}${to}`, from, to)));
    const result = findCycles(nodes, edges, { maxCycles: 10 });
    expect(result.truncated).toBe(true);
    // Johnson's first ten are those through A, which it searches first.
    expect(result.cycles.slice(0, 10).every((cycle) => cycle[0]!.startsWith('A'))).toBe(true);
    // After them, each edge not yet in a cycle gets its shortest: here always the pair back.
    const added = result.cycles.slice(10);
    expect(added.length).toBeGreaterThan(0);
    for (const cycle of added) expect(cycle).toEqual([cycle[0], `${cycle[0]![1]}${cycle[0]![0]}`]);
    expect(new Set(result.cycles.flat())).toEqual(new Set(edges.map((one) => one.id)));
    expect(new Set(result.cycles.map((cycle) => cycle.join())).size).toBe(result.cycles.length);
  });

  // sprotty's 40-class tangle spent the search's steps on 72 cycles: an edge the search never
  // reached had no cycle listed, and its field could be a back-pointer no one was told about.
  test('a search cut short still lists a cycle through every edge that has one', () => {
    const dense = ['A', 'B', 'C', 'D', 'E', 'F'];
    const edges = dense.flatMap((from) => dense.filter((to) => to !== from).map((to) => edge(`${from}${to}`, from, to)));
    edges.push(edge('FX', 'F', 'X'), edge('XY', 'X', 'Y'), edge('YB', 'Y', 'B'));
    const result = findCycles([...dense, 'X', 'Y'], edges, { maxSteps: 5 });
    expect(result.truncated).toBe(true);
    // The shortest cycle through FX: F -> X -> Y -> B -> F, written from its smallest node, B.
    expect(result.cycles).toContainEqual(['BF', 'FX', 'XY', 'YB']);
    expect(new Set(result.cycles.flat())).toEqual(new Set(edges.map((one) => one.id)));
    // The same within a length bound: that cycle has four edges, so with three it is not there.
    expect(findCycles([...dense, 'X', 'Y'], edges, { maxSteps: 5, maxLength: 3 }).cycles.flat()).not.toContain('FX');
  });

  // Regression: a global cap let the first components hide the cycles of all later ones
  // (at 300k generated lines, 91 of 211 three-class cycles went unreported).
  test('the cap applies per component: a dense component cannot hide the others', () => {
    const dense = ['A', 'B', 'C', 'D', 'E', 'F'];
    const edges = dense.flatMap((from) => dense.filter((to) => to !== from).map((to) => edge(`${from}${to}`, from, to)));
    edges.push(edge('xy', 'X', 'Y'), edge('yz', 'Y', 'Z'), edge('zx', 'Z', 'X'));
    const result = findCycles([...dense, 'X', 'Y', 'Z'], edges, { maxCycles: 10 });
    expect(result.cycles.at(-1)).toEqual(['xy', 'yz', 'zx']);
    expect(result.cycles.filter((cycle) => cycle.includes('xy'))).toHaveLength(1);
    expect(result.truncated).toBe(true);
  });

  test('stops at maxSteps and says so', () => {
    const nodes = ['A', 'B', 'C', 'D', 'E', 'F'];
    const edges = nodes.flatMap((from) => nodes.filter((to) => to !== from).map((to) => edge(`${from}${to}`, from, to)));
    expect(findCycles(nodes, edges, { maxSteps: 5 }).truncated).toBe(true);
  });
});
