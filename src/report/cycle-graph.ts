/**
 * The picture of the cycles as plain data (classes and the fields between them), rendered by
 * mermaid.ts and dot.ts, with the one place where their labels are escaped.
 */
import type { AnalysisResult, Candidate } from '../detect/analysis-result.js';
import { memberName } from './finding-text.js';

export interface CycleGraphNode {
  /** `n0`, `n1`, ...: safe in every diagram language, whatever the class is called. */
  id: string;
  /** `src/a.ts#Parent`; the member name when the result carries no field ids. */
  classId: string;
  /** The class name; with its file when two classes in the picture share a name. */
  label: string;
}

export interface CycleGraphEdge {
  from: string;
  to: string;
  /** The field, e.g. `children` or `#editor`. */
  label: string;
  /** A reported back-pointer (drawn dashed); owning fields are drawn solid. */
  backPointer: boolean;
}

export interface CycleGraph {
  nodes: CycleGraphNode[];
  edges: CycleGraphEdge[];
  /** `Parent.children -> Child.parent`, one per cycle drawn, for captions and comments. */
  captions: string[];
}

/**
 * The classes and fields of the given cycles. A cycle's members are in cycle order, so member i
 * is a field of class i pointing at class i+1 (wrapping around). Nodes and edges are shared by
 * cycles that have them in common.
 */
export function buildCycleGraph(result: AnalysisResult, cycleIndexes: number[]): CycleGraph {
  const nodes = new Map<string, CycleGraphNode & { name: string; file: string }>();
  const edges = new Map<string, CycleGraphEdge>();
  const captions: string[] = [];
  const backPointers = new Set(result.candidates.map(fieldIdOf));
  // Only for cycles without field ids: a `Class.field` name is ambiguous when two files declare the class.
  const backPointerMembers = new Set(result.candidates.map((candidate) => memberName(candidate.class, candidate.field)));

  const nodeFor = (classId: string, name: string) => {
    let node = nodes.get(classId);
    if (!node) {
      const hash = classId.lastIndexOf('#');
      node = { id: `n${nodes.size}`, classId, label: name, name, file: hash > 0 ? classId.slice(0, hash) : '' };
      nodes.set(classId, node);
    }
    return node;
  };

  for (const index of cycleIndexes) {
    const cycle = result.cycles[index];
    if (!cycle) continue;
    captions.push(cycle.members.join(' -> '));
    const sides = cycle.members.map((member, i) => {
      const fieldId = cycle.fieldIds[i] ?? member;
      // Field names never contain a dot; class labels (`<mixin>(Base.Sub)`) may.
      const memberDot = member.lastIndexOf('.');
      const idDot = fieldId.lastIndexOf('.');
      return {
        fieldId,
        member,
        className: member.slice(0, memberDot),
        field: member.slice(memberDot + 1),
        classId: fieldId === member ? member.slice(0, memberDot) : fieldId.slice(0, idDot),
      };
    });
    sides.forEach((side, i) => {
      const next = sides[(i + 1) % sides.length]!;
      const from = nodeFor(side.classId, side.className);
      const to = nodeFor(next.classId, next.className);
      if (!edges.has(side.fieldId)) {
        const backPointer = side.fieldId === side.member ? backPointerMembers.has(side.member) : backPointers.has(side.fieldId);
        edges.set(side.fieldId, { from: from.id, to: to.id, label: side.field, backPointer });
      }
    });
  }

  const nameCounts = new Map<string, number>();
  for (const node of nodes.values()) nameCounts.set(node.name, (nameCounts.get(node.name) ?? 0) + 1);
  return {
    nodes: [...nodes.values()].map(({ id, classId, name, file }) => ({
      id,
      classId,
      label: (nameCounts.get(name) ?? 0) > 1 && file ? `${name} (${file})` : name,
    })),
    edges: [...edges.values()],
    captions,
  };
}

/** `src/a.ts#Child.parent`: the field id format of the graph stage. */
export function fieldIdOf(candidate: Pick<Candidate, 'file' | 'class' | 'field'>): string {
  return `${candidate.file}#${memberName(candidate.class, candidate.field)}`;
}

/**
 * Text for inside a Mermaid `"..."` label. Mermaid renders labels as HTML and reads `#name;` as
 * an entity, so `<T>` would vanish as a tag, `#editor` could start an entity, `$$` starts KaTeX
 * and a backtick starts a markdown string: all become Mermaid entity codes.
 */
export function escapeMermaidLabel(text: string): string {
  return text.replace(/[#"<>&$`\r\n]/g, (char) => MERMAID_ENTITIES[char]!);
}

const MERMAID_ENTITIES: Record<string, string> = {
  '#': '#35;',
  '"': '#quot;',
  '<': '#lt;',
  '>': '#gt;',
  '&': '#amp;',
  $: '#36;',
  '`': '#96;',
  '\r': ' ',
  '\n': ' ',
};

/** A Graphviz double-quoted string (quotes included): only `"` and `\` are special there. */
export function dotString(text: string): string {
  return `"${text.replace(/["\\]/g, (char) => `\\${char}`).replace(/\r?\n|\r/g, '\\n')}"`;
}
