import type { ClassId, Fact } from './field-graph.js';

/** The kinds of fact that write a field, and which of the fact's classes declares it. */
const WRITES: Partial<Record<Fact['kind'], 'target' | 'own'>> = {
  'assigns-this': 'target',
  'resets-field': 'target',
  'assigns-construction': 'target',
  'stores-in-field': 'own',
  // `this.layout = new Layout(this)` through the setter: kept in `_layout`.
  'constructs-with-this': 'own',
  'constructs-passing-field': 'own',
};

/**
 * Writes through a setter, read as writes to the field the setter keeps its value in. The
 * encapsulated back-pointer is common (`private _parent`, `set parent(value) { ...;
 * this._parent = value; }`), and then the code that links objects says `layout.parent = this`
 * (lumino's Widget) or `this.layout = layout`: facts about `parent` and `layout`, which no
 * field is named. Rewritten here to the field (`_parent`, with `setter: 'parent'`), every rule
 * downstream (who assigns the back-pointer, who resets it, what a class stores) sees them.
 *
 * A setter counts when it stores its parameter itself in one field (`this._parent = value`, or
 * `value ?? null`); what else it does (checks, notifications) does not matter, but a setter that
 * keeps its value whole in two fields, or derives what it keeps (`this._root = p ? p.root :
 * null`), says nothing certain. The setter is looked up on the class the write resolves to and its
 * bases (an override that calls `super.parent = p` stores nothing itself), or on the writing class
 * and its bases (for `this`), and the field's declaring class becomes the fact's target, as it is
 * for a direct write.
 */
export function resolveSetterWrites(
  facts: Fact[],
  basesOf: (classId: ClassId) => Iterable<ClassId>,
  declaringClassOfField: (classId: ClassId, name: string) => ClassId | undefined,
): void {
  // `${classId}\0${accessor}` -> the field its setter keeps its parameter in (undefined: several).
  const setterField = new Map<string, string | undefined>();
  for (const fact of facts) {
    if (fact.kind !== 'stores-in-field' || fact.classId === undefined || !fact.method.startsWith('set ')) continue;
    if (fact.fromParameter !== 0 || fact.wholeParameter !== true) continue;
    const key = `${fact.classId}\0${fact.method.slice('set '.length)}`;
    setterField.set(key, setterField.has(key) && setterField.get(key) !== fact.ownField ? undefined : fact.ownField!);
  }
  if (setterField.size === 0) return;
  const storedBy = (classIds: Iterable<ClassId>, accessor: string): { classId: ClassId; field: string } | undefined => {
    for (const classId of classIds) {
      const key = `${classId}\0${accessor}`;
      if (!setterField.has(key)) continue;
      // The nearest setter decides, also when it says nothing certain.
      const field = setterField.get(key);
      return field !== undefined && field !== accessor ? { classId, field } : undefined;
    }
    return undefined;
  };

  for (let at = 0; at < facts.length; at++) {
    const fact = facts[at]!;
    const side = WRITES[fact.kind];
    if (!side || fact.classId === undefined) continue;
    if (side === 'target') {
      if (fact.targetClassId === undefined || fact.field === undefined) continue;
      const setter = storedBy(basesOf(fact.targetClassId), fact.field);
      if (!setter) continue;
      const declaring = declaringClassOfField(setter.classId, setter.field) ?? setter.classId;
      facts[at] = { ...fact, field: setter.field, targetClassId: declaring, setter: fact.field };
    } else {
      // Not the setter's own store (`set layout(v) { this._layout = v }`), which names the field.
      if (fact.ownField === undefined || fact.method === `set ${fact.ownField}`) continue;
      const setter = storedBy(basesOf(fact.classId), fact.ownField);
      if (setter) facts[at] = { ...fact, ownField: setter.field, setter: fact.ownField };
    }
  }
}
