import { afterEach, describe, expect, test } from 'vitest';
import { truncationWarning } from '../../src/detect/detect-back-pointers.js';
import { analyze } from '../../src/index.js';
import { createTempProject, TSCONFIG, type TempProject } from '../apply/temp-project.js';

describe('a class graph with more cycles than are listed', () => {
  let project: TempProject | undefined;
  afterEach(() => {
    project?.remove();
    project = undefined;
  });

  // Seven classes each holding every other: 21 bidirectional pairs, and more than a thousand
  // longer cycles (the listing's limit), every one of them through some pair.
  test('the warning says how many longer cycles were found and how many of them are listed', async () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
    const source = names
      .map((name) => `export class ${name} {\n${names.filter((other) => other !== name).map((other) => `  to${other}: ${other} | undefined;\n`).join('')}}\n`)
      .join('\n');
    project = createTempProject({ 'tsconfig.json': TSCONFIG, 'src/all.ts': source });
    const result = await analyze({ tsconfig: project.path('tsconfig.json'), minConfidence: 0 });
    // Every pair is listed; the enumeration stops at 1000 cycles (pairs it met included), and the
    // warning names how many longer ones the result lists, which with the pairs is all it lists.
    expect(result.cycles.filter((cycle) => cycle.members.length === 2)).toHaveLength(21);
    expect(result.warnings).toHaveLength(1);
    const listed =
      /^Cycle listing stopped early \(the class graph has very many cycles\), then added the shortest cycle through each field it had not reached: (\d+) longer cycles listed\.$/.exec(
        result.warnings[0]!.message,
      );
    expect(Number(listed?.[1])).toBeGreaterThan(900);
    expect(Number(listed?.[1])).toBeLessThanOrEqual(1000);
    expect(result.cycles).toHaveLength(21 + Number(listed![1]));
  });
});

describe('the truncation warning', () => {
  // Lumino's said "42 longer cycles found, 0 of them listed (the others run through ...)".
  test('says what was listed without contradicting itself', () => {
    const stopped = 'Cycle listing stopped early (the class graph has very many cycles), then added the shortest cycle through each field it had not reached';
    expect(truncationWarning(42, 0)).toBe(`${stopped}: the 42 longer cycles found each run through a bidirectional pair, listed as that pair.`);
    expect(truncationWarning(42, 10)).toBe(`${stopped}: of the 42 longer cycles found, 10 are listed; the other 32 run through a bidirectional pair, listed as that pair.`);
    expect(truncationWarning(1, 1)).toBe(`${stopped}: 1 longer cycle listed.`);
  });
});
