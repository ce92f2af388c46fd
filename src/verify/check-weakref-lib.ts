import type { LoadedProject } from '../project/load-project.js';
import { ts } from 'ts-morph';
import { WeakifyError } from '../weakify-error.js';
import { hasGlobal } from './has-global.js';

/**
 * Throw NO_WEAKREF_LIB when the project cannot use `WeakRef`: its lib predates ES2021 and no
 * ambient declaration provides it. Checked before anything is transformed, since every
 * weakref-accessor change would fail to type-check.
 */
export function checkWeakRefLib(loaded: Pick<LoadedProject, 'program'>): void {
  if (hasGlobal(loaded.program, 'WeakRef')) return;
  throw new WeakifyError('NO_WEAKREF_LIB', "the project's lib does not include WeakRef (ES2021)", {
    hint: 'add "ES2021.WeakRef" or "ES2021" to compilerOptions.lib',
  });
}

/**
 * Throw TARGET_TOO_OLD when the project compiles to a target below ES2015: both transforms store
 * state in ES private fields (`#parent`, `#disposed`), which TypeScript refuses there (TS18028).
 */
export function checkPrivateFieldsTarget(loaded: Pick<LoadedProject, 'program'>): void {
  const target = loaded.program.getCompilerOptions().target;
  if (target === undefined || target >= ts.ScriptTarget.ES2015) return;
  throw new WeakifyError('TARGET_TOO_OLD', `the project compiles to ${ts.ScriptTarget[target]}, and the fixes need ES private fields (ES2015 or later)`, {
    hint: 'Raise compilerOptions.target to ES2015 or later (WeakRef itself needs an ES2021 runtime).',
  });
}
