import { buildCycleGraph, escapeMermaidLabel, type CycleGraph } from './cycle-graph.js';
import { applyMinConfidence, type Reporter } from './reporter.js';

/**
 * `--format mermaid`: one `graph LR` of every cycle (a `.mmd` file holds one diagram), owning
 * fields solid, back-pointers dashed. Without cycles, a diagram with nothing in it but a comment
 * saying so: an empty file is no diagram, and a renderer given one fails (as `dot` gives an empty
 * digraph).
 */
export const mermaid: Reporter = (input, options) => {
  const result = applyMinConfidence(input, options);
  if (result.cycles.length === 0) return 'graph LR\n  %% weakify: no cycles\n';
  return renderMermaid(buildCycleGraph(result, result.cycles.map((_, index) => index)));
};

/** The diagram source, ending with a newline; markdown.ts fences it per cycle. */
export function renderMermaid(graph: CycleGraph): string {
  const lines = ['graph LR'];
  for (const caption of graph.captions) lines.push(`  %% ${caption.replace(/[\r\n]+/g, ' ')}`);
  for (const node of graph.nodes) lines.push(`  ${node.id}["${escapeMermaidLabel(node.label)}"]`);
  for (const edge of graph.edges) {
    const arrow = edge.backPointer ? '-.->' : '-->';
    lines.push(`  ${edge.from} ${arrow}|"${escapeMermaidLabel(edge.label)}"| ${edge.to}`);
  }
  return `${lines.join('\n')}\n`;
}
