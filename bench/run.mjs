#!/usr/bin/env node
/**
 * `npm run bench`: how long `weakify analyze` takes next to `tsc --noEmit` on the same project,
 * and how much memory it needs, on generated projects of growing size and one real project.
 *
 *   node bench/run.mjs [--sizes 10k,100k,300k] [--runs 3] [--budget 150] [--only analysis,heap,accessor,suggest] [--no-real]
 *
 * `--only suggest` (not in the default set: it costs a few minutes) times `weakify suggest` on
 * one-file changes of the generated 100k project against its full analysis (bench/suggest.mjs).
 *
 * Both tools run as separate processes, alternately, in the same invocation, so machine load
 * affects them alike; the median of the runs is reported. Ratio = weakify / tsc: the analysis
 * loads and type-checks the same program, so tsc is the natural unit of cost. No further run of a
 * project starts once --budget seconds were spent on it.
 *
 * Results are printed and written to bench/results/latest.md, one marked section per
 * measurement (`--only heap` replaces the heap section and keeps the others).
 * Requires `npm run build` (the CLI runs from dist/), or WEAKIFY_BIN pointing at another build.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseSize, writeProject } from './generate-project.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const workRoot = path.join(here, '.work');
const resultsFile = path.join(here, 'results', 'latest.md');
const tscBin = path.join(repo, 'node_modules/typescript/bin/tsc');
// WEAKIFY_BIN: benchmark another build of the CLI (e.g. a checkout of an older commit).
const weakifyBin = path.resolve(process.env.WEAKIFY_BIN ?? path.join(repo, 'bin/weakify.js'));
const timeBin = ['/usr/bin/time', '/bin/time'].find((file) => existsSync(file));

/** The real project: pinned, unpacked from the registry as a user would get it. */
const REAL = {
  name: 'rxjs',
  version: '7.8.2',
  deps: { tslib: '2.8.1' },
  // rxjs publishes src/ with a tsconfig that TypeScript 6 rejects (baseUrl, moduleResolution
  // node); this one keeps its strictness and path mapping with current options.
  tsconfig: {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      module: 'ESNext',
      moduleResolution: 'Bundler',
      strict: true,
      noImplicitReturns: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      paths: {
        rxjs: ['./src/index'],
        'rxjs/operators': ['./src/operators/index'],
        'rxjs/testing': ['./src/testing/index'],
        'rxjs/ajax': ['./src/ajax/index'],
        'rxjs/webSocket': ['./src/webSocket/index'],
        'rxjs/fetch': ['./src/fetch/index'],
        'rxjs/internal/*': ['./src/internal/*'],
      },
    },
    include: ['src/**/*.ts'],
  },
};

const { values: opts } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10k,100k,300k' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string', default: 'analysis,heap,accessor' },
    'no-real': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    budget: { type: 'string', default: '150' },
  },
});
const runs = Math.max(1, Number.parseInt(opts.runs, 10) || 1);
// Seconds per project after which no further run starts (at least one always runs), so the large
// sizes keep the whole bench within minutes on a small machine; the table shows the runs made.
const budgetSeconds = Number(opts.budget);
const only = new Set(opts.only.split(',').map((s) => s.trim()).filter(Boolean));
for (const part of only) {
  if (!['analysis', 'heap', 'accessor', 'suggest'].includes(part)) {
    process.stderr.write(`bench: unknown --only value "${part}" (expected analysis, heap, accessor, suggest)\n`);
    process.exit(2);
  }
}
const sizes = opts.sizes.split(',').map((s) => s.trim()).filter(Boolean);
const log = (line) => process.stderr.write(`${line}\n`);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs a command, returning wall seconds, peak RSS (MB, from /usr/bin/time when present),
 * exit status and output. Wall time is taken around the whole process, start-up included,
 * because that is what the user waits for.
 */
function measure(command, args, { cwd }) {
  const rssFile = path.join(os.tmpdir(), `weakify-bench-${process.pid}.rss`);
  const [cmd, argv] = timeBin ? [timeBin, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const child = spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.error) throw child.error;
  let peakMB = null;
  if (timeBin && existsSync(rssFile)) {
    // GNU time writes "Command exited with non-zero status N" before the value in that case.
    const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    if (Number.isFinite(kb)) peakMB = kb / 1024;
    rmSync(rssFile, { force: true });
  }
  return { seconds, peakMB, status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Generates (or reuses, when generator, size and seed are unchanged) a project; returns its dir. */
function generated(sizeText) {
  const lines = parseSize(sizeText);
  const seed = Number(opts.seed);
  const dir = path.join(workRoot, `gen-${sizeText}`);
  const generatorHash = createHash('sha1').update(readFileSync(path.join(here, 'generate-project.mjs'))).digest('hex');
  const stamp = JSON.stringify({ generatorHash, lines, seed });
  const stampFile = path.join(dir, '.stamp');
  if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
    log(`generating ${sizeText} lines into ${path.relative(repo, dir)}`);
    writeProject(dir, { lines, seed });
    writeFileSync(stampFile, stamp);
  }
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  return { label: `generated ${sizeText}`, dir, tsconfig: 'tsconfig.json', manifest };
}

/**
 * Unpacks the pinned real package once (npm pack) into <work>/real/<name>-<version>/package and
 * installs the packages its sources import next to it (TypeScript finds them by walking up):
 * installing inside the unpacked package would make npm resolve its devDependencies too.
 */
function real() {
  const root = path.join(workRoot, 'real', `${REAL.name}-${REAL.version}`);
  const dir = path.join(root, 'package');
  if (!existsSync(path.join(root, '.ready'))) {
    log(`fetching ${REAL.name}@${REAL.version}`);
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const npm = (args) => {
      const child = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${child.stderr.trim()}`);
      return child.stdout;
    };
    const tarball = npm(['pack', `${REAL.name}@${REAL.version}`, '--silent']).trim().split('\n').pop();
    execFileSync('tar', ['xzf', tarball], { cwd: root });
    rmSync(path.join(root, tarball));
    writeFileSync(path.join(root, 'package.json'), `${JSON.stringify({ private: true, dependencies: REAL.deps }, null, 2)}\n`);
    if (Object.keys(REAL.deps).length > 0) npm(['install', '--ignore-scripts']);
    writeFileSync(path.join(dir, 'tsconfig.bench.json'), `${JSON.stringify(REAL.tsconfig, null, 2)}\n`);
    writeFileSync(path.join(root, '.ready'), '');
  }
  return { label: `${REAL.name}@${REAL.version} src/`, dir, tsconfig: 'tsconfig.bench.json', manifest: null };
}

/** Lines and files of the project's own sources (the program minus lib and node_modules files). */
function sourceSize(project) {
  const out = execFileSync(process.execPath, [tscBin, '--listFilesOnly', '-p', project.tsconfig], {
    cwd: project.dir,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const files = out
    .split('\n')
    .map((line) => line.trim())
    .filter((file) => file && !file.includes('/node_modules/') && path.resolve(project.dir, file).startsWith(project.dir));
  let lines = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    lines += text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  }
  return { lines, files: files.length };
}

/**
 * Back-pointers the generator planted that the analysis reported (file + class + field); planted
 * three-class cycles with a member reported as a candidate; and candidates outside both.
 */
function recall(manifest, result) {
  if (!manifest || !result) return null;
  const key = (file, cls, field) => `${file}#${cls}#${field}`;
  const found = new Set(result.candidates.map((c) => key(c.file, c.class, c.field)));
  const expected = new Set(manifest.expectedBackPointers.map((b) => key(b.file, b.class, b.field)));
  const cycleKeys = manifest.expectedCycles.map((cycle) =>
    cycle.members.map((member) => key(cycle.file, ...member.split('.'))),
  );
  const inCycles = new Set(cycleKeys.flat());
  return {
    found: [...expected].filter((k) => found.has(k)).length,
    expected: expected.size,
    cyclesFound: cycleKeys.filter((members) => members.some((k) => found.has(k))).length,
    cycles: cycleKeys.length,
    unexpected: [...found].filter((k) => !expected.has(k) && !inCycles.has(k)).length,
  };
}

function benchAnalysis(project) {
  const size = sourceSize(project);
  const tscTimes = [];
  const weakifyTimes = [];
  const peaks = [];
  const tscPeaks = [];
  let result = null;
  let tscErrors = 0;
  const started = process.hrtime.bigint();
  for (let run = 1; run <= runs; run++) {
    if (run > 1 && Number(process.hrtime.bigint() - started) / 1e9 > budgetSeconds) {
      log(`  ${project.label}: time budget of ${budgetSeconds} s spent, stopping after ${run - 1} run${run > 2 ? 's' : ''}`);
      break;
    }
    const tsc = measure(process.execPath, [tscBin, '--noEmit', '-p', project.tsconfig], { cwd: project.dir });
    tscErrors = (tsc.stdout.match(/error TS\d+/g) ?? []).length;
    tscTimes.push(tsc.seconds);
    if (tsc.peakMB !== null) tscPeaks.push(tsc.peakMB);
    const weakify = measure(process.execPath, [weakifyBin, 'analyze', '-p', project.tsconfig, '--format', 'json'], { cwd: project.dir });
    if (weakify.status !== 0) {
      throw new Error(`weakify analyze failed on ${project.label} (exit ${weakify.status}):\n${weakify.stderr.trim()}`);
    }
    weakifyTimes.push(weakify.seconds);
    if (weakify.peakMB !== null) peaks.push(weakify.peakMB);
    result ??= JSON.parse(weakify.stdout);
    log(`  ${project.label} run ${run}/${runs}: tsc ${tsc.seconds.toFixed(2)} s, weakify ${weakify.seconds.toFixed(2)} s`);
  }
  if (project.manifest && tscErrors > 0) {
    // The generator's output must type-check: otherwise tsc stops early and the ratio flatters weakify.
    log(`  warning: tsc reports ${tscErrors} errors on ${project.label}: a bug in bench/generate-project.mjs`);
  }
  const tscSeconds = median(tscTimes);
  const weakifySeconds = median(weakifyTimes);
  return {
    project: project.label,
    runs: tscTimes.length,
    lines: size.lines,
    files: result.project.files,
    classes: result.project.classes,
    candidates: result.candidates.length,
    cycles: result.cycles.length,
    recall: recall(project.manifest, result),
    tscSeconds,
    tscErrors,
    weakifySeconds,
    ratio: weakifySeconds / tscSeconds,
    peakMB: peaks.length ? median(peaks) : null,
    tscPeakMB: tscPeaks.length ? median(tscPeaks) : null,
  };
}

const fmt = (value, digits = 2) => (value === null || value === undefined ? 'n/a' : value.toFixed(digits));

function analysisTable(rows) {
  const header = ['project', 'runs', 'lines', 'files', 'classes', 'candidates', 'planted found', 'tsc s', 'weakify s', 'ratio', 'peak MB', 'tsc peak MB'];
  const body = rows.map((row) => [
    row.project,
    String(row.runs),
    String(row.lines),
    String(row.files),
    String(row.classes),
    String(row.candidates),
    row.recall ? `${row.recall.found}/${row.recall.expected}, ${row.recall.cyclesFound}/${row.recall.cycles}${row.recall.unexpected ? ` (+${row.recall.unexpected} other)` : ''}` : '-',
    `${fmt(row.tscSeconds)}${row.tscErrors ? ` (${row.tscErrors} error${row.tscErrors > 1 ? 's' : ''})` : ''}`,
    fmt(row.weakifySeconds),
    `${fmt(row.ratio)}x`,
    fmt(row.peakMB, 0),
    fmt(row.tscPeakMB, 0),
  ]);
  return markdownTable(header, body);
}

function markdownTable(header, body) {
  const widths = header.map((cell, i) => Math.max(cell.length, ...body.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join('\n');
}

/** Runs a sibling measurement script and returns its JSON report. */
function runScript(file, nodeFlags = [], args = []) {
  const child = spawnSync(process.execPath, [...nodeFlags, path.join(here, file), '--json', ...args], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`${file} failed (exit ${child.status})`);
  return JSON.parse(child.stdout);
}

const SECTIONS = ['analysis', 'heap', 'accessor', 'suggest'];

/** Replaces the `name` section of latest.md, keeping the others, always in the order of SECTIONS. */
function writeSection(name, text) {
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
  const blocks = new Map();
  for (const section of SECTIONS) {
    const match = new RegExp(`<!-- bench:${section} -->\\n[\\s\\S]*?<!-- /bench:${section} -->`).exec(previous);
    if (match) blocks.set(section, match[0]);
  }
  blocks.set(name, `<!-- bench:${name} -->\n${text.trimEnd()}\n<!-- /bench:${name} -->`);
  const body = SECTIONS.filter((section) => blocks.has(section)).map((section) => blocks.get(section));
  writeFileSync(resultsFile, `# weakify benchmarks\n\n${body.join('\n\n')}\n`);
}

const environment = () =>
  `Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ` +
  `${(os.totalmem() / 2 ** 30).toFixed(1)} GB, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const commandLine = () => `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim();

if (only.has('analysis')) {
  if (!process.env.WEAKIFY_BIN && !existsSync(path.join(repo, 'dist/src/cli/main.js'))) {
    log('bench: the CLI is not built; run `npm run build` first.');
    process.exit(2);
  }
  const projects = [...sizes.map(generated), ...(opts['no-real'] ? [] : [real()])];
  const rows = [];
  for (const project of projects) {
    log(`measuring ${project.label}`);
    rows.push(benchAnalysis(project));
  }
  const table = analysisTable(rows);
  process.stdout.write(`\n${table}\n`);
  writeSection(
    'analysis',
    `## Analysis time and memory

\`${commandLine()}\` (up to ${runs} run${runs > 1 ? 's' : ''} per project within ${budgetSeconds} s, median) on ${environment()}.

${table}

- ratio = \`weakify analyze -p <tsconfig> --format json\` wall time / \`tsc --noEmit -p <tsconfig>\` wall time,
  both as separate processes (start-up included), alternated in the same run.
- peak MB: maximum resident set size of the process (\`/usr/bin/time -f %M\`).
- planted found: back-pointers the generator planted (bench/generate-project.mjs, listed in the
  project's manifest.json) that the analysis reported as candidates, then planted three-class cycles
  (Pipeline -> Stage -> Port -> Pipeline) with a member reported; "other" counts further candidates.
- The real project is ${REAL.name}@${REAL.version} unpacked with \`npm pack\`, with the tsconfig in bench/run.mjs
  (its one error under TypeScript 6 comes from the newer DOM lib typings, not from the benchmark setup).`,
  );
}

if (only.has('heap')) {
  log('measuring retained heap');
  const report = runScript('heap-retention.mjs', ['--expose-gc']);
  process.stdout.write(`\n${report.markdown}\n`);
  writeSection('heap', `${report.markdown}\n\n\`node --expose-gc bench/heap-retention.mjs\` on ${environment()}.`);
}

if (only.has('accessor')) {
  log('measuring accessor cost');
  const report = runScript('accessor-cost.mjs');
  process.stdout.write(`\n${report.markdown}\n`);
  writeSection('accessor', `${report.markdown}\n\n\`node bench/accessor-cost.mjs\` on ${environment()}.`);
}

if (only.has('suggest')) {
  log('measuring suggest on one-file changes');
  const project = generated('100k');
  const report = runScript('suggest.mjs', [], ['--project', project.dir, '--runs', String(runs)]);
  process.stdout.write(`\n${report.markdown}\n`);
  writeSection('suggest', `${report.markdown}\n\n\`node bench/suggest.mjs --project ${path.relative(repo, project.dir)} --runs ${runs}\` on ${environment()}.`);
}
