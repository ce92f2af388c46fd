import type { LoadedProject } from '../project/load-project.js';
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
