import type { PlanAction, PlanEntry } from '../plan/migration-plan.js';
import type { LoadedProject } from '../project/load-project.js';
import { ts } from '../typescript.js';

/**
 * Visit the class declarations a plan names, keyed `file#Class` (file relative to the project),
 * with the value `wanted` holds for each: only the files those keys name are walked, nested
 * classes included.
 */
export function forEachPlannedClass<T>(
  loaded: Pick<LoadedProject, 'program' | 'relative'>,
  wanted: ReadonlyMap<string, T>,
  visit: (node: ts.ClassLikeDeclaration, file: string, className: string, value: T) => void,
): void {
  if (wanted.size === 0) return;
  const files = new Set([...wanted.keys()].map((key) => key.slice(0, key.lastIndexOf('#'))));
  for (const sourceFile of loaded.program.getSourceFiles()) {
    const file = loaded.relative(sourceFile.fileName);
    if (!files.has(file)) continue;
    const walk = (node: ts.Node): void => {
      const className = ts.isClassLike(node) ? node.name?.text : undefined;
      const value = className === undefined ? undefined : wanted.get(`${file}#${className}`);
      if (value !== undefined && ts.isClassLike(node)) visit(node, file, className!, value);
      ts.forEachChild(node, walk);
    };
    walk(sourceFile);
  }
}

/** The fields of the entries with `action`, by their class (`file#Class`). */
export function plannedFields(entries: readonly PlanEntry[], action: PlanAction): Map<string, Set<string>> {
  const wanted = new Map<string, Set<string>>();
  for (const entry of entries) {
    if (entry.action !== action) continue;
    const key = `${entry.file}#${entry.class}`;
    wanted.set(key, (wanted.get(key) ?? new Set()).add(entry.field));
  }
  return wanted;
}
