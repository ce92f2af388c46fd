import { buildFieldGraph } from '../../src/graph/build-field-graph.js';
import type { FieldGraph } from '../../src/graph/field-graph.js';
import { loadProject } from '../../src/project/load-project.js';
import { createTempProject, TSCONFIG } from '../apply/temp-project.js';

/**
 * The field graph of a throwaway project made of `files` (paths relative to its root; a strict
 * tsconfig.json is added unless given). The graph is plain data: the folder is gone on return.
 */
export function graphOf(files: Record<string, string>): FieldGraph {
  const project = createTempProject({ 'tsconfig.json': TSCONFIG, ...files });
  try {
    return buildFieldGraph(loadProject({ tsconfig: project.path('tsconfig.json') }));
  } finally {
    project.remove();
  }
}
