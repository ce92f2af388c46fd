import { buildCycleGraph, dotString } from './cycle-graph.js';
import { applyMinConfidence, type Reporter } from './reporter.js';

/**
 * `--format dot`: every cycle as one Graphviz digraph (`dot -Tsvg`), owning fields solid,
 * back-pointers dashed. A graph with no edges when there is no cycle, so the pipe still works.
 */
export const dot: Reporter = (input, options) => {
  const result = applyMinConfidence(input, options);
  const graph = buildCycleGraph(result, result.cycles.map((_, index) => index));
  const lines = ['digraph weakify {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];', '  edge [fontname="Helvetica"];'];
  for (const caption of graph.captions) lines.push(`  // ${caption.replace(/[\r\n]+/g, ' ')}`);
  for (const node of graph.nodes) lines.push(`  ${node.id} [label=${dotString(node.label)}, tooltip=${dotString(node.classId)}];`);
  for (const edge of graph.edges) {
    lines.push(`  ${edge.from} -> ${edge.to} [label=${dotString(edge.label)}${edge.backPointer ? ', style=dashed' : ''}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
};
