/**
 * The migration plan: a versioned JSON file written by `analyze --plan`, reviewed and edited by
 * hand, then read by `apply`. One entry per candidate (and per unlink bug), sorted stably.
 * A transform receives the entries for its file as `options.entries`.
 */
export const PLAN_SCHEMA_VERSION = 1;

/** One id per transform everywhere: file name, fixture folder, README section, SARIF rule. */
export type TransformId = 'weakref-accessor' | 'inject-dispose' | 'reset-back-pointer';

export type PlanAction = 'weakref' | 'dispose' | 'unlink-fix' | 'skip';

export interface PlanSide {
  file: string;
  class: string;
  field: string;
}

export interface PlanEntry {
  /** Candidate (or unlink bug) id from the analysis. */
  id: string;
  action: PlanAction;
  /** The back-pointer (for `unlink-fix`: the back-pointer the method forgets to reset). */
  file: string;
  class: string;
  field: string;
  /** Type text of the back-pointer as declared, and which empty values it admits. */
  typeText: string;
  nullable: 'undefined' | 'null' | 'both' | 'none';
  /** The owning side(s): fields holding the objects whose back-pointer this is. */
  owners: Array<PlanSide & { container: 'single' | 'array' | 'set' | 'map' | 'record' | 'tuple' | 'generic' }>;
  confidence: number;
  /** One sentence: why this action (copied from the analysis so a reviewer needs no other file). */
  reason: string;
  /** `dispose`: the method name to inject or extend (project convention, or --dispose-method). */
  disposeMethod?: string;
  /**
   * `dispose`: the method of the back-pointer's class that clears it, which the owners'
   * `disposeMethod` calls on what they hold, where it differs (a canvas whose `destroy()` calls
   * `image.dispose()`). Absent: `disposeMethod`.
   */
  backPointerMethod?: string;
  /** `unlink-fix`: the owner's removal method that must reset the back-pointer. */
  method?: string;
  /**
   * `dispose` on a back-pointer typed without `undefined`: true widens its declared type to admit
   * `undefined` (apply tries this first and keeps it when the project still type-checks); false
   * keeps the type and clears it under a "disposed objects must not be used" contract.
   */
  widen?: boolean;
}

export interface MigrationPlan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  tool: { name: string; version: string };
  /** The tsconfig the plan was made from, relative to the plan file's folder. */
  project: { tsconfig: string };
  entries: PlanEntry[];
}
