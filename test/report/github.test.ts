import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, github, workflowCommand } from '../../src/report/github.js';
import { emptyResult, richResult } from './analysis-fixtures.js';
import { expected } from './expected-output.js';

describe('github reporter', () => {
  it('prints one workflow command per back-pointer, unlink bug and warning', () => {
    expect(github(richResult(), { color: false })).toBe(expected('github.txt'));
  });

  it('prints nothing for a clean project', () => {
    expect(github(emptyResult(), { color: false })).toBe(expected('github-empty.txt'));
  });

  it('escapes data and properties as the Actions runner does', () => {
    const message = '100% sure:\r\nParent.children, Child.parent';
    expect(escapeData(message)).toBe('100%25 sure:%0D%0AParent.children, Child.parent');
    expect(escapeProperty(message)).toBe('100%25 sure%3A%0D%0AParent.children%2C Child.parent');
    // `%` is escaped first: an existing `%0A` in the text must not turn into a newline.
    expect(escapeData('%0A')).toBe('%250A');
    expect(workflowCommand('warning', { file: 'src/a,b.ts', line: 3, col: undefined, title: 'x: y' }, message)).toBe(
      '::warning file=src/a%2Cb.ts,line=3,title=x%3A y::100%25 sure:%0D%0AParent.children, Child.parent',
    );
  });

  it('shows paths from the cwd', () => {
    const first = github(richResult(), { color: false, pathPrefix: 'packages/app' }).split('\n')[0];
    expect(first.startsWith('::warning file=packages/app/src/scene-node.ts,line=4,col=3,')).toBe(true);
  });
});
