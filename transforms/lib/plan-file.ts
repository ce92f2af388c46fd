/**
 * The migration plan a transform reads when the jscodeshift CLI runs it with `--plan plan.json`
 * (`weakify apply` hands the entries over itself, already validated). Shared by the three
 * transforms so that each refuses a plan of another schema version the same way, and reads a
 * plan once per worker process, not once per file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

// PLAN_SCHEMA_VERSION of src/plan/migration-plan.ts: transforms import nothing from src/, since
// they also run from the jscodeshift CLI on their own.
const PLAN_SCHEMA_VERSION = 1;

export interface PlanFile<Entry> {
  entries: Entry[];
  /** Whether a path of the plan (relative to the tsconfig's folder) names `filePath`. */
  names(relative: string, filePath: string): boolean;
}

const plans = new Map<string, PlanFile<unknown>>();

/** The plan at `planPath`; `transform` (the transform's id) names the reader in errors. */
export function readPlanFile<Entry>(planPath: string, transform: string): PlanFile<Entry> {
  const absolutePlan = path.resolve(planPath);
  const known = plans.get(absolutePlan);
  if (known) return known as PlanFile<Entry>;
  let plan: { schemaVersion?: unknown; project?: { tsconfig?: string }; entries?: Entry[] } | null;
  try {
    plan = JSON.parse(readFileSync(absolutePlan, 'utf8'));
  } catch (error) {
    throw new Error(`${transform}: cannot read the plan ${planPath}: ${(error as Error).message}; write one with weakify analyze --plan`);
  }
  if (typeof plan !== 'object' || plan === null || (plan.entries !== undefined && !Array.isArray(plan.entries))) {
    throw new Error(`${transform}: ${planPath} is no migration plan (an object with an "entries" list); write one with weakify analyze --plan`);
  }
  if (plan.schemaVersion !== PLAN_SCHEMA_VERSION) {
    throw new Error(
      `${transform}: ${planPath} has plan schema version ${String(plan.schemaVersion)}, this transform reads version ${PLAN_SCHEMA_VERSION}; re-run weakify analyze --plan`,
    );
  }
  // Plan paths are relative to the tsconfig's folder, which is given relative to the plan's folder.
  const projectDir = path.dirname(path.resolve(path.dirname(absolutePlan), plan.project?.tsconfig ?? 'tsconfig.json'));
  const read: PlanFile<Entry> = {
    entries: plan.entries ?? [],
    names: (relative, filePath) => path.resolve(projectDir, relative) === path.resolve(filePath),
  };
  plans.set(absolutePlan, read);
  return read;
}
