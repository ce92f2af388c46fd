#!/usr/bin/env node
/**
 * Generates a deterministic TypeScript project of about N lines for the benchmarks:
 *
 *   node bench/generate-project.mjs 10k [--seed 1] [--out bench/.work/gen-10k]
 *
 * The project is made of modules (src/m<k>/), each an instance of one ownership pattern that
 * real code has (parent/children with `child.parent = this`, `new Widget(this)` into a Set,
 * a Map registry, a generic self-tree, a one-to-one `#field` owner, a base-class back-pointer
 * covering subclasses, an interface-typed collection, a three-class cycle) or of no cycle at all (services, plain functions),
 * with interfaces, generics, methods with loops and conditionals, and imports across modules
 * through index.ts re-exports. The same seed and size always give the same bytes, so timings
 * of two runs compare like with like.
 *
 * Besides the sources it writes tsconfig.json (strict, ES2022) and manifest.json, which lists
 * the back-pointers a correct analysis must find (file, class, field) and the longer cycles,
 * so the bench can check that the analysis it times did its job.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** `10k` -> 10000, `1.5m` -> 1500000, `800` -> 800. */
export function parseSize(text) {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(String(text).trim());
  if (!match) throw new Error(`Not a size: "${text}" (expected e.g. 10k, 100k, 300k)`);
  const factor = { '': 1, k: 1_000, m: 1_000_000 }[match[2].toLowerCase()];
  return Math.round(Number(match[1]) * factor);
}

/** mulberry32: tiny, fast, and good enough to vary generated code; fully determined by the seed. */
function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

const NOUNS = [
  'Scene', 'Layer', 'Panel', 'Order', 'Track', 'Album', 'Folder', 'Board', 'Team', 'Route', 'Graph', 'Sheet',
  'Canvas', 'Menu', 'Form', 'Course', 'Store', 'Fleet', 'Zone', 'Deck', 'Ledger', 'Shelf', 'Batch', 'Queue',
];
const PARTS = [
  'Item', 'Entry', 'Cell', 'Slot', 'Line', 'Node', 'Tile', 'Step', 'Field', 'Card', 'Leaf', 'Unit', 'Part', 'Row',
];

const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/**
 * Method bodies with real control flow over a class's own `values: number[]` and `label: string`,
 * so the checker has statements to bind, not just declarations. `k` keeps method names unique.
 */
const METHODS = [
  (k, r) => `  score${k}(limit: number): number {
    let total = 0;
    for (let i = 0; i < this.values.length && i < limit; i++) {
      const value = this.values[i];
      if (value % ${r.int(2, 7)} === 0) {
        total += value * ${r.int(2, 5)};
      } else if (value > limit) {
        total -= 1;
      } else {
        total += value;
      }
    }
    return total;
  }`,
  (k, r) => `  histogram${k}(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const value of this.values) {
      const bucket = Math.floor(value / ${r.int(3, 20)});
      counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    }
    return counts;
  }`,
  (k, r) => `  describe${k}(prefix: string): string {
    const parts: string[] = [];
    let index = 0;
    while (index < this.values.length) {
      const value = this.values[index];
      parts.push(value > ${r.int(10, 90)} ? \`\${prefix}:\${value}\` : String(value));
      index += ${r.int(1, 3)};
    }
    return \`\${this.label}[\${parts.join(', ')}]\`;
  }`,
  (k, r) => `  classify${k}(value: number): 'low' | 'mid' | 'high' {
    switch (Math.sign(value - ${r.int(10, 50)})) {
      case -1:
        return 'low';
      case 0:
        return 'mid';
      default:
        return value > ${r.int(60, 200)} ? 'high' : 'mid';
    }
  }`,
  (k, r) => `  normalized${k}(): number[] {
    const max = this.values.reduce((best, value) => Math.max(best, value), 1);
    return this.values.filter((value) => value >= ${r.int(0, 5)}).map((value) => value / max);
  }`,
];

/** A few methods for a class that declares `values` and `label`. */
function methods(r, count) {
  const lines = [];
  for (let k = 0; k < count; k++) lines.push(METHODS[(k + r.int(0, METHODS.length - 1)) % METHODS.length](k, r));
  return lines.join('\n\n');
}

const dataFields = `  values: number[] = [];
  label: string;`;

/**
 * Each pattern returns the files of one module and what it contributes to the manifest.
 * `ctx` has the module folder, names, the random source and earlier modules to import from.
 */
const PATTERNS = {
  /** Parent.children: Child[] with `child.parent = this` on add and a reset on remove. */
  oneToMany({ dir, r, n }) {
    const P = `${r.pick(NOUNS)}${n}`;
    const C = `${r.pick(PARTS)}${n}`;
    const pFile = `${dir}/${kebab(P)}.ts`;
    const cFile = `${dir}/${kebab(C)}.ts`;
    return {
      files: {
        [pFile]: `import { ${C} } from './${kebab(C)}.js';
import type { Options${n} } from './types.js';

/** Owns its ${C}s; the ${C} points back through \`parent\`. */
export class ${P} {
  readonly children: ${C}[] = [];
${dataFields}
  private version = 0;

  constructor(label: string, readonly options: Options${n}) {
    this.label = label;
  }

  add(child: ${C}): ${C} {
    if (child.parent && child.parent !== this) child.parent.remove(child);
    child.parent = this;
    this.children.push(child);
    this.version++;
    return child;
  }

  remove(child: ${C}): boolean {
    const index = this.children.indexOf(child);
    if (index < 0) return false;
    this.children.splice(index, 1);
    child.parent = null;
    this.version++;
    return true;
  }

  totalWeight(): number {
    let sum = 0;
    for (const child of this.children) {
      if (child.enabled) sum += child.weight * this.options.scale;
    }
    return sum + this.version * 0;
  }

${methods(r, r.int(2, 4))}
}
`,
        [cFile]: `import type { ${P} } from './${kebab(P)}.js';

export class ${C} {
  parent: ${P} | null = null;
  enabled = true;
${dataFields}

  constructor(label: string, public weight: number) {
    this.label = label;
  }

  path(): string {
    return this.parent ? \`\${this.parent.label}/\${this.label}\` : this.label;
  }

${methods(r, r.int(2, 4))}
}
`,
      },
      exports: [P, C],
      owner: { name: P, file: pFile },
      backPointers: [{ file: cFile, class: C, field: 'parent' }],
    };
  },

  /** The owner constructs its widgets passing itself and keeps them in a Set. */
  constructedInSet({ dir, r, n }) {
    const O = `${r.pick(NOUNS)}Host${n}`;
    const W = `${r.pick(PARTS)}Widget${n}`;
    const oFile = `${dir}/${kebab(O)}.ts`;
    const wFile = `${dir}/${kebab(W)}.ts`;
    return {
      files: {
        [oFile]: `import { ${W} } from './${kebab(W)}.js';

export class ${O} {
  private readonly widgets = new Set<${W}>();
${dataFields}

  constructor(label: string) {
    this.label = label;
  }

  create(label: string): ${W} {
    const widget = new ${W}(this, label);
    this.widgets.add(widget);
    return widget;
  }

  release(widget: ${W}): void {
    this.widgets.delete(widget);
  }

  get size(): number {
    return this.widgets.size;
  }

${methods(r, r.int(2, 4))}
}
`,
        [wFile]: `import type { ${O} } from './${kebab(O)}.js';

export class ${W} {
${dataFields}

  constructor(
    readonly host: ${O},
    label: string,
  ) {
    this.label = label;
  }

  close(): void {
    this.host.release(this);
  }

${methods(r, r.int(2, 3))}
}
`,
      },
      exports: [O, W],
      owner: { name: O, file: oFile },
      backPointers: [{ file: wFile, class: W, field: 'host' }],
    };
  },

  /** A registry keyed by name; entries keep a private pointer back to it. */
  mapRegistry({ dir, r, n }) {
    const R = `${r.pick(NOUNS)}Registry${n}`;
    const E = `${r.pick(PARTS)}Record${n}`;
    const rFile = `${dir}/${kebab(R)}.ts`;
    const eFile = `${dir}/${kebab(E)}.ts`;
    return {
      files: {
        [rFile]: `import { ${E} } from './${kebab(E)}.js';
import type { Result${n} } from './types.js';

export class ${R} {
  readonly entries = new Map<string, ${E}>();
${dataFields}

  constructor(label: string) {
    this.label = label;
  }

  register(key: string): Result${n}<${E}> {
    if (this.entries.has(key)) return { ok: false, error: \`duplicate key \${key}\` };
    const entry = new ${E}(this, key);
    this.entries.set(key, entry);
    return { ok: true, value: entry };
  }

${methods(r, r.int(2, 4))}
}
`,
        [eFile]: `import type { ${R} } from './${kebab(R)}.js';

export class ${E} {
  private registry: ${R};
${dataFields}

  constructor(registry: ${R}, readonly key: string) {
    this.registry = registry;
    this.label = key;
  }

  unregister(): boolean {
    return this.registry.entries.delete(this.key);
  }

${methods(r, r.int(2, 3))}
}
`,
      },
      exports: [R, E],
      owner: { name: R, file: rFile },
      backPointers: [{ file: eFile, class: E, field: 'registry' }],
    };
  },

  /** A generic tree of one class. */
  selfTree({ dir, r, n }) {
    const T = `${r.pick(NOUNS)}Tree${n}`;
    const file = `${dir}/${kebab(T)}.ts`;
    return {
      files: {
        [file]: `export class ${T}<T> {
  parent: ${T}<T> | undefined;
  readonly children: ${T}<T>[] = [];
${dataFields}

  constructor(public value: T, label = 'node') {
    this.label = label;
  }

  append(value: T): ${T}<T> {
    const node = new ${T}(value, \`\${this.label}.\${this.children.length}\`);
    node.parent = this;
    this.children.push(node);
    return node;
  }

  detach(): void {
    if (!this.parent) return;
    const siblings = this.parent.children;
    siblings.splice(siblings.indexOf(this), 1);
    this.parent = undefined;
  }

  depth(): number {
    let depth = 0;
    for (let node = this.parent; node; node = node.parent) depth++;
    return depth;
  }

  *walk(): Generator<${T}<T>> {
    yield this;
    for (const child of this.children) yield* child.walk();
  }

${methods(r, r.int(2, 4))}
}
`,
      },
      exports: [T],
      owner: { name: T, file, generic: true },
      backPointers: [{ file, class: T, field: 'parent' }],
    };
  },

  /** An editor that creates its session in the constructor and holds it in an ES private field. */
  oneToOne({ dir, r, n }) {
    const E = `${r.pick(NOUNS)}Editor${n}`;
    const S = `${r.pick(NOUNS)}Session${n}`;
    const eFile = `${dir}/${kebab(E)}.ts`;
    const sFile = `${dir}/${kebab(S)}.ts`;
    return {
      files: {
        [eFile]: `import { ${S} } from './${kebab(S)}.js';

export class ${E} {
  #session: ${S};
${dataFields}

  constructor(label: string) {
    this.label = label;
    this.#session = new ${S}(this);
  }

  restart(): ${S} {
    this.#session = new ${S}(this);
    return this.#session;
  }

  get sessionId(): number {
    return this.#session.id;
  }

${methods(r, r.int(2, 4))}
}
`,
        [sFile]: `import type { ${E} } from './${kebab(E)}.js';

let nextId = 1;

export class ${S} {
  readonly id = nextId++;
${dataFields}

  constructor(private readonly editor: ${E}) {
    this.label = editor.label;
  }

  title(): string {
    return \`\${this.editor.label} #\${this.id}\`;
  }

${methods(r, r.int(2, 3))}
}
`,
      },
      exports: [E, S],
      owner: { name: E, file: eFile },
      backPointers: [{ file: sFile, class: S, field: 'editor' }],
    };
  },

  /** The back-pointer is declared in an abstract base; the owner holds the base type. */
  baseClass({ dir, r, n }) {
    const G = `${r.pick(NOUNS)}Object${n}`;
    const B = `Component${n}`;
    const gFile = `${dir}/${kebab(G)}.ts`;
    const bFile = `${dir}/components.ts`;
    return {
      files: {
        [gFile]: `import type { ${B} } from './components.js';

export class ${G} {
  readonly components: ${B}[] = [];
${dataFields}

  constructor(label: string) {
    this.label = label;
  }

  attach<C extends ${B}>(component: C): C {
    component.owner = this;
    this.components.push(component);
    component.onAttach();
    return component;
  }

  update(dt: number): void {
    for (const component of this.components) {
      if (component.active) component.update(dt);
    }
  }

${methods(r, r.int(2, 3))}
}
`,
        [bFile]: `import type { ${G} } from './${kebab(G)}.js';

export abstract class ${B} {
  owner: ${G} | null = null;
  active = true;

  onAttach(): void {}
  abstract update(dt: number): void;
}

export class Renderer${n} extends ${B} {
  frames = 0;
  update(dt: number): void {
    if (dt > 0) this.frames++;
  }
}

export class Collider${n} extends ${B} {
  radius = ${r.int(1, 9)};
  update(dt: number): void {
    this.radius = Math.max(1, this.radius - dt * 0.001);
  }
}
`,
      },
      exports: [G, B, `Renderer${n}`, `Collider${n}`],
      owner: { name: G, file: gFile },
      backPointers: [{ file: bFile, class: B, field: 'owner' }],
    };
  },

  /** The owner's collection is typed by an interface; the implementing class points back. */
  interfaceCollection({ dir, r, n }) {
    const B = `${r.pick(NOUNS)}Bus${n}`;
    const L = `Listener${n}`;
    const S = `${r.pick(PARTS)}Subscriber${n}`;
    const bFile = `${dir}/${kebab(B)}.ts`;
    const sFile = `${dir}/${kebab(S)}.ts`;
    return {
      files: {
        [`${dir}/listener.ts`]: `export interface ${L} {
  readonly label: string;
  notify(event: string, payload: number): boolean;
}
`,
        [bFile]: `import type { ${L} } from './listener.js';
import { ${S} } from './${kebab(S)}.js';

export class ${B} {
  private readonly listeners = new Set<${L}>();
${dataFields}

  constructor(label: string) {
    this.label = label;
  }

  subscribe(label: string): ${S} {
    const subscriber = new ${S}(this, label);
    this.listeners.add(subscriber);
    return subscriber;
  }

  unsubscribe(listener: ${L}): void {
    this.listeners.delete(listener);
  }

  emit(event: string, payload: number): number {
    let handled = 0;
    for (const listener of this.listeners) {
      if (listener.notify(event, payload)) handled++;
    }
    return handled;
  }

${methods(r, r.int(2, 3))}
}
`,
        [sFile]: `import type { ${B} } from './${kebab(B)}.js';
import type { ${L} } from './listener.js';

export class ${S} implements ${L} {
  private received = 0;
${dataFields}

  constructor(
    private readonly bus: ${B},
    label: string,
  ) {
    this.label = label;
  }

  notify(event: string, payload: number): boolean {
    if (!event.startsWith(this.label)) return false;
    this.values.push(payload);
    this.received++;
    return true;
  }

  leave(): void {
    this.bus.unsubscribe(this);
  }

${methods(r, r.int(2, 3))}
}
`,
      },
      exports: [B, S],
      owner: { name: B, file: bFile },
      backPointers: [{ file: sFile, class: S, field: 'bus' }],
    };
  },

  /** Pipeline -> Stage[] -> Port[] -> Pipeline: a cycle of three with no direct pair. */
  threeCycle({ dir, n }) {
    const file = `${dir}/pipeline.ts`;
    return {
      files: {
        [file]: `export class Pipeline${n} {
  readonly stages: Stage${n}[] = [];

  stage(name: string): Stage${n} {
    const stage = new Stage${n}(name);
    this.stages.push(stage);
    return stage;
  }
}

export class Stage${n} {
  readonly ports: Port${n}[] = [];
  constructor(readonly name: string) {}

  connect(pipeline: Pipeline${n}): Port${n} {
    const port = new Port${n}(pipeline);
    this.ports.push(port);
    return port;
  }
}

export class Port${n} {
  constructor(public pipeline: Pipeline${n}) {}

  stageCount(): number {
    return this.pipeline.stages.length;
  }
}
`,
      },
      exports: [`Pipeline${n}`, `Stage${n}`, `Port${n}`],
      owner: null,
      backPointers: [],
      cycles: [{ file, members: [`Pipeline${n}.stages`, `Stage${n}.ports`, `Port${n}.pipeline`] }],
    };
  },

  /** No cycle: a service using an earlier module's classes one way, a cache, helper functions. */
  service({ dir, r, n, earlier }) {
    const S = `${r.pick(NOUNS)}Service${n}`;
    const file = `${dir}/${kebab(S)}.ts`;
    const dep = earlier.length > 0 ? r.pick(earlier) : null;
    const depImport = dep ? `import { ${dep.name} } from '../m${dep.module}/index.js';\n` : '';
    const depField = dep ? `  private readonly sources: ${dep.name}${dep.generic ? '<number>' : ''}[] = [];\n` : '';
    const depMethod = dep
      ? `
  track(source: ${dep.name}${dep.generic ? '<number>' : ''}): number {
    this.sources.push(source);
    return this.sources.length;
  }

  labels(): string[] {
    return this.sources.map((source) => source.label).sort();
  }
`
      : '';
    return {
      files: {
        [file]: `${depImport}import { checksum${n}, clamp${n} } from './util.js';
import type { Options${n} } from './types.js';

export class ${S} {
  private readonly cache = new Map<string, number>();
${depField}${dataFields}

  constructor(private readonly options: Options${n}) {
    this.label = options.name;
  }

  lookup(key: string): number {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const value = clamp${n}(checksum${n}(key) * this.options.scale, 0, ${r.int(100, 1000)});
    this.cache.set(key, value);
    return value;
  }
${depMethod}
${methods(r, r.int(2, 4))}
}
`,
      },
      exports: [S],
      owner: null,
      backPointers: [],
    };
  },
};

const CYCLIC = ['oneToMany', 'constructedInSet', 'mapRegistry', 'selfTree', 'oneToOne', 'baseClass', 'interfaceCollection'];

/** types.ts and util.ts: every module has them (interfaces, generic aliases, plain functions). */
function sharedFiles(dir, r, n) {
  return {
    [`${dir}/types.ts`]: `export interface Options${n} {
  readonly name: string;
  readonly scale: number;
  readonly tags?: readonly string[];
}

export type Result${n}<T> = { ok: true; value: T } | { ok: false; error: string };

export function unwrap${n}<T>(result: Result${n}<T>, fallback: T): T {
  return result.ok ? result.value : fallback;
}
`,
    [`${dir}/util.ts`]: `export function clamp${n}(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

export function checksum${n}(text: string): number {
  let hash = ${r.int(1, 9999)};
  for (let i = 0; i < text.length; i++) {
    hash = (hash * 31 + text.charCodeAt(i)) % 1000003;
  }
  return hash;
}

export function groupBy${n}<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
`,
  };
}

const countLines = (text) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/**
 * Builds the project in memory: { files: Map<relativePath, text>, manifest }.
 * Modules are added until the line count reaches `lines`.
 */
export function generateProject({ lines, seed = 1 }) {
  const r = createRandom(seed);
  const files = new Map();
  const backPointers = [];
  const cycles = [];
  const earlier = [];
  let total = 0;
  let classes = 0;
  for (let n = 0; total < lines; n++) {
    const dir = `src/m${n}`;
    // Roughly half the modules hold an ownership cycle; one in twelve a three-class cycle.
    const roll = r.next();
    const kind = roll < 0.5 ? CYCLIC[n % CYCLIC.length] : roll < 0.58 ? 'threeCycle' : 'service';
    const module = PATTERNS[kind]({ dir, r, n, earlier });
    const all = { ...module.files, ...sharedFiles(dir, r, n) };
    // Cross-module imports go through this barrel, so the checker resolves re-exports too.
    all[`${dir}/index.ts`] = `${Object.keys(module.files)
      .map((file) => `export * from './${path.posix.basename(file, '.ts')}.js';`)
      .join('\n')}\nexport * from './types.js';\nexport * from './util.js';\n`;
    for (const [file, text] of Object.entries(all)) {
      files.set(file, text);
      total += countLines(text);
      classes += (text.match(/^export (?:abstract )?class /gm) ?? []).length;
    }
    backPointers.push(...module.backPointers);
    cycles.push(...(module.cycles ?? []));
    if (module.owner) earlier.push({ ...module.owner, module: n });
  }
  const manifest = {
    generator: 'bench/generate-project.mjs',
    seed,
    targetLines: lines,
    lines: total,
    files: files.size,
    classes,
    expectedBackPointers: backPointers,
    expectedCycles: cycles,
  };
  return { files, manifest };
}

export const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    types: [],
    skipLibCheck: true,
  },
  include: ['src'],
};

/** Writes the project into `out` (replacing it) and returns its manifest. */
export function writeProject(out, options) {
  const { files, manifest } = generateProject(options);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(path.join(out, 'tsconfig.json'), json(tsconfig));
  writeFileSync(path.join(out, 'package.json'), json({ name: `gen-${options.lines}`, private: true, type: 'module' }));
  writeFileSync(path.join(out, 'manifest.json'), json(manifest));
  const dirs = new Set();
  for (const [file, text] of files) {
    const dir = path.join(out, path.dirname(file));
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    writeFileSync(path.join(out, file), text);
  }
  return manifest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { seed: { type: 'string', default: '1' }, out: { type: 'string' } },
  });
  const sizeText = positionals[0] ?? '10k';
  const lines = parseSize(sizeText);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const out = path.resolve(values.out ?? path.join(here, '.work', `gen-${sizeText}`));
  const manifest = writeProject(out, { lines, seed: Number(values.seed) });
  process.stdout.write(
    `${path.relative(process.cwd(), out) || '.'}: ${manifest.lines} lines, ${manifest.files} files, ${manifest.classes} classes, ` +
      `${manifest.expectedBackPointers.length} expected back-pointers, ${manifest.expectedCycles.length} three-class cycles\n`,
  );
}
