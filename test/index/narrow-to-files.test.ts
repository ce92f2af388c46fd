import path from 'node:path';
import { expect, test } from 'vitest';
import { analyze, narrowToFiles } from '../../src/index.js';

const exampleApp = path.resolve(import.meta.dirname, '../../fixtures/example-app/tsconfig.json');

// Regression: narrowing kept every cycle, so the indexes in candidate.cycles pointed at cycles of
// other files and the text report counted cycles that were not shown.
test('narrowing to files keeps their candidates and cycles, renumbered', async () => {
  const result = await analyze({ tsconfig: exampleApp });
  const narrowed = narrowToFiles(result, ['src/scene/**']);
  expect(narrowed.candidates.map((candidate) => [`${candidate.class}.${candidate.field}`, candidate.cycles])).toEqual([
    ['Layer.scene', [1]],
    ['Shape.layer', [0]],
  ]);
  expect(narrowed.cycles.map((cycle) => cycle.members)).toEqual([
    ['Layer.shapes', 'Shape.layer'],
    ['Scene.layers', 'Layer.scene'],
  ]);
  expect(narrowed.unlinkBugs.map((bug) => bug.method)).toEqual(['removeShape']);
  expect(narrowed.skipped).toEqual([]);
});

test('a files glob that matches none of the project files is a warning naming it as given', async () => {
  const result = await analyze({ tsconfig: exampleApp, files: ['src/scene/**', 'src/sence/**'] });
  expect(result.candidates.map((candidate) => candidate.field)).toEqual(['scene', 'layer']);
  expect(result.warnings).toEqual([{ kind: 'config', message: 'no file of the project matches src/sence/**; nothing is reported for it' }]);
});
