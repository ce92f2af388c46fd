import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { memberSpans, touchesClassMembers } from '../../src/suggest/touches-class-members.js';

const SOURCE = [
  'export function helper() {', // 1
  '  return 1;', // 2
  '}', // 3
  'export class Child {', // 4
  '  @Input()', // 5
  '  parent:', // 6
  '    | Parent', // 7
  '    | undefined;', // 8
  '  constructor(private readonly owner: Owner) {}', // 9
  '  remove() {', // 10
  '    const Inner = class { x = 1; };', // 11
  '  }', // 12
  '}', // 13
  '',
].join('\n');

describe('memberSpans', () => {
  it('spans whole members, decorators included, and classes nested in methods', () => {
    const source = ts.createSourceFile('a.ts', SOURCE, ts.ScriptTarget.Latest, true);
    expect(memberSpans(source)).toEqual([
      { start: 5, end: 8 },
      { start: 9, end: 9 },
      { start: 10, end: 12 },
      { start: 11, end: 11 },
    ]);
  });
});

describe('touchesClassMembers', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'weakify-members-'));
  writeFileSync(path.join(root, 'a.ts'), SOURCE);
  writeFileSync(path.join(root, 'notes.md'), 'class X { y = 1 }\n');

  it.each([
    ['a plain function', { 'a.ts': [{ start: 1, end: 3 }] }, false],
    ['the class line alone', { 'a.ts': [{ start: 4, end: 4 }] }, false],
    ['the last line of a multi-line field', { 'a.ts': [{ start: 8, end: 8 }] }, true],
    ['a constructor parameter property', { 'a.ts': [{ start: 9, end: 9 }] }, true],
    ['a method body', { 'a.ts': [{ start: 11, end: 11 }] }, true],
    ['a file that is not code', { 'notes.md': [{ start: 1, end: 1 }] }, false],
    ['a file that cannot be read', { 'gone.ts': [{ start: 1, end: 1 }] }, true],
  ])('%s', async (_name, changed, expected) => {
    expect(await touchesClassMembers(root, new Map(Object.entries(changed)))).toBe(expected);
  });
});
