import type { ClassId, Fact } from './field-graph.js';

/** The kinds of fact that write a field, and which of the fact's classes declares it. */
const WRITES: Partial<Record<Fact['kind'], 'target' | 'own'>> = {
  'assigns-this': 'target',
  'resets-field': 'target',
  'stores-in-field': 'own',
};

/**
 * Writes through a setter, read as writes to the field the setter keeps its value in. The
 * encapsulated back-pointer is common (`private _parent`, `set parent(value) { ...;
 * this._parent = value; }`), and then the code that links objects says `layout.parent = this`
 * (lumino's Widget) or `this.layout = layout`: facts about `parent` and `layout`, which no
 * field is named. Rewritten here to the field (`_parent`, with `setter: 'parent'`), every rule
 * downstream (who assigns the back-pointer, who resets it, what a class stores) sees them.
 *
 * A setter counts when it stores its parameter itself (a `stores-in-field` fact of `set parent`
 * from parameter 0); what else it does (checks, notifications) does not matter. The setter is
 * looked up on the class the write resolves to (the accessor's declaring class, for another
 * object) or on the writing class and its bases (for `this`), and the field's declaring class
 * becomes the fact's target, as it is for a direct write.
 */
export function resolveSetterWrites(
  facts: Fact[],
  basesOf: (classId: ClassId) => Iterable<ClassId>,
  declaringClassOfField: (classId: ClassId, name: string) => ClassId | undefined,
): void {
  // `${classId}\0${accessor}` -> the field its setter stores its parameter in.
  const setterField = new Map<string, string>();
  for (const fact of facts) {
    if (fact.kind !== 'stores-in-field' || fact.classId === undefined || !fact.method.startsWith('set ')) continue;
    if (fact.fromParameter !== 0 || fact.fromParameterKey !== undefined) continue;
    setterField.set(`${fact.classId}\0${fact.method.slice('set '.length)}`, fact.ownField!);
  }
  if (setterField.size === 0) return;
  const storedBy = (classIds: Iterable<ClassId>, accessor: string): { classId: ClassId; field: string } | undefined => {
    for (const classId of classIds) {
      const field = setterField.get(`${classId}\0${accessor}`);
      if (field !== undefined && field !== accessor) return { classId, field };
    }
    return undefined;
  };

  for (let at = 0; at < facts.length; at++) {
    const fact = facts[at]!;
    const side = WRITES[fact.kind];
    if (!side || fact.classId === undefined) continue;
    if (side === 'target') {
      if (fact.targetClassId === undefined || fact.field === undefined) continue;
      const setter = storedBy([fact.targetClassId], fact.field);
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
