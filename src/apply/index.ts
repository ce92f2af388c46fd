/**
 * The apply stage (`weakify/apply`): run a plan's transforms, format, verify, write all or none.
 * A separate entry point so that analysis alone never loads jscodeshift and prettier.
 */
export { applyPlan, type ApplyPlanOptions, type ApplyResult, type DroppedEntry } from './apply-plan.js';
export type { ChangeSet, FileChange, SkippedEntry } from './change-set.js';
export { unifiedDiff } from './unified-diff.js';
export { verifyChanges, type VerifyResult, type NewDiagnostic } from '../verify/verify-changes.js';
