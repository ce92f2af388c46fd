import { describe, expect, it } from 'vitest';
import { displayMessage } from '../../src/report/reporter.js';
import { numberRanges, text } from '../../src/report/text.js';
import { emptyResult, richResult, withUnheadedCycle } from './analysis-fixtures.js';
import { expected } from './expected-output.js';

describe('text reporter', () => {
  it('groups candidates by cycle, then unlink bugs, skipped, warnings and a summary', () => {
    expect(text(richResult(), { color: false })).toBe(expected('text.txt'));
  });

  it('says plainly when nothing was found', () => {
    expect(text(emptyResult(), { color: false })).toBe(expected('text-empty.txt'));
  });

  it('lists skipped fields with --verbose, paths from the cwd', () => {
    const output = text(richResult(), { color: false, verbose: true, pathPrefix: 'packages/app' });
    expect(output).toContain(
      [
        'Skipped 2 fields (1 decorated, 1 ignored)',
        '  packages/app/src/entity.ts:8 Entity.owner [decorated] Decorated with @ManyToOne: rewriting it would change ORM semantics.',
        '  packages/app/src/tree.ts:5 TreeNode.root [ignored] Marked `// weakify-ignore`.',
        '',
      ].join('\n'),
    );
    expect(output).toContain('  packages/app/src/scene-node.ts:4:3 SceneNode.scene -> Scene\n');
    expect(output).toContain('    owned by Scene.nodes (array, packages/app/src/scene.ts:5)\n');
    expect(output).not.toContain('--verbose');
  });

  it('moves candidates below --min-confidence to skipped', () => {
    const output = text(richResult(), { color: false, minConfidence: 0.8 });
    expect(output).not.toContain('View.#editor ->');
    expect(output).toContain('Skipped 3 fields (1 below-confidence, 1 decorated, 1 ignored)\n');
    // The cycle of the skipped one is still a cycle of the result: 2 of the 3 hold a back-pointer shown.
    expect(output.endsWith('2 back-pointers in 2 of 3 cycles across 3 files (3 skipped, 1 unlink bug, 1 warning)\n')).toBe(true);
  });

  it('colours only when asked', () => {
    const ansi = /\u001b\[/;
    expect(text(richResult(), { color: false })).not.toMatch(ansi);
    const coloured = text(richResult(), { color: true });
    expect(coloured).toMatch(ansi);
    // Stripping the escapes gives back the plain report: colour never changes the words.
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(expected('text.txt'));
  });
});

describe('summary line', () => {
  it('does not read as an all-clear when only unlink bugs were found', () => {
    const result = { ...emptyResult(), unlinkBugs: richResult().unlinkBugs, skipped: richResult().skipped };
    expect(text(result, { color: false }).split('\n').at(-2)).toBe('No back-pointers found in 4 files (1 class); 2 skipped, 1 unlink bug.');
  });
});

describe('paths from the cwd', () => {
  it('rewrites the file:line references of the finding in evidence, risks and unlink bugs', () => {
    const output = text(richResult(), { color: false, pathPrefix: 'packages/app/' });
    expect(output).toContain('      - Scene.add assigns `node.scene = this` (packages/app/src/scene.ts:9).\n');
    expect(output).toContain('      - SceneNode.scene is read in a loop in SceneNode.render (packages/app/src/scene-node.ts:12).\n');
    expect(output).toContain('leaves SceneNode.scene pointing at the scene (packages/app/src/scene.ts:12).\n');
  });

  it('leaves a longer path that merely ends with the same name alone', () => {
    expect(displayMessage('See lib/src/a.ts:3 and src/a.ts:4, not src/a.tsx:5.', ['src/a.ts'], { pathPrefix: '../' })).toBe(
      'See lib/src/a.ts:3 and ../src/a.ts:4, not src/a.tsx:5.',
    );
  });
});

describe('other cycles a back-pointer breaks', () => {
  it('spells out a cycle that has no heading, so its number points somewhere', () => {
    const output = text(withUnheadedCycle(), { color: false });
    expect(output).not.toContain('Cycle 4');
    expect(output).toContain('    owned by Scene.nodes (array, src/scene.ts:5)\n    also breaks cycle 4 (Scene.selection -> SceneNode.scene)\n');
  });

  it('gives only the number of a cycle that has its own heading', () => {
    const result = withUnheadedCycle();
    result.candidates[0]!.cycles = [0, 1];
    expect(text(result, { color: false })).toContain('    also breaks cycle 2\n');
  });

  it('gives numbers alone past a few cycles without headings', () => {
    const result = withUnheadedCycle();
    for (let i = 0; i < 3; i++) result.cycles.push({ members: [`Scene.extra${i}`, 'SceneNode.scene'], fieldIds: [] });
    result.candidates[0]!.cycles = [0, 1, 3, 4, 5, 6];
    expect(text(result, { color: false })).toContain('    also breaks cycles 2, 4-7\n');
  });
});

// planck's TreeNode.parent "also breaks cycles" listed 160 numbers one by one.
describe('numberRanges', () => {
  it('writes runs of three or more as ranges, and keeps pairs and single numbers apart', () => {
    expect(numberRanges([2])).toBe('2');
    expect(numberRanges([2, 3])).toBe('2, 3');
    expect(numberRanges([2, 3, 4])).toBe('2-4');
    expect(numberRanges([1, 3, 4, 5, 6, 9, 10, 12])).toBe('1, 3-6, 9, 10, 12');
    expect(numberRanges([])).toBe('');
  });
});
