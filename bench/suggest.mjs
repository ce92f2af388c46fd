#!/usr/bin/env node
/**
 * How long `weakify suggest` (the pre-merge mode a bot runs on every push) takes on a one-file
 * change next to a full `weakify analyze` of the same project:
 *
 *   node bench/suggest.mjs [--project bench/.work/gen-100k] [--runs 3] [--json]
 *
 * The project is copied into a temporary git repository whose first commit is the base. Every
 * run of every case is a separate process, start-up included; the cases alternate within a run so
 * machine load affects them alike, and the median is reported. The cases:
 *
 *   full analysis     `weakify analyze -p tsconfig.json --format json` on the unchanged project
 *   outside a class   a comment and a function added at the top of one file
 *   in a method body  one statement added to one method of a class without findings
 *   new back-pointer  an owner field and a child class whose `benchOwner` field points back,
 *                     assigned in its constructor, added to one file
 *
 * Each suggest case runs `weakify suggest --base <base> --format patch` on the working tree and
 * is reset with `git checkout -- . && git clean -fd`. The run fails unless every suggest exits 0,
 * the first two propose no patch and the last one proposes the WeakRef accessor for `benchOwner`.
 * Then one more in-process run of the method-body case reports where its time goes, per stage.
 *
 * Requires `npm run build` (the CLI runs from dist/), or WEAKIFY_BIN pointing at another build.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const weakifyBin = path.resolve(process.env.WEAKIFY_BIN ?? path.join(repo, 'bin/weakify.js'));

const { values: opts } = parseArgs({
  options: {
    project: { type: 'string', default: path.join(here, '.work', 'gen-100k') },
    runs: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    'keep-temp': { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number.parseInt(opts.runs, 10) || 1);
const source = path.resolve(opts.project);
const log = (line) => process.stderr.write(`${line}\n`);

if (!existsSync(path.join(source, 'tsconfig.json'))) {
  log(`bench: no tsconfig.json in ${source}; run \`node bench/run.mjs --only suggest\` (it generates the project) or pass --project.`);
  process.exit(2);
}
if (!process.env.WEAKIFY_BIN && !existsSync(path.join(repo, 'dist/src/cli/main.js'))) {
  log('bench: the CLI is not built; run `npm run build` first.');
  process.exit(2);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const git = (cwd, ...args) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  }).trim();

/** Wall seconds of a whole process, start-up included: what the bot waits for. */
function measure(args, cwd) {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [weakifyBin, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.error) throw child.error;
  return { seconds, status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Project source files (tsconfig folder relative, sorted so the choice is stable across runs). */
function sourceFiles(dir) {
  const out = [];
  const walk = (folder) => {
    for (const entry of readdirSync(path.join(dir, folder), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const relative = path.posix.join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(relative);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(relative);
    }
  };
  walk('src');
  return out;
}

/**
 * The edit targets, found by syntax rather than by generated names so any project works: the
 * first file whose exported class has a method with a body, and that class and method. The
 * class must have no findings for the method-body case to be the common one; the full analysis
 * tells which classes have findings.
 */
function pickTarget(dir, analysis) {
  const flagged = new Set([
    ...analysis.candidates.flatMap((c) => [`${c.file}#${c.class}`, ...c.inverse.map((owner) => `${owner.file}#${owner.class}`)]),
    ...analysis.unlinkBugs.map((b) => `${b.file}#${b.class}`),
  ]);
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    for (const statement of sourceFile.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name || statement.typeParameters) continue;
      if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      if (flagged.has(`${file}#${statement.name.text}`)) continue;
      const method = statement.members.find((m) => ts.isMethodDeclaration(m) && m.body && m.body.statements.length > 0);
      if (!method) continue;
      return { file, text, sourceFile, cls: statement, method };
    }
  }
  throw new Error(`no exported, finding-free class with a method in ${dir}`);
}

/** Applies text insertions (position, text) to `text`, the latest position first. */
const insertAll = (text, insertions) =>
  [...insertions].sort((a, b) => b[0] - a[0]).reduce((acc, [at, add]) => acc.slice(0, at) + add + acc.slice(at), text);

/** The three one-file changes, each as the new text of the target file. */
function changes(target) {
  const { text, sourceFile, cls, method } = target;
  const name = cls.name.text;
  const lineStart = (position) => text.lastIndexOf('\n', position - 1) + 1;
  const outside = `// Added by bench/suggest.mjs: a change no class member sees.\nexport function benchHelper(value: number): number {\n  return value * 2;\n}\n\n${text}`;
  // The first statement of the method body, at its indentation.
  const first = method.body.statements[0].getStart(sourceFile);
  const indent = text.slice(lineStart(first), first);
  const inMethod = insertAll(text, [[lineStart(first), `${indent}void this;\n`]]);
  // First member line of the class: an owner collection and an adder; a child class at the end.
  const memberAt = lineStart(cls.members[0].getStart(sourceFile));
  const memberIndent = text.slice(memberAt, cls.members[0].getStart(sourceFile));
  const backPointer = insertAll(text, [
    [
      memberAt,
      `${memberIndent}readonly benchChildren: BenchChild[] = [];\n\n` +
        `${memberIndent}addBenchChild(): BenchChild {\n` +
        `${memberIndent}  const child = new BenchChild(this);\n` +
        `${memberIndent}  this.benchChildren.push(child);\n` +
        `${memberIndent}  return child;\n` +
        `${memberIndent}}\n\n`,
    ],
    [
      text.length,
      `${text.endsWith('\n') ? '' : '\n'}\nexport class BenchChild {\n  benchOwner: ${name};\n\n  constructor(owner: ${name}) {\n    this.benchOwner = owner;\n  }\n}\n`,
    ],
  ]);
  return { outside, inMethod, backPointer };
}

/** The patch hunks of the new back-pointer: WeakRef storage for `benchOwner` in the target file. */
function reportsBackPointer(patch, file) {
  const added = patch.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++'));
  return patch.includes(`+++ b/${file}`) && added.some((line) => line.includes('WeakRef')) && added.some((line) => line.includes('benchOwner'));
}

const temp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'weakify-bench-suggest-')));
const work = path.join(temp, path.basename(source));
try {
  log(`copying ${path.relative(repo, source) || source} into a git repository in ${temp}`);
  cpSync(source, work, { recursive: true, filter: (file) => !file.includes(`${path.sep}node_modules`) });
  git(work, 'init', '--quiet', '--initial-branch=main');
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', 'base');
  const base = git(work, 'rev-parse', 'HEAD');
  const reset = () => {
    git(work, 'checkout', '--quiet', '--', '.');
    git(work, 'clean', '-fdq');
  };

  const analyzeArgs = ['analyze', '-p', 'tsconfig.json', '--format', 'json'];
  const suggestArgs = ['suggest', '--base', base, '-p', 'tsconfig.json', '--format', 'patch'];
  const times = { full: [], outside: [], inMethod: [], backPointer: [] };
  let target;
  let edits;
  let files = 0;
  for (let run = 1; run <= runs; run++) {
    const full = measure(analyzeArgs, work);
    if (full.status !== 0) throw new Error(`weakify analyze failed (exit ${full.status}):\n${full.stderr.trim()}`);
    times.full.push(full.seconds);
    if (!target) {
      const analysis = JSON.parse(full.stdout);
      files = analysis.project.files;
      target = pickTarget(work, analysis);
      edits = changes(target);
      log(`  target: ${target.file}, class ${target.cls.name.text}, method ${target.method.name.getText(target.sourceFile)}`);
    }
    const line = [`full ${full.seconds.toFixed(2)} s`];
    for (const [key, label] of [['outside', 'outside'], ['inMethod', 'method'], ['backPointer', 'back-pointer']]) {
      writeFileSync(path.join(work, target.file), edits[key]);
      const result = measure(suggestArgs, work);
      reset();
      if (result.status !== 0) throw new Error(`weakify suggest (${label}) failed (exit ${result.status}):\n${result.stderr.trim()}`);
      if (key === 'backPointer' && !reportsBackPointer(result.stdout, target.file)) {
        throw new Error(`weakify suggest did not propose the new back-pointer BenchChild.benchOwner:\n${result.stdout}\n${result.stderr}`);
      }
      if (key !== 'backPointer' && result.stdout.trim() !== '') {
        throw new Error(`weakify suggest (${label}) proposed a patch for a change that touches no finding:\n${result.stdout}`);
      }
      times[key].push(result.seconds);
      line.push(`${label} ${result.seconds.toFixed(2)} s`);
    }
    log(`  run ${run}/${runs}: ${line.join(', ')}`);
  }

  // Where the method-body case spends its time: the library in-process, stage by stage.
  const importStart = performance.now();
  const lib = await import(pathToFileURL(path.join(path.dirname(weakifyBin), '../dist/src/suggest/index.js')).href);
  const importMs = performance.now() - importStart;
  writeFileSync(path.join(work, target.file), edits.inMethod);
  const stages = [];
  let mark = performance.now();
  let current = 'start';
  const onProgress = (event) => {
    if (event.stage === current) return;
    const now = performance.now();
    stages.push([current, now - mark]);
    [current, mark] = [event.stage, now];
  };
  await lib.suggest({ cwd: work, tsconfig: 'tsconfig.json', base, onProgress });
  stages.push([current, performance.now() - mark]);
  reset();
  const breakdown = [['import', importMs], ...stages.filter(([stage]) => stage !== 'start')];
  log(`  method-body stages: ${breakdown.map(([stage, ms]) => `${stage} ${(ms / 1000).toFixed(2)} s`).join(', ')}`);

  const full = median(times.full);
  const rows = [
    ['full analysis (`analyze --format json`)', full],
    ['suggest: change outside any class', median(times.outside)],
    ['suggest: statement added to a method body', median(times.inMethod)],
    ['suggest: new back-pointer field + assignment', median(times.backPointer)],
  ];
  const header = ['case', 'seconds', 'ratio to full analysis'];
  const body = rows.map(([label, seconds]) => [label, seconds.toFixed(2), `${(seconds / full).toFixed(2)}x`]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...body.map((row) => row[i].length)));
  const tableLine = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const table = [tableLine(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(tableLine)].join('\n');
  const markdown = `## suggest on a one-file change

${files} files (\`${path.relative(repo, source) || source}\`), copied into a fresh git repository whose only commit is the
base; median of ${runs} run${runs > 1 ? 's' : ''}, each a separate process (start-up included), the cases alternating.

${table}

- The edited file is \`${target.file}\`: a function at its top (outside any class); one statement in
  \`${target.cls.name.text}.${target.method.name.getText(target.sourceFile)}\`, a class without findings; an owner collection
  on \`${target.cls.name.text}\` and a new class \`BenchChild\` whose \`benchOwner\` field is assigned in its constructor
  (suggest must propose its WeakRef accessor, and proposes nothing in the other two cases).
- \`suggest --base <base> -p tsconfig.json --format patch\` on the working tree, patch type-checked (the default).
- Method-body case in-process, per stage: ${breakdown.map(([stage, ms]) => `${stage} ${(ms / 1000).toFixed(2)} s`).join(', ')}.`;
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ times, medians: Object.fromEntries(rows), stages: Object.fromEntries(breakdown), markdown })}\n`);
  } else {
    process.stdout.write(`${markdown}\n`);
  }
} finally {
  if (opts['keep-temp']) log(`kept ${temp}`);
  else rmSync(temp, { recursive: true, force: true });
}
