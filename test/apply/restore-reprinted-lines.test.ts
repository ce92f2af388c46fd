import { describe, expect, it } from 'vitest';
import { restoreReprintedLines } from '../../src/apply/restore-reprinted-lines.js';

describe('restoreReprintedLines', () => {
  it('gives lines recast reprinted without a change of substance their original text back', () => {
    // What recast made of needle-engine's classes when inject-dispose added a dispose() to them.
    const before = ['export class Parent {', '    private _x; private _y;', '    ', '    get first(): Child { return this.children[0]; };', '', '}', ''].join('\n');
    const after = [
      'export class Parent {',
      '    private _x;private _y;',
      '',
      '    get first(): Child { return this.children[0]; }',
      '',
      '    dispose(): void {',
      '        this.children.length = 0;',
      '    }',
      '}',
      '',
    ].join('\n');
    expect(restoreReprintedLines(before, after)).toBe(
      [
        'export class Parent {',
        '    private _x; private _y;',
        '    ',
        '    get first(): Child { return this.children[0]; };',
        '',
        '    dispose(): void {',
        '        this.children.length = 0;',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('puts back on one line a clause recast moved to a line of its own, and only that', () => {
    // reset-back-pointer braced the `else` to put a loop before its statement; recast then printed the `if` anew.
    const before = ['  untagAll(): void {', '    if (!this.tags) this.tags = new Map();', '    else this.tags = new Map<string, Tag>();', '  }', ''].join('\n');
    const after = [
      '  untagAll(): void {',
      '    if (!this.tags)',
      '      this.tags = new Map();',
      '    else {',
      '      for (const tag of this.tags.values()) if (tag.parent === this) tag.parent = null;',
      '      this.tags = new Map<string, Tag>();',
      '    }',
      '  }',
      '',
    ].join('\n');
    expect(restoreReprintedLines(before, after)).toBe(
      [
        '  untagAll(): void {',
        '    if (!this.tags) this.tags = new Map();',
        '    else {',
        '      for (const tag of this.tags.values()) if (tag.parent === this) tag.parent = null;',
        '      this.tags = new Map<string, Tag>();',
        '    }',
        '  }',
        '',
      ].join('\n'),
    );
  });

  it('keeps what the transform changed or added, also where only the indentation tells lines apart', () => {
    const before = 'class A {\n  parent: P;\n}\n';
    const after = 'class A {\n  parent: P | undefined;\n  dispose(): void {\n    this.parent = undefined;\n  }\n}\n';
    // `  }` (the method's) is not the class's `}`: matched by indentation, the class keeps its own.
    expect(restoreReprintedLines(before, after)).toBe(after);
    // Words are not glued: `return x` is not `returnx`.
    expect(restoreReprintedLines('  returnx;\n', '  return x;\n')).toBe('  return x;\n');
  });

  it('brings back a blank line recast dropped, without doubling one', () => {
    const before = 'class A {\n  run(): void {}\n\n}\n';
    expect(restoreReprintedLines(before, 'class A {\n  run(): void {}\n}\n')).toBe(before);
    // Next to a blank line the transform wrote, it is not added again.
    const added = 'class A {\n  run(): void {}\n\n  dispose(): void {}\n}\n';
    expect(restoreReprintedLines(before, added)).toBe(added);
  });

  it('brings back one of two blank lines recast made one (fifteenth sweep, rxdb)', () => {
    const before = 'class A {\n\n\n  x = 1;\n}\n';
    const after = 'class A {\n\n  x = 1;\n\n  dispose(): void {}\n}\n';
    expect(restoreReprintedLines(before, after)).toBe('class A {\n\n\n  x = 1;\n\n  dispose(): void {}\n}\n');
  });

  it('drops blank lines alone that recast put between lines it left as they were (fifteenth sweep, rxdb)', () => {
    const before = 'function f(): Promise<\n  number\n> {\n  return g();\n}\n';
    expect(restoreReprintedLines(before, 'function f(): Promise<\n  number\n> {\n\n  return g();\n}\n')).toBe(before);
    // With the code they separate, they are the transform's.
    const added = 'function f(): Promise<\n  number\n> {\n  return g();\n}\n\nclass B {}\n';
    expect(restoreReprintedLines(before, added)).toBe(added);
  });

  it('keeps CRLF line endings', () => {
    expect(restoreReprintedLines('a;  b;\r\nc\r\n', 'a; b;\r\nc\r\nd\r\n')).toBe('a;  b;\r\nc\r\nd\r\n');
  });
});
