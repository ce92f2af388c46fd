import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { deletedElsewhere } from '../../src/apply/deleted-elsewhere.js';
import type { MigrationPlan, PlanEntry } from '../../src/plan/migration-plan.js';
import { loadProject } from '../../src/project/load-project.js';
import { createTempProject, TSCONFIG, type TempProject } from './temp-project.js';
import { planEntry } from './fake-transforms.js';

// maptalks' shape: a layer's back-pointer to its map, removed with `delete`, which does nothing
// to an accessor on the prototype. `delete this.map` in Layer's own code the transform rewrites;
// the rest only the whole program shows.
const LAYER = `export class MapView {
  layers: Layer[] = [];
}

export class Layer {
  map?: MapView;

  remove(): void {
    delete this.map;
  }
}
`;

const entry = (overrides: Partial<PlanEntry> = {}) =>
  planEntry({ id: 'layer-map', file: 'src/layer.ts', class: 'Layer', field: 'map', typeText: 'MapView', nullable: 'undefined', owners: [{ file: 'src/layer.ts', class: 'MapView', field: 'layers', container: 'array' }], ...overrides });

function plan(entries: PlanEntry[]): MigrationPlan {
  return { schemaVersion: 1, tool: { name: 'weakify', version: '0.1.0' }, project: { tsconfig: 'tsconfig.json' }, entries };
}

const refusal = (at: string) => ({
  entryId: 'layer-map',
  file: 'src/layer.ts',
  reason: `Layer.map is removed with \`delete\` at ${at}, which does nothing to the accessor the weakref fix adds (it lives on the prototype), so the object would keep pointing at what it left: assign undefined there instead, or use the dispose fix.`,
});

describe('deletedElsewhere', () => {
  let project: TempProject;
  afterEach(() => project.remove());

  it("leaves `delete this.map` in the field's own class to the transform", () => {
    project = createTempProject({ 'tsconfig.json': TSCONFIG, 'src/layer.ts': LAYER });
    expect(deletedElsewhere(loadProject({ tsconfig: project.root }), [entry()])).toEqual([]);
  });

  it('refuses the entry for a delete through another object, a subclass, a function or a string key, and names the first', () => {
    const cases: Record<string, string> = {
      'src/detach.ts': `import type { Layer } from './layer.js';\n\nexport function detach(layer: Layer): void {\n  delete layer.map;\n}\n`,
      'src/sub.ts': `import { Layer } from './layer.js';\n\nexport class Overlay extends Layer {\n  reset(): void {\n    delete this.map;\n  }\n}\n`,
      'src/keyed.ts': `import type { Layer } from './layer.js';\n\nexport const clear = (layer: Layer) => delete layer['map'];\n`,
    };
    for (const [file, text] of Object.entries(cases)) {
      project = createTempProject({ 'tsconfig.json': TSCONFIG, 'src/layer.ts': LAYER, [file]: text });
      const line = text.split('\n').findIndex((row) => row.includes('delete')) + 1;
      expect(deletedElsewhere(loadProject({ tsconfig: project.root }), [entry()])).toEqual([refusal(`${file}:${line}`)]);
      project.remove();
    }
    project = createTempProject({ 'tsconfig.json': TSCONFIG, 'src/layer.ts': LAYER });
  });

  it('matches a class expression by the name the analysis gives it', () => {
    const expression = LAYER.replace('export class Layer {', 'export const Layer = class {').replace(/\n}\n$/, '\n};\nexport type Layer = InstanceType<typeof Layer>;\n');
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/layer.ts': expression,
      'src/detach.ts': `import type { Layer } from './layer.js';\n\nexport function detach(layer: Layer): void {\n  delete layer.map;\n}\n`,
    });
    expect(deletedElsewhere(loadProject({ tsconfig: project.root }), [entry()])).toEqual([refusal('src/detach.ts:4')]);
  });

  it("ignores deletes of another class's field of the same name, and entries that are not weakref", () => {
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/layer.ts': LAYER,
      'src/legend.ts': `import type { MapView } from './layer.js';\n\nexport class Legend {\n  map?: MapView;\n}\n\nexport function clear(legend: Legend): void {\n  delete legend.map;\n}\n`,
      'src/detach.ts': `import type { Layer } from './layer.js';\n\nexport function detach(layer: Layer): void {\n  delete layer.map;\n}\n`,
    });
    const loaded = loadProject({ tsconfig: project.root });
    expect(deletedElsewhere(loaded, [entry({ action: 'dispose' })])).toEqual([]);
    expect(deletedElsewhere(loaded, [entry()])).toEqual([refusal('src/detach.ts:4')]);
  });

  it('apply rewrites the own delete, verifies, and leaves the refused entry out with its reason', async () => {
    project = createTempProject({ 'tsconfig.json': TSCONFIG, 'src/layer.ts': LAYER });
    const own = await applyPlan({ plan: plan([entry({ action: 'weakref' })]), loaded: loadProject({ tsconfig: project.root }), write: false, verify: true, allowDirty: false });
    expect(own.verify?.ok).toBe(true);
    expect(own.diff).toContain('-    delete this.map;\n+    this.map = undefined;\n');
    project.write({ 'src/detach.ts': `import type { Layer } from './layer.js';\n\nexport function detach(layer: Layer): void {\n  delete layer.map;\n}\n` });
    const refused = await applyPlan({ plan: plan([entry({ action: 'weakref' })]), loaded: loadProject({ tsconfig: project.root }), write: false, verify: true, allowDirty: false });
    expect(refused.skipped).toEqual([refusal('src/detach.ts:4')]);
    expect(refused.changes.files).toEqual([]);
  });
});
