import { describe, expect, it } from 'vitest';
import { dotString } from '../../src/report/cycle-graph.js';
import { dot } from '../../src/report/dot.js';
import { emptyResult, richResult } from './analysis-fixtures.js';
import { expected } from './expected-output.js';

describe('dot reporter', () => {
  it('draws every cycle as one digraph, back-pointers dashed', () => {
    expect(dot(richResult(), { color: false })).toBe(expected('dot.dot'));
  });

  it('prints an empty digraph when there is no cycle, so a pipe into `dot` still works', () => {
    expect(dot(emptyResult(), { color: false })).toBe(expected('dot-empty.dot'));
  });

  it('escapes quotes, backslashes and newlines in labels', () => {
    expect(dotString('Map<string, "a\\b">\nx')).toBe('"Map<string, \\"a\\\\b\\">\\nx"');
  });
});
