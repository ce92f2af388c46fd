import path from 'node:path';
import type { Argv } from 'yargs';
import { classEndOfLifeMethods, COVERED_BY_DISPOSE, createPlan, NO_AUTOMATIC_FIX, unlinkFixRefusal } from '../plan/create-plan.js';
import type { MigrationPlan } from '../plan/migration-plan.js';
import { withArticles } from '../detect/evidence-rules.js';
import { ExitCode } from '../weakify-error.js';
import type { CliIo } from './io.js';
import { prefixFromCwd } from './prefix-from-cwd.js';
import { createProgress } from './progress.js';
import { checkConfidence, checkDisposeMethod, STORAGE_OPTION, toAnalyzeOptions, withProjectOptions, type ProjectArgs } from './shared-options.js';
import type { StorageChoice } from '../verify/check-weakref-lib.js';
import { earlyTouchedNote, losesPrivateMember, movedToWeakMaps } from '../verify/lost-private-member.js';
import type { NewDiagnostic } from '../verify/verify-changes.js';

export interface ApplyArgs extends ProjectArgs {
  plan?: string;
  write: boolean;
  allowDirty: boolean;
  verify: boolean;
  autoConfidence: number;
  disposeMethod?: string;
  storage: StorageChoice;
}

// Without a reviewed plan, only apply what the evidence makes near-certain.
export const DEFAULT_AUTO_CONFIDENCE = 0.8;

export function applyCommandOptions<T>(yargs: Argv<T>) {
  return withProjectOptions(yargs)
    .default('project', undefined, "the plan's tsconfig, else tsconfig.json")
    .option('plan', { type: 'string', describe: 'Migration plan from `weakify analyze --plan` (entries with action weakref, dispose, unlink-fix)' })
    .option('write', { type: 'boolean', default: false, describe: 'Write the changes (default: dry run printing a unified diff)' })
    .option('allow-dirty', { type: 'boolean', default: false, describe: 'With --write: allow files with uncommitted changes' })
    .option('verify', { type: 'boolean', default: true, describe: 'Type-check before and after; entries whose change adds type errors are left out (--no-verify skips)' })
    .option('auto-confidence', {
      type: 'number',
      default: DEFAULT_AUTO_CONFIDENCE,
      describe: 'Without --plan: apply candidates at or above this confidence, list the rest for review',
    })
    .option('dispose-method', { type: 'string', describe: "Dispose method name (default: the project's convention)" })
    .option('storage', STORAGE_OPTION);
}

export async function runApply(args: ApplyArgs, io: CliIo, config: Record<string, unknown>): Promise<number> {
  checkConfidence('auto-confidence', args.autoConfidence);
  if (args.disposeMethod !== undefined) checkDisposeMethod(args.disposeMethod);
  const progress = createProgress(io.stderr);
  let plan: MigrationPlan;
  let loaded;
  const needsReview: string[] = [];
  // Unlink bugs no transform can fix (see unlinkFixRefusal), with the reason.
  const byHand: string[] = [];
  // Back-pointers the chosen strategy cannot fix at any confidence (a readonly one under dispose).
  const noFix: string[] = [];
  // Loaded here, not at start-up (see analyze-command).
  const [{ analyzeProject }, { readPlanFile }, { loadProject }] = await Promise.all([
    import('../index.js'),
    import('../plan/read-plan.js'),
    import('../project/load-project.js'),
  ]);
  try {
    if (args.plan) {
      const planFile = path.resolve(io.cwd, args.plan);
      plan = readPlanFile(planFile);
      const project = args.project ?? path.resolve(path.dirname(planFile), plan.project.tsconfig);
      const options = toAnalyzeOptions({ ...args, project }, io, config.compilerOptions);
      progress.onProgress({ stage: 'load' });
      loaded = loadProject(options);
    } else {
      const options = toAnalyzeOptions({ ...args, project: args.project ?? 'tsconfig.json' }, io, config.compilerOptions);
      const session = await analyzeProject({ ...options, onProgress: progress.onProgress });
      loaded = session.loaded;
      plan = createPlan(session.result, {
        tsconfig: loaded.relative(loaded.tsconfigPath),
        strategy: args.strategy === 'auto' ? undefined : args.strategy,
        disposeMethod: args.disposeMethod,
        disposeConventions: session.graph.disposeConventions,
        classDisposeMethods: classEndOfLifeMethods(session.graph),
        reviewBelow: args.autoConfidence,
      });
      const prefix = prefixFromCwd(io.cwd, loaded.rootDir);
      for (const entry of plan.entries) {
        if (entry.action !== 'skip') continue;
        // Nothing to review or do by hand: the dispose fix of the same back-pointer, applied here, resets it.
        if (entry.reason.startsWith(COVERED_BY_DISPOSE)) continue;
        if (entry.method === undefined) {
          // Skipped by create-plan for a risk no reviewer can wave through (see candidateEntry), not for its confidence.
          const candidate = session.result.candidates.find((c) => c.id === entry.id);
          const blocked = entry.action === 'skip' && entry.reason.startsWith(NO_AUTOMATIC_FIX) ? candidate?.risks.find((risk) => risk.kind === 'readonly-reset') : undefined;
          if (blocked) noFix.push(`${prefix}${entry.file}: ${blocked.message}`);
          else needsReview.push(`${prefix}${entry.file}: ${entry.class}.${entry.field} (confidence ${entry.confidence})`);
          continue;
        }
        const bug = session.result.unlinkBugs.find((found) => found.id === entry.id);
        const weakened = plan.entries.some((other) => other.action === 'weakref' && other.file === entry.file && other.class === entry.class && other.field === entry.field);
        const refusal = bug && unlinkFixRefusal(bug, weakened);
        // With the weakref fix of the same field in the plan, there is nothing left to do by hand.
        if (bug && refusal && weakened) continue;
        if (bug && refusal) {
          byHand.push(`${prefix}${bug.file}:${bug.line}: ${bug.class}.${bug.method} leaves ${bug.backPointer.class}.${entry.field} set: ${refusal}`);
          continue;
        }
        // An unlink fix is held back by its back-pointer's confidence (its own is 1: the bug is a
        // fact), and one back-pointer can have several: each is named by the removal that needs it.
        const candidate = session.result.candidates.find((c) => c.file === entry.file && c.class === entry.class && c.field === entry.field);
        const owner = entry.owners[0]!;
        needsReview.push(
          `${prefix}${owner.file}: unlink fix for ${owner.class}.${entry.method}, which leaves ${entry.class}.${entry.field} set (the back-pointer's confidence ${candidate?.confidence ?? entry.confidence})`,
        );
      }
    }
  } finally {
    progress.done();
  }

  if (args.strategy !== 'auto' && args.plan) {
    plan = {
      ...plan,
      entries: plan.entries.map((entry) =>
        entry.action === 'weakref' || entry.action === 'dispose' ? { ...entry, action: args.strategy as 'weakref' | 'dispose' } : entry,
      ),
    };
  }

  // Loaded on demand: jscodeshift, babel and prettier cost every other command their start-up time.
  const { applyPlan } = await import('../apply/apply-plan.js');
  const result = await applyPlan({
    plan,
    loaded,
    write: args.write,
    verify: args.verify,
    allowDirty: args.allowDirty,
    storage: args.storage,
    // One entry whose change does not type-check should not cost the other forty-nine.
    dropFailing: true,
  });

  if (!args.write) io.stdout.write(result.diff);
  const out = io.stderr;
  // Paths in results are relative to the tsconfig folder; shown from where the user stands, as analyze shows them.
  const prefix = prefixFromCwd(io.cwd, loaded.rootDir);
  for (const skipped of result.skipped) out.write(`weakify: skipped ${prefix}${skipped.file} (${skipped.entryId}): ${skipped.reason}\n`);
  if (byHand.length > 0) {
    out.write(`weakify: ${byHand.length} unlink bug(s) without an automatic fix, to fix by hand:\n`);
    for (const line of byHand) out.write(`  ${line}\n`);
  }
  if (noFix.length > 0) {
    out.write(`weakify: ${noFix.length} back-pointer(s) without an automatic fix by this strategy, left as they are:\n`);
    for (const line of noFix) out.write(`  ${line}\n`);
  }
  if (needsReview.length > 0) {
    out.write(`weakify: ${needsReview.length} change(s) below --auto-confidence ${args.autoConfidence} need review (write a plan with \`weakify analyze --plan\`):\n`);
    for (const line of needsReview) out.write(`  ${line}\n`);
  }
  // A diagnostic's line is one of the changed text, which a file the change touches does not have
  // on disk yet: said so, beside the line itself.
  const changedFiles = new Set(result.changes.files.map((change) => change.file));
  const writeDiagnostic = (d: NewDiagnostic, indent: string) => {
    const after = changedFiles.has(d.file) ? ' (line of the changed file)' : '';
    out.write(`${indent}${prefix}${d.file}:${d.line}:${d.column}${after} - error TS${d.code}: ${d.message}\n`);
    if (d.sourceLine) out.write(`${indent}    ${d.sourceLine.trim()}\n`);
  };
  // `Readonly<Child>` (sprotty) or an object literal where a Child is expected: neither has `#`
  // members, so the class with `#parent` storage no longer accepts it; nor does another class of
  // the same shape, whose `#parent` is another member (happy-dom). WeakMap storage adds none.
  const privateMemberLost = (diagnostics: readonly NewDiagnostic[]) => args.storage !== 'weakmap' && diagnostics.some(losesPrivateMember);
  const storageHint =
    "weakify: an object literal, a mapped type such as Readonly<T> or another class of the same shape lacks a class's `#` members; `--storage weakmap` keeps the storage outside the class and avoids these errors.\n";
  if (result.verify && !result.verify.ok) {
    out.write(`weakify: verification failed: the change adds ${result.verify.newDiagnostics.length} type error(s); nothing was written.\n`);
    for (const d of result.verify.newDiagnostics) writeDiagnostic(d, '');
    if (privateMemberLost(result.verify.newDiagnostics)) out.write(storageHint);
    return ExitCode.Findings;
  }
  if (result.dropped.length > 0) {
    const planned = plan.entries.filter((entry) => entry.action !== 'skip').length;
    const one = result.dropped.length === 1;
    out.write(
      `weakify: ${result.dropped.length} of ${planned} entries left out because ${one ? 'its change adds' : 'their changes add'} type errors (listed below); the rest verified without ${one ? 'it' : 'them'}.\n`,
    );
    for (const dropped of result.dropped) {
      out.write(`  ${prefix}${dropped.file}: ${dropped.field} (${dropped.action}, entry ${dropped.entryId})\n`);
      for (const d of dropped.diagnostics) writeDiagnostic(d, '    ');
    }
    if (privateMemberLost(result.dropped.flatMap((dropped) => dropped.diagnostics))) out.write(storageHint);
  }
  // An unlink fix left to a dispose fix that was not applied after all (dropped by verification, or
  // refused by its transform): said, so that nothing is lost without a word.
  const notApplied = new Set([...result.dropped.map((dropped) => dropped.entryId), ...result.skipped.map((skipped) => skipped.entryId)]);
  for (const entry of plan.entries) {
    if (entry.action !== 'skip' || !entry.reason.startsWith(COVERED_BY_DISPOSE)) continue;
    const coveredBy = /\(entry ([^)]+)\)/.exec(entry.reason)?.[1];
    if (coveredBy === undefined || !notApplied.has(coveredBy)) continue;
    out.write(
      `weakify: note: ${prefix}${entry.owners[0]?.file ?? entry.file}: ${entry.owners[0]?.class ?? entry.class}.${entry.method} still leaves ${entry.class}.${entry.field} set: its unlink fix (${entry.id}) was left to the dispose fix ${coveredBy}, which was not applied; set ${entry.id} to "unlink-fix" in a plan, or fix it by hand.\n`,
    );
  }
  if (result.weakmapClasses.length > 0) out.write(`weakify: ${movedToWeakMaps(result.weakmapClasses, (file) => `${prefix}${file}`)}\n`);
  for (const early of result.earlyTouched) {
    if (!result.changes.files.some((change) => change.file === early.file)) continue;
    out.write(`weakify: ${earlyTouchedNote(early, (file) => `${prefix}${file}`)}\n`);
  }
  for (const field of result.widened) {
    out.write(`weakify: ${field} is now typed to admit undefined, so dispose can clear it honestly (every use still type-checks).\n`);
  }
  for (const id of result.changes.inPlace ?? []) {
    const entry = plan.entries.find((candidate) => candidate.id === id);
    if (!entry) continue;
    out.write(
      `weakify: note: ${prefix}${entry.file}: ${entry.class}.${entry.field} (${id}): nothing to add, its dispose methods already hold this fix as written; if analyze still reports it, that code does not run every time (a condition or an early return before it, a loop that may stop early), or the objects link to others of their kind that the owner may not hold (its risk linked-past-owners says so): finish it by hand.\n`,
    );
  }
  for (const skip of result.skippedDispose) {
    out.write(
      `weakify: note: ${prefix}${skip.file}:${skip.line}: ${skip.class}.${skip.method}() replaces ${skip.base.class}.${skip.method}() without calling super.${skip.method}(), so what this change adds there does not run for ${skip.class} objects; call it there if they should break their cycles too.\n`,
    );
  }
  for (const uncalled of result.uncalledDispose) {
    const what = `${uncalled.class}.${uncalled.method}()${uncalled.added ? ', which this change adds' : ''}`;
    out.write(
      withArticles(`weakify: note: ${prefix}${uncalled.file}:${uncalled.line}: nothing in the project calls ${what}, so the cycles it breaks stay until code that ends a ${uncalled.class}'s life calls it (a library's users may).\n`),
    );
  }
  const changed = result.changes.files.length;
  const verified = !result.verify
    ? 'not verified (--no-verify)'
    : changed === 0
      ? 'nothing to verify'
      : `verified: no new type errors in the ${result.verify.checkedFiles ?? 0} file(s) the change can affect`;
  if (args.write) out.write(`weakify: wrote ${result.written.length} file(s); ${verified}.\n`);
  // With nothing to write, --write would do nothing either: no advice to run it.
  else out.write(`weakify: dry run: ${changed} file(s) would change; ${verified}.${changed === 0 ? '' : ' Run again with --write to apply.'}\n`);
  // Not all of the plan was carried out: CI should not read that as done. (A transform's refusal
  // is an answer about its entry, given with the reason; a file that could not be used is none.)
  const unusable = new Set(result.skipped.filter((skipped) => skipped.unusableFile).map((skipped) => skipped.file));
  if (unusable.size > 0) out.write(`weakify: ${unusable.size} file(s) of the plan could not be used (see above): their entries were not applied.\n`);
  return result.dropped.length > 0 || unusable.size > 0 ? ExitCode.Findings : ExitCode.Ok;
}
