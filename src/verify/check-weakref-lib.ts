import type { LoadedProject } from '../project/load-project.js';
import { ts } from '../typescript.js';
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

/** Where the transforms keep their state: ES `#` fields, or module-level WeakMap/WeakSet (see transforms/). */
export type Storage = 'private' | 'weakmap';
export type StorageChoice = Storage | 'auto';

/**
 * The storage for this project. `auto`: `#` fields, unless the target predates them (below
 * ES2015, TS18028), then module-level WeakMaps, which is what TypeScript compiles `#` fields to
 * anyway. `private` asked for on such a target is refused (TARGET_TOO_OLD) rather than left to
 * fail verification file by file.
 */
export function chooseStorage(loaded: Pick<LoadedProject, 'program'>, requested: StorageChoice = 'auto'): Storage {
  const target = loaded.program.getCompilerOptions().target;
  const old = target !== undefined && target < ts.ScriptTarget.ES2015;
  if (requested === 'weakmap' || (requested === 'auto' && old)) {
    // Every migrated file would fail to type-check on `new WeakMap`/`new WeakSet` (TS2583).
    if (!hasGlobal(loaded.program, 'WeakMap') || !hasGlobal(loaded.program, 'WeakSet')) {
      throw new WeakifyError('NO_WEAKREF_LIB', "the project's lib has no WeakMap/WeakSet (ES2015), which WeakMap storage needs", {
        hint: 'Add "ES2015" (or later, e.g. "ES2021") to compilerOptions.lib.',
      });
    }
    return 'weakmap';
  }
  if (!old) return 'private';
  throw new WeakifyError('TARGET_TOO_OLD', `the project compiles to ${ts.ScriptTarget[target!]}, and --storage private needs ES private fields (ES2015 or later)`, {
    hint: 'Use --storage weakmap (or auto), or raise compilerOptions.target to ES2015 or later.',
  });
}
