import type { AnalysisResult, Candidate, UnlinkBug } from '../detect/analysis-result.js';
import { candidateMessage, fixText, memberName, unlinkBugTitle } from './finding-text.js';
import { applyMinConfidence, displayMessage, displayPath, type FileFix, type Reporter, type ReporterOptions } from './reporter.js';

/**
 * `--format sarif`: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers). One rule
 * per finding kind; the rule ids are the same kebab-case words as everywhere else in weakify.
 */
export const sarif: Reporter = (input, options) => {
  const result = applyMinConfidence(input, options);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            version: result.tool.version,
            rules: RULES.map(({ id, name, short, full, level }) => ({
              id,
              name,
              shortDescription: { text: short },
              fullDescription: { text: full },
              defaultConfiguration: { level },
            })),
          },
        },
        // Paths are relative to where weakify was run (the checkout root in CI), as code scanning expects.
        originalUriBaseIds: { [SRCROOT]: { description: { text: 'The folder weakify was run from.' } } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.warnings.map((warning) => ({
              level: 'warning',
              message: { text: displayMessage(warning.message, [warning.file], options) },
              ...(warning.file ? { locations: [location(warning.file, warning.line, undefined, options)] } : {}),
            })),
          },
        ],
        results: [
          ...result.candidates.map((candidate) => candidateResult(candidate, options)),
          ...result.unlinkBugs.map((bug) => unlinkBugResult(bug, result, options)),
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

// No informationUri: the package names no home page yet, and an invented one would mislead.
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
const PARTIAL_FINGERPRINT = 'weakifyId/v1';

/** Confidence from which a back-pointer is a `warning` rather than a `note` in code scanning. */
export const WARNING_CONFIDENCE = 0.8;

const RULES = [
  {
    id: 'back-pointer',
    name: 'BackPointer',
    short: 'A class field strongly references its owner, closing a reference cycle.',
    full:
      'A field points back at the object that owns it while the owner holds it strongly too. The cycle keeps ' +
      'both alive as long as either is reachable; hold the back-pointer in a WeakRef or clear it when the owner is disposed.',
    level: 'warning',
  },
  {
    id: 'unlink-bug',
    name: 'UnlinkBug',
    short: 'A removal method leaves the removed object pointing at its old owner.',
    full:
      'The method takes an object out of its owner\'s collection but does not reset the object\'s back-pointer, ' +
      'so the removed object keeps the owner (and everything it holds) alive.',
    level: 'warning',
  },
] as const;

function candidateResult(candidate: Candidate, options: ReporterOptions) {
  const fixes = sarifFixes(options.fixes?.get(candidate.id) ?? [], candidate, options);
  return {
    ruleId: 'back-pointer',
    ruleIndex: 0,
    level: candidate.confidence >= WARNING_CONFIDENCE ? 'warning' : 'note',
    message: { text: candidateMessage(candidate) },
    locations: [location(candidate.file, candidate.line, candidate.column, options)],
    partialFingerprints: { [PARTIAL_FINGERPRINT]: candidate.id },
    relatedLocations: candidate.inverse.map((inverse, index) => ({
      id: index + 1,
      ...location(inverse.file, inverse.line, undefined, options),
      message: { text: `${inverse.loose === undefined ? 'Owning side' : 'Paired by type only'}: ${memberName(inverse.class, inverse.field)} (${inverse.container}).` },
    })),
    ...(fixes.length ? { fixes } : {}),
    properties: {
      kind: candidate.kind,
      confidence: candidate.confidence,
      strategy: candidate.strategy,
      evidence: candidate.evidence.map((evidence) => displayMessage(evidence.message, [evidence.file], options)),
      risks: candidate.risks.map((risk) => displayMessage(risk.message, [risk.file], options)),
    },
  };
}

function unlinkBugResult(bug: UnlinkBug, result: AnalysisResult, options: ReporterOptions) {
  const { backPointer } = bug;
  // The bug names the back-pointer's file but not its line: take it from the candidate when there is one.
  const field = result.candidates.find(
    (candidate) => candidate.file === backPointer.file && candidate.class === backPointer.class && candidate.field === backPointer.field,
  );
  return {
    ruleId: 'unlink-bug',
    ruleIndex: 1,
    level: 'warning',
    message: { text: `${unlinkBugTitle(bug)}. ${displayMessage(bug.message, [bug.file, backPointer.file], options)}` },
    locations: [location(bug.file, bug.line, bug.column, options)],
    partialFingerprints: { [PARTIAL_FINGERPRINT]: bug.id },
    relatedLocations: [
      {
        id: 1,
        ...location(backPointer.file, field?.line, field?.column, options),
        message: { text: `The back-pointer left set: ${memberName(backPointer.class, backPointer.field)}.` },
      },
    ],
  };
}

function sarifFixes(files: FileFix[], candidate: Candidate, options: ReporterOptions) {
  // SARIF requires at least one replacement per artifact change and one change per fix.
  const artifactChanges = files
    .filter((file) => file.replacements.length > 0)
    .map((file) => ({
      artifactLocation: artifactLocation(file.file, options),
      replacements: file.replacements.map(({ startLine, startColumn, endLine, endColumn, insertedText }) => ({
        deletedRegion: { startLine, startColumn, endLine, endColumn },
        insertedContent: { text: insertedText },
      })),
    }));
  return artifactChanges.length ? [{ description: { text: `${capitalise(fixText(candidate))}.` }, artifactChanges }] : [];
}

function location(file: string, line: number | undefined, column: number | undefined, options: ReporterOptions) {
  const region = line === undefined ? undefined : { startLine: line, ...(column === undefined ? {} : { startColumn: column }) };
  return { physicalLocation: { artifactLocation: artifactLocation(file, options), ...(region ? { region } : {}) } };
}

function artifactLocation(file: string, options: ReporterOptions) {
  return { uri: toUriReference(displayPath(file, options)), uriBaseId: SRCROOT };
}

/** A relative path as a URI reference: each segment percent-encoded (`#`, `%`, spaces), `/` kept. */
export function toUriReference(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
