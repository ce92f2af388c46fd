import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reporters, type ReportFormat } from '../../src/report/index.js';
import { richResult } from './analysis-fixtures.js';
import { expected } from './expected-output.js';

// The file extension of each format's expected output; a new format fails here until it has one.
const EXTENSIONS: Record<ReportFormat, string> = {
  text: 'txt',
  json: 'json',
  markdown: 'md',
  sarif: 'json',
  github: 'txt',
  mermaid: 'mmd',
  dot: 'dot',
};

describe('reporter registry', () => {
  it('lists the formats of issue 2, text first (the default)', () => {
    expect(Object.keys(reporters)).toEqual(['text', 'json', 'markdown', 'sarif', 'github', 'mermaid', 'dot']);
  });

  it.each(Object.keys(reporters) as ReportFormat[])('%s has its own test file and an exact expected output', (format) => {
    expect(existsSync(new URL(`./${format}.test.ts`, import.meta.url))).toBe(true);
    expect(reporters[format](richResult(), { color: false })).toBe(expected(`${format}.${EXTENSIONS[format]}`));
  });

  it.each(Object.keys(reporters) as ReportFormat[])('%s does not change the result it is given', (format) => {
    const result = richResult();
    reporters[format](result, { color: true, minConfidence: 0.8, verbose: true, pathPrefix: 'x' });
    expect(result).toEqual(richResult());
  });
});
