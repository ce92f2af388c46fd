/**
 * Precision and recall of the analysis against the reviewed verdicts in verdicts.json.
 * A verdict is `back-pointer` (weakify should report it) or `not-back-pointer` (it should not);
 * reported candidates without a verdict are listed as unreviewed, never counted either way.
 */
import { readFileSync } from 'node:fs';

const verdicts = JSON.parse(readFileSync(new URL('./verdicts.json', import.meta.url), 'utf8'));

export function verdictsFor(projectName) {
  return verdicts.filter((v) => v.project === projectName);
}

export function scoreVerdicts(projectName, candidates) {
  const labels = verdictsFor(projectName);
  const key = (x) => `${x.class}.${x.field}`;
  const reported = new Map(candidates.map((c) => [key(c), c]));
  const labelled = new Map(labels.map((v) => [key(v), v]));
  const positives = labels.filter((v) => v.verdict === 'back-pointer');
  const truePositives = positives.filter((v) => reported.has(key(v)));
  const falsePositives = labels.filter((v) => v.verdict === 'not-back-pointer' && reported.has(key(v)));
  const reviewedReported = truePositives.length + falsePositives.length;
  return {
    truePositives: truePositives.length,
    reviewedReported,
    labelledBackPointers: positives.length,
    precision: reviewedReported ? truePositives.length / reviewedReported : null,
    recall: positives.length ? truePositives.length / positives.length : null,
    missed: positives.filter((v) => !reported.has(key(v))),
    falsePositives,
    unreviewed: candidates.filter((c) => !labelled.has(key(c))).map((c) => ({ class: c.class, field: c.field, file: c.file, line: c.line })),
  };
}
