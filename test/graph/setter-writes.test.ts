import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/graph/field-graph.js';
import { resolveSetterWrites } from '../../src/graph/setter-writes.js';

const at = { file: 'src/a.ts', line: 1, column: 1 };
// Base declares `_parent` and a setter keeping its value there; Derived (extends Base) declares
// `set owner` keeping its value in Base's `_parent`; Other's `set label` keeps something else.
const BASES: Record<string, string[]> = { Base: ['Base'], Derived: ['Derived', 'Base'], Other: ['Other'], User: ['User'] };
const FIELDS: Record<string, string> = { '_parent': 'Base' };
const setterStores: Fact[] = [
  { ...at, kind: 'stores-in-field', classId: 'Base', method: 'set parent', ownField: '_parent', fromParameter: 0, wholeParameter: true },
  // Derives another field from its value (`this._root = p ? p.root : null`): not a way into `_root`.
  { ...at, kind: 'stores-in-field', classId: 'Base', method: 'set parent', ownField: '_root', fromParameter: 0 },
  { ...at, kind: 'stores-in-field', classId: 'Derived', method: 'set owner', ownField: '_parent', fromParameter: 0, wholeParameter: true },
  // Keeps a property of its value, not the value: not a way into the field.
  { ...at, kind: 'stores-in-field', classId: 'Other', method: 'set label', ownField: '_text', fromParameter: 0, fromParameterKey: 'text' },
  // Keeps its value whole in two fields: which one a write means is not certain.
  { ...at, kind: 'stores-in-field', classId: 'Other', method: 'set host', ownField: '_host', fromParameter: 0, wholeParameter: true },
  { ...at, kind: 'stores-in-field', classId: 'Other', method: 'set host', ownField: '_lastHost', fromParameter: 0, wholeParameter: true },
];

function resolve(facts: Fact[]): Fact[] {
  const all = [...setterStores, ...facts];
  resolveSetterWrites(
    all,
    (id) => BASES[id] ?? [id],
    (classId, name) => (FIELDS[name] && (BASES[classId] ?? []).includes(FIELDS[name]!) ? FIELDS[name] : undefined),
  );
  return all.slice(setterStores.length);
}

describe('resolveSetterWrites', () => {
  it('reads a write to another object through its setter as a write to the field the setter keeps it in', () => {
    expect(
      resolve([
        { ...at, kind: 'assigns-this', classId: 'User', method: 'attach', targetClassId: 'Base', field: 'parent' },
        { ...at, kind: 'resets-field', classId: 'User', method: 'detach', targetClassId: 'Base', field: 'parent' },
      ]),
    ).toEqual([
      { ...at, kind: 'assigns-this', classId: 'User', method: 'attach', targetClassId: 'Base', field: '_parent', setter: 'parent' },
      { ...at, kind: 'resets-field', classId: 'User', method: 'detach', targetClassId: 'Base', field: '_parent', setter: 'parent' },
    ]);
  });

  it('finds the setter on a base class of the written object (a subclass overriding it without a store of its own)', () => {
    expect(resolve([{ ...at, kind: 'assigns-this', classId: 'User', method: 'attach', targetClassId: 'Derived', field: 'parent' }])).toEqual([
      { ...at, kind: 'assigns-this', classId: 'User', method: 'attach', targetClassId: 'Base', field: '_parent', setter: 'parent' },
    ]);
  });

  it('reads a construction kept through its own setter as kept in the field', () => {
    expect(resolve([{ ...at, kind: 'constructs-with-this', classId: 'Derived', method: 'build', targetClassId: 'Other', ownField: 'parent' }])).toEqual([
      { ...at, kind: 'constructs-with-this', classId: 'Derived', method: 'build', targetClassId: 'Other', ownField: '_parent', setter: 'parent' },
    ]);
  });

  it('names the class declaring the field as the target when a subclass declares the setter', () => {
    expect(resolve([{ ...at, kind: 'assigns-this', classId: 'User', method: 'adopt', targetClassId: 'Derived', field: 'owner' }])).toEqual([
      { ...at, kind: 'assigns-this', classId: 'User', method: 'adopt', targetClassId: 'Base', field: '_parent', setter: 'owner' },
    ]);
  });

  it('reads `this.parent = x` through a setter of the class or a base, keeping the fact\'s other properties', () => {
    expect(resolve([{ ...at, kind: 'stores-in-field', classId: 'Derived', method: 'constructor', ownField: 'parent', constructed: true, fresh: true }])).toEqual([
      { ...at, kind: 'stores-in-field', classId: 'Derived', method: 'constructor', ownField: '_parent', constructed: true, fresh: true, setter: 'parent' },
    ]);
  });

  it('leaves alone writes to fields, setters keeping something else than their value, and the setters\' own stores', () => {
    const untouched: Fact[] = [
      { ...at, kind: 'assigns-this', classId: 'User', method: 'attach', targetClassId: 'Base', field: '_parent' },
      { ...at, kind: 'assigns-this', classId: 'User', method: 'name', targetClassId: 'Other', field: 'label' },
      { ...at, kind: 'assigns-this', classId: 'User', method: 'move', targetClassId: 'Other', field: 'host' },
      { ...at, kind: 'assigns-this', classId: 'User', method: 'attach', targetClassId: 'User', field: 'parent' },
      { ...at, kind: 'reads-in-loop', classId: 'User', method: 'walk', targetClassId: 'Base', field: 'parent' },
    ];
    expect(resolve(untouched)).toEqual(untouched);
    const all = [...setterStores];
    resolveSetterWrites(all, (id) => BASES[id] ?? [id], () => undefined);
    expect(all).toEqual(setterStores);
  });
});
