import type { API, FileInfo, Options } from 'jscodeshift';
import type { PlanEntry } from '../../src/plan/migration-plan.js';

/**
 * Stand-ins for the real transforms: text edits simple enough that a test can state the exact
 * output, written against the same contract (entries in options, refusals through api.report).
 */
export function markField(tag: string) {
  return (file: FileInfo, api: API, options: Options): string | undefined => {
    let source = file.source;
    for (const entry of options.entries as PlanEntry[]) {
      const declaration = `  ${entry.field}: ${entry.typeText};`;
      if (!source.includes(declaration)) {
        if (file.path.endsWith(`/${entry.file}`)) api.report(`${entry.class}.${entry.field}: declaration not found`);
        continue;
      }
      source = source.replace(declaration, `${declaration} // ${tag}`);
    }
    return source === file.source ? undefined : source;
  };
}

/** Changes the back-pointer's type to `number`: every assignment of an object to it stops type-checking. */
export function breakType(file: FileInfo, _api: API, options: Options): string | undefined {
  let source = file.source;
  for (const entry of options.entries as PlanEntry[]) source = source.replace(`  ${entry.field}: ${entry.typeText};`, `  ${entry.field}: number;`);
  return source === file.source ? undefined : source;
}

export function planEntry(overrides: Partial<PlanEntry> = {}): PlanEntry {
  return {
    id: 'child-parent',
    action: 'weakref',
    file: 'src/child.ts',
    class: 'Child',
    field: 'parent',
    typeText: 'Parent',
    nullable: 'none',
    owners: [{ file: 'src/parent.ts', class: 'Parent', field: 'children', container: 'array' }],
    confidence: 0.9,
    reason: 'Parent.add constructs Child passing `this` (src/parent.ts:7).',
    ...overrides,
  };
}
