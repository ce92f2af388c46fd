import type { Candidate } from '../detect/analysis-result.js';
import { buildCycleGraph } from './cycle-graph.js';
import { fixText, memberName, plural, sideLead, skippedReasonCounts, summaryLine, unlinkBugTitle } from './finding-text.js';
import { renderMermaid } from './mermaid.js';
import { applyMinConfidence, displayMessage, displayPath, formatConfidence, type Reporter, type ReporterOptions } from './reporter.js';
import { cycleHeading, groupByCycle, otherCycles } from './text.js';

/**
 * `--format markdown`: a report for a pull-request comment or a wiki page. A summary table, then
 * per cycle a Mermaid diagram and each back-pointer's evidence and risks, then unlink bugs,
 * warnings and the skipped fields folded in a <details> block.
 */
export const markdown: Reporter = (input, options) => {
  const result = applyMinConfidence(input, options);
  const path = (file: string, line?: number, column?: number) =>
    code([displayPath(file, options), line, column].filter((part) => part !== undefined).join(':'));
  const out: string[] = ['# weakify analysis', '', escapeText(summaryLine(result)), ''];

  if (result.candidates.length) {
    out.push('| Field | Location | Kind | Confidence | Strategy | Fix |', '| --- | --- | --- | --- | --- | --- |');
    for (const candidate of result.candidates) {
      out.push(
        tableRow([
          code(memberName(candidate.class, candidate.field)),
          path(candidate.file, candidate.line, candidate.column),
          candidate.kind,
          formatConfidence(candidate.confidence),
          candidate.strategy,
          escapeText(fixText(candidate)),
        ]),
      );
    }
    out.push('');
  }

  const groups = groupByCycle(result);
  const headed = new Set(groups.map((group) => group.cycle));
  for (const group of groups) {
    if (group.cycle === undefined) {
      out.push('## Back-pointers outside any reported cycle', '');
    } else {
      const [title, members] = splitHeading(cycleHeading(result, group.cycle));
      out.push(`## ${title}: ${members.split(' -> ').map(code).join(' → ')}`, '');
      out.push('```mermaid', renderMermaid(buildCycleGraph(result, [group.cycle])).trimEnd(), '```', '');
    }
    for (const candidate of group.candidates) {
      const others = otherCycles(result, candidate, group.cycle, headed, (members) => members.map(code).join(' → '));
      out.push(...candidateSection(candidate, others, options, path));
    }
  }

  if (result.unlinkBugs.length) {
    out.push('## Unlink bugs', '');
    for (const bug of result.unlinkBugs) {
      out.push(`- ${path(bug.file, bug.line, bug.column)} **${escapeText(unlinkBugTitle(bug))}.** ${escapeText(displayMessage(bug.message, [bug.file, bug.backPointer.file], options))}`);
    }
    out.push('');
  }

  if (result.warnings.length) {
    out.push('## Warnings', '');
    for (const warning of result.warnings) {
      out.push(`- ${warning.file ? `${path(warning.file, warning.line)} ` : ''}${escapeText(displayMessage(warning.message, [warning.file], options))}`);
    }
    out.push('');
  }

  if (result.skipped.length) {
    // A blank line after <summary> lets GitHub render the markdown table inside the HTML block.
    out.push(
      '<details>',
      `<summary>${plural(result.skipped.length, 'skipped field')} (${skippedReasonCounts(result)})</summary>`,
      '',
      '| Field | Location | Reason | Why |',
      '| --- | --- | --- | --- |',
    );
    for (const skipped of result.skipped) {
      out.push(tableRow([code(memberName(skipped.class, skipped.field)), path(skipped.file, skipped.line), skipped.reason, escapeText(displayMessage(skipped.message, [skipped.file, ...(skipped.places ?? []).map((place) => place.file)], options))]));
    }
    out.push('', '</details>', '');
  }

  return `${out.join('\n').trimEnd()}\n`;
};

function candidateSection(
  candidate: Candidate,
  /** The other cycles it breaks (otherCycles), if any. */
  others: string | undefined,
  options: ReporterOptions,
  path: (file: string, line?: number, column?: number) => string,
): string[] {
  const lines = [
    `### ${code(memberName(candidate.class, candidate.field))} → ${candidate.target.map(code).join(' | ')}`,
    '',
    `${path(candidate.file, candidate.line, candidate.column)} · ${candidate.kind} · confidence ${formatConfidence(candidate.confidence)} · strategy ${candidate.strategy}`,
    '',
  ];
  for (const inverse of candidate.inverse) {
    const lead = sideLead(inverse);
    lines.push(`${lead[0]!.toUpperCase()}${lead.slice(1)} ${code(memberName(inverse.class, inverse.field))} (${inverse.container}, ${path(inverse.file, inverse.line)}).`);
  }
  if (others) lines.push(`Also breaks ${others}.`);
  if (candidate.inverse.length || others) lines.push('');
  if (candidate.evidence.length) {
    lines.push('**Evidence**', '', ...candidate.evidence.map((evidence) => `- ${escapeText(displayMessage(evidence.message, [evidence.file], options))}`), '');
  }
  if (candidate.risks.length) {
    lines.push('**Risks**', '', ...candidate.risks.map((risk) => `- ${escapeText(displayMessage(risk.message, [risk.file], options))}`), '');
  }
  lines.push(`**Fix:** ${escapeText(fixText(candidate))}.`, '');
  return lines;
}

/** `Cycle 1: A.b -> B.a` into its title and its members. */
function splitHeading(heading: string): [string, string] {
  const colon = heading.indexOf(': ');
  return [heading.slice(0, colon), heading.slice(colon + 2)];
}

/**
 * A code span that survives any content: the fence is one backtick longer than the longest run
 * inside, padded when the content starts or ends with a backtick.
 */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Prose from the analysis (which quotes code in backticks) made safe for GitHub markdown: outside
 * code spans, characters that would start emphasis, links, HTML tags (`<T>` would vanish), math
 * (`$`) or a user mention (`@Decorator`) are backslash-escaped. Newlines become spaces.
 */
export function escapeText(text: string): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/[\\*_[\]<>$@~]/g, '\\$&')))
    .join('')
    .replace(/\r?\n|\r/g, ' ');
}

/**
 * A GFM table row. Every `|` in a cell is escaped, code spans included: the table splits cells
 * before it parses code spans, and removes the backslash again inside them.
 */
export function tableRow(cells: string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
}
