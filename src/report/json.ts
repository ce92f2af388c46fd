import type { AnalysisResult } from '../detect/analysis-result.js';
import { applyMinConfidence, type Reporter } from './reporter.js';

/**
 * `--format json`: the AnalysisResult, 2-space indented with a trailing newline. Keys are written
 * in schema order whatever order the object was built in, so the output diffs cleanly; keys the
 * schema does not know yet follow in their own order rather than being dropped.
 */
export const json: Reporter = (input, options) => {
  const result = applyMinConfidence(input, options);
  return `${JSON.stringify(inSchemaOrder(result), null, 2)}\n`;
};

const LOCATION = ['file', 'line', 'column'];
const KEY_ORDER: Record<string, string[]> = {
  result: ['schemaVersion', 'tool', 'project', 'candidates', 'unlinkBugs', 'skipped', 'cycles', 'warnings'],
  tool: ['name', 'version'],
  project: ['tsconfig', 'files', 'classes'],
  candidate: ['id', ...LOCATION, 'class', 'field', 'target', 'inverse', 'kind', 'confidence', 'strategy', 'evidence', 'risks', 'typeText', 'nullable', 'cycles'],
  inverse: ['file', 'line', 'class', 'field', 'container', 'loose'],
  evidence: ['kind', 'file', 'line', 'message'],
  risk: ['kind', 'message', 'file', 'line'],
  unlinkBug: ['id', ...LOCATION, 'class', 'method', 'collection', 'backPointer', 'message'],
  backPointer: ['file', 'class', 'field', 'nullable'],
  skipped: ['file', 'line', 'class', 'field', 'reason', 'message', 'confidence'],
  cycle: ['members', 'fieldIds'],
  warning: ['kind', 'file', 'line', 'message'],
};

function inSchemaOrder(result: AnalysisResult): unknown {
  return ordered(result, 'result', {
    tool: (tool) => ordered(tool, 'tool'),
    project: (project) => ordered(project, 'project'),
    candidates: (candidates) =>
      each(candidates, (candidate) =>
        ordered(candidate, 'candidate', {
          inverse: (inverse) => each(inverse, (item) => ordered(item, 'inverse')),
          evidence: (evidence) => each(evidence, (item) => ordered(item, 'evidence')),
          risks: (risks) => each(risks, (item) => ordered(item, 'risk')),
        }),
      ),
    unlinkBugs: (bugs) => each(bugs, (bug) => ordered(bug, 'unlinkBug', { backPointer: (pointer) => ordered(pointer, 'backPointer') })),
    skipped: (skipped) => each(skipped, (item) => ordered(item, 'skipped')),
    cycles: (cycles) => each(cycles, (cycle) => ordered(cycle, 'cycle')),
    warnings: (warnings) => each(warnings, (warning) => ordered(warning, 'warning')),
  });
}

type Nested = Record<string, (value: unknown) => unknown>;

function ordered(value: unknown, shape: string, nested: Nested = {}): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const source = value as Record<string, unknown>;
  const keys = [...new Set([...KEY_ORDER[shape]!, ...Object.keys(source)])];
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (!(key in source) || source[key] === undefined) continue;
    out[key] = nested[key] ? nested[key](source[key]) : source[key];
  }
  return out;
}

function each(value: unknown, map: (item: unknown) => unknown): unknown {
  return Array.isArray(value) ? value.map(map) : value;
}
