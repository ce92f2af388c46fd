import { describe, expect, it } from 'vitest';
import { recursiveMemo } from '../../src/graph/recursive-memo.js';

// A toy of held type parameters: each key holds its own letters and, through its references,
// what the referenced keys hold (mapped through a renaming, as `A<U, T>` maps A's parameters).
type Spec = Record<string, { own: string[]; refs: Array<{ to: string; rename?: Record<string, string> }> }>;

function solver(spec: Spec) {
  let computations = 0;
  const get: (key: string) => readonly string[] = recursiveMemo<string, readonly string[]>(
    (key) => {
      computations += 1;
      const held = new Set(spec[key]!.own);
      for (const { to, rename } of spec[key]!.refs) for (const letter of get(to)) held.add(rename?.[letter] ?? letter);
      return [...held].sort();
    },
    [],
    (a, b) => a.length === b.length && a.every((letter, at) => letter === b[at]),
  );
  return { get, computations: () => computations };
}

describe('recursiveMemo', () => {
  const mutual: Spec = {
    list: { own: [], refs: [{ to: 'node' }] },
    node: { own: ['T'], refs: [{ to: 'list' }, { to: 'node' }] },
    user: { own: [], refs: [{ to: 'list' }] },
  };

  it('gives the same answers whichever key is asked first (List<T> / ListNode<T>)', () => {
    for (const order of [
      ['list', 'node', 'user'],
      ['node', 'list', 'user'],
      ['user', 'list', 'node'],
    ]) {
      const { get } = solver(mutual);
      expect(Object.fromEntries(order.map((key) => [key, get(key)]))).toEqual({ list: ['T'], node: ['T'], user: ['T'] });
    }
  });

  it('repeats a self-referencing computation until it stops growing (A<T, U> holding A<U, T>)', () => {
    const { get } = solver({ swap: { own: ['T'], refs: [{ to: 'swap', rename: { T: 'U', U: 'T' } }] } });
    expect(get('swap')).toEqual(['T', 'U']);
  });

  it('keeps final answers, and does not keep one that relied on a key still being computed', () => {
    const { get, computations } = solver(mutual);
    expect(get('list')).toEqual(['T']);
    const afterFirst = computations();
    // node was computed while list was open: asked again, it is computed afresh (list is final now).
    expect(get('node')).toEqual(['T']);
    expect(computations()).toBeGreaterThan(afterFirst);
    const afterSecond = computations();
    expect(get('list')).toEqual(['T']);
    expect(get('node')).toEqual(['T']);
    expect(computations()).toBe(afterSecond);
  });
});
