import { afterEach, describe, expect, it } from 'vitest';
import { buildFieldGraph } from '../../src/graph/build-field-graph.js';
import { loadProject } from '../../src/project/load-project.js';
import { createTempProject, TSCONFIG, type TempProject } from '../apply/temp-project.js';

// A cycle Editor.manager -> Manager.view -> View.editor, where Manager holds the Editor too (a pair
// with Editor.manager), so `editor` can lie on a cycle and a construction handing it on is a fact.
const classes = (body: string) => `
export class Editor { manager: Manager | undefined; }
export class View { constructor(public editor: Editor) {} }
export class Manager {
  view: View | undefined;
  constructor(public editor: Editor) {}
  ${body}
}
`;

describe('constructs-passing-field facts: this object hands one of its fields to an object it creates', () => {
  let project: TempProject;
  afterEach(() => project.remove());

  const handed = (body: string) => {
    project = createTempProject({ 'tsconfig.json': TSCONFIG, 'src/editor.ts': classes(body) });
    const graph = buildFieldGraph(loadProject({ tsconfig: project.path('tsconfig.json') }));
    return graph.facts.filter((fact) => fact.kind === 'constructs-passing-field').map((fact) => [fact.method, fact.field, fact.receivedBy, fact.ownField]);
  };

  it.each([
    ['this.view = new View(this.editor)', 'this.editor'],
    ['const { editor } = this; this.view = new View(editor)', 'const { editor } = this'],
    ['const e = this.editor; this.view = new View(e)', 'const e = this.editor'],
  ])('%s', (statements) => {
    expect(handed(`open(): void { ${statements}; }`)).toEqual([['open', 'editor', ['editor'], 'view']]);
  });

  it.each([
    // The loop variable shadows the alias: it is another Editor.
    ['const { editor } = this; for (const editor of others) this.view = new View(editor)'],
    // Reassigned before use.
    ['let e = this.editor; e = others[0]!; this.view = new View(e)'],
    // A callback parameter of the same name.
    ['const { editor } = this; others.forEach((editor) => { this.view = new View(editor); })'],
  ])('not when the local no longer holds the field: %s', (statements) => {
    expect(handed(`open(others: Editor[]): void { ${statements}; }`)).toEqual([]);
  });
});
