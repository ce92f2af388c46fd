import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs modules of the e2e harness, without type declarations
import { compareDiagnostics } from './diagnostics.mjs';
// @ts-expect-error: plain .mjs modules of the e2e harness, without type declarations
import { scoreVerdicts, verdictsFor } from './score-verdicts.mjs';

// The pure parts of the e2e harness (npm run e2e itself needs the network and minutes of CPU).
describe('compareDiagnostics', () => {
  const d = (file: string, message: string) => ({ file, message });

  it('counts a diagnostic as new only beyond the number of identical ones before', () => {
    const before = [d('a.ts', 'TS2322 x'), d('a.ts', 'TS2322 x'), d('b.ts', 'TS7031 y')];
    const after = [d('a.ts', 'TS2322 x'), d('b.ts', 'TS7031 y'), d('b.ts', 'TS7031 y'), d('c.ts', 'TS2610 z')];
    expect(compareDiagnostics(before, after)).toEqual({ added: ['b.ts: TS7031 y', 'c.ts: TS2610 z'] });
  });

  it('reports nothing when the same diagnostics move (no positions in the key)', () => {
    expect(compareDiagnostics([d('a.ts', 'TS1 m')], [d('a.ts', 'TS1 m')])).toEqual({ added: [] });
  });
});

describe('scoreVerdicts against test/e2e/verdicts.json', () => {
  const candidate = (cls: string, field: string) => ({ class: cls, field, file: 'x.ts', line: 1 });

  it('every verdict has a project, class, field, a known verdict and a one-sentence why', () => {
    for (const project of ['mobx', 'rxjs', 'fabric']) {
      for (const v of verdictsFor(project)) {
        expect(v).toEqual({ project, class: expect.any(String), field: expect.any(String), verdict: expect.stringMatching(/^(back-pointer|not-back-pointer)$/), why: expect.stringMatching(/\.$/) });
      }
    }
  });

  it('precision over reviewed reported candidates, recall over labelled back-pointers, the rest unreviewed', () => {
    // rxjs labels 8 back-pointers; report 2 of them, 1 labelled false positive and 1 unlabelled field.
    const score = scoreVerdicts('rxjs', [
      candidate('AsyncAction', 'scheduler'),
      candidate('ColdObservable', 'scheduler'),
      candidate('Observable', 'source'),
      candidate('Nobody', 'knows'),
    ]);
    expect(score).toMatchObject({ truePositives: 2, reviewedReported: 3, labelledBackPointers: 8, precision: 2 / 3, recall: 2 / 8 });
    expect(score.falsePositives.map((v: { class: string }) => v.class)).toEqual(['Observable']);
    expect(score.missed).toHaveLength(6);
    expect(score.unreviewed).toEqual([{ class: 'Nobody', field: 'knows', file: 'x.ts', line: 1 }]);
  });

  it('a project without labels scores n/a, not 0 or 1', () => {
    expect(scoreVerdicts('unknown-project', [])).toMatchObject({ precision: null, recall: null });
  });
});
