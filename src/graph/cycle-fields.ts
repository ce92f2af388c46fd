import { stronglyConnectedComponents, type Edge } from '../detect/find-cycles.js';
import type { ClassId, FieldNode } from './field-graph.js';

/**
 * Names of the instance fields that can lie on a cycle of the class graph: a field whose class
 * (or a subclass, which inherits it) reaches through one of its targets (or a subclass of it) a
 * class of the same strongly connected component, or itself. Only such fields can be
 * back-pointers or owners, so only facts about them can become evidence or risks, and
 * build-field-graph asks the type checker about accesses to these names only. A superset of what
 * detection uses: interface targets count here, and a name counts for every class with a field of
 * that name. (The SCC algorithm is find-cycles', pure and independent of either stage.)
 */
export function cycleFieldNames(fields: readonly FieldNode[], withSubclasses: (ids: Iterable<ClassId>) => ClassId[]): Set<string> {
  const strong = fields.filter((field) => !field.static && field.targets.length > 0);
  const edgesOf = (field: FieldNode): Edge[] => {
    const targets = withSubclasses(field.targets.map((target) => target.classId));
    return withSubclasses([field.classId]).flatMap((from) => targets.map((to) => ({ id: field.id, from, to })));
  };
  const edgesByField = new Map(strong.map((field) => [field, edgesOf(field)]));
  const edges = [...edgesByField.values()].flat();
  const nodes = [...new Set(edges.flatMap((edge) => [edge.from, edge.to]))];
  const componentOf = new Map<ClassId, number>();
  stronglyConnectedComponents(nodes, edges).forEach((component, index) => {
    for (const id of component) componentOf.set(id, index);
  });
  const names = new Set<string>();
  for (const field of strong) {
    if (names.has(field.name)) continue;
    const onCycle = edgesByField.get(field)!.some((edge) => edge.from === edge.to || (componentOf.has(edge.from) && componentOf.get(edge.from) === componentOf.get(edge.to)));
    if (onCycle) names.add(field.name);
  }
  return names;
}
