import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { suggestFormats } from '../../src/suggest/suggest-formats.js';
import { CHILD_AFTER, CHILD_BEFORE, childCandidate, suggestResult } from './suggest-result.js';

// The same SARIF 2.1.0 schema the sarif reporter is validated against.
const schema = JSON.parse(readFileSync(new URL('../report/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

interface Replacement {
  deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  insertedContent: { text: string };
}

function applySarifReplacements(text: string, replacements: Replacement[]): string {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const offset = (line: number, column: number) => lines.slice(0, line - 1).join('').length + column - 1;
  let out = text;
  for (const { deletedRegion: r, insertedContent } of [...replacements].reverse()) {
    out = out.slice(0, offset(r.startLine, r.startColumn)) + insertedContent.text + out.slice(offset(r.endLine, r.endColumn));
  }
  return out;
}

describe('suggest formats', () => {
  it('sarif: valid 2.1.0, repository-relative paths, the id as fingerprint, fixes that reproduce the fixed file', () => {
    const output = suggestFormats.sarif(suggestResult({ 'app/src/child.ts': [{ start: 4, end: 4 }] }));
    const log = JSON.parse(output);
    expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
    const [result] = log.runs[0].results;
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('app/src/child.ts');
    expect(result.partialFingerprints).toEqual({ 'weakifyId/v1': childCandidate.id });
    const [change] = result.fixes[0].artifactChanges;
    expect(change.artifactLocation.uri).toBe('app/src/child.ts');
    expect(applySarifReplacements(CHILD_BEFORE, change.replacements)).toBe(CHILD_AFTER);
  });

  it('github: annotations on repository-relative paths', () => {
    expect(suggestFormats.github(suggestResult({}))).toMatch(/^::warning file=app\/src\/child\.ts,line=4,/);
  });

  it('patch: the unified diff as it is', () => {
    const s = suggestResult({});
    expect(suggestFormats.patch(s)).toBe(s.patch);
  });
});
