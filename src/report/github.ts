import { candidateMessage, unlinkBugTitle } from './finding-text.js';
import { applyMinConfidence, displayMessage, displayPath, type Reporter } from './reporter.js';
import { WARNING_CONFIDENCE } from './sarif.js';

/**
 * `--format github`: GitHub Actions workflow commands, so findings show up as annotations on the
 * pull request's diff. Same levels as SARIF: a back-pointer below 0.8 confidence is a notice.
 */
export const github: Reporter = (input, options) => {
  const result = applyMinConfidence(input, options);
  const lines: string[] = [];
  for (const candidate of result.candidates) {
    const level = candidate.confidence >= WARNING_CONFIDENCE ? 'warning' : 'notice';
    lines.push(
      workflowCommand(
        level,
        { file: displayPath(candidate.file, options), line: candidate.line, col: candidate.column, title: 'weakify back-pointer' },
        candidateMessage(candidate),
      ),
    );
  }
  for (const bug of result.unlinkBugs) {
    lines.push(
      workflowCommand(
        'warning',
        { file: displayPath(bug.file, options), line: bug.line, col: bug.column, title: 'weakify unlink-bug' },
        `${unlinkBugTitle(bug)}. ${displayMessage(bug.message, [bug.file, bug.backPointer.file], options)}`,
      ),
    );
  }
  for (const warning of result.warnings) {
    const where = warning.file ? { file: displayPath(warning.file, options), line: warning.line } : {};
    lines.push(workflowCommand('notice', { ...where, title: 'weakify warning' }, displayMessage(warning.message, [warning.file], options)));
  }
  return lines.map((line) => `${line}\n`).join('');
};

type Properties = Record<string, string | number | undefined>;

/** `::warning file=src/a.ts,line=3,col=5,title=...::message`, escaped as the Actions runner expects. */
export function workflowCommand(command: 'error' | 'warning' | 'notice', properties: Properties, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** The runner's `escapeData`: `%` first, so the escapes it writes are not escaped again. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The runner's `escapeProperty`: data escaping plus the `:` and `,` that delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
