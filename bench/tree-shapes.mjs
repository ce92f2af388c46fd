/**
 * The classes the heap and accessor benchmarks compare, "before" and "after" the migration.
 *
 * "After" is not written by hand: the TypeScript source below is run through the current
 * transforms/weakref-accessor.ts (transpiled on the fly, it is self-contained) and the result is
 * transpiled to JavaScript, so the benchmarks always measure the exact shape the transform
 * produces today. "Before" is the same source transpiled unchanged.
 *
 * Two shapes cover both getters the transform writes:
 *   - TreeNode.parent is nullable (`TreeNode | undefined`): the getter returns the deref'd value;
 *   - Item.owner is not: the getter throws a ReferenceError when the target was collected.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import jscodeshift from 'jscodeshift';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const outDir = path.join(here, '.work', 'shapes');

export const SOURCE = `export class TreeNode {
  parent: TreeNode | undefined;
  readonly children: TreeNode[] = [];
  readonly payload: number[];

  constructor(readonly id: number, payloadSize: number) {
    this.payload = new Array<number>(payloadSize).fill(id);
  }

  append(child: TreeNode): TreeNode {
    child.parent = this;
    this.children.push(child);
    return child;
  }
}

export class Owner {
  readonly items: Item[] = [];

  constructor(readonly name: string) {}

  add(): Item {
    const item = new Item(this, this.items.length);
    this.items.push(item);
    return item;
  }
}

export class Item {
  owner: Owner;

  constructor(owner: Owner, readonly index: number) {
    this.owner = owner;
  }
}
`;

export const FIELDS = 'TreeNode.parent,Item.owner';

const transpile = (source) =>
  ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;

/** Runs the current weakref-accessor transform on SOURCE; returns the migrated TypeScript. */
export async function migratedSource() {
  mkdirSync(outDir, { recursive: true });
  const transformFile = path.join(outDir, 'weakref-accessor.mjs');
  writeFileSync(transformFile, transpile(readFileSync(path.join(repo, 'transforms/weakref-accessor.ts'), 'utf8')));
  // A fresh URL each time, so a changed transform is not served from the module cache.
  const { default: transform } = await import(`${pathToFileURL(transformFile).href}?t=${Date.now()}`);
  const j = jscodeshift.withParser('ts');
  const messages = [];
  const api = { jscodeshift: j, j, stats: () => {}, report: (message) => messages.push(message) };
  const output = transform({ path: path.join(outDir, 'shapes.ts'), source: SOURCE }, api, { fields: FIELDS });
  if (typeof output !== 'string' || !output.includes('new WeakRef(')) {
    throw new Error(`weakref-accessor did not migrate ${FIELDS}${messages.length ? `: ${messages.join(' ')}` : ''}`);
  }
  return output;
}

/** { before, after }: the module namespaces of the plain and migrated classes, plus the migrated TS. */
export async function loadShapes() {
  const after = await migratedSource();
  mkdirSync(outDir, { recursive: true });
  const write = (name, source) => {
    const file = path.join(outDir, name);
    writeFileSync(file, transpile(source));
    return import(`${pathToFileURL(file).href}?t=${Date.now()}`);
  };
  writeFileSync(path.join(outDir, 'after.ts'), after);
  return { before: await write('before.mjs', SOURCE), after: await write('after.mjs', after), afterSource: after };
}
