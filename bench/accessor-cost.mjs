#!/usr/bin/env node
/**
 * What reading a back-pointer through the weakref accessor costs next to a plain field (issue 3):
 *
 *   node bench/accessor-cost.mjs [--nodes 100000] [--samples 7] [--json]
 *
 * Two loops, per shape (bench/tree-shapes.mjs: the transform's current output vs the plain class):
 *   - walk to root: from every leaf of a tree, follow `parent` to the root (nullable getter);
 *   - owner reads: read `item.owner.name.length` for every item (non-nullable, throwing getter).
 * Each shape runs in its own process (no shared, polymorphic call sites between them), warms up,
 * then takes the fastest of several timed samples, each in its own macrotask so WeakRef targets
 * kept alive by deref() are released between samples as they would be between a program's jobs.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setImmediate as turn } from 'node:timers/promises';

const self = fileURLToPath(import.meta.url);
const here = path.dirname(self);

const { values: opts } = parseArgs({
  options: {
    nodes: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '7' },
    variant: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const nodes = Number(opts.nodes);
const samples = Math.max(1, Number(opts.samples));

/**
 * Times `body` (returning how many back-pointer reads it did): ns per read of the fastest sample.
 * The fastest, not the median: on a shared machine the slow samples measure the neighbours.
 */
async function timePerRead(body) {
  for (let i = 0; i < 3; i++) body(); // warm-up, so the timed samples run optimised code
  const perRead = [];
  for (let i = 0; i < samples; i++) {
    await turn();
    const start = process.hrtime.bigint();
    const reads = body();
    perRead.push(Number(process.hrtime.bigint() - start) / reads);
  }
  return Math.min(...perRead);
}

let sink = 0; // results feed this so the loops cannot be optimised away
// The owners must stay alive through strong references, as in a real program (the tree through
// `all`, the owners through this array): with WeakRef back-pointers nothing else holds them.
const keepAlive = [];

async function measureVariant(variant) {
  const { TreeNode, Owner } = await import(pathToFileURL(path.join(here, '.work', 'shapes', `${variant}.mjs`)).href);
  const all = [new TreeNode(0, 0)];
  for (let id = 1; id < nodes; id++) all.push(all[(id - 1) >> 2].append(new TreeNode(id, 0)));
  keepAlive.push(all);
  const leaves = all.filter((node) => node.children.length === 0);
  const walkToRoot = () => {
    let reads = 0;
    let sum = 0; // a local small integer: a module-level float accumulator would allocate per read
    for (const leaf of leaves) {
      for (let node = leaf.parent; node !== undefined; node = node.parent) {
        sum = (sum + node.id) | 0;
        reads++;
      }
      reads++; // the read that returned undefined at the root
    }
    sink ^= sum;
    return reads;
  };
  const owners = Array.from({ length: 100 }, (_, i) => new Owner(`owner-${i}`));
  keepAlive.push(owners);
  const items = [];
  for (let i = 0; i < nodes; i++) items.push(owners[i % owners.length].add());
  const ownerReads = () => {
    let sum = 0;
    for (let round = 0; round < 5; round++) {
      for (const item of items) sum = (sum + item.owner.name.length) | 0;
    }
    sink ^= sum;
    return items.length * 5;
  };
  const walkNs = await timePerRead(walkToRoot);
  const ownerNs = await timePerRead(ownerReads);
  // Both shapes must do the same work: a collected ancestor would shorten the walk.
  return { variant, walkNs, ownerNs, readsPerWalk: walkToRoot(), sink: sink % 2 };
}

if (opts.variant) {
  process.stdout.write(`${JSON.stringify(await measureVariant(opts.variant))}\n`);
} else {
  const { loadShapes } = await import('./tree-shapes.mjs');
  await loadShapes(); // writes .work/shapes/{before,after}.mjs from the current transform
  const run = (variant) => {
    const child = spawnSync(process.execPath, [self, '--variant', variant, '--nodes', String(nodes), '--samples', String(samples)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (child.status !== 0) throw new Error(`accessor-cost --variant ${variant} failed (exit ${child.status})`);
    return JSON.parse(child.stdout);
  };
  const before = run('before');
  const after = run('after');
  if (before.readsPerWalk !== after.readsPerWalk) {
    throw new Error(`the shapes did different work: ${before.readsPerWalk} vs ${after.readsPerWalk} reads per walk`);
  }
  const rows = [
    ['walk leaf to root (`parent`, nullable getter)', before.walkNs, after.walkNs],
    ['read `item.owner` (non-nullable, throwing getter)', before.ownerNs, after.ownerNs],
  ].map(([loop, plain, accessor]) => [loop, plain.toFixed(2), accessor.toFixed(2), `${(accessor / plain).toFixed(1)}x`]);
  const header = ['loop', 'plain field ns/read', 'WeakRef accessor ns/read', 'ratio'];
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const markdown = `## Cost of reading a back-pointer through the accessor

Fastest of ${samples} samples after warm-up, each shape in its own process; ${nodes.toLocaleString('en')} tree nodes
(branching 4) walked from every leaf to the root, and ${nodes.toLocaleString('en')} items reading their owner 5 times.
The accessor is the current transforms/weakref-accessor.ts output (bench/tree-shapes.mjs).
\`deref()\` also adds its target to the set the engine keeps alive until the current job ends, so the
cost grows with the number of distinct objects dereferenced in one job (here up to ${nodes.toLocaleString('en')}),
and varies more from run to run than a plain field read does.

${[line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n')}`;
  if (opts.json) process.stdout.write(`${JSON.stringify({ before, after, markdown })}\n`);
  else process.stdout.write(`${markdown}\n`);
}
