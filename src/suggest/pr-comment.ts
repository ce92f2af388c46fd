import path from 'node:path';
import type { Candidate } from '../detect/analysis-result.js';
import { buildCycleGraph } from '../report/cycle-graph.js';
import { cyclesWithCandidates, fixText, memberName, plural, unlinkBugTitle } from '../report/finding-text.js';
import { renderMermaid } from '../report/mermaid.js';
import { displayMessage, formatConfidence } from '../report/reporter.js';
import { fenceFor } from './github-review.js';
import type { SuggestResult } from './suggest.js';
import { earlyTouchedNote, movedToWeakMaps } from '../verify/lost-private-member.js';

/** Hidden first line: how `--post` finds its own earlier comment and updates it. */
export const PR_COMMENT_MARKER = '<!-- weakify:pr-comment -->';

// GitHub rejects comments over 65,536 characters; leave room for the rest of the comment.
const MAX_PATCH_CHARS = 50_000;

export interface PrCommentOptions {
  /** Override the patch size above which the diff is left out of the comment. */
  maxPatchChars?: number;
}

/**
 * `--format markdown`: the pull-request comment. A summary table, a Mermaid picture and the
 * evidence per cycle, the proposed patch folded away, and the command that applies it.
 * With nothing to report it still says so, so that an updated comment does not keep showing
 * findings a later push fixed.
 */
export function prComment(s: SuggestResult, options: PrCommentOptions = {}): string {
  const { candidates, unlinkBugs } = s.result;
  const out: string[] = [PR_COMMENT_MARKER];
  const repoPath = (file: string) => path.posix.join(s.projectDir, file);
  // Messages name files relative to the tsconfig folder; the comment speaks of repository paths.
  const inRepo = (message: string, files: Array<string | undefined>) => displayMessage(message, files, { pathPrefix: s.projectDir || undefined });

  if (candidates.length === 0 && unlinkBugs.length === 0) {
    out.push('### weakify: no new strong back-pointers', '');
    out.push(
      s.analysed
        ? `This change introduces or touches no back-pointer cycles (${plural(s.result.project.files, 'file')} analysed at ${headName(s)}).`
        : 'This change does not touch the TypeScript project, so there was nothing to analyse.',
    );
    return `${out.join('\n')}\n`;
  }

  const counts = [
    candidates.length ? plural(candidates.length, 'strong back-pointer') : '',
    unlinkBugs.length ? plural(unlinkBugs.length, 'unlink bug') : '',
  ].filter(Boolean);
  out.push(`### weakify: ${counts.join(' and ')} in this change`, '');

  if (candidates.length > 0) {
    out.push(
      'Each of these fields points back at an object that also holds it strongly, so neither can be garbage-collected while the other is reachable.',
      '',
      '| Back-pointer | Held by | Kind | Confidence | Proposed fix | Changed here |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const candidate of candidates) {
      const owners = candidate.inverse.map((side) => `\`${memberName(side.class, side.field)}\` (${side.container}${side.loose === undefined ? '' : ', by type only'})`).join(', ') || '-';
      out.push(
        `| \`${memberName(candidate.class, candidate.field)}\` at \`${repoPath(candidate.file)}:${candidate.line}\` | ${owners} | ${candidate.kind} | ` +
          `${formatConfidence(candidate.confidence)} | ${cell(proposedFix(s, candidate))} | ${touchedText(s, candidate)} |`,
      );
    }
    out.push('');
  }

  for (const index of cyclesWithCandidates(candidates)) {
    const cycle = s.result.cycles[index];
    if (!cycle) continue;
    out.push(`#### Cycle: ${cycle.members.join(' → ')}`, '', '```mermaid', renderMermaid(buildCycleGraph(s.result, [index])).trimEnd(), '```', '');
    for (const candidate of candidates.filter((c) => c.cycles.includes(index))) {
      out.push(`Evidence for \`${memberName(candidate.class, candidate.field)}\`:`, '');
      const files = [candidate.file, ...candidate.inverse.map((side) => side.file)];
      for (const evidence of candidate.evidence) out.push(`- ${inRepo(evidence.message, [evidence.file, ...files])}`);
      for (const risk of candidate.risks) out.push(`- Risk (${risk.kind}): ${inRepo(risk.message, [risk.file, ...files])}`);
      out.push('');
    }
  }

  if (unlinkBugs.length > 0) {
    out.push('#### Unlink bugs', '');
    for (const bug of unlinkBugs) {
      out.push(`- \`${repoPath(bug.file)}:${bug.line}\`: ${unlinkBugTitle(bug)}. ${inRepo(bug.message, [bug.file, bug.backPointer.file])}`);
    }
    out.push('');
  }

  out.push(...patchSection(s, options.maxPatchChars ?? MAX_PATCH_CHARS));
  return `${out.join('\n')}\n`;
}

/** The classes whose weak fields the patch keeps in WeakMaps rather than `#` fields, and why. */
function storageNote(s: SuggestResult): string[] {
  const shown = (file: string) => `\`${path.posix.join(s.projectDir, file)}\``;
  const notes = s.earlyTouched.map((early) => earlyTouchedNote(early, shown));
  if (s.weakmapClasses.length > 0) notes.unshift(movedToWeakMaps(s.weakmapClasses, shown));
  return notes.flatMap((note) => [note, '']);
}

/** Findings whose fix was left out of the patch because it does not type-check, with the first error. */
function droppedSection(s: SuggestResult): string[] {
  if (s.dropped.length === 0) return [];
  const out = ['These findings were left out of the patch because their fix does not type-check; fix them by hand or mark them `// weakify-ignore`:', ''];
  for (const dropped of s.dropped) {
    const first = dropped.diagnostics[0];
    const error = first ? `: \`${repoPath(s, first.file)}:${first.line}\`: TS${first.code}: ${first.message}` : '';
    out.push(`- \`${dropped.field}\` (${dropped.action})${error}`);
  }
  out.push('');
  return out;
}

function patchSection(s: SuggestResult, maxChars: number): string[] {
  if (s.patch === '') {
    const reasons = s.changes.skipped.map((skip) => `- ${skip.reason}`);
    const none = ['weakify has no automatic fix for these findings.', ...(reasons.length ? ['', ...reasons] : [])];
    return s.dropped.length > 0 ? [...droppedSection(s), ...none] : none;
  }
  const files = plural(s.changes.files.length, 'file');
  const status =
    s.verify === undefined ? '' : s.verify.ok ? ', type-checks clean' : `, introduces ${plural(s.verify.newDiagnostics.length, 'type error')}`;
  const out = [`<details><summary>Proposed patch (${files}${status})</summary>`, ''];
  if (s.patch.length > maxChars) {
    out.push(`The patch is too large to show here (${s.patch.split('\n').length - 1} lines); the command below produces it.`);
  } else {
    const fence = fenceFor(s.patch);
    out.push(`${fence}diff`, s.patch.trimEnd(), fence);
  }
  out.push('', '</details>', '');
  out.push(...storageNote(s));
  out.push(...droppedSection(s));
  if (s.verify && !s.verify.ok) {
    out.push('The patch does not type-check yet; review these before applying it:', '');
    for (const diagnostic of s.verify.newDiagnostics.slice(0, 10)) {
      out.push(`- \`${repoPath(s, diagnostic.file)}:${diagnostic.line}\`: TS${diagnostic.code}: ${diagnostic.message}`);
    }
    out.push('');
  }
  // `git apply` of a regenerated patch: one command, no file to download, and it re-derives
  // exactly this patch from the branch (a plan file would have to be fetched from the CI run).
  out.push('Apply it on your checkout of this branch:', '', '```sh', applyCommand(s), '```');
  return out;
}

/** The command that regenerates this patch on the branch and applies it. */
export function applyCommand(s: SuggestResult): string {
  const args = ['npx', 'weakify', 'suggest', '--base', s.base.ref];
  if (s.plan.project.tsconfig !== 'tsconfig.json') args.push('-p', s.plan.project.tsconfig);
  args.push('--format', 'patch');
  return `${args.map(shellQuote).join(' ')} | git apply`;
}

/** The fix column: the cure, or why it is not in the patch (see droppedSection). */
function proposedFix(s: SuggestResult, candidate: Candidate): string {
  const left = s.dropped.some((dropped) => dropped.entryId === candidate.id);
  return left ? `${fixText(candidate)} (left out of the patch: it does not type-check)` : fixText(candidate);
}

function touchedText(s: SuggestResult, candidate: Candidate): string {
  const sides = s.touched.get(candidate.id) ?? [];
  if (sides.length === 0) return 'no';
  return sides.map((side) => (side === 'back-pointer' ? 'back-pointer' : 'owning side')).join(', ');
}

function headName(s: SuggestResult): string {
  return s.head.sha ? `\`${s.head.sha.slice(0, 12)}\`` : 'the working tree';
}

/** A path of the project as the repository sees it; `(program)` for a diagnostic about no file. */
export function repoPath(s: SuggestResult, file: string): string {
  return file ? path.posix.join(s.projectDir, file) : '(program)';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
