#!/usr/bin/env node
/**
 * Retained heap when one leaf of a large tree is kept and the root is dropped, before and after
 * the weakref-accessor migration (issue 3):
 *
 *   node --expose-gc bench/heap-retention.mjs [--nodes 100000] [--branching 4] [--payload 16] [--json]
 *
 * Before, the leaf's `parent` chain keeps every ancestor alive, and through their `children`
 * arrays the whole tree. After, `parent` is a WeakRef, so only the leaf stays.
 * The classes come from bench/tree-shapes.mjs (the transform's current output). Each variant runs
 * in its own process, so one variant's garbage or JIT state cannot skew the other's numbers.
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
    branching: { type: 'string', default: '4' },
    payload: { type: 'string', default: '16' },
    variant: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const nodes = Number(opts.nodes);
const branching = Number(opts.branching);
const payload = Number(opts.payload);
const MB = 1024 * 1024;

/**
 * Full collection with the event loop turned first: a WeakRef target created or deref'd in the
 * current job is kept alive until the job ends (the spec's KeepDuringJob list).
 */
async function collect() {
  for (let i = 0; i < 3; i++) {
    await turn();
    globalThis.gc();
  }
  return process.memoryUsage().heapUsed;
}

/** Breadth-first tree of `count` nodes; returns the root and the last (deepest) leaf. */
function buildTree(TreeNode) {
  const all = [new TreeNode(0, payload)];
  for (let id = 1; id < nodes; id++) all.push(all[Math.floor((id - 1) / branching)].append(new TreeNode(id, payload)));
  return { root: all[0], leaf: all[all.length - 1] };
}

/** Child process: measure one variant and print its numbers as JSON. */
async function measureVariant(variant) {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
  const { TreeNode } = await import(pathToFileURL(path.join(here, '.work', 'shapes', `${variant}.mjs`)).href);
  const baseline = await collect();
  let { root, leaf } = buildTree(TreeNode);
  const whole = (await collect()) - baseline;
  let depth = 0;
  for (let node = leaf; node; node = node.parent) depth++;
  root = null;
  const retained = (await collect()) - baseline;
  // What the kept leaf can still reach: the whole ancestor chain before, nothing after.
  let reachable = 0;
  for (let node = leaf.parent; node; node = node.parent) reachable++;
  return { variant, nodes, depth, wholeTree: whole, retained, ancestorsReachable: reachable, keep: [root, leaf.id] };
}

if (opts.variant) {
  const result = await measureVariant(opts.variant);
  delete result.keep;
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const { loadShapes } = await import('./tree-shapes.mjs');
  await loadShapes(); // writes .work/shapes/{before,after}.mjs from the current transform
  const run = (variant) => {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', self, '--variant', variant, '--nodes', String(nodes), '--branching', String(branching), '--payload', String(payload)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (child.status !== 0) throw new Error(`heap-retention --variant ${variant} failed (exit ${child.status})`);
    return JSON.parse(child.stdout);
  };
  const before = run('before');
  const after = run('after');
  const mb = (bytes) => (bytes / MB).toFixed(2);
  const rows = [before, after].map((r) => [
    r.variant === 'before' ? 'plain `parent` field' : '`#parent` WeakRef accessor',
    mb(r.wholeTree),
    String(Math.round(r.wholeTree / r.nodes)),
    mb(r.retained),
    `${((100 * r.retained) / r.wholeTree).toFixed(1)}%`,
    String(r.ancestorsReachable),
  ]);
  const header = ['shape', 'whole tree MB', 'bytes per node', 'retained by one leaf MB', 'of tree', 'ancestors reachable from leaf'];
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const markdown = `## Retained heap: one leaf of a tree kept

A tree of ${nodes.toLocaleString('en')} \`TreeNode\`s (branching ${branching}, depth ${before.depth}, ${payload} numbers of payload each)
is built, the root is dropped and only the deepest leaf is kept; heap used after a full GC (event loop
turned first), minus the heap before the tree was built. The "after" class is the current
transforms/weakref-accessor.ts output (bench/tree-shapes.mjs).

${[line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n')}`;
  if (opts.json) process.stdout.write(`${JSON.stringify({ before, after, markdown })}\n`);
  else process.stdout.write(`${markdown}\n`);
}
