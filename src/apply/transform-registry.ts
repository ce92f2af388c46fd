import { existsSync } from 'node:fs';
import type { API, FileInfo, Options } from 'jscodeshift';
import type { PlanAction, TransformId } from '../plan/migration-plan.js';

/** A standard jscodeshift transform: the new source, or undefined (or the same text) when it has nothing to do. */
export type TransformFunction = (file: FileInfo, api: API, options: Options) => string | undefined | null | void;

export interface TransformModule {
  default: TransformFunction;
  /** jscodeshift's convention; `apply` picks `ts`/`tsx` from the file name instead, see plan-changes. */
  parser?: string;
}

/** Transforms by id; tests inject fakes, `apply` loads the real modules. */
export type TransformSet = Partial<Record<TransformId, TransformFunction | TransformModule>>;

const TRANSFORM_BY_ACTION: Record<Exclude<PlanAction, 'skip'>, TransformId> = {
  weakref: 'weakref-accessor',
  dispose: 'inject-dispose',
  'unlink-fix': 'reset-back-pointer',
};

/** The transform that carries out a plan action; `skip` has none. */
export function transformIdForAction(action: PlanAction): TransformId | undefined {
  return action === 'skip' ? undefined : TRANSFORM_BY_ACTION[action];
}

export function actionForTransform(id: TransformId): PlanAction {
  const found = (Object.keys(TRANSFORM_BY_ACTION) as Array<keyof typeof TRANSFORM_BY_ACTION>).find(
    (action) => TRANSFORM_BY_ACTION[action] === id,
  );
  if (!found) throw new Error(`weakify: no plan action for transform ${id}`);
  return found;
}

/**
 * Resolve a transform: an injected one first, else `transforms/<id>` next to this package.
 * The same relative URL works from src/apply (vitest, where only the .ts exists) and from
 * dist/src/apply (the built CLI, where the .js exists), so try the .js, then the .ts.
 */
export async function loadTransform(id: TransformId, injected: TransformSet = {}): Promise<TransformFunction> {
  const given = injected[id];
  if (given) return typeof given === 'function' ? given : given.default;
  const candidates = ['js', 'ts'].map((ext) => new URL(`../../transforms/${id}.${ext}`, import.meta.url));
  const url = candidates.find((candidate) => existsSync(candidate));
  // A missing transform in an installed weakify is a packaging bug, not a user error: keep it loud.
  if (!url) throw new Error(`weakify: transform ${id} not found (looked for ${candidates.map((c) => c.pathname).join(', ')})`);
  const module = (await import(url.href)) as Partial<TransformModule>;
  if (typeof module.default !== 'function') throw new Error(`weakify: transform ${id} has no default export function`);
  return module.default;
}
