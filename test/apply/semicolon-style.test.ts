import { describe, expect, it } from 'vitest';
import { followSemicolonStyle } from '../../src/apply/semicolon-style.js';

// A file in the style of prosemirror and tiptap: no statement semicolons.
const noSemicolons = `import { Editor } from './editor'

export class Manager {
  editor: Editor
  items: number[] = []

  constructor(editor: Editor) {
    this.editor = editor
    this.items.push(1)
  }

  destroy() {
    this.items = []
    this.editor.off('update', this.onUpdate)
  }

  onUpdate = () => {
    console.log(this.items.length)
  }
}
`;

// What inject-dispose writes into it (recast ends each new statement with `;`).
const injected = noSemicolons
  .replace('  items: number[] = []\n', '  items: number[] = []\n\n  #disposed = false;\n')
  .replace('  destroy() {\n', '  destroy() {\n    if (this.#disposed) return;\n    this.#disposed = true;\n')
  .replace("    this.editor.off('update', this.onUpdate)\n", "    this.editor.off('update', this.onUpdate)\n    this.editor = undefined!;\n");

describe('followSemicolonStyle', () => {
  it('drops the `;` recast put on the lines it added to a file without semicolons', () => {
    expect(followSemicolonStyle(noSemicolons, injected)).toBe(
      noSemicolons
        .replace('  items: number[] = []\n', '  items: number[] = []\n\n  #disposed = false\n')
        .replace('  destroy() {\n', '  destroy() {\n    if (this.#disposed) return\n    this.#disposed = true\n')
        .replace("    this.editor.off('update', this.onUpdate)\n", "    this.editor.off('update', this.onUpdate)\n    this.editor = undefined!\n"),
    );
  });

  it('looks past comments for the next line of code', () => {
    const before = noSemicolons.replace('  constructor(editor: Editor) {\n', '  /**\n   * Makes a manager.\n   */\n  // (and this)\n  constructor(editor: Editor) {\n');
    const after = before.replace('  items: number[] = []\n', '  items: number[] = []\n  #disposed = false;\n');
    expect(followSemicolonStyle(before, after)).toBe(before.replace('  items: number[] = []\n', '  items: number[] = []\n  #disposed = false\n'));
    // ...and a generator method after a comment is still a hazard.
    const generator = before.replace('  constructor(editor: Editor) {\n', '  *ids() {}\n  constructor(editor: Editor) {\n');
    const added = generator.replace('  items: number[] = []\n', '  items: number[] = []\n  #disposed = false;\n');
    expect(followSemicolonStyle(generator, added)).toBe(added);
  });

  it('keeps a `;` where the next line would continue the statement without it', () => {
    for (const next of ['[Symbol.dispose]() {}', '*entries() {}', '(this.list as unknown[]).length = 0', '`x`', '<Editor>(<unknown>null)', '.call()', '-1', '/re/.test(x)']) {
      const before = `${noSemicolons}class B {\n  a = 1\n  ${next}\n}\n`;
      const after = before.replace('  a = 1\n', '  a = 1\n  #disposed = false;\n');
      expect(followSemicolonStyle(before, after)).toBe(after);
    }
  });

  it('leaves files written with semicolons, lines it did not add, and for headers alone', () => {
    const withSemicolons = noSemicolons.replace(/([\w)\]'"])\n/g, '$1;\n');
    const added = withSemicolons.replace('  destroy() {\n', '  destroy() {\n    if (this.#disposed) return;\n');
    expect(followSemicolonStyle(withSemicolons, added)).toBe(added);

    // A header split over lines keeps its `;`; a loop on one line loses its body's (seventh sweep,
    // cannon-es: `for (const shape of this.shapes) shape.dispose();` kept it).
    const header = noSemicolons.replace('  destroy() {\n', '  destroy() {\n    for (let i = 0;\n      i < 3; i++) this.items.pop();\n');
    expect(followSemicolonStyle(noSemicolons, header)).toBe(header.replace('this.items.pop();', 'this.items.pop()'));
    const loop = noSemicolons.replace('  destroy() {\n', '  destroy() {\n    for (const item of this.items) item.toFixed();\n');
    expect(followSemicolonStyle(noSemicolons, loop)).toBe(loop.replace('item.toFixed();', 'item.toFixed()'));
    // An empty body: without its `;` the next line would become the loop's body.
    const emptyBody = noSemicolons.replace('  destroy() {\n', '  destroy() {\n    while (this.items.pop());\n');
    expect(followSemicolonStyle(noSemicolons, emptyBody)).toBe(emptyBody);
    // A `;` the file already had (one in a hundred) stays: only added lines change.
    const oneOld = noSemicolons.replace('    this.items = []\n', '    this.items = [];\n');
    expect(followSemicolonStyle(oneOld, oneOld.replace('  destroy() {\n', '  destroy() {\n    this.ready = false;\n'))).toBe(
      oneOld.replace('  destroy() {\n', '  destroy() {\n    this.ready = false\n'),
    );
  });

  it('a small file with no semicolon on any of its statements is written without them', () => {
    const small = "import type { Group } from './group'\n\nexport class Form {\n  groups = new Set<Group>()\n}\n";
    const after = "import type { Group } from './group'\n\nexport class Form {\n  groups = new Set<Group>()\n  #disposed = false;\n}\n";
    expect(followSemicolonStyle(small, after)).toBe(after.replace('#disposed = false;', '#disposed = false'));
  });

  it('a file too short to tell keeps the transform output', () => {
    const short = 'export class A {\n  b: B\n}\n';
    const after = 'export class A {\n  b: B\n  #disposed = false;\n}\n';
    expect(followSemicolonStyle(short, after)).toBe(after);
  });
});
