import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A throwaway project folder; paths are `/`-separated and relative to `root`. */
export interface TempProject {
  root: string;
  path(file: string): string;
  write(files: Record<string, string>): void;
  remove(): void;
}

export function createTempProject(files: Record<string, string>): TempProject {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'weakify-apply-')));
  const project: TempProject = {
    root,
    path: (file) => path.join(root, file),
    write(more) {
      for (const [name, text] of Object.entries(more)) {
        mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
        writeFileSync(path.join(root, name), text);
      }
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  project.write(files);
  return project;
}

export const TSCONFIG = `${JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022'], module: 'ESNext', moduleResolution: 'Bundler', types: [] }, include: ['src'] }, null, 2)}\n`;

/** A parent/child pair: the smallest project with a back-pointer. */
export const PARENT_CHILD: Record<string, string> = {
  'tsconfig.json': TSCONFIG,
  'src/parent.ts': `import { Child } from './child.js';

export class Parent {
  children: Child[] = [];

  add(): Child {
    const child = new Child(this);
    this.children.push(child);
    return child;
  }
}
`,
  'src/child.ts': `import type { Parent } from './parent.js';

export class Child {
  parent: Parent;

  constructor(parent: Parent) {
    this.parent = parent;
  }
}
`,
};
