import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { MigrationPlan } from '../../src/plan/migration-plan.js';
import { loadProject } from '../../src/project/load-project.js';
import { createRepo, type TestRepo } from '../git/git-repo.js';
import { TSCONFIG } from './temp-project.js';

// Seventh sweep (cannon-es): `Broadphase`'s constructor sets `this.world = null`, and
// `SAPBroadphase` redeclares `world`. With both made WeakRef accessors over `#` fields, the base
// constructor ran SAPBroadphase's setter before its `#world` existed: verified, written, and
// `new SAPBroadphase(world)` threw a TypeError. Such classes get module-level WeakMaps.
const FILES: Record<string, string> = {
  'tsconfig.json': TSCONFIG,
  'package.json': '{ "type": "module" }\n',
  'src/world.ts': `export class World {
  readonly name = 'world';
}
`,
  'src/bases.ts': `import type { World } from './world.js';

export class Broadphase {
  world: World | null;

  constructor() {
    this.world = null;
  }
}

export class Engine {
  constructor() {
    this.reset();
  }

  reset(): void {}
}

export class Shape {
  id = 0;

  constructor() {
    this.id = 1;
  }
}
`,
  'src/subclasses.ts': `import { Broadphase, Engine, Shape } from './bases.js';
import type { World } from './world.js';

export class SAPBroadphase extends Broadphase {
  world: World | null;

  constructor(world: World) {
    super();
    this.world = world;
  }
}

/** The base constructor calls reset(), which this class overrides to touch its field. */
export class Car extends Engine {
  owner: World | null = null;

  reset(): void {
    this.owner = null;
  }
}

/** The base constructor touches nothing of this class: \`#\` storage is safe. */
export class Circle extends Shape {
  owner: World | null = null;
}
`,
  'src/main.ts': `import { World } from './world.js';
import { Car, Circle, SAPBroadphase } from './subclasses.js';

const world = new World();
const sap = new SAPBroadphase(world);
const car = new Car();
car.owner = world;
const circle = new Circle();
circle.owner = world;
console.log(sap.world === world, car.owner === world, circle.owner === world);
`,
};

function entry(file: string, className: string, field: string): MigrationPlan['entries'][number] {
  return { id: `${className}.${field}`, action: 'weakref', file, class: className, field, typeText: 'World | null', nullable: 'null', owners: [], confidence: 0.9, reason: 'test' };
}

const plan: MigrationPlan = {
  schemaVersion: 1,
  tool: { name: 'weakify', version: '0.1.0' },
  project: { tsconfig: 'tsconfig.json' },
  entries: [
    entry('src/bases.ts', 'Broadphase', 'world'),
    entry('src/subclasses.ts', 'SAPBroadphase', 'world'),
    entry('src/subclasses.ts', 'Car', 'owner'),
    entry('src/subclasses.ts', 'Circle', 'owner'),
  ],
};

/** Compile the project's files one by one (ES2022, ES modules) next to them, run main.js, return its output. */
function run(root: string): { stdout: string; stderr: string } {
  for (const name of ['world', 'bases', 'subclasses', 'main']) {
    const source = readFileSync(path.join(root, 'src', `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022 } });
    writeFileSync(path.join(root, 'src', `${name}.js`), outputText);
  }
  const result = spawnSync(process.execPath, [path.join(root, 'src/main.js')], { encoding: 'utf8' });
  return { stdout: result.stdout, stderr: result.stderr };
}

describe('weakref fields a base class constructor reaches before `#` fields exist', () => {
  let repo: TestRepo | undefined;
  afterEach(() => repo?.remove());

  it('get module-level WeakMaps, and the migrated project runs; a class whose base touches nothing keeps `#` fields', async () => {
    repo = createRepo(FILES);
    repo.commit('input');
    expect(run(repo.root)).toEqual({ stdout: 'true true true\n', stderr: '' });
    const loaded = loadProject({ tsconfig: repo.root });
    const result = await applyPlan({ plan, loaded, write: true, verify: true, allowDirty: false });
    expect(result.verify).toMatchObject({ ok: true, newDiagnostics: [] });
    expect(result.skipped).toEqual([]);
    expect(result.earlyTouched).toEqual([
      {
        file: 'src/subclasses.ts',
        class: 'SAPBroadphase',
        reason: "Broadphase's constructor uses `this.world` (src/bases.ts:7) before SAPBroadphase's `#` fields exist",
      },
      {
        file: 'src/subclasses.ts',
        class: 'Car',
        reason: "Engine's constructor calls `this.reset` (src/bases.ts:13), which Car overrides, before Car's `#` fields exist",
      },
    ]);
    const subclasses = readFileSync(path.join(repo.root, 'src/subclasses.ts'), 'utf8');
    expect(subclasses).toContain('new WeakMap');
    expect(subclasses).toMatch(/class Circle extends Shape \{\n {2}#owner/);
    expect(readFileSync(path.join(repo.root, 'src/bases.ts'), 'utf8')).toContain('#world');
    expect(run(repo.root)).toEqual({ stdout: 'true true true\n', stderr: '' });
  });
});
