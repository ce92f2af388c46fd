/** The migration plan stage (`weakify/plan`): create, read and write plan files. Never prints. */
export { createPlan, pickDisposeMethod, REVIEW_BELOW, type CreatePlanOptions } from './create-plan.js';
export { parsePlan, readPlanFile, serializePlan } from './read-plan.js';
export { PLAN_SCHEMA_VERSION, type MigrationPlan, type PlanEntry, type PlanAction, type TransformId } from './migration-plan.js';
