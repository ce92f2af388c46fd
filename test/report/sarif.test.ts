import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { FileFix } from '../../src/report/reporter.js';
import { sarif, toUriReference } from '../../src/report/sarif.js';
import { emptyResult, richResult } from './analysis-fixtures.js';
import { expected } from './expected-output.js';

// The SARIF 2.1.0 schema (rtm.5, the last release before OASIS published 2.1.0) as shipped in the
// MIT-licensed @microsoft/jest-sarif package; only its draft-04 `$schema`/`id` were respelled for draft-07.
const schema = JSON.parse(readFileSync(new URL('./sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
// unicodeRegExp off: the schema's language pattern has a stray `]`, legal only without the `u` flag.
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function parse(output: string) {
  expect(validate(JSON.parse(output)), ajv.errorsText(validate.errors)).toBe(true);
  return JSON.parse(output);
}

describe('sarif reporter', () => {
  it('prints the expected log', () => {
    expect(sarif(richResult(), { color: false })).toBe(expected('sarif.json'));
  });

  it('is valid SARIF 2.1.0, with and without findings', () => {
    parse(sarif(richResult(), { color: false }));
    const empty = parse(sarif(emptyResult(), { color: false }));
    expect(empty.runs[0].results).toEqual([]);
    expect(empty.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(['back-pointer', 'unlink-bug']);
  });

  it('the schema check can fail', () => {
    const log = JSON.parse(sarif(richResult(), { color: false }));
    log.runs[0].results[0].level = 'severe';
    expect(validate(log)).toBe(false);
  });

  it('maps confidence to level, keeps the id as a partial fingerprint and the owner as a related location', () => {
    const [scene, , view, unlink] = parse(sarif(richResult(), { color: false, pathPrefix: 'packages/app' })).runs[0].results;
    expect(scene).toMatchObject({
      ruleId: 'back-pointer',
      ruleIndex: 0,
      level: 'warning',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'packages/app/src/scene-node.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 3 } } }],
      partialFingerprints: { 'weakifyId/v1': 'bp-scene-node-scene' },
      relatedLocations: [
        {
          id: 1,
          physicalLocation: { artifactLocation: { uri: 'packages/app/src/scene.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 5 } },
          message: { text: 'Owning side: Scene.nodes (array).' },
        },
      ],
      properties: { kind: 'one-to-many', confidence: 0.9, strategy: 'weakref' },
    });
    expect(view.level).toBe('note');
    expect(unlink).toMatchObject({
      ruleId: 'unlink-bug',
      ruleIndex: 1,
      level: 'warning',
      partialFingerprints: { 'weakifyId/v1': 'unlink-scene-remove' },
      // The back-pointer's line comes from its candidate.
      relatedLocations: [{ physicalLocation: { artifactLocation: { uri: 'packages/app/src/scene-node.ts' }, region: { startLine: 4, startColumn: 3 } } }],
    });
  });

  it('turns proposed edits into SARIF fixes, dropping files without edits', () => {
    const fixes = new Map<string, FileFix[]>([
      [
        'bp-scene-node-scene',
        [
          { file: 'src/scene-node.ts', replacements: [{ startLine: 4, startColumn: 3, endLine: 4, endColumn: 21, insertedText: '#scene?: WeakRef<Scene>;' }] },
          { file: 'src/scene.ts', replacements: [] },
        ],
      ],
      ['bp-tree-node-parent', [{ file: 'src/tree.ts', replacements: [] }]],
    ]);
    const [scene, tree] = parse(sarif(richResult(), { color: false, fixes })).runs[0].results;
    expect(scene.fixes).toEqual([
      {
        description: { text: 'Hold `scene` in a WeakRef behind a getter/setter.' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'src/scene-node.ts', uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: { startLine: 4, startColumn: 3, endLine: 4, endColumn: 21 }, insertedContent: { text: '#scene?: WeakRef<Scene>;' } }],
          },
        ],
      },
    ]);
    expect(tree.fixes).toBeUndefined();
  });

  it('percent-encodes path segments into URI references', () => {
    expect(toUriReference('src/my file#1/%a.ts')).toBe('src/my%20file%231/%25a.ts');
    expect(toUriReference('../src/a.ts')).toBe('../src/a.ts');
  });
});
