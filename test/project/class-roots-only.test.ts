import { afterEach, describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/index.js';
import { loadProject } from '../../src/project/load-project.js';
import { createTempProject, type TempProject } from '../apply/temp-project.js';

// analyze builds its program from the files that can matter to the class graph (classRootsOnly):
// the graph must not change, and what it leaves out must be only what cannot matter.
const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', types: [] }, include: ['src'] }),
  // Holds classes: a root.
  'src/tree.ts':
    "import type { Node } from './types.js';\n\n" +
    'export class Parent {\n  children: Node[] = [];\n\n  add(kid: Kid): void {\n    this.children.push(kid);\n    kid.parent = this;\n  }\n}\n\n' +
    'export class Kid implements Node {\n  parent: Parent | undefined;\n  label: Label = { text: "" };\n}\n',
  // No class, but imported by a class file: in the program through the import.
  'src/types.ts': "export interface Node {\n  parent: unknown;\n}\n",
  // A script (no import or export): its declarations are global, so it is a root.
  'src/globals.ts': 'interface Label {\n  text: string;\n}\n',
  // A module that augments the global scope: a root too.
  'src/augment.ts': 'export {};\n\ndeclare global {\n  interface Label {\n    color?: string;\n  }\n}\n',
  // A script with a namespace: its indented `export` does not make it a module.
  'src/app.ts': 'namespace App {\n  export interface Container {\n    name: string;\n  }\n}\n',
  // A module with a lib reference: the program's lib depends on it.
  'src/env.ts': '/// <reference lib="es2021.weakref" />\nexport const built = true;\n',
  // Plain functions nobody with a class imports, one mentioning classes only in a comment: left out / kept.
  'src/util.ts': 'export function sum(values: number[]): number {\n  return values.reduce((a, b) => a + b, 0);\n}\n',
  'src/notes.ts': '// The class diagram lives in docs/.\nexport const version = 1;\n',
  // An entry point without a class that nothing imports, wiring through a local: a root (its
  // constructions are evidence), while a file constructing only built-ins is left out.
  'src/main.ts': "import { Kid, Parent } from './tree.js';\n\nconst root = new Parent();\nconst kid = new Kid();\nroot.add(kid);\n",
  'src/cache.ts': 'export const cache = new Map<string, number>();\nexport const fail = () => new Error("no");\n',
};

describe('classRootsOnly', () => {
  let project: TempProject;
  afterEach(() => project.remove());

  it('leaves out only files that hold no class, declare no global and are not imported by one that does', () => {
    project = createTempProject(FILES);
    const programFiles = (classRootsOnly: boolean) =>
      loadProject({ tsconfig: project.root, classRootsOnly })
        .program.getSourceFiles()
        .map((file) => file.fileName.slice(project.root.length + 1))
        .filter((file) => file.startsWith('src/'))
        .sort();
    expect(programFiles(false)).toEqual([
      'src/app.ts',
      'src/augment.ts',
      'src/cache.ts',
      'src/env.ts',
      'src/globals.ts',
      'src/main.ts',
      'src/notes.ts',
      'src/tree.ts',
      'src/types.ts',
      'src/util.ts',
    ]);
    expect(programFiles(true)).toEqual(['src/app.ts', 'src/augment.ts', 'src/env.ts', 'src/globals.ts', 'src/main.ts', 'src/notes.ts', 'src/tree.ts', 'src/types.ts']);
  });

  it('gives the same analysis as the whole program, file count included', async () => {
    project = createTempProject(FILES);
    const full = await analyzeProject({ tsconfig: project.root });
    const pruned = await analyzeProject({ tsconfig: project.root, classRootsOnly: true });
    expect(pruned.result).toEqual(full.result);
    expect(pruned.result.project.files).toBe(10);
    expect(pruned.result.candidates.map((candidate) => `${candidate.class}.${candidate.field}`)).toEqual(['Kid.parent']);
  });
});
