import { describe, expect, it } from 'vitest';
import { findClasses } from '../../src/graph/find-classes.js';
import { ts } from '../../src/typescript.js';

// findClasses skips every subtree whose text lacks the word `class`; these are the places a class
// can stand that such a shortcut could miss, and the words it must not mistake for the keyword.
const classesIn = (text: string) =>
  findClasses(ts.createSourceFile('/virtual/file.ts', text, ts.ScriptTarget.ES2022, true), 'file.ts', false).map(
    ({ info }) => `${info.kind} ${info.name} ${info.line}:${info.column}`,
  );

describe('findClasses', () => {
  it('finds classes wherever they stand: nested, in decorators, in initializers, after unusual white space', () => {
    const text = [
      'export class Outer {',
      '  inner = class Inner {};',
      '  make() { return new (class {})(); }',
      '}',
      'function Mixin<T extends new (...args: any[]) => object>(Base: T) { return class extends Base {}; }',
      '@register(class Options {}) class Decorated {}',
      'const viaNbsp =\u00a0class {};',
      'if (true) { class Local {} }',
      'declare function register(x: unknown): ClassDecorator;',
    ].join('\n');
    expect(classesIn(text)).toEqual([
      'class Outer 1:1',
      'class-expression Inner 2:11',
      'class-expression <anonymous class> 3:24',
      'mixin Mixin(Base) 5:76',
      'class Decorated 6:1',
      'class-expression Options 6:11',
      'class-expression viaNbsp 7:17',
      'class Local 8:13',
    ]);
  });

  it("names a class expression by the field it initializes (grpc-js's `private ChildPolicyHelper = class {...}`)", () => {
    const text = ['export class Handler {', '  private Helper = class {', '    constructor(private parent: Handler) {}', '  };', '  #Other = class {};', '}'].join('\n');
    // A `#private` field's name is no class name a plan could give: anonymous, as before.
    expect(classesIn(text)).toEqual(['class Handler 1:1', 'class-expression Helper 2:20', 'class-expression <anonymous class> 5:12']);
  });

  it('finds none where the word is only part of another word, a property name or a comment', () => {
    const text = [
      '// a class in a comment',
      'const classList = document.body.classList;',
      'const subclass = { class: 1, className: "x" };',
      'export const $class = subclass.class;',
    ].join('\n');
    expect(classesIn(text)).toEqual([]);
  });
});
