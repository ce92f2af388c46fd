import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { analyze } from '../../src/index.js';

// Regression (review of the detection): every class holding "some Disposable", as in VS Code's
// IDisposable style, made each two implementers a pair and every ring of them a cycle: 44,850
// cycles for 300 classes. Reaching each other only through an interface is no ownership.
const root = mkdtempSync(path.join(tmpdir(), 'weakify-fanout-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('classes that hold each other only through a shared interface form no pairs and no cycles', async () => {
  const count = 200;
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022'], types: [] }, include: ['src'] }));
  const classes = Array.from(
    { length: count },
    (_, i) => `export class Service${i} implements Disposable {\n  private inner: Disposable | undefined;\n  dispose(): void {\n    this.inner?.dispose();\n  }\n}\n`,
  );
  writeFileSync(path.join(root, 'src/services.ts'), `export interface Disposable {\n  dispose(): void;\n}\n\n${classes.join('\n')}`);
  const result = await analyze({ tsconfig: root });
  expect(result.project.classes).toBe(count);
  expect(result.candidates).toEqual([]);
  expect(result.cycles).toEqual([]);
  expect(result.skipped).toEqual([]);
});
