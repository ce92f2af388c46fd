import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
  '    this.items.splice(0, 1);', // 11
  '  }', // 12
  '  render() {', // 13
  '    const Inner = class { x = 1; };', // 14
  '    return 2;', // 15
  '  }', // 16
  '}', // 17
  '',
].join('\n');

describe('memberSpans', () => {
  it('spans fields (decorators included), parameter properties, removing methods and classes nested in methods', () => {
    expect(memberSpans(SOURCE, 'a.ts')).toEqual([
      { start: 5, end: 8 },
      { start: 9, end: 9 },
      { start: 10, end: 12 },
      { start: 14, end: 14 },
    ]);
  });
});

describe('memberSpans on other file kinds', () => {
  it('parses .tsx (JSX in a method) and declare fields, accessors and #private members', () => {
    const tsx = [
      'export class View {', // 1
      '  declare host: Host;', // 2
      '  #items: Item[] = [];', // 3
      '  render() {', // 4
      '    return <div>{this.#items.length}</div>;', // 5
      '  }', // 6
      '  #drop(item: Item) {', // 7
      '    this.#items.splice(this.#items.indexOf(item), 1);', // 8
      '  }', // 9
      '}', // 10
      '',
    ].join('\n');
    expect(memberSpans(tsx, 'view.tsx')).toEqual([
      { start: 2, end: 2 },
      { start: 3, end: 3 },
      { start: 7, end: 9 },
    ]);
  });

  it('returns undefined for text that does not parse, so the analysis decides', () => {
    expect(memberSpans('export class {{{', 'a.ts')).toBeUndefined();
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
    ['a method body that removes from a collection', { 'a.ts': [{ start: 11, end: 11 }] }, true],
    // Regression (speed): any method-body edit used to cost a full analysis, though it can select nothing.
    ['a method body that removes nothing', { 'a.ts': [{ start: 15, end: 15 }] }, false],
    ['a field of a class nested in a method', { 'a.ts': [{ start: 14, end: 14 }] }, true],
    ['a file that is not code', { 'notes.md': [{ start: 1, end: 1 }] }, false],
    ['a file that cannot be read', { 'gone.ts': [{ start: 1, end: 1 }] }, true],
  ])('%s', async (_name, changed, expected) => {
    expect(await touchesClassMembers(root, new Map(Object.entries(changed)))).toBe(expected);
  });
});
